//! The cross-setting rules (section 5 of the language reference) as far as
//! JSON Schema can express them.
//!
//! JSON Schema cannot compare two values, so `idle_timeout <= absolute_lifetime`
//! cannot be checked in general. What it can check is the part that involves
//! keywords, which rank above every number: an `unlimited` idle timeout with
//! a finite absolute lifetime breaks the rule whatever the numbers are. Those
//! parts become `if`/`then` clauses in the section's `dependentSchemas`,
//! keyed by the left-hand setting (not an `allOf` on the section: taplo
//! leaves a schema that has an `allOf` out of completion); the rest is
//! listed in the schema's `$comment`. Only error rules become clauses: a document with a
//! warning is still a document ward writes, so it must validate.
//!
//! The rules are read from the catalog's table
//! ([`crate::catalog::rules::RULES`]) and the rules that are code
//! ([`crate::validate::rules::OTHERS`]), which validation checks.

use crate::catalog::rules::{Relation, RULES};
use crate::catalog::SettingId;
use crate::diag::Severity;
use crate::validate::rules::OTHERS;
use serde_json::{json, Value};

/// The rules JSON Schema cannot check, for the schema's `$comment`.
pub fn comment() -> String {
    let mut lines = vec![
        "Cross-setting rules that ward checks but JSON Schema cannot (it cannot compare two values):"
            .to_string(),
    ];
    for r in RULES {
        let kind = r.code.severity().as_str();
        lines.push(format!(
            "{kind} unless {} {} {}",
            path(r.left),
            r.relation.as_str(),
            path(r.right)
        ));
    }
    lines.extend(OTHERS.iter().map(|r| r.summary.to_string()));
    lines.push(
        "Where a keyword alone breaks an error rule (an `unlimited` idle timeout with a finite absolute lifetime), the section's `dependentSchemas` check it."
            .to_string(),
    );
    lines.join("\n")
}

fn path(id: SettingId) -> String {
    let s = id.get();
    format!("{}.{}", s.section, s.name)
}

/// The section's `dependentSchemas`: the [`clauses`] keyed by their
/// left-hand setting (several under one key are an `allOf`), or `None`.
pub(crate) fn dependent_schemas(section: &str) -> Option<Value> {
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
    for r in RULES
        .iter()
        .filter(|r| r.code.severity() == Severity::Error)
    {
        if r.left.get().section != section || r.right.get().section != section {
            continue;
        }
        // Normalise to `lo <= hi` or `lo < hi`.
        let (lo, hi, strict) = match r.relation {
            Relation::AtMost => (r.left, r.right, false),
            Relation::Below => (r.left, r.right, true),
            Relation::AtLeast => (r.right, r.left, false),
        };
        let lo_kw = keywords(lo);
        if lo_kw.is_empty() {
            continue;
        }
        let hi_kw = keywords(hi);
        let (lo, hi) = (lo.get().name, hi.get().name);
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

fn keywords(id: SettingId) -> Vec<&'static str> {
    id.get().keywords.iter().map(|k| k.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
