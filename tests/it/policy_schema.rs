//! `policy.schema.json` against policies in the TOML/JSON authoring form,
//! checked with the `jsonschema` crate: the reference's example and more
//! validate; typos, bare numbers, bad units and mistyped bounds do not; every
//! unit spelling is accepted in a duration. Also `ward schema` itself: what
//! it writes is what is committed, and an unknown target is refused.

#![allow(clippy::panic)] // a test reports a failure by panicking

use serde_json::{json, Value};

use crate::common::{errors, schema, validator};

#[test]
fn a_policy_in_the_authoring_form_validates() {
    let v = validator(&schema("policy.schema.json"));
    let toml_text = r#"
policy  = "acme"
extends = ["std:pci-dss-4.0", "./baseline.ward"]
targets = ["miro"]
allow   = ["W0303"]

[session]
idle_timeout      = "8h"
absolute_lifetime = "1d 12h"
renewal_interval  = "15 min"
max_concurrent    = "unlimited"
on_limit          = "deny_new"

[password]
min_length = 15
max_age    = "never"
blocklist  = "breached"
min_age    = "0s"

[lockout]
threshold = 10
window    = "1h30m"
duration  = "until_unlocked"

[audit]
retention      = "2 weeks"
export_formats = ["csv", "json"]

[[bounds]]
setting  = "session.idle_timeout"
min      = "1h"
max      = "12h"
severity = "warn"
because  = "Acme standard 4.2"

[[bounds]]
setting = "password.max_age"
max     = "never"

[[bounds]]
setting = "audit.export_formats"
eq      = ["csv"]

[[bounds]]
setting = "integrations.outlook_calendar.cache_ttl"
max     = "10m"

[integrations.outlook_calendar]
enabled   = true
audiences = ["sales"]
consent   = "admin"
cache_ttl = "5m"

[integrations."ms-teams"]
enabled = false
"#;
    let doc: Value = toml::from_str(toml_text).unwrap_or_else(|e| panic!("sample TOML: {e}"));
    assert_eq!(errors(&v, &doc), Vec::<String>::new());
    let json_form = json!({ "$schema": "../schemas/policy.schema.json", "policy": "p", "token": { "lifetime": "1d" } });
    assert_eq!(errors(&v, &json_form), Vec::<String>::new());
}

#[test]
fn mistakes_in_the_authoring_form_are_rejected() {
    let v = validator(&schema("policy.schema.json"));
    let bad = [
        (
            "bare number for a duration",
            json!({ "policy": "p", "session": { "idle_timeout": 60 } }),
        ),
        (
            "unknown unit",
            json!({ "policy": "p", "session": { "idle_timeout": "8 hrs" } }),
        ),
        (
            "months",
            json!({ "policy": "p", "password": { "max_age": "3mo" } }),
        ),
        (
            "milliseconds",
            json!({ "policy": "p", "session": { "renewal_interval": "500ms" } }),
        ),
        (
            "decimal",
            json!({ "policy": "p", "session": { "idle_timeout": "1.5h" } }),
        ),
        (
            "unit without a number",
            json!({ "policy": "p", "session": { "idle_timeout": "h" } }),
        ),
        (
            "trailing space",
            json!({ "policy": "p", "session": { "idle_timeout": "8h " } }),
        ),
        (
            "misplaced underscore",
            json!({ "policy": "p", "session": { "idle_timeout": "1__0m" } }),
        ),
        (
            "keyword the setting does not take",
            json!({ "policy": "p", "token": { "lifetime": "unlimited" } }),
        ),
        (
            "typo in a setting",
            json!({ "policy": "p", "session": { "idle_timout": "8h" } }),
        ),
        ("typo in a section", json!({ "policy": "p", "sesion": {} })),
        (
            "count out of range",
            json!({ "policy": "p", "password": { "min_length": 5000 } }),
        ),
        (
            "unknown enum value",
            json!({ "policy": "p", "password": { "blocklist": "all" } }),
        ),
        (
            "allow of an error code",
            json!({ "policy": "p", "allow": ["E0201"] }),
        ),
        (
            "bound on an unknown setting",
            json!({ "policy": "p", "bounds": [{ "setting": "session.idle", "max": "1h" }] }),
        ),
        (
            "bound without min, max or eq",
            json!({ "policy": "p", "bounds": [{ "setting": "session.idle_timeout" }] }),
        ),
        (
            "bound of the wrong type",
            json!({ "policy": "p", "bounds": [{ "setting": "session.idle_timeout", "max": 3600 }] }),
        ),
        (
            "min on a neutral setting",
            json!({ "policy": "p", "bounds": [{ "setting": "session.renewal_interval", "min": "1m" }] }),
        ),
        (
            "bad severity",
            json!({ "policy": "p", "bounds": [{ "setting": "password.min_length", "min": 8, "severity": "warning" }] }),
        ),
        (
            "typo in a bound",
            json!({ "policy": "p", "bounds": [{ "setting": "password.min_length", "min": 8, "becuase": "x" }] }),
        ),
        (
            "bound on an integration setting of the wrong type",
            json!({ "policy": "p", "bounds": [{ "setting": "integrations.x.enabled", "eq": "yes" }] }),
        ),
        ("missing policy", json!({ "session": {} })),
    ];
    for (what, doc) in bad {
        assert!(!v.is_valid(&doc), "{what}: {doc} was accepted");
    }
}

