//! The review commands, run as the built binary: `ward explain`, `ward
//! merge`, `ward diff` (files and `REV:PATH`) and `ward fmt`, on the example
//! organisation in `policies/examples/` and on temporary files.

#![allow(clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn ward(dir: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_ward"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run ward: {e}"),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    if let Err(e) = std::fs::write(dir.join(name), text) {
        panic!("cannot write {name}: {e}");
    }
}

#[test]
fn explain_shows_origins_overrides_and_bounds_across_files_and_profiles() {
    let o = ward(
        repo(),
        &[
            "explain",
            "policies/examples/finance.ward",
            "session.idle_timeout",
            "lockout.threshold",
            "session.renewal_interval",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("session.idle_timeout = 15m (900 seconds)"),
        "{out}"
    );
    assert!(
        out.contains("set at      policies/examples/finance.ward:7"),
        "{out}"
    );
    assert!(
        out.contains("overrode    1h at policies/examples/baseline.ward:5"),
        "{out}"
    );
    assert!(out.contains("<= 15m  at std:pci-dss-4.0:"), "{out}");
    assert!(out.contains("session.renewal_interval: not set"), "{out}");
    insta::assert_snapshot!("explain_finance_human", out);

    let o = ward(
        repo(),
        &[
            "explain",
            "policies/examples/finance.ward",
            "lockout.threshold",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_default();
    assert_eq!(json["settings"][0]["output"], 5);
    assert_eq!(json["settings"][0]["overrode"][0]["value"], "10");
}

#[test]
fn explain_rejects_unknown_settings_with_a_suggestion() {
    let o = ward(
        repo(),
        &[
            "explain",
            "policies/examples/product.ward",
            "session.idle_timout",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `session.idle_timeout`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_shows_how_targets_encode() {
    let dir = tempdir();
    write(
        dir.path(),
        "p.ward",
        "policy p {\n  targets miro, keycloak\n  session.idle_timeout = 8h\n  session.absolute_lifetime = 1d\n}\n",
    );
    let o = ward(dir.path(), &["explain", "p.ward", "session.idle_timeout"]);
    let out = stdout(&o);
    assert!(out.contains("targets:"), "{out}{}", stderr(&o));
    assert!(out.contains("miro"), "{out}");
    assert!(
        out.contains("keycloak: ssoSessionIdleTimeout = 28800"),
        "{out}"
    );
}

const OLD: &str = "policy team {\n  session.idle_timeout = 1h\n  lockout {\n    threshold = 10\n    duration  = 30m\n  }\n}\n";
const NEW: &str = "policy team {\n  session.idle_timeout = 4h\n  lockout {\n    threshold = 5\n    duration  = 30m\n  }\n}\n";

#[test]
fn diff_fails_on_loosening_unless_allowed() {
    let dir = tempdir();
    write(dir.path(), "old.ward", OLD);
    write(dir.path(), "new.ward", NEW);
    let o = ward(dir.path(), &["diff", "old.ward", "new.ward"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let line = |s: &str| {
        out.lines()
            .find(|l| l.contains(s))
            .unwrap_or("")
            .to_string()
    };
    assert!(line("session.idle_timeout").starts_with("looser"), "{out}");
    assert!(line("lockout.threshold").starts_with("stricter"), "{out}");
    insta::assert_snapshot!("diff_human", out);

    let o = ward(
        dir.path(),
        &["diff", "old.ward", "new.ward", "--format", "markdown"],
    );
    insta::assert_snapshot!("diff_markdown", stdout(&o));

    let o = ward(
        dir.path(),
        &["diff", "old.ward", "new.ward", "--allow-looser"],
    );
    assert_eq!(o.status.code(), Some(0));

    let o = ward(dir.path(), &["diff", "new.ward", "new.ward"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "no changes\n");
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
        .args(args)
        .output();
    assert!(o.is_ok_and(|o| o.status.success()), "git {args:?} failed");
}

#[test]
fn diff_reads_rev_path_with_its_parents_at_that_revision() {
    let dir = tempdir();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::create_dir_all(d.join("teams")).ok();
    write(
        d,
        "base.ward",
        "policy base {\n  session.idle_timeout = 1h\n}\n",
    );
    write(
        d,
        "teams/app.ward",
        "policy app {\n  extends \"../base.ward\"\n  lockout.threshold = 10\n}\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    // Only the parent changes: the child's resolved policy gets looser.
    write(
        d,
        "base.ward",
        "policy base {\n  session.idle_timeout = 2h\n}\n",
    );
    let o = ward(d, &["diff", "HEAD:teams/app.ward", "teams/app.ward"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("session.idle_timeout  1h -> 2h"),
        "{}",
        stdout(&o)
    );
    let o = ward(
        &d.join("teams"),
        &["diff", "HEAD:./app.ward", "app.ward", "--allow-looser"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = ward(d, &["diff", "nope:teams/app.ward", "teams/app.ward"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`nope` is not a git revision"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn merge_writes_the_strictest_combination_or_nothing() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "a.ward", "policy a {\n  session.idle_timeout = 1h\n  password.min_length = 12\n  session.on_limit = deny_new\n}\n");
    write(d, "b.ward", "policy b {\n  session.idle_timeout = 30m\n  password.min_length = 10\n  password.min_length >= 8\n}\n");
    write(
        d,
        "c.ward",
        "policy c {\n  session.on_limit = end_oldest\n}\n",
    );
    let o = ward(
        d,
        &[
            "merge", "a.ward", "b.ward", "--name", "both", "-o", "out.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.join("out.json")).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(json["policy"], "both");
    assert_eq!(json["session"]["idle_timeout"], 1800);
    assert_eq!(json["password"]["min_length"], 12);

    let o = ward(d, &["merge", "a.ward", "c.ward", "-o", "conflict.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`deny_new` and `end_oldest`"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("conflict.json").exists());
}

#[test]
fn merging_a_policy_with_itself_gives_the_policy() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).ok();
    write(
        d,
        "a.ward",
        "policy a {\n  session.idle_timeout = 1h\n  session.idle_timeout <= 2h\n  password.blocklist = breached\n}\n",
    );
    let build = ward(d, &["build", "a.ward"]);
    let want: serde_json::Value = serde_json::from_slice(&build.stdout).unwrap_or_default();
    assert_eq!(want["session"]["idle_timeout"], 3600, "{}", stdout(&build));
    for same in ["a.ward", "./a.ward"] {
        for error_format in ["human", "json", "github", "sarif"] {
            let o = ward(
                d,
                &[
                    "merge",
                    "a.ward",
                    same,
                    "--name",
                    "a",
                    "--error-format",
                    error_format,
                ],
            );
            assert_eq!(
                o.status.code(),
                Some(0),
                "{same} {error_format}: {}",
                stderr(&o)
            );
            let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
            assert_eq!(got, want, "{same} {error_format}");
        }
        let o = ward(d, &["merge", "a.ward", same, "--format", "toml"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let toml = stdout(&o);
        assert!(toml.contains("idle_timeout = 3600"), "{toml}");
        assert!(toml.contains("policy = \"merged\""), "{toml}");
    }
}

#[test]
fn fmt_check_fails_until_fmt_rewrites() {
    let dir = tempdir();
    let d = dir.path();
    let messy = "# keep me\npolicy p {\n   extends   \"std:pci-dss-4.0\"\n  session {   # sessions\n  idle_timeout=8h\n      absolute_lifetime   =  12 hours  # as written\n  }\n}\n";
    write(d, "p.ward", messy);
    write(
        d,
        "broken.ward",
        "policy q {\n  session.idle_timeout = = 1h\n}\n",
    );
    let o = ward(d, &["fmt", "--check", "p.ward"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "p.ward\n");
    let o = ward(d, &["fmt", "p.ward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = ward(d, &["fmt", "--check", "p.ward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = std::fs::read_to_string(d.join("p.ward")).unwrap_or_default();
    assert_eq!(
        text,
        "# keep me\npolicy p {\n  extends \"std:pci-dss-4.0\"\n\n  session {  # sessions\n    idle_timeout      = 8h\n    absolute_lifetime = 12 hours  # as written\n  }\n}\n"
    );
    let o = ward(d, &["fmt", "broken.ward"]);
    assert_eq!(o.status.code(), Some(1));
    let after = std::fs::read_to_string(d.join("broken.ward")).unwrap_or_default();
    assert_eq!(after, "policy q {\n  session.idle_timeout = = 1h\n}\n");
}

/// Errors the syntax phase finds on the tree (declarations out of order or
/// repeated) stop `fmt` as parse errors do: the file is reported, left as it
/// is, and the status is 1, with or without `--check`.
#[test]
fn fmt_leaves_a_file_with_misplaced_declarations_alone() {
    let dir = tempdir();
    let d = dir.path();
    let cases = [
        "policy q {\n  targets miro\n  extends \"std:pci-dss-4.0\"\n  session.idle_timeout=1h\n}\n",
        "policy q {\n  session.idle_timeout=1h\n  extends \"std:pci-dss-4.0\"\n}\n",
        "policy q {\n  extends \"std:pci-dss-4.0\"\n  extends \"std:owasp-asvs-5.0-l1\"\n}\n",
    ];
    for text in cases {
        write(d, "q.ward", text);
        for args in [&["fmt", "q.ward"][..], &["fmt", "--check", "q.ward"][..]] {
            let o = ward(d, args);
            assert_eq!(
                o.status.code(),
                Some(1),
                "{args:?} {text:?}: {}",
                stderr(&o)
            );
            let err = stderr(&o);
            assert!(err.contains("E0105") || err.contains("E0106"), "{err}");
            assert!(!stdout(&o).contains("q.ward"), "listed as reformattable");
            let after = std::fs::read_to_string(d.join("q.ward")).unwrap_or_default();
            assert_eq!(after, text, "{args:?} rewrote the file");
        }
    }
}

/// explain, report and diff put their own output on standard output; the
/// check's warnings are one line on standard error unless asked for.
#[test]
fn review_commands_fold_the_check_warnings_into_one_line() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).ok();
    write(
        d,
        "w.ward",
        "policy w {\n  targets miro\n  session.idle_timeout = 8h\n  session.idle_timeout <= 12h\n  session.renewal_interval = 5m\n  token.lifetime = 3h\n}\n",
    );
    let runs: [&[&str]; 3] = [
        &["explain", "w.ward", "session.idle_timeout"],
        &["diff", "w.ward", "w.ward"],
        &["report", "w.ward", "--profile", "owasp-asvs-5.0-l1"],
    ];
    for args in runs {
        let o = ward(d, args);
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(!out.is_empty(), "{args:?}: no output");
        assert!(
            !out.contains("W0505") && !out.contains("W0603"),
            "{args:?}:\n{out}"
        );
        let lines: Vec<&str> = err.lines().collect();
        let last = lines.last().copied().unwrap_or_default();
        assert!(
            last.contains("not shown (")
                && last.contains("W0505")
                && last.contains("W0603")
                && last.ends_with("`--show-warnings` shows them"),
            "{args:?}:\n{err}"
        );
        assert!(
            !err.contains("never goes idle"),
            "{args:?}: a warning in full:\n{err}"
        );
        // The flag shows them in full, still on standard error.
        let mut shown = args.to_vec();
        shown.push("--show-warnings");
        let o = ward(d, &shown);
        assert!(
            stderr(&o).contains("never goes idle"),
            "{args:?}:\n{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("--show-warnings"), "{}", stderr(&o));
        assert!(!stdout(&o).contains("W0505"), "{}", stdout(&o));
        // Tools get every diagnostic.
        let mut json = args.to_vec();
        json.extend(["--error-format", "json"]);
        let o = ward(d, &json);
        let doc: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap_or_default();
        let codes: Vec<&str> = doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"W0505"), "{args:?}: {}", stderr(&o));
    }
}
