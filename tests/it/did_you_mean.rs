//! Did-you-mean, end to end: `ward check --error-format json` on a policy
//! with one typo must put the right suggestion in the diagnostic's `help`.

#![allow(clippy::panic)] // Tests fail by panicking.

use std::process::Command;

/// Runs `ward check` on a policy with `body` inside it and returns the
/// diagnostics of `code` as JSON values.
fn diags(body: &str, code: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("typo.ward");
    let text = format!("policy typo {{\n{body}\n}}\n");
    std::fs::write(&file, &text).unwrap_or_else(|e| panic!("write: {e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["check", "--error-format", "json"])
        .arg(&file)
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    doc["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// The help of the one diagnostic of `code` for `body`.
fn help(body: &str, code: &str) -> String {
    let found = diags(body, code);
    assert_eq!(
        found.len(),
        1,
        "{body}: expected one {code}, got {found:#?}"
    );
    found[0]["help"].as_str().unwrap_or("").to_string()
}

fn assert_suggests(body: &str, code: &str, any_of: &[&str]) {
    let help = help(body, code);
    assert!(
        help.starts_with("did you mean") || help.contains(": did you mean"),
        "{body}: help is not a did-you-mean: {help}"
    );
    assert!(
        any_of.iter().any(|s| help.contains(&format!("`{s}`"))),
        "{body}: help `{help}` suggests none of {any_of:?}"
    );
}

#[test]
fn misspelt_setting() {
    assert_suggests(
        "  session.idle_timout = 8h",
        "E0201",
        &["session.idle_timeout"],
    );
}

#[test]
fn setting_in_the_wrong_section() {
    assert_suggests(
        "  session.min_length = 12",
        "E0201",
        &["password.min_length"],
    );
}

#[test]
fn misspelt_section() {
    assert_suggests("  pasword.min_length = 12", "E0201", &["password"]);
}

#[test]
fn misspelt_section_in_a_block() {
    assert_suggests("  pasword { min_length = 12 }", "E0201", &["password"]);
}

#[test]
fn unit_hours() {
    assert_suggests(
        "  session.idle_timeout = 8 hrs",
        "E0203",
        &["h", "hr", "hours"],
    );
}

#[test]
fn unit_minutes() {
    assert_suggests(
        "  session.idle_timeout = 15 mins",
        "E0203",
        &["min", "minutes"],
    );
}

#[test]
fn unit_suggestion_is_canonical() {
    let help = help("  session.idle_timeout = 15 mins", "E0203");
    assert!(help.starts_with("did you mean `m`?"), "{help}");
}

#[test]
fn enum_value() {
    assert_suggests("  password.blocklist = breachd", "E0209", &["breached"]);
}

#[test]
fn keyword() {
    assert_suggests("  lockout.threshold = unlimted", "E0209", &["unlimited"]);
}

#[test]
fn std_profile() {
    assert_suggests("  extends \"std:pci-dss-4\"", "E0404", &["std:pci-dss-4.0"]);
}

#[test]
fn allow_code() {
    assert_suggests(
        "  allow W0303x\n  session.idle_timeout = 8h",
        "W0101",
        &["W0303"],
    );
}

#[test]
fn target_name() {
    assert_suggests(
        "  targets mirro\n  session.idle_timeout = 8h",
        "E0608",
        &["miro"],
    );
}

#[test]
fn nothing_close_means_no_did_you_mean() {
    let help = help("  session.zzzzzzzz = 8h", "E0201");
    assert!(!help.contains("did you mean"), "{help}");
}

#[test]
fn explain_code_suggests_a_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["explain-code", "E0210x"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `E0210`?"), "{err}");
}