#[test]
fn the_duration_pattern_accepts_every_unit_spelling() {
    let v = validator(&schema("policy.schema.json"));
    for unit in ward::value::Unit::all_spellings() {
        for text in [
            format!("2{unit}"),
            format!("2 {unit}"),
            format!("1_000\t{unit}"),
        ] {
            let doc = json!({ "policy": "p", "password": { "min_age": text } });
            assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{text}");
        }
    }
    for text in ["1w2d3h4m5s", "1 week 2 days", "90s", "1h 30m"] {
        let doc = json!({ "policy": "p", "password": { "min_age": text } });
        assert!(v.is_valid(&doc), "{text}");
    }
}

#[test]
fn ward_schema_writes_the_committed_files_and_refuses_unknown_targets() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let ward = env!("CARGO_BIN_EXE_ward");
    let out = std::process::Command::new(ward)
        .args(["schema", "all", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for name in ["policy.schema.json", "resolved.schema.json"] {
        let written = std::fs::read(dir.path().join(name)).unwrap_or_default();
        let expected = std::fs::read(committed.join(name)).unwrap_or_default();
        assert!(!written.is_empty() && written == expected, "{name} differs");
    }
    let printed = std::process::Command::new(ward)
        .args(["schema", "policy"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert_eq!(
        printed.stdout,
        std::fs::read(committed.join("policy.schema.json")).unwrap_or_default()
    );
    let target = std::process::Command::new(ward)
        .args(["schema", "target", "nope"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert_eq!(target.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&target.stderr).contains("unknown target `nope`"));
}

/// `ward schema policy --target-file` makes a project's schema: its own
/// targets complete and validate in `targets` beside the built-in ones,
/// and a misspelt name is still refused.
#[test]
fn a_project_schema_knows_its_target_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let descriptor = dir.path().join("acme-sso.toml");
    std::fs::write(
        &descriptor,
        "name = \"acme-sso\"\ntitle = \"Acme SSO\"\nsources = [\"https://example.invalid/docs\"]\n\n[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idleMinutes\"\nencoding = \"integer\"\nunit = \"minutes\"\n",
    )
    .unwrap_or_else(|e| panic!("write descriptor: {e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .arg("--target-file")
        .arg(&descriptor)
        .args(["schema", "policy"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let project: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let v = validator(&project);
    let doc = |t: &str| json!({ "policy": "p", "targets": ["miro", t] });
    assert_eq!(errors(&v, &doc("acme-sso")), Vec::<String>::new());
    assert_eq!(errors(&v, &doc("acme-ssp")).len(), 1);
    let builtin = validator(&schema("policy.schema.json"));
    assert_eq!(errors(&builtin, &doc("acme-sso")).len(), 1);
    assert_eq!(errors(&builtin, &doc("mirro")).len(), 1);
}
