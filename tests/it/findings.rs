//! Findings across files, targets and reports, through the binary: what a
//! target's default may and may not cause, and the compliance report
//! agreeing with `check` (issue 11, items 4 and 12).

use crate::common::ward;
use serde_json::Value;
use std::path::Path;

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

/// `(code, file, line, label files)` of one diagnostic.
type Shown = (String, String, u64, Vec<String>);

/// Each diagnostic of a JSON check, and the exit status.
fn check_full(dir: &Path, args: &[&str]) -> (Vec<Shown>, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = ward(dir, &all);
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let diags = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let labels = d["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["file"].as_str().map(str::to_string))
                .collect();
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                labels,
            )
        })
        .collect();
    (diags, out.status.code().unwrap_or(-1))
}

const BASE: &str = "policy base {\n  session.renewal_interval = 15m\n  session.idle_timeout = 30m\n  session.idle_timeout <= 1h because \"Acme 3.1\"\n  password.min_length = 12\n  password.history = 5\n  audit.retention = 365d\n}\n";

/// 11.2: a team file accepts the warning it inherits (the help's own
/// `allow W0505`), the allow is used, and a warning reached through two
/// entries is one report, shown because one of them does not allow it.
#[test]
fn inherited_warnings_are_silenced_by_the_entry_and_reported_once() {
    let dir = tree(&[
        ("base.ward", BASE),
        (
            "team.ward",
            "policy team {\n  extends \"./base.ward\"\n  allow W0505 because \"the service renews\"\n}\n",
        ),
        ("other.ward", "policy other {\n  extends \"./base.ward\"\n}\n"),
        (
            "quiet.ward",
            "policy quiet {\n  extends \"./base.ward\"\n  allow W0505\n}\n",
        ),
    ]);
    let found = check(dir.path(), &["team.ward"]);
    assert!(found.is_empty(), "{found:?}");
    for order in [["team.ward", "other.ward"], ["other.ward", "team.ward"]] {
        let found = check(dir.path(), &order);
        assert_eq!(
            found,
            [("W0505".to_string(), "base.ward".to_string(), 2)],
            "{order:?}"
        );
    }
    let found = check(dir.path(), &["team.ward", "quiet.ward"]);
    assert!(found.is_empty(), "{found:?}");
    // The file holding the primary span may allow it too, for every child.
    let allowed = BASE.replace("policy base {\n", "policy base {\n  allow W0505\n");
    let dir = tree(&[
        ("base.ward", &allowed),
        (
            "other.ward",
            "policy other {\n  extends \"./base.ward\"\n}\n",
        ),
    ]);
    assert!(check(dir.path(), &["other.ward"]).is_empty());
    assert!(check(dir.path(), &["base.ward", "other.ward"]).is_empty());
}

