//! `ward drift` end to end: the `ward` binary on policies and exports in a
//! temporary directory, the acceptance cases of issue 17, every output
//! form, exit statuses, keyword spellings, several realms, directories and
//! a target of the user's own. [`groups`]: a group's directory;
//! [`console`]: the console-only services' recorded documents;
//! [`files`]: file-based exports, labelled at the field's line;
//! [`docs`]: `docs/drift.md` names every target's export.

mod console;
mod docs;
mod files;
mod groups;

use crate::common::{git_tree as tree, output_text as text, ward};
use serde_json::Value;
use std::process::Output;

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The diagnostics of a `--format json` run (on standard output).
fn diags(o: &Output) -> Vec<Value> {
    let out = String::from_utf8_lossy(&o.stdout);
    let doc: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    doc["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn codes(ds: &[Value]) -> Vec<String> {
    ds.iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

/// The 1-based line of the first line of `file` that contains `needle`.
fn line_of(file: &str, needle: &str) -> u64 {
    file.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u64 + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in\n{file}"))
}

const SSO: &str = "policy sso {
  targets keycloak
  session.idle_timeout      = 30m
  session.absolute_lifetime = 10h
  token.lifetime            = 5m
  password.min_length       = 12
  password.min_digit        = 1
  lockout.threshold         = 5
  lockout.window            = 15m
  lockout.duration          = 15m
}
";

/// A realm export as `kc.sh export --realm acme` writes it, trimmed to the
/// fields ward reads plus a few it does not.
fn realm(idle: u64) -> String {
    format!(
        r#"{{
  "id": "7f1c2b0e-acme",
  "realm": "acme",
  "displayName": "Acme",
  "enabled": true,
  "sslRequired": "external",
  "ssoSessionIdleTimeout": {idle},
  "ssoSessionIdleTimeoutRememberMe": 0,
  "ssoSessionMaxLifespan": 36000,
  "ssoSessionMaxLifespanRememberMe": 0,
  "offlineSessionIdleTimeout": 1800,
  "offlineSessionMaxLifespanEnabled": true,
  "offlineSessionMaxLifespan": 36000,
  "accessTokenLifespan": 300,
  "accessTokenLifespanForImplicitFlow": 300,
  "accessCodeLifespan": 60,
  "passwordPolicy": "length(12) and digits(1)",
  "bruteForceProtected": true,
  "permanentLockout": false,
  "bruteForceStrategy": "MULTIPLE",
  "maxTemporaryLockouts": 0,
  "maxFailureWaitSeconds": 900,
  "minimumQuickLoginWaitSeconds": 60,
  "waitIncrementSeconds": 900,
  "quickLoginCheckMilliSeconds": 1000,
  "maxDeltaTimeSeconds": 900,
  "failureFactor": 5,
  "clients": [{{"clientId": "account", "enabled": true}}],
  "smtpServer": {{}}
}}
"#
    )
}

/// The idle timeout ward writes for [`SSO`] (Keycloak 25 and 26 differ).
fn built_idle() -> u64 {
    let dir = tree(&[("sso.ward", SSO)]);
    let o = ward(dir.path(), &["build", "sso.ward", "--target", "keycloak"]);
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    doc["ssoSessionIdleTimeout"]
        .as_u64()
        .unwrap_or_else(|| panic!("no idle timeout in {doc}"))
}

/// Issue 17: a realm whose `ssoSessionIdleTimeout` is 7200 against a
/// policy of 30m is exit 1 with an error at the policy's `idle_timeout`
/// line naming `ssoSessionIdleTimeout`, labelled on the export's line.
#[test]
fn a_looser_realm_fails_at_the_policy_line() {
    let export = realm(7200);
    let dir = tree(&[("sso.ward", SSO), ("acme-realm.json", &export)]);
    let o = ward(
        dir.path(),
        &[
            "drift",
            "sso.ward",
            "--from",
            "keycloak=acme-realm.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702"], "{}", text(&o));
    let d = &ds[0];
    assert_eq!(d["file"], "sso.ward");
    assert_eq!(d["line"].as_u64(), Some(line_of(SSO, "idle_timeout")));
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("`ssoSessionIdleTimeout`"),
        "{d}"
    );
    let label = &d["labels"][0];
    assert_eq!(label["file"], "acme-realm.json");
    assert_eq!(
        label["line"].as_u64(),
        Some(line_of(&export, "\"ssoSessionIdleTimeout\""))
    );
    assert!(
        label["message"].as_str().unwrap_or("").contains("7200"),
        "{label}"
    );
}

