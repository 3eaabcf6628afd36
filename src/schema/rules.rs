//! The cross-setting rules (section 5 of the language reference) as far as
//! JSON Schema can express them.
//!
//! JSON Schema cannot compare two values, so `idle_timeout <= absolute_lifetime`
//! cannot be checked in general. What it can check is the part that involves
//! keywords, which rank above every number: an `unlimited` idle timeout with
//! a finite absolute lifetime breaks the rule whatever the numbers are. Those
//! parts become `if`/`then` clauses in the section's `dependentSchemas`,
//! keyed by the left-hand setting (not an `allOf` on the section: taplo
//! leaves a schema that has an `allOf` out of completion); the rest is listed in the
//! schema's `$comment`. Only error rules become clauses: a document with a
//! warning is still a document ward writes, so it must validate.
//!
//! The rule list mirrors `validate::rules`, which checks them all.

use crate::catalog::{self, SettingId};
use serde_json::{json, Value};

/// How the left side must compare with the right.
#[derive(Clone, Copy)]
enum Op {
    Le,
    Lt,
    Ge,
}

struct Rule {
    error: bool,
    left: (&'static str, &'static str),
    op: Op,
    right: (&'static str, &'static str),
}

const fn rule(
    error: bool,
    left: (&'static str, &'static str),
    op: Op,
    right: (&'static str, &'static str),
) -> Rule {
    Rule {
        error,
        left,
        op,
        right,
    }
}

const RULES: &[Rule] = &[
    rule(
        true,
        ("session", "idle_timeout"),
        Op::Le,
        ("session", "absolute_lifetime"),
    ),
    rule(
        true,
        ("password", "min_length"),
        Op::Le,
        ("password", "max_length"),
    ),
    rule(
        true,
        ("password", "min_age"),
        Op::Lt,
        ("password", "max_age"),
    ),
    rule(
        true,
        ("token", "refresh_lifetime"),
        Op::Ge,
        ("token", "lifetime"),
    ),
    rule(
        false,
        ("token", "federated_lifetime"),
        Op::Le,
        ("token", "lifetime"),
    ),
    rule(
        false,
        ("token", "lifetime"),
        Op::Le,
        ("session", "absolute_lifetime"),
    ),
    rule(
        false,
        ("session", "renewal_interval"),
        Op::Lt,
        ("session", "idle_timeout"),
    ),
];

/// The rules JSON Schema cannot check, for the schema's `$comment`.
pub fn comment() -> String {
    let mut lines = vec![
        "Cross-setting rules that ward checks but JSON Schema cannot (it cannot compare two values):"
            .to_string(),
    ];
    for r in RULES {
        let op = match r.op {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
        };
        let kind = if r.error { "error" } else { "warning" };
        lines.push(format!(
            "{kind} unless {}.{} {op} {}.{}",
            r.left.0, r.left.1, r.right.0, r.right.1
        ));
    }
    lines.extend(
        [
            "error unless password.min_upper + min_lower + min_digit + min_symbol <= password.max_length (and min_letter alongside); warning when that sum is above password.min_length",
            "warning when session.renewal_interval < session.idle_timeout while an upper bound on session.idle_timeout applies (a renewing client never goes idle)",
            "warning when password.history > 0 and password.min_age = 0s",
            "warning when lockout.threshold = unlimited and lockout.window or lockout.duration is set",
            "warning when session.on_limit is set without session.max_concurrent",
            "Where a keyword alone breaks an error rule (an `unlimited` idle timeout with a finite absolute lifetime), the section's `allOf` checks it.",
        ]
        .map(String::from),
    );
    lines.join("\n")
}

/// The section's `dependentSchemas`: the [`clauses`] keyed by their
/// left-hand setting (several under one key are an `allOf`), or `None`.
pub fn dependent_schemas(section: &str) -> Option<Value> {
    let mut out = serde_json::Map::new();
    for (lo, clause) in clauses(section) {
        match out.get_mut(lo) {
            None => {
                out.insert(lo.to_string(), clause);
            }
            Some(Value::Object(m)) if m.contains_key("allOf") => {
                if let Some(Value::Array(a)) = m.get_mut("allOf") {
                    a.push(clause);
                }
            }
            Some(first) => {
                let prev = first.take();
                *first = json!({ "allOf": [prev, clause] });
            }
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// `if`/`then` clauses for the keyword part of the error rules within
/// `section`, each with its left-hand setting. Keywords are the same
/// strings in both schemas.
pub fn clauses(section: &str) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    for r in RULES.iter().filter(|r| r.error) {
        if r.left.0 != section || r.right.0 != section {
            continue;
        }
        // Normalise to `lo <= hi` or `lo < hi`.
        let (lo, hi, strict) = match r.op {
            Op::Le => (r.left.1, r.right.1, false),
            Op::Lt => (r.left.1, r.right.1, true),
            Op::Ge => (r.right.1, r.left.1, false),
        };
        let lo_kw = keywords(section, lo);
        if lo_kw.is_empty() {
            continue;
        }
        let hi_kw = keywords(section, hi);
        // A keyword on the low side is larger than every number, and equal
        // to another keyword: `<=` then needs a keyword on the high side,
        // `<` can never hold.
        let then = if strict || hi_kw.is_empty() {
            json!({ "properties": { hi: false } })
        } else {
            json!({ "properties": { hi: { "enum": hi_kw } } })
        };
        let rel = if strict { "<" } else { "<=" };
        out.push((
            lo,
            json!({
                "$comment": format!("{section}.{lo} {rel} {section}.{hi}: a keyword on the left is larger than every number"),
                "if": { "required": [lo, hi], "properties": { lo: { "enum": lo_kw } } },
                "then": then,
            }),
        ));
    }
    out
}

fn keywords(section: &str, name: &str) -> Vec<&'static str> {
    catalog::find(section, name)
        .map(SettingId::get)
        .map(|s| s.keywords.iter().map(|k| k.as_str()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_names_catalog_settings() {
        for r in RULES {
            for (s, n) in [r.left, r.right] {
                assert!(catalog::find(s, n).is_some(), "{s}.{n}");
            }
        }
    }

    #[test]
    fn only_the_idle_timeout_rule_has_a_keyword_part() {
        assert_eq!(clauses("session").len(), 1);
        assert_eq!(
            clauses("session")[0].1["then"]["properties"]["absolute_lifetime"]["enum"],
            json!(["unlimited"])
        );
        let deps = dependent_schemas("session").unwrap_or_default();
        assert!(deps["idle_timeout"]["if"].is_object(), "{deps}");
        assert_eq!(dependent_schemas("token"), None);
        assert!(clauses("password").is_empty());
        assert!(clauses("token").is_empty());
    }
}
