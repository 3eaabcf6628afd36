//! Tests of descriptors and emission: every built-in parses, each target's
//! full configuration is a snapshot, a user-written descriptor works without
//! Rust changes, and the descriptor schema is a JSON Schema.

use super::*;
use crate::catalog;
use crate::model::{Assigned, Origin, Resolved};
use crate::source::{SourceId, Spanned};
use crate::value::{Keyword, Value};

/// The id of the file these tests' policies are written in (the first of
/// a map; the checks never read the map).
pub(super) fn file() -> SourceId {
    crate::source::SourceMap::new().add("test.ward", "")
}

/// A policy from `(section, name, value)` triples; each value gets its own
/// span (`10*i..10*i+5`), each target name a span after them.
pub(super) fn policy(values: &[(&str, &str, Value)], targets: &[&str]) -> Resolved {
    let mut p = Resolved {
        name: "test".into(),
        source: Some(file()),
        ..Resolved::default()
    };
    for (i, (section, name, value)) in values.iter().enumerate() {
        let id = catalog::find(section, name);
        assert!(id.is_some(), "no setting {section}.{name}");
        let Some(id) = id else { continue };
        p.values.insert(
            SettingKey::plain(id),
            Assigned {
                value: value.clone(),
                origin: Origin {
                    source: file(),
                    span: Span::new(10 * i, 10 * i + 5),
                },
                overrode: Vec::new(),
                merged_from: Vec::new(),
            },
        );
    }
    for (i, t) in targets.iter().enumerate() {
        let at = 1000 + 20 * i;
        p.targets
            .push(Spanned::new(t.to_string(), Span::new(at, at + t.len())));
    }
    p
}

#[allow(clippy::panic)] // a test fails by panicking
pub(super) fn target(name: &str) -> &'static Target {
    match builtin(name) {
        Some(t) => t,
        None => panic!("built-in {name} does not parse"),
    }
}

/// A duration as a policy writes it: `8h`, `1h30m` (read with the
/// grammar, summed without a setting's domain).
pub(super) fn d(s: &str) -> Value {
    use crate::syntax::ast::{Item, Number, StmtKind, ValueKind};
    let text = format!("policy p {{ x = {s} }}");
    let (file, _) = crate::syntax::parse(&text);
    let mut total = 0;
    if let Some(Item::Stmt(stmt)) = file.policy.and_then(|p| p.items.into_iter().next()) {
        if let StmtKind::Assign { value } = stmt.kind {
            if let ValueKind::Quantity(terms) = value.kind {
                for t in terms {
                    let unit = t.unit.and_then(|u| crate::value::Unit::parse(&u.node));
                    if let (Number::Int(n), Some(u)) = (t.number.node, unit) {
                        total += n.parse::<u64>().unwrap_or(0) * u.seconds();
                    }
                }
            }
        }
    }
    Value::Duration(total)
}

pub(super) fn n(x: u64) -> Value {
    Value::Count(x)
}

#[test]
#[allow(clippy::panic)] // a test fails by panicking
fn every_builtin_parses_and_cites_sources() {
    let registry = Registry::builtin();
    for name in builtin_names() {
        let text = builtin::builtin_source(name).unwrap_or("");
        let base = |n: &str| builtin(n).cloned();
        let parsed = descriptor::parse(text, &base);
        assert!(parsed.is_ok(), "{name}: {:#?}", parsed.err());
        match registry.find(name) {
            Some(Found::Target(t)) => {
                assert_eq!(t.name, name);
                assert!(!t.sources.is_empty(), "{name} cites no sources");
                assert!(t.sources.iter().all(|s| s.starts_with("https://")));
                assert!(!describe(t).is_empty());
            }
            Some(Found::Group(g, members)) => {
                assert_eq!(
                    members.len(),
                    g.members.len(),
                    "{name}: a member is missing"
                );
            }
            None => panic!("{name} is not in the registry"),
        }
    }
    assert_eq!(
        builtins().len() + builtin::builtin_groups().len(),
        builtin_names().len()
    );
}