/// Issue 17: the realm ward builds, drifted against the same policy, is in
/// sync: exit 0 and nothing to report, even with `--exact`.
#[test]
fn the_realm_ward_builds_is_in_sync() {
    let dir = tree(&[("sso.ward", SSO)]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "sso.ward",
            "--target",
            "keycloak",
            "-o",
            "built.json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = ward(
        dir.path(),
        &[
            "drift",
            "sso.ward",
            "--from",
            "keycloak=built.json",
            "--exact",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(diags(&o).is_empty(), "{}", text(&o));
    let o = ward(
        dir.path(),
        &["drift", "sso.ward", "--from", "keycloak=built.json"],
    );
    assert_eq!(code(&o), 0);
    assert!(text(&o).contains("no problems"), "{}", text(&o));
}

const ACCOUNT: &str = "policy account {
  targets aws-iam
  password.min_length        = 14
  password.min_upper         = 1
  password.min_lower         = 1
  password.min_digit         = 1
  password.min_symbol        = 1
  password.allow_user_change = true
  password.max_age           = 90d
  password.history           = 5
  password.hard_expiry       = false
}
";

/// `aws iam get-account-password-policy` output.
fn reply(min_length: u32) -> String {
    format!(
        r#"{{
    "PasswordPolicy": {{
        "MinimumPasswordLength": {min_length},
        "RequireSymbols": true,
        "RequireNumbers": true,
        "RequireUppercaseCharacters": true,
        "RequireLowercaseCharacters": true,
        "AllowUsersToChangePassword": true,
        "ExpirePasswords": true,
        "MaxPasswordAge": 90,
        "PasswordReusePrevention": 5,
        "HardExpiry": false
    }}
}}
"#
    )
}

/// Issue 17: `MinimumPasswordLength` 8 against `password.min_length = 14`
/// fails at the policy line; 20 passes with a warning, and fails with
/// `--exact`.
#[test]
fn aws_minimum_length_looser_fails_stricter_warns_exact_fails() {
    let dir = tree(&[
        ("account.ward", ACCOUNT),
        ("aws-8.json", &reply(8)),
        ("aws-20.json", &reply(20)),
    ]);
    let run = |file: &str, exact: bool| {
        let from = format!("aws-iam={file}");
        let mut args = vec!["drift", "account.ward", "--from", &from, "--format", "json"];
        if exact {
            args.push("--exact");
        }
        ward(dir.path(), &args)
    };
    let o = run("aws-8.json", false);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702"]);
    assert_eq!(ds[0]["line"].as_u64(), Some(line_of(ACCOUNT, "min_length")));
    assert!(ds[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("MinimumPasswordLength"));

    let o = run("aws-20.json", false);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["W0701"]);
    assert_eq!(ds[0]["severity"], "warning");
    assert_eq!(ds[0]["line"].as_u64(), Some(line_of(ACCOUNT, "min_length")));

    let o = run("aws-20.json", true);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert_eq!(codes(&diags(&o)), ["W0701"]);
}

/// An account with no custom policy (`NoSuchEntity`, or `{}`) is AWS's
/// default password policy: 8 characters, no class required, no expiry.
#[test]
fn an_account_without_a_policy_is_the_aws_default() {
    let none = "\nAn error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 123456789012 cannot be found.\n";
    let dir = tree(&[
        ("account.ward", ACCOUNT),
        ("none.txt", none),
        ("empty.json", "{}"),
        ("bare.json", r#"{"PasswordPolicy": {}}"#),
    ]);
    for file in ["none.txt", "empty.json", "bare.json"] {
        let from = format!("aws-iam={file}");
        let o = ward(
            dir.path(),
            &["drift", "account.ward", "--from", &from, "--format", "json"],
        );
        assert_eq!(code(&o), 1, "{file}: {}", text(&o));
        let ds = diags(&o);
        let length = ds
            .iter()
            .find(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("MinimumPasswordLength"))
            })
            .unwrap_or_else(|| panic!("{file}: no finding on the length: {}", text(&o)));
        assert_eq!(length["code"], "E0702");
        assert!(
            length["message"].as_str().unwrap_or("").contains("`8`"),
            "{length}"
        );
        // Every setting the policy decides is looser than nothing set,
        // except the neutral one, which is another value.
        let found = codes(&ds);
        assert_eq!(
            found.iter().filter(|c| *c == "E0702").count(),
            7,
            "{file}: {found:?}"
        );
        assert_eq!(
            found.iter().filter(|c| *c == "E0703").count(),
            1,
            "{file}: {found:?}"
        );
    }
}

