//! `ward check` as a CI job sees it: exit status, the closing summary line,
//! and the machine-readable forms (section 8 and 9 of the language).

#![allow(clippy::panic)] // Tests fail by panicking.

use crate::common::ward;
use std::process::Output;

const CLEAN: &str =
    "policy c {\n  session.idle_timeout = 8h\n  session.absolute_lifetime = 12h\n}\n";
const ERRORS: &str = "policy a {\n  session.idle_timout = 8h\n  password.min_length = 0\n}\n";
const WARNING: &str = "policy b {\n  session.on_limit = end_oldest\n}\n";
/// An error with a secondary label (the first of two settings).
const LABELLED: &str =
    "policy d {\n  session.idle_timeout = 1h\n  session { idle_timeout = 2h }\n}\n";

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn last_line(o: &Output) -> String {
    stdout(o)
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn clean_input_exits_0() {
    let dir = dir_with(&[("c.ward", CLEAN)]);
    let o = ward(dir.path(), &["check", "c.ward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(last_line(&o), "no problems in 1 file");
}

#[test]
fn errors_exit_1() {
    let dir = dir_with(&[("a.ward", ERRORS)]);
    let o = ward(dir.path(), &["check", "a.ward"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(last_line(&o), "2 errors in 1 file");
}

#[test]
fn warnings_only_exit_0() {
    let dir = dir_with(&[("b.ward", WARNING)]);
    let o = ward(dir.path(), &["check", "b.ward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(last_line(&o), "1 warning in 1 file");
}

#[test]
fn denied_warnings_exit_1() {
    let dir = dir_with(&[("b.ward", WARNING)]);
    let o = ward(dir.path(), &["check", "--deny-warnings", "b.ward"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let o = ward(dir.path(), &["--deny-warnings", "check", "b.ward"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

#[test]
fn missing_path_exits_2() {
    let dir = dir_with(&[]);
    let o = ward(dir.path(), &["check", "nope.ward"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("cannot read `nope.ward`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_arguments_exit_2() {
    let dir = dir_with(&[]);
    let o = ward(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn summary_counts_every_file() {
    let dir = dir_with(&[("a.ward", ERRORS), ("b.ward", WARNING), ("c.ward", CLEAN)]);
    let o = ward(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(last_line(&o), "2 errors, 1 warning in 3 files");
}

#[test]
fn json_carries_every_field() {
    let dir = dir_with(&[
        ("a.ward", ERRORS),
        ("b.ward", WARNING),
        ("d.ward", LABELLED),
    ]);
    let o = ward(dir.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let diags = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diags.len(), 4, "{doc:#}");
    let position = ["file", "line", "column", "end_line", "end_column"];
    for d in &diags {
        for key in ["code", "severity", "message", "help", "labels"]
            .iter()
            .chain(&position)
        {
            assert!(d.get(*key).is_some(), "no `{key}` in {d:#}");
        }
        assert!(d["line"].as_u64().is_some_and(|n| n >= 1), "{d:#}");
        assert!(d["column"].as_u64().is_some_and(|n| n >= 1), "{d:#}");
        assert!(!d["file"].as_str().unwrap_or("/").contains('\\'), "{d:#}");
    }
    let labelled = diags
        .iter()
        .find(|d| d["code"] == "E0213")
        .unwrap_or_else(|| panic!("no E0213 in {doc:#}"));
    let label = &labelled["labels"][0];
    for key in position.iter().chain(&["message"]) {
        assert!(label.get(*key).is_some(), "no `{key}` in label {label:#}");
    }
    assert_eq!(label["file"], "d.ward");
    assert_eq!(label["line"], 2);
    let s = &doc["summary"];
    assert_eq!(
        (
            s["errors"].as_u64(),
            s["warnings"].as_u64(),
            s["files"].as_u64()
        ),
        (Some(3), Some(1), Some(3))
    );
}

#[test]
fn github_lines_carry_file_line_and_col() {
    let dir = dir_with(&[("a.ward", ERRORS), ("b.ward", WARNING)]);
    let o = ward(dir.path(), &["check", "--format", "github"]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("::error file=a.ward,line=2,col=11,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("title=E0201::"), "{}", lines[0]);
    assert!(
        lines[2].starts_with("::warning file=b.ward,line=2,col=22,"),
        "{}",
        lines[2]
    );
}

#[test]
fn sarif_is_one_json_document() {
    let dir = dir_with(&[("a.ward", ERRORS)]);
    let o = ward(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(doc["version"], "2.1.0");
}

#[test]
fn explain_code_prints_the_page() {
    let dir = dir_with(&[]);
    let o = ward(dir.path(), &["explain-code", "e0201"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("# E0201: unknown setting\n"), "{text}");
    for section in [
        "## What triggers it",
        "## Why it matters",
        "## Example",
        "## How to fix",
    ] {
        assert!(text.contains(section), "{text}");
    }
    let o = ward(dir.path(), &["explain-code", "E9999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a ward diagnostic code"));
}