/// `allow` silences warnings only, may repeat, is scoped by `on` (a section
/// covers its settings; a grouped warning loses what it covers) and `for`,
/// and warns when it silences nothing.
#[test]
fn allow_repeats_and_is_scoped_by_on_and_for() {
    let dir = tree(&[
        ("base.ward", BASE),
        (
            "t.ward",
            "policy t {\n  extends \"./base.ward\"\n  targets miro\n  allow W0505\n  allow W0603 on password, audit\n  allow W0602 for arcgis\n  allow E0301\n  session.idle_timeout = 1h\n}\n",
        ),
    ]);
    let (found, status) = check_full(dir.path(), &["t.ward"]);
    let got: Vec<(&str, u64)> = found.iter().map(|(c, _, l, _)| (c.as_str(), *l)).collect();
    assert_eq!(
        got,
        [("W0603", 3), ("W0102", 6), ("E0107", 7), ("W0602", 8)],
        "{found:?}"
    );
    assert_eq!(status, 1, "an `allow` of an error code is an error");
    // What is left of the unsupported settings: the renewal interval only.
    let out = ward(dir.path(), &["check", "t.ward"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("supports `session.renewal_interval`") && !text.contains("password.history"),
        "{text}"
    );
}

/// `[[allow]]` tables in the TOML and JSON forms, with `codes`, `on`, `for`
/// and `because`; a quoted integration name in `on` is one segment.
#[test]
fn allow_tables_in_the_toml_and_json_forms() {
    let dir = tree(&[
        ("base.ward", BASE),
        (
            "t.ward.toml",
            "policy = \"t\"\nextends = [\"./base.ward\"]\ntargets = [\"walkme\"]\n\n[[allow]]\ncodes = [\"W0505\", \"W0601\"]\nbecause = \"WalkMe renews\"\n\n[[allow]]\ncodes = [\"W0603\"]\non = [\"password\", \"audit\", \"session.renewal_interval\", 'integrations.\"ms-teams\"']\nfor = [\"walkme\"]\n",
        ),
        (
            "bad.ward.toml",
            "policy = \"bad\"\n[[allow]]\ncodes = [\"W0303\"]\non = [\"pasword\"]\n",
        ),
        (
            "j.ward.json",
            "{\"policy\": \"j\", \"extends\": [\"./base.ward\"], \"allow\": [{\"codes\": [\"W0505\"], \"because\": \"renews\"}, {\"codes\": [\"W0303\"], \"on\": [\"session\"]}]}",
        ),
    ]);
    let found = check(dir.path(), &["t.ward.toml"]);
    assert!(found.is_empty(), "{found:?}");
    let found = check(dir.path(), &["bad.ward.toml"]);
    assert_eq!(codes(&found), ["W0102", "E0201"], "{found:?}");
    // `W0303` has nothing to silence: every bounded setting is set.
    let found = check(dir.path(), &["j.ward.json"]);
    assert_eq!(codes(&found), ["W0102"], "{found:?}");
}

/// 11.3: the settings none of a file's targets supports are one warning,
/// on the `targets` line, labelling only what the file itself sets.
#[test]
fn unsupported_settings_are_one_warning_on_the_targets_line() {
    let dir = tree(&[
        ("base.ward", BASE),
        (
            "team.ward",
            "policy team {\n  extends \"./base.ward\"\n  targets miro\n  allow W0505\n  session.idle_timeout = 1h\n  accounts.allow_proxy_login = false\n}\n",
        ),
    ]);
    let (found, _) = check_full(dir.path(), &["team.ward"]);
    let unsupported: Vec<_> = found.iter().filter(|(c, ..)| c == "W0603").collect();
    assert_eq!(unsupported.len(), 1, "{found:?}");
    let (_, file, line, labels) = unsupported[0];
    assert_eq!((file.as_str(), *line), ("team.ward", 3));
    assert_eq!(
        labels,
        &["team.ward".to_string()],
        "only the file's own setting"
    );
}

/// 11.8: the root is each entry's own git work tree: two repositories on
/// one command line, in either order, and a nested repository, give the
/// same results; `--root` that is no directory is a command-line error.
#[test]
fn the_root_is_each_entrys_own() {
    let dir = tree(&[
        ("a/.git/HEAD", ""),
        ("a/x.ward", "policy x {\n  extends \"./p.ward\"\n}\n"),
        ("a/p.ward", "policy p {\n  session.idle_timeout = 1h\n}\n"),
        ("b/.git/HEAD", ""),
        ("b/y.ward", "policy y {\n  extends \"./q.ward\"\n}\n"),
        ("b/q.ward", "policy q {\n  session.idle_timeout = 2h\n}\n"),
        ("a/sub/.git/HEAD", ""),
        ("a/sub/s.ward", "policy s {\n  extends \"../p.ward\"\n}\n"),
    ]);
    for args in [["a/x.ward", "b/y.ward"], ["b/y.ward", "a/x.ward"]] {
        let (found, status) = check_full(dir.path(), &args);
        assert!(found.is_empty() && status == 0, "{args:?}: {found:?}");
    }
    let one = check(dir.path(), &["a/sub/s.ward", "a/x.ward"]);
    let two = check(dir.path(), &["a/x.ward", "a/sub/s.ward"]);
    assert_eq!(one, two);
    assert_eq!(
        codes(&one),
        ["E0403"],
        "the nested repository is its own root"
    );
    for root in ["missing", "a/x.ward"] {
        let (found, status) = check_full(dir.path(), &["--root", root, "a/x.ward"]);
        assert_eq!((codes_of(&found), status), (vec!["E0802"], 2), "{root}");
    }
}

fn codes_of(found: &[Shown]) -> Vec<&str> {
    found.iter().map(|(c, ..)| c.as_str()).collect()
}