/// A policy of `never` and `history = 0` is in sync with an account that
/// reports them the way moto does (`MaxPasswordAge: 0`) and the way AWS
/// does (the fields left out).
#[test]
fn keyword_spellings_are_read_back() {
    let open = "policy open {
  targets aws-iam
  password.min_length        = 12
  password.min_upper         = 0
  password.min_lower         = 0
  password.min_digit         = 0
  password.min_symbol        = 0
  password.allow_user_change = true
  password.max_age           = never
  password.history           = 0
  password.hard_expiry       = false
}
";
    let moto = r#"{"PasswordPolicy": {"MinimumPasswordLength": 12, "RequireSymbols": false,
      "RequireNumbers": false, "RequireUppercaseCharacters": false, "RequireLowercaseCharacters": false,
      "AllowUsersToChangePassword": true, "ExpirePasswords": false, "MaxPasswordAge": 0, "HardExpiry": false}}"#;
    let aws = r#"{"MinimumPasswordLength": 12, "RequireSymbols": false, "RequireNumbers": false,
      "RequireUppercaseCharacters": false, "RequireLowercaseCharacters": false,
      "AllowUsersToChangePassword": true, "ExpirePasswords": false}"#;
    let dir = tree(&[("open.ward", open), ("moto.json", moto), ("aws.json", aws)]);
    for file in ["moto.json", "aws.json"] {
        let from = format!("aws-iam={file}");
        let o = ward(
            dir.path(),
            &[
                "drift",
                "open.ward",
                "--from",
                &from,
                "--exact",
                "--format",
                "json",
            ],
        );
        assert_eq!(code(&o), 0, "{file}: {}", text(&o));
        assert!(diags(&o).is_empty(), "{file}: {}", text(&o));
    }
}

/// `--from` repeats, an array of realms (`kc.sh export --file` of every
/// realm) is compared realm by realm, and a directory is read as
/// `kc.sh export --dir` writes it (`NAME-realm.json`, other files left).
#[test]
fn several_realms_files_and_directories() {
    let a = realm(built_idle());
    let b = realm(3600).replace("\"acme\"", "\"beta\"");
    let both = format!("[{}, {}]", a.trim(), b.trim());
    let dir = tree(&[
        ("sso.ward", SSO),
        ("a.json", &a),
        ("b.json", &b),
        ("all.json", &both),
        ("export/acme-realm.json", &a),
        ("export/beta-realm.json", &b),
        (
            "export/beta-users-0.json",
            r#"{"realm": "beta", "users": []}"#,
        ),
    ]);
    let count = |args: &[&str]| {
        let mut all = vec!["drift", "sso.ward", "--format", "json"];
        all.extend(args);
        let o = ward(dir.path(), &all);
        (code(&o), diags(&o), text(&o))
    };
    let (c, ds, t) = count(&["--from", "keycloak=a.json", "--from", "keycloak=b.json"]);
    assert_eq!((c, ds.len()), (1, 1), "{t}");
    assert_eq!(ds[0]["labels"][0]["file"], "b.json");
    let (c, ds, t) = count(&["--from", "keycloak=all.json"]);
    assert_eq!((c, ds.len()), (1, 1), "{t}");
    assert!(
        ds[0]["labels"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("`beta`"),
        "{t}"
    );
    let (c, ds, t) = count(&["--from", "keycloak=export"]);
    assert_eq!((c, ds.len()), (1, 1), "{t}");
    assert_eq!(ds[0]["labels"][0]["file"], "export/beta-realm.json", "{t}");
}

/// Every output form carries the findings, on standard output; github
/// annotations attach to the policy file.
#[test]
fn every_output_form() {
    let dir = tree(&[("sso.ward", SSO), ("acme-realm.json", &realm(7200))]);
    for (format, needle) in [
        ("human", "E0702"),
        ("json", "\"code\": \"E0702\""),
        ("github", "::error file=sso.ward,line=3"),
        ("sarif", "\"ruleId\": \"E0702\""),
    ] {
        let o = ward(
            dir.path(),
            &[
                "drift",
                "sso.ward",
                "--from",
                "keycloak=acme-realm.json",
                "--format",
                format,
            ],
        );
        assert_eq!(code(&o), 1, "{format}");
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(needle), "{format}: {out}");
        assert!(
            out.contains("acme-realm.json"),
            "{format}: the export is named: {out}"
        );
    }
    // `--error-format` means the same.
    let o = ward(
        dir.path(),
        &[
            "--error-format",
            "github",
            "drift",
            "sso.ward",
            "--from",
            "keycloak=acme-realm.json",
        ],
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("::error file=sso.ward"));
}

