//! The identity providers and fixed-list SaaS (`okta`, `entra-id`,
//! `salesforce`) from the command line: what issue 19 asks of them.
//!
//! - Entra ID's fixed password rules refuse a stricter policy, naming the
//!   rule; Salesforce refuses a value between two of its choices with the
//!   nearest stricter one, or says there is none;
//! - each builds the example organisation, or says exactly which settings
//!   it cannot hold, and writes nothing then;
//! - `ward targets NAME` describes each, with its bypasses.
//!
//! The outputs themselves are checked by the vendors' software in
//! `consumers::identity` and `consumers::salesforce`; drift and import in
//! `tests/fixtures/drift/`.

use crate::consumers::{tree, ward};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The diagnostics of a `--error-format json` run (written to stderr).
fn diagnostics(o: &Output) -> Vec<Value> {
    diagnostics_in(&o.stderr)
}

/// The error-severity diagnostics of a JSON report.
fn errors_in(json: &[u8]) -> Vec<Value> {
    diagnostics_in(json)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

/// The diagnostics of a JSON report (`--error-format json`, `--format json`).
fn diagnostics_in(json: &[u8]) -> Vec<Value> {
    let text = String::from_utf8_lossy(json);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    match v {
        Value::Object(mut m) => match m.remove("diagnostics") {
            Some(Value::Array(d)) => d,
            _ => panic!("no diagnostics in {text}"),
        },
        Value::Array(d) => d,
        _ => panic!("not diagnostics: {text}"),
    }
}

/// `ward build` of a one-policy file with `body` for `target`: the exit
/// status and the error diagnostics.
fn refusals(target: &str, body: &str) -> (Option<i32>, Vec<Value>) {
    let text = format!("policy p {{\n  targets {target}\n  {body}\n}}\n");
    let dir = tree(&[("p.ward", &text)]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "p.ward",
            "--target",
            target,
            "-o",
            "out",
            "--error-format",
            "json",
        ],
    );
    let errors = errors_in(&o.stderr);
    assert!(
        !dir.path().join("out").exists(),
        "a refused build wrote its output"
    );
    (o.status.code(), errors)
}

/// `(target, policy line, code, words its message and help must hold)`.
const REFUSED: &[(&str, &str, &str, &[&str])] = &[
    (
        "entra-id",
        "password.min_length = 20",
        "E0605",
        &[
            "8 to 256 characters",
            "password.min_length = 20",
            "accept `8` for `password.min_length`",
        ],
    ),
    (
        "entra-id",
        "password.min_upper = 1",
        "E0605",
        &[
            "three of four classes",
            "accept `0` for `password.min_upper`",
        ],
    ),
    (
        "entra-id",
        "password.history = 5",
        "E0605",
        &[
            "only the last password",
            "accept `1` for `password.history`",
        ],
    ),
    (
        "salesforce",
        "session.idle_timeout = 45m",
        "E0601",
        &["fixed list", "nearest stricter value: `30m`"],
    ),
    (
        "salesforce",
        "session.idle_timeout = 10m",
        "E0601",
        &["`15m`", "no stricter value fits"],
    ),
    (
        "salesforce",
        "password.max_age = 200d",
        "E0601",
        &["nearest stricter value: `180d`"],
    ),
    (
        "salesforce",
        "lockout.threshold = 4",
        "E0601",
        &["nearest stricter value: `3`"],
    ),
    (
        "salesforce",
        "password.min_upper = 2",
        "E0601",
        &[
            "`password.min_upper = 2`",
            "the levels of `passwordPolicies.complexity`",
            "which require at most 1",
            "no stricter value fits",
        ],
    ),
    (
        "salesforce",
        "password.min_letter = 3",
        "E0601",
        &["which require at most 2", "no stricter value fits"],
    ),
    (
        "okta",
        "password.min_upper = 2",
        "E0604",
        &["minUpperCase", "set `password.min_upper = 1`"],
    ),
    ("okta", "password.min_length = 40", "E0602", &["`30`"]),
    (
        "okta",
        "password.min_age = 90s",
        "E0601",
        &["whole minutes", "`2m`"],
    ),
];

#[test]
fn what_each_service_cannot_hold_is_refused_with_what_it_can() {
    for (target, body, code, words) in REFUSED {
        let (status, errors) = refusals(target, body);
        assert_eq!(status, Some(1), "{target}: {body}: {errors:?}");
        let [hit] = errors.as_slice() else {
            panic!("{target}: {body}: one error expected, got {errors:?}")
        };
        assert_eq!(hit["code"], *code, "{target}: {body}: {hit}");
        let all = format!("{} {}", hit["message"], hit["help"]);
        for w in *words {
            assert!(
                all.contains(w),
                "{target}: {body}: `{w}` missing from {all}"
            );
        }
    }
}

/// The code and setting of each error.
type Errors = &'static [(&'static str, &'static str)];

