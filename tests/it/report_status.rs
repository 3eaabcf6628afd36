//! The statuses of `ward report` are honest in every form.
//!
//! - WalkMe renews an open product's session every 15 minutes (fixed), so
//!   NIST SP 800-63B-4 2.2.3's idle limit is `not enforced`, with W0505's
//!   reason, in Markdown, JSON, HTML and OSCAL alike; the result is not
//!   `pass`.
//! - The result is `fail` when a requirement of error severity is `fail` or
//!   `not enforced` (exit status 1); else `incomplete` while a requirement
//!   is `not set` or `not enforced` (exit status 0); else `warn` when a
//!   recommendation is broken; else `pass`.
//! - `ward check --profile` shows the same statuses in its human output,
//!   beside the diagnostics its exit status follows.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const PROFILE: &str = "nist-800-63b-rev4-aal2";

/// A policy meeting every bound of the profile, with `targets` and
/// `extra` lines added and `drop` lines left out.
fn policy(targets: &str, drop: &[&str], extra: &str) -> String {
    let pass = std::fs::read_to_string(format!("policies/std/tests/{PROFILE}.pass.ward"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for line in pass.lines() {
        if drop.iter().any(|d| line.trim_start().starts_with(d)) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.trim_start().starts_with("extends") {
            if !targets.is_empty() {
                out.push_str(&format!("  targets {targets}\n"));
            }
            out.push_str(extra);
        }
    }
    out
}

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

fn report(dir: &Path, text: &str, format: &str) -> Run {
    let file = dir.join("p.ward");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .arg("report")
        .arg(&file)
        .args(["--profile", PROFILE, "--format", format, "--root"])
        .arg(dir)
        .env("SOURCE_DATE_EPOCH", "1751328000")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    Run {
        code: out.status.code(),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(dir: &Path, text: &str) -> (Option<i32>, Value) {
    let run = report(dir, text, "json");
    let doc =
        serde_json::from_str(&run.out).unwrap_or_else(|e| panic!("{e}: {}{}", run.out, run.err));
    (run.code, doc)
}

fn row<'a>(doc: &'a Value, id: &str, setting: &str) -> &'a Value {
    doc["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id && r["setting"] == setting)
        .unwrap_or_else(|| panic!("no row {id} {setting}: {doc:#}"))
}

const IDLE_REASON: &str = "never goes idle";

#[test]
fn walkme_defeats_the_idle_limit_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let text = policy("walkme", &[], "");

    let (code, doc) = json(dir.path(), &text);
    let idle = row(&doc, "2.2.3", "session.idle_timeout");
    assert_eq!(idle["status"], "not enforced", "{idle:#}");
    let reason = idle["reason"].as_str().unwrap();
    assert!(
        reason.contains(IDLE_REASON) && reason.contains("W0505") && reason.contains("walkme"),
        "{reason}"
    );
    assert_ne!(doc["summary"]["result"], "pass");
    // WalkMe holds none of the password or lockout settings: those error
    // bounds are not enforced either, so the report fails.
    assert_eq!(doc["summary"]["result"], "fail");
    assert_eq!(code, Some(1));

    let md = report(dir.path(), &text, "markdown").out;
    let line = md
        .lines()
        .find(|l| l.starts_with("| 2.2.3 |") && l.contains("session.idle_timeout"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("**not enforced**") && line.contains(IDLE_REASON),
        "{line}"
    );
    assert!(md.contains("**FAIL**") && !md.contains("**PASS**"), "{md}");

    let html = report(dir.path(), &text, "html").out;
    let tr = html
        .lines()
        .find(|l| l.contains("<td>2.2.3</td>") && l.contains("session.idle_timeout"))
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        tr.contains(">not enforced</td>") && tr.contains(IDLE_REASON),
        "{tr}"
    );
    assert!(html.contains(">FAIL: "), "{html}");

    let oscal: Value = serde_json::from_str(&report(dir.path(), &text, "oscal").out).unwrap();
    let findings = oscal["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    let f = findings
        .iter()
        .find(|f| f["target"]["target-id"] == "req-2.2.3_obj.session.idle_timeout.le.warn")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(f["target"]["status"]["state"], "not-satisfied");
    assert!(
        f["target"]["status"]["remarks"]
            .as_str()
            .unwrap()
            .contains(IDLE_REASON),
        "{f}"
    );
    assert!(f["props"].to_string().contains("not enforced"), "{f}");
}

#[test]
fn a_defeated_recommendation_is_incomplete_not_a_failure() {
    // Keycloak holds what WalkMe does not, except the letter minimum and the
    // blocklist: leave those unset. The idle limit (a SHOULD, warn) is still
    // defeated by WalkMe's renewal.
    let dir = tempfile::tempdir().unwrap();
    let text = policy("walkme, keycloak", &["min_letter", "blocklist"], "");
    let (code, doc) = json(dir.path(), &text);
    assert_eq!(
        row(&doc, "2.2.3", "session.idle_timeout")["status"],
        "not enforced"
    );
    assert_eq!(
        row(&doc, "3.1.1.2", "password.blocklist")["status"],
        "not set"
    );
    assert_eq!(doc["summary"]["result"], "incomplete", "{doc:#}");
    assert_eq!(code, Some(0), "only warnings: {doc:#}");
}

#[test]
fn an_unset_requirement_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = json(dir.path(), &policy("", &["lockout.threshold"], ""));
    let r = row(&doc, "3.2.2", "lockout.threshold");
    assert_eq!(r["status"], "not set");
    assert!(
        r["reason"].as_str().unwrap().contains("cannot be verified"),
        "{r}"
    );
    assert_eq!(doc["summary"]["result"], "incomplete");
    assert_eq!(code, Some(0));
}

#[test]
fn results_pass_warn_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = json(dir.path(), &policy("", &[], ""));
    assert_eq!(doc["summary"]["result"], "pass", "{doc:#}");
    assert_eq!(code, Some(0));

    let (code, doc) = json(
        dir.path(),
        &policy("", &["idle_timeout"], "  session.idle_timeout = 2h\n"),
    );
    let r = row(&doc, "2.2.3", "session.idle_timeout");
    assert_eq!(r["status"], "warn");
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("`session.idle_timeout = 2h` breaks the recommended"),
        "{r}"
    );
    assert_eq!(r["value_at"], "p.ward:5:26");
    assert_eq!(doc["summary"]["result"], "warn");
    assert_eq!(code, Some(0));

    let (code, doc) = json(
        dir.path(),
        &policy("", &["min_length"], "  password.min_length = 6\n"),
    );
    assert_eq!(
        row(&doc, "3.1.1.2", "password.min_length")["status"],
        "fail"
    );
    assert_eq!(doc["summary"]["result"], "fail");
    assert_eq!(code, Some(1));
}

#[test]
fn check_with_a_profile_shows_the_statuses_check_cannot_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ward");
    std::fs::write(&file, policy("walkme, keycloak", &[], "")).unwrap();
    let check = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_ward"))
            .arg("check")
            .args(["--profile", PROFILE, "--format", format, "--root"])
            .arg(dir.path())
            .arg(&file)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let human = check("human");
    let text = String::from_utf8_lossy(&human.stdout);
    // Only warnings, so check passes; its summary says what report says.
    assert_eq!(human.status.code(), Some(0), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("std:{PROFILE} for `{PROFILE}.pass`")))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("report result `fail`") && line.contains("3 not enforced"),
        "{line}"
    );
    assert!(
        text.lines().any(
            |l| l.starts_with("  not enforced 2.2.3 `session.idle_timeout <= 1h`")
                && l.contains(IDLE_REASON)
        ),
        "{text}"
    );
    // The machine forms stay the diagnostics alone.
    let json = check("json");
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc["diagnostics"].is_array());
}