/// An export that cannot be read or parsed is exit 2, reported pointing
/// into it; a missing one and an unknown target likewise stop the command.
#[test]
fn unreadable_exports_stop_the_command() {
    let dir = tree(&[
        ("sso.ward", SSO),
        (
            "broken.json",
            "{\n  \"realm\": \"acme\",\n  \"ssoSessionIdleTimeout\": 18OO\n}\n",
        ),
        ("list.json", "[1, 2]"),
        ("empty.json", ""),
    ]);
    for (from, want) in [
        ("keycloak=broken.json", "E0701"),
        ("keycloak=list.json", "E0701"),
        ("keycloak=empty.json", "E0701"),
        ("keycloak=missing.json", "E0802"),
        ("keycloack=broken.json", "E0804"),
    ] {
        let o = ward(
            dir.path(),
            &["drift", "sso.ward", "--from", from, "--format", "json"],
        );
        assert_eq!(code(&o), 2, "{from}: {}", text(&o));
        assert_eq!(codes(&diags(&o)), [want], "{from}: {}", text(&o));
    }
    let o = ward(
        dir.path(),
        &[
            "drift",
            "sso.ward",
            "--from",
            "keycloak=broken.json",
            "--format",
            "json",
        ],
    );
    let d = &diags(&o)[0];
    assert_eq!(d["file"], "broken.json");
    assert_eq!(d["line"].as_u64(), Some(3), "{d}");
    let o = ward(dir.path(), &["drift", "sso.ward", "--from", "keycloak"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
}

/// A policy with errors is reported and not compared.
#[test]
fn a_policy_with_errors_is_not_compared() {
    let bad = "policy sso {\n  targets keycloak\n  lockout.window = until_unlocked\n}\n";
    let dir = tree(&[("sso.ward", bad), ("acme-realm.json", &realm(7200))]);
    let o = ward(
        dir.path(),
        &[
            "drift",
            "sso.ward",
            "--from",
            "keycloak=acme-realm.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", text(&o));
    let found = codes(&diags(&o));
    assert!(
        found
            .iter()
            .all(|c| !c.starts_with("E07") && !c.starts_with("W07")),
        "{found:?}"
    );
    assert!(!found.is_empty());
}

/// A target described with `--target-file` is drifted from its descriptor
/// alone: its `[export]` table and rows.
#[test]
fn a_target_of_the_users_own() {
    let descriptor = r#"name = "acme-sso"
title = "Acme SSO"

[export]
how = "acme-cli settings get --json"
wrapper = "settings"

[[settings]]
setting = "session.idle_timeout"
field = "session.idle_minutes"
unit = "minutes"
default = "1h"

[[settings]]
setting = "lockout.threshold"
field = "lockout.attempts"
keywords = { unlimited = 0 }
also_reads = { unlimited = [-1] }
"#;
    let policy = "policy acme {\n  targets acme-sso\n  session.idle_timeout = 30m\n  lockout.threshold = unlimited\n}\n";
    let dir = tree(&[
        ("acme.toml", descriptor),
        ("acme.ward", policy),
        (
            "same.json",
            r#"{"settings": {"session": {"idle_minutes": 30}, "lockout": {"attempts": -1}}}"#,
        ),
        (
            "default.json",
            r#"{"settings": {"lockout": {"attempts": 0}}}"#,
        ),
    ]);
    let run = |file: &str| {
        let from = format!("acme-sso={file}");
        ward(
            dir.path(),
            &[
                "--target-file",
                "acme.toml",
                "drift",
                "acme.ward",
                "--from",
                &from,
                "--format",
                "json",
            ],
        )
    };
    let o = run("same.json");
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(diags(&o).is_empty(), "{}", text(&o));
    let o = run("default.json");
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702"], "{}", text(&o));
    assert!(
        ds[0]["message"].as_str().unwrap_or("").contains("`1h`"),
        "{}",
        text(&o)
    );
}
