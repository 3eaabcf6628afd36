//! Tests of `check`: the acceptance cases (Miro 45m, 20d, 12345m; ArcGIS
//! `2h 15s`; AWS history 25), each limit, each unrepresentable value, fixed
//! behaviours (warning when at least as strict, error when looser),
//! unsupported settings, and bounds on unset settings checked against a
//! target's default.

use super::tests::{aws_policy, d, file, n, policy, target};
use super::*;
use crate::source::SourceMap;

/// The findings of `check`, as the diagnostics they are shown as.
fn check(policy: &crate::model::Resolved, targets: &[&Target]) -> Vec<Diagnostic> {
    let sources = SourceMap::new();
    super::check(policy, targets)
        .iter()
        .map(|f| f.diagnostic(&sources))
        .collect()
}
use crate::catalog;
use crate::diag::{codes, Code, Diagnostic, Severity};
use crate::model::{Bound, BoundOp, Bounds};
use crate::source::Span;
use crate::value::Keyword;

/// `E0601 error: message | help: … | note: …`, one line per diagnostic.
fn show(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        s.push_str(&format!(
            "{} {}: {}",
            d.code,
            d.severity.as_str(),
            d.message
        ));
        if let Some(l) = &d.primary {
            s.push_str(&format!(" @{}..{}", l.span.start, l.span.end));
        }
        if let Some(h) = &d.help {
            s.push_str(&format!("\n  help: {h}"));
        }
        for n in &d.notes {
            s.push_str(&format!("\n  note: {n}"));
        }
        s.push('\n');
    }
    s
}

fn run(values: &[(&str, &str, Value)], name: &str) -> Vec<Diagnostic> {
    let t = target(name);
    check(&policy(values, &[name]), &[t])
}

fn codes_of(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn miro_45m_is_below_its_minimum() {
    let diags = run(&[("session", "idle_timeout", d("45m"))], "miro");
    insta::assert_snapshot!("miro-45m", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_LIMIT]);
    assert!(diags[0].message.contains("`miro`") && diags[0].message.contains("`1h`"));
    assert!(diags[0].help.as_deref().unwrap_or("").contains("`1h`"));
    assert_eq!(
        diags[0].primary.as_ref().map(|l| l.span),
        Some(Span::new(0, 5))
    );
}

#[test]
fn miro_20d_is_above_its_maximum() {
    let diags = run(&[("session", "idle_timeout", d("20d"))], "miro");
    insta::assert_snapshot!("miro-20d", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_LIMIT]);
    assert!(diags[0].message.contains("`14d`"));
    assert!(diags[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("nearest stricter value `miro` accepts is `14d`"));
}

#[test]
fn miro_12345m_is_not_representable() {
    let diags = run(&[("session", "idle_timeout", d("12345m"))], "miro");
    insta::assert_snapshot!("miro-12345m", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXACT]);
    let help = diags[0].help.clone().unwrap_or_default();
    assert!(
        help.contains("whole minutes, hours or days (at most 9999"),
        "{help}"
    );
    assert!(help.contains("`9999m`, `205h` or `8d`"), "{help}");
}

#[test]
fn miro_exact_values_pass_and_recommendation_warns() {
    assert!(run(&[("session", "idle_timeout", d("12000m"))], "miro").is_empty());
    assert!(run(&[("session", "idle_timeout", d("1d"))], "miro").is_empty());
    let diags = run(&[("session", "idle_timeout", d("2h"))], "miro");
    assert_eq!(codes_of(&diags), [codes::TARGET_RECOMMENDATION]);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(diags[0].message.contains("at least `8h`"));
}

#[test]
fn arcgis_2h15s_is_not_whole_minutes() {
    let diags = run(&[("token", "lifetime", d("2h15s"))], "arcgis");
    insta::assert_snapshot!("arcgis-2h15s", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXACT]);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("`arcgis` counts `token.lifetime` in whole minutes; nearest stricter value: `2h`")
    );
    let diags = run(&[("token", "lifetime", d("15d"))], "arcgis");
    assert_eq!(codes_of(&diags), [codes::TARGET_LIMIT]);
}

