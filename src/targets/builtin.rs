//! The built-in targets and groups, compiled into the binary from
//! `policies/targets/NAME.toml`.
//!
//! They are read with the same parser as a user's `--target-file`, so a
//! built-in is only data. Each descriptor is parsed once per process, on
//! first use, and handed out by reference: a lookup neither re-parses nor
//! clones. A test checks that every one of them parses without a problem
//! (a built-in that did not would be left out, never a panic).

use super::descriptor::{self, Described};
use super::{Group, Target};
use std::sync::OnceLock;

/// Name and descriptor text of every built-in, in listing order (a target
/// another `extends` comes before it).
const BUILTINS: &[(&str, &str)] = &[
    ("walkme", include_str!("../../policies/targets/walkme.toml")),
    (
        "qualtrics",
        include_str!("../../policies/targets/qualtrics.toml"),
    ),
    ("miro", include_str!("../../policies/targets/miro.toml")),
    ("arcgis", include_str!("../../policies/targets/arcgis.toml")),
    (
        "keycloak",
        include_str!("../../policies/targets/keycloak.toml"),
    ),
    (
        "keycloak-25",
        include_str!("../../policies/targets/keycloak-25.toml"),
    ),
    (
        "aws-iam",
        include_str!("../../policies/targets/aws-iam.toml"),
    ),
    (
        "linux-pwquality",
        include_str!("../../policies/targets/linux-pwquality.toml"),
    ),
    (
        "linux-pwhistory",
        include_str!("../../policies/targets/linux-pwhistory.toml"),
    ),
    (
        "linux-faillock",
        include_str!("../../policies/targets/linux-faillock.toml"),
    ),
    (
        "linux-login-defs",
        include_str!("../../policies/targets/linux-login-defs.toml"),
    ),
    ("linux", include_str!("../../policies/targets/linux.toml")),
    (
        "windows",
        include_str!("../../policies/targets/windows.toml"),
    ),
];

/// The parsed built-ins.
struct Builtins {
    targets: Vec<Target>,
    groups: Vec<Group>,
}

fn parsed() -> &'static Builtins {
    static PARSED: OnceLock<Builtins> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut out = Builtins {
            targets: Vec::new(),
            groups: Vec::new(),
        };
        for (_, text) in BUILTINS {
            let base = |name: &str| out.targets.iter().find(|t| t.name == name).cloned();
            // A built-in is in no run's source map (`source` stays `None`);
            // a test guarantees it has no problems to show.
            match descriptor::parse(text, &base) {
                Ok(Described::Target(t)) => out.targets.push(t),
                Ok(Described::Group(g)) => out.groups.push(g),
                Err(_) => {}
            }
        }
        out
    })
}

/// The names `targets` lines and `--target` accept without a file: every
/// built-in target and group, in listing order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// A built-in target by name.
pub fn builtin(name: &str) -> Option<&'static Target> {
    parsed().targets.iter().find(|t| t.name == name)
}

/// A built-in group by name.
pub(crate) fn builtin_group(name: &str) -> Option<&'static Group> {
    parsed().groups.iter().find(|g| g.name == name)
}

/// Every built-in target.
pub fn builtins() -> &'static [Target] {
    &parsed().targets
}

/// Every built-in group.
pub(crate) fn builtin_groups() -> &'static [Group] {
    &parsed().groups
}

/// The descriptor text of a built-in, for tests.
#[cfg(test)]
pub(crate) fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