#[test]
fn emits_miro() {
    let p = policy(&[("session", "idle_timeout", d("8h"))], &["miro"]);
    insta::assert_json_snapshot!("miro", emit(&p, target("miro")));
    let p = policy(&[("session", "idle_timeout", d("90m"))], &["miro"]);
    assert_eq!(
        emit(&p, target("miro"))["idle_session_timeout"],
        serde_json::json!({"value": 90, "unit": "minutes"})
    );
    let p = policy(&[("session", "idle_timeout", d("2d"))], &["miro"]);
    assert_eq!(
        emit(&p, target("miro"))["idle_session_timeout"],
        serde_json::json!({"value": 2, "unit": "days"})
    );
}

#[test]
fn emits_arcgis() {
    let p = policy(
        &[
            ("token", "lifetime", d("1d")),
            ("token", "federated_lifetime", d("2h")),
        ],
        &["arcgis"],
    );
    insta::assert_json_snapshot!("arcgis", emit(&p, target("arcgis")));
}

#[test]
fn emits_walkme() {
    let p = policy(
        &[
            ("session", "idle_timeout", d("8h")),
            ("session", "renewal_interval", d("15m")),
        ],
        &["walkme"],
    );
    insta::assert_json_snapshot!("walkme", emit(&p, target("walkme")));
}

#[test]
fn emits_qualtrics() {
    let p = policy(
        &[
            ("session", "idle_timeout", d("30m")),
            ("session", "max_concurrent", n(3)),
            ("session", "on_limit", Value::Enum("deny_new")),
            ("password", "min_length", n(12)),
            ("password", "min_upper", n(1)),
            ("password", "min_lower", n(0)),
            ("password", "min_digit", n(1)),
            ("password", "min_symbol", n(1)),
            ("password", "max_age", d("90d")),
            ("password", "enforce_on", Value::Enum("next_login")),
            ("lockout", "threshold", n(5)),
            ("lockout", "window", d("15m")),
            ("lockout", "duration", d("1h")),
            ("accounts", "deactivate_after", d("90d")),
            ("accounts", "allow_proxy_login", Value::Bool(false)),
            (
                "audit",
                "export_formats",
                Value::List(["tsv".to_string(), "csv".to_string()].into()),
            ),
        ],
        &["qualtrics"],
    );
    insta::assert_json_snapshot!("qualtrics", emit(&p, target("qualtrics")));
}

fn keycloak_policy() -> Resolved {
    policy(
        &[
            ("session", "idle_timeout", d("30m")),
            ("session", "absolute_lifetime", d("10h")),
            ("token", "lifetime", d("5m")),
            ("password", "min_length", n(12)),
            ("password", "max_length", n(64)),
            ("password", "min_upper", n(1)),
            ("password", "min_lower", n(1)),
            ("password", "min_digit", n(1)),
            ("password", "min_symbol", n(1)),
            ("password", "history", n(5)),
            ("password", "max_age", d("90d")),
            ("password", "exclude_username", Value::Bool(true)),
            ("lockout", "threshold", n(5)),
            ("lockout", "window", d("15m")),
            ("lockout", "duration", d("1h")),
        ],
        &["keycloak"],
    )
}

#[test]
fn emits_keycloak_realm_fields() {
    let out = emit(&keycloak_policy(), target("keycloak"));
    insta::assert_json_snapshot!("keycloak", out);
    // Keycloak 26+ as shipped: persistent sessions, no grace.
    for field in [
        "ssoSessionIdleTimeout",
        "ssoSessionIdleTimeoutRememberMe",
        "clientSessionIdleTimeout",
        "offlineSessionIdleTimeout",
    ] {
        assert_eq!(out[field], 1800, "{field}");
    }
    for field in [
        "ssoSessionMaxLifespan",
        "ssoSessionMaxLifespanRememberMe",
        "clientSessionMaxLifespan",
        "offlineSessionMaxLifespan",
    ] {
        assert_eq!(out[field], 36000, "{field}");
    }
    assert_eq!(out["offlineSessionMaxLifespanEnabled"], true);
    assert_eq!(
        out["passwordPolicy"],
        "length(12) and maxLength(64) and upperCase(1) and lowerCase(1) and digits(1) \
         and specialChars(1) and passwordHistory(5) and notContainsUsername(undefined) \
         and forceExpiredPasswordChange(90)"
    );
    // A fixed lock of one hour stays fixed.
    assert_eq!(out["waitIncrementSeconds"], 3600);
    assert_eq!(out["maxFailureWaitSeconds"], 3600);
    assert_eq!(out["bruteForceStrategy"], "MULTIPLE");
    assert_eq!(out["maxTemporaryLockouts"], 0);
    assert_eq!(out["permanentLockout"], false);
    assert_eq!(out["bruteForceProtected"], true);
}