#[test]
fn arcgis_saml_token_is_fixed() {
    let diags = run(&[("token", "federated_lifetime", d("4h"))], "arcgis");
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED]);
    assert!(diags[0].message.contains("2h token"));
    let diags = run(&[("token", "federated_lifetime", d("1h"))], "arcgis");
    insta::assert_snapshot!("arcgis-saml-looser", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED_LOOSER]);
    assert!(diags[0].is_error());
}

#[test]
fn aws_history_25_is_above_its_maximum() {
    let diags = run(&[("password", "history", n(25))], "aws-iam");
    let diags: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.code != codes::TARGET_RESETS_UNSET)
        .collect();
    insta::assert_snapshot!("aws-history-25", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_LIMIT]);
    assert!(diags[0].message.contains("`aws-iam`") && diags[0].message.contains("`24`"));
    assert!(diags[0].help.as_deref().unwrap_or("").contains("`24`"));
}

#[test]
fn aws_limits_and_booleans() {
    let t = target("aws-iam");
    let mut p = aws_policy();
    assert!(check(&p, &[t]).is_empty(), "{}", show(&check(&p, &[t])));
    let set = |p: &mut crate::model::Resolved, s: &str, name: &str, v: Value| {
        if let Some(id) = catalog::find(s, name) {
            if let Some(a) = p.values.get_mut(&SettingKey::plain(id)) {
                a.value = v;
            }
        }
    };
    set(&mut p, "password", "min_length", n(4));
    set(&mut p, "password", "min_upper", n(2));
    set(&mut p, "password", "max_age", d("1100d"));
    let diags = check(&p, &[t]);
    insta::assert_snapshot!("aws-limits", show(&diags));
    assert_eq!(
        codes_of(&diags),
        [
            codes::TARGET_LIMIT,
            codes::TARGET_WEAKER,
            codes::TARGET_LIMIT
        ]
    );
    assert!(diags[1].message.contains("would be enforced as 1"));
    set(&mut p, "password", "min_length", n(14));
    set(&mut p, "password", "min_upper", n(1));
    set(&mut p, "password", "max_age", d("36h"));
    let diags = check(&p, &[t]);
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXACT]);
    assert!(diags[0].help.as_deref().unwrap_or("").contains("`1d`"));
}

#[test]
fn aws_warns_about_each_unset_field() {
    let diags = run(&[("password", "min_length", n(14))], "aws-iam");
    insta::assert_snapshot!("aws-unset", show(&diags));
    assert_eq!(diags.len(), 8);
    assert!(diags.iter().all(|d| d.code == codes::TARGET_RESETS_UNSET));
    // Pointing at the target's name in the `targets` line.
    assert_eq!(
        diags[0].primary.as_ref().map(|l| (l.source, l.span)),
        Some((file(), Span::new(1000, 1007)))
    );
    assert!(diags
        .iter()
        .any(|d| d.message.contains("no `MaxPasswordAge`")));
}

#[test]
fn keycloak_idle_of_two_minutes_cannot_be_met() {
    let diags = run(&[("session", "idle_timeout", d("2m"))], "keycloak-25");
    insta::assert_snapshot!("keycloak-2m", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_LIMIT]);
    assert!(run(&[("session", "idle_timeout", d("2m1s"))], "keycloak-25").is_empty());
    // Keycloak 26+ as shipped adds no grace: two minutes are two minutes.
    assert!(run(&[("session", "idle_timeout", d("2m"))], "keycloak").is_empty());
    let diags = run(&[("password", "max_age", d("36h"))], "keycloak");
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXACT]);
}