/// What each target cannot hold of each example policy: the setting and
/// the code of each error (none: it builds).
const EXAMPLES: &[(&str, &str, Errors)] = &[
    ("okta", "baseline.ward", &[("E0603", "password.blocklist")]),
    ("okta", "product.ward", &[("E0603", "password.blocklist")]),
    ("okta", "finance.ward", &[("E0603", "password.blocklist")]),
    (
        "okta",
        "support.ward.toml",
        &[("E0603", "password.blocklist")],
    ),
    (
        "entra-id",
        "baseline.ward",
        &[
            ("E0605", "password.blocklist"),
            ("E0605", "password.history"),
            ("E0605", "password.min_length"),
        ],
    ),
    (
        "entra-id",
        "product.ward",
        &[
            ("E0605", "password.blocklist"),
            ("E0605", "password.history"),
            ("E0605", "password.min_length"),
        ],
    ),
    (
        "entra-id",
        "support.ward.toml",
        &[
            ("E0605", "password.blocklist"),
            ("E0605", "password.history"),
            ("E0605", "password.min_length"),
        ],
    ),
    (
        "entra-id",
        "finance.ward",
        &[
            ("E0603", "lockout.duration"),
            ("E0605", "password.blocklist"),
            ("E0605", "password.history"),
            ("E0605", "password.min_digit"),
            ("E0605", "password.min_length"),
        ],
    ),
    ("salesforce", "baseline.ward", &[]),
    ("salesforce", "product.ward", &[]),
    ("salesforce", "finance.ward", &[]),
    ("salesforce", "support.ward.toml", &[]),
];

#[test]
fn each_target_builds_the_example_organisation_or_names_what_it_cannot_hold() {
    for (target, example, expected) in EXAMPLES {
        let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = out.path().join("out");
        let policy = format!("policies/examples/{example}");
        let o = ward(
            &repo(),
            &[
                "build",
                &policy,
                "--target",
                target,
                "-o",
                &file.to_string_lossy(),
                "--error-format",
                "json",
            ],
        );
        let mut got: Vec<(String, String)> = diagnostics(&o)
            .into_iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| {
                let message = d["message"].as_str().unwrap_or_default().to_string();
                let setting = expected
                    .iter()
                    .map(|(_, s)| *s)
                    .find(|s| message.contains(&format!("`{s}")))
                    .unwrap_or("?")
                    .to_string();
                assert!(message.contains(&format!("`{target}`")), "{message}");
                (d["code"].as_str().unwrap_or_default().to_string(), setting)
            })
            .collect();
        got.sort();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(c, s)| (c.to_string(), s.to_string()))
            .collect();
        assert_eq!(got, want, "{target} for {example}");
        if expected.is_empty() {
            assert_eq!(o.status.code(), Some(0), "{target} for {example}");
            assert!(file.is_file(), "{target} wrote nothing for {example}");
        } else {
            assert_eq!(o.status.code(), Some(1), "{target} for {example}");
            assert!(
                !file.exists(),
                "{target} wrote a refused build for {example}"
            );
        }
    }
}

#[test]
fn the_target_pages_name_each_bypass() {
    let pages: &[(&str, &[&str])] = &[
        (
            "okta",
            &[
                "writes: okta.json (api_bodies)",
                "0 or 1: at least one required",
                "a looser policy or rule assigned to another group",
                "drift reads: the export of `curl",
            ],
        ),
        (
            "entra-id",
            &[
                "fixed:       8: requires 8 to 256 characters",
                "DisablePasswordExpiration",
                "custom values need Microsoft Entra ID P1",
                "an administrator can unlock the account",
            ],
        ),
        (
            "salesforce",
            &[
                "writes: Security.settings-meta.xml (xml)",
                "15m → \"FifteenMinutes\"",
                "ProfileSessionSetting.sessionTimeout",
                "ProfilePasswordPolicy",
                "Password Never Expires",
                "sf project retrieve start --metadata Settings:Security",
                "passwordPolicies.complexity (level: the weakest of 6 holding",
                "default:     AlphaNumeric (`password.min_digit = 1`)",
                "levels:      NoRestriction (nothing)",
                "UpperLowerCaseNumeric (password.min_upper 1, password.min_lower 1, password.min_letter 2, password.min_digit 1)",
            ],
        ),
    ];
    for (target, words) in pages {
        let o = ward(&repo(), &["targets", target]);
        assert_eq!(o.status.code(), Some(0), "{target}");
        let page = String::from_utf8_lossy(&o.stdout);
        for w in *words {
            assert!(
                page.contains(w),
                "`ward targets {target}` lacks `{w}`:\n{page}"
            );
        }
    }
}

/// `(class minimums the policy sets, the complexity Salesforce gets)`.
const COMPLEXITY: &[(&str, &str)] = &[
    ("password.min_upper = 0", "NoRestriction"),
    ("password.min_digit = 1", "AlphaNumeric"),
    (
        "password.min_letter = 1\n  password.min_digit = 0",
        "AlphaNumeric",
    ),
    ("password.min_symbol = 1", "SpecialCharacters"),
    ("password.min_lower = 1", "UpperLowerCaseNumeric"),
    ("password.min_letter = 2", "UpperLowerCaseNumeric"),
    (
        "password.min_upper = 1\n  password.min_symbol = 1",
        "UpperLowerCaseNumericSpecialCharacters",
    ),
];

