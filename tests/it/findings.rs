//! Findings across files, targets and reports, through the binary: what a
//! target's default may and may not cause, and the compliance report
//! agreeing with `check` (issue 11, items 4 and 12).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

/// A temporary git work tree holding `files`.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}

/// `(code, file, line)` of each diagnostic of a `--format json` check.
fn check(dir: &Path, args: &[&str]) -> Vec<(String, String, u64)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = ward(dir, &all);
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn codes(found: &[(String, String, u64)]) -> Vec<&str> {
    found.iter().map(|(c, _, _)| c.as_str()).collect()
}

/// 11.4: Keycloak's default lockout window and duration stand in for the
/// unset settings, but an unlimited threshold never makes them a warning
/// that says to remove what the user did not write. A window the user
/// writes still is.
#[test]
fn a_target_default_never_asks_to_remove_an_unwritten_setting() {
    let dir = tree(&[
        (
            "p.ward",
            "policy p {\n  targets keycloak\n  lockout.threshold = unlimited\n}\n",
        ),
        (
            "q.ward",
            "policy q {\n  targets keycloak\n  lockout.threshold = unlimited\n  lockout.window = 15m\n}\n",
        ),
    ]);
    let found = check(dir.path(), &["p.ward"]);
    assert!(!codes(&found).contains(&"W0507"), "{found:?}");
    let found = check(dir.path(), &["q.ward"]);
    assert_eq!(
        found
            .iter()
            .filter(|(c, _, _)| c == "W0507")
            .map(|(_, f, l)| (f.as_str(), *l))
            .collect::<Vec<_>>(),
        [("q.ward", 4)],
        "{found:?}"
    );
}

/// 11.12: WalkMe renews an open product's token every 15 minutes, so an
/// upper bound on the idle timeout is not enforced while it is open; check
/// warns (W0505), and the report does not say `pass` for the requirement.
#[test]
fn the_report_reads_the_same_findings_as_check() {
    let dir = tree(&[(
        "w.ward",
        "policy w {\n  targets walkme\n  session.idle_timeout = 30m\n}\n",
    )]);
    let profile = "nist-800-63b-rev4-aal2";
    let found = check(dir.path(), &["--profile", profile, "w.ward"]);
    assert!(codes(&found).contains(&"W0505"), "{found:?}");
    let out = ward(
        dir.path(),
        &["report", "w.ward", "--profile", profile, "--format", "json"],
    );
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let idle: Vec<&str> = doc["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["setting"] == "session.idle_timeout")
        .filter_map(|r| r["status"].as_str())
        .collect();
    assert_eq!(idle, ["not enforced"], "{doc:#}");
}
