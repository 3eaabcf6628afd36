//! Property tests: durations round-trip, narrowing never widens, output
//! does not depend on file order, and builds are reproducible.
//!
//! Each property runs 64 cases, so the suite stays fast. (Merge algebra,
//! `diff(a, a)` and `fmt` properties live elsewhere.)

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use std::path::PathBuf;
use ward::diag::render::{render, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options, Outcome};
use ward::model::SettingKey;
use ward::resolve::loader::MemoryFs;
use ward::value::{format_duration, Value};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Resolves `files` (path, text) in memory, every file an entry, in the
/// order given.
fn run(files: &[(&str, String)]) -> Outcome {
    let fs = files
        .iter()
        .fold(MemoryFs::default(), |fs, (p, t)| fs.with(*p, t.clone()));
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| PathBuf::from(p)).collect();
    let opts = Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    };
    driver::run(&paths, &opts, &fs)
}

fn json(out: &Outcome) -> String {
    let summary = Summary::of(&out.diags, out.files);
    render(
        Format::Json,
        &out.diags,
        &out.sources,
        &summary,
        &HumanStyle::snapshot(),
    )
}

fn key(id: ward::catalog::SettingId) -> SettingKey {
    SettingKey::plain(id)
}

proptest! {
    #![proptest_config(config())]

    /// `format_duration` prints what the parser reads back as the same
    /// number of seconds.
    #[test]
    fn durations_round_trip(secs in 60u64..=365 * 86_400) {
        let text = format!("policy p {{\n  session.idle_timeout = {}\n}}\n", format_duration(secs));
        let (ast, diags) = ward::syntax::parse(&text);
        prop_assert!(diags.is_empty(), "{text}: {diags:?}");
        let (doc, diags) = ward::resolve::lower(&ast);
        prop_assert!(diags.is_empty(), "{text}: {diags:?}");
        let doc = doc.expect("a policy");
        prop_assert_eq!(&doc.values[0].value, &Value::Duration(secs), "{}", text);
    }

    /// A child's effective bounds lie within its parent's, whatever bounds
    /// the child writes.
    #[test]
    fn narrowing_never_widens(
        (plo, phi) in (1u64..=512).prop_flat_map(|lo| (Just(lo), lo..=1024)),
        clo in 1u64..=1024,
        chi in 1u64..=1024,
        child_lower in any::<bool>(),
        child_upper in any::<bool>(),
    ) {
        let parent = format!(
            "policy parent {{\n  password.min_length >= {plo}\n  password.min_length <= {phi}\n}}\n"
        );
        let mut child = String::from("policy child {\n  extends \"./parent.ward\"\n");
        if child_lower {
            child.push_str(&format!("  password.min_length >= {clo}\n"));
        }
        if child_upper {
            child.push_str(&format!("  password.min_length <= {chi}\n"));
        }
        child.push_str("}\n");
        let out = run(&[("/r/child.ward", child), ("/r/parent.ward", parent)]);
        let resolved = out.policies.iter().find(|p| p.name == "child").expect("child resolves");
        let bounds = resolved.bounds.get(&key(ward::catalog::password::min_length)).expect("bounds");
        let count = |b: &Option<ward::model::Bound>| match b.as_ref().map(|b| &b.value) {
            Some(Value::Count(n)) => Some(*n),
            _ => None,
        };
        let lo = count(&bounds.error.lower).expect("a lower bound");
        let hi = count(&bounds.error.upper).expect("an upper bound");
        prop_assert!(lo >= plo, "lower {lo} below the parent's {plo}");
        prop_assert!(hi <= phi, "upper {hi} above the parent's {phi}");
    }

    /// `check` reports the same, byte for byte, whatever order the files
    /// are given in.
    #[test]
    fn check_output_does_not_depend_on_file_order(
        values in proptest::collection::vec(1u64..=40, 4),
        order in Just((0..4usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let files: Vec<(&str, String)> = vec![
            ("/r/base.ward", format!(
                "policy base {{\n  password.min_length = {}\n  password.min_length >= 12\n  lockout.threshold <= 10\n}}\n",
                values[0]
            )),
            ("/r/a.ward", format!(
                "policy a {{\n  extends \"./base.ward\"\n  password.min_length = {}\n  lockout.threshold = {}\n}}\n",
                values[1], values[2]
            )),
            ("/r/sub/b.ward", format!(
                "policy b {{\n  extends \"../a.ward\", \"std:owasp-asvs-5.0-l1\"\n  password.min_length = {}\n  session.idel_timeout = 1h\n}}\n",
                values[3]
            )),
            ("/r/c.ward", "policy c {\n  extends \"./c.ward\"\n}\n".to_string()),
        ];
        let shuffled: Vec<(&str, String)> = order.iter().map(|&i| files[i].clone()).collect();
        prop_assert_eq!(json(&run(&files)), json(&run(&shuffled)));
    }

    /// The same input builds to the same bytes, run after run.
    #[test]
    fn build_output_is_reproducible(
        length in 12u64..=64,
        idle in 60u64..=86_400,
        audiences in proptest::collection::btree_set("[a-z]{1,8}", 0..5),
    ) {
        let list: Vec<String> = audiences.iter().map(|a| format!("\"{a}\"")).collect();
        let text = format!(
            "policy p {{\n  extends \"std:owasp-asvs-5.0-l1\"\n  password.min_length = {length}\n  \
             session.idle_timeout = {}\n  integrations.x.audiences = [{}]\n}}\n",
            format_duration(idle),
            list.join(", ")
        );
        let build = || {
            let out = run(&[("/r/p.ward", text.clone())]);
            let p = out.policies.first().expect("a policy").clone();
            (
                ward::emit::json(&p),
                ward::emit::render(&p, ward::emit::Format::Toml),
            )
        };
        prop_assert_eq!(build(), build());
    }
}