/// The field is the weakest level holding every minimum at once; a
/// policy with none writes no field (the org keeps its own).
#[test]
fn salesforce_writes_the_weakest_complexity_level_holding_every_class_minimum() {
    let mut files: Vec<(String, String)> = COMPLEXITY
        .iter()
        .enumerate()
        .map(|(i, (body, _))| {
            let text = format!("policy p{i} {{\n  targets salesforce\n  {body}\n}}\n");
            (format!("p{i}.ward"), text)
        })
        .collect();
    files.push((
        "none.ward".into(),
        "policy none {\n  targets salesforce\n  password.min_length = 12\n}\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = tree(&refs);
    for (i, (body, want)) in COMPLEXITY.iter().enumerate() {
        let xml = crate::consumers::build(dir.path(), &format!("p{i}.ward"), "salesforce");
        assert!(
            xml.contains(&format!("<complexity>{want}</complexity>")),
            "`{body}` should write {want}:\n{xml}"
        );
    }
    let xml = crate::consumers::build(dir.path(), "none.ward", "salesforce");
    assert!(!xml.contains("complexity"), "{xml}");
}

/// What ward writes, drift reads back as the policy and import states:
/// building the imported policy writes the same level.
#[test]
fn salesforce_complexity_round_trips_through_drift_and_import() {
    let policy = "policy p {\n  targets salesforce\n  password.min_upper = 1\n  password.min_symbol = 1\n}\n";
    let dir = tree(&[("p.ward", policy)]);
    let xml = crate::consumers::build(dir.path(), "p.ward", "salesforce");
    std::fs::write(dir.path().join("Security.settings"), &xml).unwrap_or_else(|e| panic!("{e}"));
    let o = ward(
        dir.path(),
        &["drift", "p.ward", "--from", "salesforce=Security.settings"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", crate::consumers::text(&o));
    let o = ward(dir.path(), &["import", "salesforce", "Security.settings"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::consumers::text(&o));
    let imported = String::from_utf8_lossy(&o.stdout).to_string();
    for line in [
        "password.min_upper  = 1",
        "password.min_lower  = 1",
        "password.min_letter = 2",
        "password.min_digit  = 1",
        "password.min_symbol = 1",
    ] {
        assert!(imported.contains(line), "`{line}` missing from\n{imported}");
    }
    assert!(
        !imported.contains("# passwordPolicies.complexity\n"),
        "{imported}"
    );
    std::fs::write(dir.path().join("back.ward"), &imported).unwrap_or_else(|e| panic!("{e}"));
    let again = crate::consumers::build(dir.path(), "back.ward", "salesforce");
    assert!(
        again.contains("<complexity>UpperLowerCaseNumericSpecialCharacters</complexity>"),
        "{again}"
    );
    // A weaker level is drift, on the setting it does not hold, with the
    // field labelled in the export.
    let weaker = xml.replace(
        "UpperLowerCaseNumericSpecialCharacters",
        "UpperLowerCaseNumeric",
    );
    std::fs::write(dir.path().join("Security.settings"), weaker).unwrap_or_else(|e| panic!("{e}"));
    let o = ward(
        dir.path(),
        &[
            "drift",
            "p.ward",
            "--from",
            "salesforce=Security.settings",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", crate::consumers::text(&o));
    let errors = errors_in(&o.stdout);
    let [e] = errors.as_slice() else {
        panic!("one drift expected: {errors:?}")
    };
    assert_eq!(e["code"], "E0702", "{e}");
    let message = e["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(
            "`passwordPolicies.complexity` is `\"UpperLowerCaseNumeric\"` (`password.min_symbol = 0`)"
        ),
        "{message}"
    );
    assert!(e.to_string().contains("password.min_symbol = 1"), "{e}");
}

/// A bound on a class the policy leaves unset is checked against the
/// level Salesforce keeps (`AlphaNumeric`: no symbol), naming the field.
#[test]
fn salesforce_default_complexity_is_checked_against_a_bound() {
    let policy = "policy b {\n  targets salesforce\n  password.min_symbol >= 1\n  password.min_digit >= 1\n}\n";
    let dir = tree(&[("b.ward", policy)]);
    let o = ward(dir.path(), &["check", "b.ward", "--error-format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", crate::consumers::text(&o));
    let errors = errors_in(&o.stdout);
    let [e] = errors.as_slice() else {
        panic!("one error expected (the digit bound holds): {errors:?}")
    };
    assert_eq!(e["code"], "E0606", "{e}");
    let message = e["message"].as_str().unwrap_or_default();
    for words in [
        "`password.min_symbol` is unset",
        "`0` for `passwordPolicies.complexity`",
        "`password.min_symbol >= 1`",
    ] {
        assert!(message.contains(words), "`{words}` missing from {message}");
    }
}