#[test]
fn keycloak_full_policy_passes() {
    let diags = run(
        &[
            ("session", "idle_timeout", d("30m")),
            ("lockout", "threshold", Value::Keyword(Keyword::Unlimited)),
            (
                "lockout",
                "duration",
                Value::Keyword(Keyword::UntilUnlocked),
            ),
            ("password", "max_age", Value::Keyword(Keyword::Never)),
        ],
        "keycloak",
    );
    assert!(diags.is_empty(), "{}", show(&diags));
}

#[test]
fn walkme_renewal_and_caveat() {
    let diags = run(&[("session", "idle_timeout", d("8h"))], "walkme");
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED]);
    assert!(diags[0].message.contains("closed products"));
    let diags = run(&[("session", "renewal_interval", d("5m"))], "walkme");
    insta::assert_snapshot!("walkme-renewal", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED_LOOSER]);
    let diags = run(&[("session", "renewal_interval", d("15m"))], "walkme");
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED]);
}

#[test]
fn qualtrics_fixed_behaviours() {
    let diags = run(
        &[("session", "on_limit", Value::Enum("end_oldest"))],
        "qualtrics",
    );
    insta::assert_snapshot!("qualtrics-end-oldest", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED_LOOSER]);
    let diags = run(
        &[("password", "enforce_on", Value::Enum("next_change"))],
        "qualtrics",
    );
    assert_eq!(codes_of(&diags), [codes::TARGET_FIXED]);
    assert!(diags[0].message.contains("next login"));
    let diags = run(
        &[(
            "audit",
            "export_formats",
            Value::List(["json".to_string()].into()),
        )],
        "qualtrics",
    );
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXPRESSIBLE]);
    assert!(diags[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("`csv` or `tsv`"));
    let diags = run(
        &[(
            "lockout",
            "duration",
            Value::Keyword(Keyword::UntilUnlocked),
        )],
        "qualtrics",
    );
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXPRESSIBLE]);
    let diags = run(&[("session", "idle_timeout", d("90s"))], "qualtrics");
    assert_eq!(codes_of(&diags), [codes::TARGET_INEXACT]);
    assert!(diags[0].help.as_deref().unwrap_or("").ends_with("`1m`"));
}

#[test]
fn unsupported_setting_is_one_warning() {
    let miro = target("miro");
    let arcgis = target("arcgis");
    let p = policy(
        &[
            ("password", "blocklist", Value::Enum("breached")),
            ("session", "idle_timeout", d("8h")),
        ],
        &["miro", "arcgis"],
    );
    let diags = check(&p, &[miro, arcgis]);
    insta::assert_snapshot!("unsupported", show(&diags));
    assert_eq!(codes_of(&diags), [codes::UNSUPPORTED_SETTING]);
    assert!(diags[0].message.contains("(`miro`, `arcgis`)"));
    // No targets: nothing to check against.
    assert!(check(&p, &[]).is_empty());
}

fn bound(op: BoundOp, v: Value, severity: Severity) -> Bound {
    Bound {
        op,
        value: v,
        severity,
        because: Some("Acme standard 4.2".into()),
        origin: crate::model::Origin {
            source: file(),
            span: Span::new(500, 510),
        },
    }
}