#[test]
fn keycloak_25_subtracts_the_grace_and_has_no_strategy() {
    let out = emit(&keycloak_policy(), target("keycloak-25"));
    insta::assert_json_snapshot!("keycloak-25", out);
    for field in [
        "ssoSessionIdleTimeout",
        "ssoSessionIdleTimeoutRememberMe",
        "clientSessionIdleTimeout",
        "offlineSessionIdleTimeout",
    ] {
        assert_eq!(out[field], 1680, "{field}");
    }
    assert!(out.get("bruteForceStrategy").is_none());
    assert_eq!(out["maxTemporaryLockouts"], 0);
    // Everything else as for Keycloak 26.
    let mut k26 = emit(&keycloak_policy(), target("keycloak"));
    if let Some(m) = k26.as_object_mut() {
        m.remove("bruteForceStrategy");
    }
    let same = |j: &serde_json::Value| {
        let mut j = j.clone();
        if let Some(m) = j.as_object_mut() {
            m.retain(|k, _| !k.contains("IdleTimeout"));
        }
        j
    };
    assert_eq!(same(&out), same(&k26));
}

#[test]
fn keycloak_lockout_keywords() {
    let p = policy(
        &[
            ("lockout", "threshold", n(5)),
            (
                "lockout",
                "duration",
                Value::Keyword(Keyword::UntilUnlocked),
            ),
        ],
        &["keycloak"],
    );
    let out = emit(&p, target("keycloak"));
    assert_eq!(out["permanentLockout"], true);
    assert_eq!(out["maxTemporaryLockouts"], 0);
    assert!(out.get("waitIncrementSeconds").is_none());
    assert!(out.get("bruteForceStrategy").is_none());
    let p = policy(
        &[("lockout", "threshold", Value::Keyword(Keyword::Unlimited))],
        &["keycloak"],
    );
    let out = emit(&p, target("keycloak"));
    assert_eq!(out, serde_json::json!({"bruteForceProtected": false}));
}

pub(super) fn aws_policy() -> Resolved {
    policy(
        &[
            ("password", "min_length", n(14)),
            ("password", "min_upper", n(1)),
            ("password", "min_lower", n(1)),
            ("password", "min_digit", n(1)),
            ("password", "min_symbol", n(1)),
            ("password", "history", n(5)),
            ("password", "max_age", d("90d")),
            ("password", "allow_user_change", Value::Bool(true)),
            ("password", "hard_expiry", Value::Bool(false)),
        ],
        &["aws-iam"],
    )
}

#[test]
fn emits_every_aws_field() {
    let out = emit(&aws_policy(), target("aws-iam"));
    insta::assert_json_snapshot!("aws-iam", out);
    let fields = [
        "MinimumPasswordLength",
        "RequireSymbols",
        "RequireNumbers",
        "RequireUppercaseCharacters",
        "RequireLowercaseCharacters",
        "AllowUsersToChangePassword",
        "MaxPasswordAge",
        "PasswordReusePrevention",
        "HardExpiry",
    ];
    let keys: Vec<&str> = out
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, fields);
}

#[test]
fn aws_writes_defaults_and_leaves_out_never_and_zero() {
    let p = policy(
        &[
            ("password", "max_age", Value::Keyword(Keyword::Never)),
            ("password", "history", n(0)),
        ],
        &["aws-iam"],
    );
    let out = emit(&p, target("aws-iam"));
    insta::assert_json_snapshot!("aws-iam-defaults", out);
    assert!(out.get("MaxPasswordAge").is_none());
    assert!(out.get("PasswordReusePrevention").is_none());
    assert_eq!(out["MinimumPasswordLength"], 6);
}

#[test]
fn emission_leaves_out_what_check_refuses() {
    let p = policy(&[("session", "idle_timeout", d("12345m"))], &["miro"]);
    assert_eq!(emit(&p, target("miro")), serde_json::json!({}));
}

const USER_DESCRIPTOR: &str = r#"
name = "acme-sso"
title = "Acme SSO"
sources = ["https://example.com/acme-sso/admin"]
notes = ["written by hand"]

