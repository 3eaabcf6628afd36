//! The built-in targets, compiled into the binary from
//! `policies/targets/NAME.toml`.
//!
//! They are read with the same parser as a user's `--target-file`, so a
//! built-in is only data; a test checks that every one of them parses.

use super::Target;
use crate::source::SourceId;

/// Name and descriptor text of every built-in target, in listing order.
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
        "aws-iam",
        include_str!("../../policies/targets/aws-iam.toml"),
    ),
];

/// Built-in descriptors are not in any run's source map; their spans are
/// never shown (a test guarantees they have no errors to show).
const BUILTIN_SOURCE: SourceId = SourceId(u32::MAX);

/// The names `targets` lines and `--target` accept without a file.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// A built-in target by name.
pub fn builtin(name: &str) -> Option<Target> {
    let (_, text) = BUILTINS.iter().find(|(n, _)| *n == name)?;
    let mut t = Target::parse(BUILTIN_SOURCE, text).ok()?;
    t.source = None;
    Some(t)
}

/// Every built-in target.
pub fn builtins() -> Vec<Target> {
    builtin_names().into_iter().filter_map(builtin).collect()
}

/// The descriptor text of a built-in, for `ward targets NAME --source`
/// and the docs.
pub fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