#[test]
fn bound_on_unset_setting_checks_the_target_default() {
    let miro = target("miro");
    let mut p = policy(&[], &["miro"]);
    let Some(id) = catalog::find("session", "idle_timeout") else {
        return;
    };
    let mut b = Bounds::default();
    b.error.upper = Some(bound(BoundOp::Le, d("12h"), Severity::Error));
    b.warn.lower = Some(bound(BoundOp::Ge, d("2d"), Severity::Warning));
    p.bounds.insert(SettingKey::plain(id), b);
    let diags = check(&p, &[miro]);
    insta::assert_snapshot!("unset-bound", show(&diags));
    assert_eq!(
        codes_of(&diags),
        [
            codes::TARGET_DEFAULT_BREAKS_BOUND,
            codes::TARGET_DEFAULT_BREAKS_WARN_BOUND
        ]
    );
    assert_eq!(diags[0].labels[0].span, Span::new(500, 510));
    assert_eq!(miro.default_value(id), Some(d("1d")));

    // A fixed value stands in too: ArcGIS's SAML token against `<= 1h`.
    let arcgis = target("arcgis");
    let mut p = policy(&[], &["arcgis"]);
    let Some(fid) = catalog::find("token", "federated_lifetime") else {
        return;
    };
    let mut b = Bounds::default();
    b.error.upper = Some(bound(BoundOp::Le, d("1h"), Severity::Error));
    p.bounds.insert(SettingKey::plain(fid), b);
    let diags = check(&p, &[arcgis]);
    assert_eq!(codes_of(&diags), [codes::TARGET_DEFAULT_BREAKS_BOUND]);
    assert!(diags[0].message.contains("fixed value `2h`"));
    assert_eq!(arcgis.effective_unset(fid), Some(d("2h")));
}

#[test]
fn unknown_target_suggests_a_builtin() {
    let diag = unknown_target(&Registry::builtin(), "mirro", file(), Span::new(0, 5))
        .diagnostic(&SourceMap::new());
    assert_eq!(diag.code, codes::UNKNOWN_TARGET);
    assert_eq!(diag.help.as_deref(), Some("did you mean `miro`?"));
}

#[test]
fn codes_are_in_the_table() {
    for c in [
        codes::TARGET_INEXACT,
        codes::TARGET_LIMIT,
        codes::TARGET_INEXPRESSIBLE,
        codes::TARGET_WEAKER,
        codes::TARGET_FIXED_LOOSER,
        codes::TARGET_DEFAULT_BREAKS_BOUND,
        codes::INVALID_DESCRIPTOR,
        codes::UNKNOWN_TARGET,
        codes::TARGET_FIXED,
        codes::TARGET_RECOMMENDATION,
        codes::UNSUPPORTED_SETTING,
        codes::TARGET_RESETS_UNSET,
        codes::TARGET_DEFAULT_BREAKS_WARN_BOUND,
    ] {
        assert!(c.info().is_some(), "{c}");
        assert!(c.as_str().starts_with("E06") || c.as_str().starts_with("W06"));
    }
}

#[test]
fn keycloak_password_policy_replacement_names_what_is_lost() {
    let diags = run(
        &[
            ("password", "min_length", n(12)),
            ("password", "history", n(0)),
        ],
        "keycloak",
    );
    insta::assert_snapshot!("keycloak-password-policy", show(&diags));
    assert_eq!(codes_of(&diags), [codes::TARGET_RESETS_UNSET]);
    let lost = &diags[0].message;
    for setting in [
        "password.max_length",
        "password.min_upper",
        "password.exclude_username",
        "password.max_age",
    ] {
        assert!(lost.contains(setting), "{lost}");
    }
    // `history = 0` is written by leaving its term out: chosen, not lost.
    assert!(!lost.contains("password.history"), "{lost}");
    // Nothing written, nothing replaced.
    assert!(run(&[("session", "idle_timeout", d("30m"))], "keycloak").is_empty());
}

#[test]
fn keycloak_offline_sessions_keep_their_default_unless_the_policy_sets_them() {
    let mut p = policy(&[], &["keycloak"]);
    let key = SettingKey::plain(catalog::session::absolute_lifetime);
    let mut b = Bounds::default();
    b.error.upper = Some(bound(BoundOp::Le, d("12h"), Severity::Error));
    p.bounds.insert(key, b);
    let diags = check(&p, &[target("keycloak")]);
    let text = show(&diags);
    assert!(
        text.contains("`session.absolute_lifetime` is unset, so `keycloak` keeps its default `unlimited` for `offlineSessionMaxLifespan`, which breaks `session.absolute_lifetime <= 12h`"),
        "{text}"
    );
}