[[settings]]
setting = "session.idle_timeout"
field = "session.idle"
encoding = "iso8601"
max = "12h"
default = "1h"

[[settings]]
setting = "session.absolute_lifetime"
field = "session.max"
encoding = "timespan"

[[settings]]
setting = "password.blocklist"
field = "password.check"
values = { none = "OFF", common = "COMMON", breached = "HIBP" }

[[settings]]
setting = "token.lifetime"
fixed = "1h"
behaviour = "issues 1h tokens"
"#;

#[test]
fn user_descriptor_works_without_rust_changes() {
    let mut map = crate::source::SourceMap::new();
    let t = Target::from_toml(&mut map, "acme.toml", USER_DESCRIPTOR);
    assert!(t.is_ok(), "{:?}", t.as_ref().err());
    let Ok(t) = t else { return };
    assert_eq!(t.source, Some(file()));
    let p = policy(
        &[
            ("session", "idle_timeout", d("8h")),
            ("session", "absolute_lifetime", d("1d12h")),
            ("password", "blocklist", Value::Enum("breached")),
        ],
        &["acme-sso"],
    );
    insta::assert_json_snapshot!("user-descriptor", emit(&p, &t));
    assert!(check(&p, &[&t]).is_empty());
    let p = policy(&[("session", "idle_timeout", d("13h"))], &["acme-sso"]);
    let diags = check(&p, &[&t]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code(), crate::diag::codes::TARGET_LIMIT);
    assert_eq!(
        t.default_value(catalog::session::idle_timeout),
        Some(d("1h"))
    );
    assert_eq!(t.fixed_value(catalog::token::lifetime), Some(d("1h")));
}

#[test]
fn descriptor_errors_point_into_the_toml() {
    let mut map = crate::source::SourceMap::new();
    let text = "name = \"x\"\ntitle = \"X\"\n[[settings]]\nsetting = \"sesion.idle_timeout\"\n";
    let errs = Target::from_toml(&mut map, "x.toml", text)
        .err()
        .unwrap_or_default();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, crate::diag::codes::INVALID_DESCRIPTOR);
    assert_eq!(
        errs[0].help.as_deref(),
        Some("did you mean `session.idle_timeout`?")
    );
    let span = errs[0].primary.as_ref().map(|l| l.span).unwrap_or_default();
    assert_eq!(&text[span.range()], "\"sesion.idle_timeout\"");

    let text = "name = \"x\"\ntitle = \"X\"\n[[settings]]\nsetting = \"session.idle_timeout\"\nmin = 5\nfield = \"a\"\nencodng = \"iso8601\"\n";
    let errs = Target::from_toml(&mut map, "y.toml", text)
        .err()
        .unwrap_or_default();
    // Every problem is reported: the missing unit and the misspelt key.
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let key = errs.iter().find(|d| d.message.contains("encodng"));
    assert_eq!(
        key.and_then(|d| d.help.as_deref()),
        Some("did you mean `encoding`?")
    );

    let text =
        "name = \"x\"\ntitle = \"X\"\n[[settings]]\nsetting = \"session.idle_timeout\"\nmin = 5\n";
    let errs = Target::from_toml(&mut map, "z.toml", text)
        .err()
        .unwrap_or_default();
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].message.contains("has no unit"),
        "{}",
        errs[0].message
    );
    let span = errs[0].primary.as_ref().map(|l| l.span).unwrap_or_default();
    assert_eq!(&text[span.range()], "5");
}

#[test]
fn schema_describes_the_descriptor() {
    let s = descriptor_schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(s["properties"]["settings"].is_object());
    assert!(s["properties"]["name"].is_object());
}

#[test]
fn describes_a_target() {
    insta::assert_snapshot!("describe-miro", describe(target("miro")));
}

#[test]
fn encodes_iso_and_timespan() {
    use super::encoding::{iso8601, timespan};
    assert_eq!(iso8601(8 * 3600), "PT8H");
    assert_eq!(iso8601(86_400 + 43_200), "P1DT12H");
    assert_eq!(iso8601(0), "PT0S");
    assert_eq!(timespan(8 * 3600), "08:00:00");
    assert_eq!(timespan(86_400 + 43_200 + 61), "1.12:01:01");
}
