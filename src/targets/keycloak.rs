//! Keycloak: what its realm representation needs beyond plain fields.
//!
//! The `passwordPolicy` string is a list of `term(N)` joined with ` and `
//! (`length(12) and upperCase(1) and passwordHistory(5)`); the descriptor
//! names each term and [`join_terms`] writes them. Brute-force protection is
//! switched by two booleans no single setting maps to: `bruteForceProtected`
//! is false for `lockout.threshold = unlimited` and true for a number, and
//! `permanentLockout` is true for `lockout.duration = until_unlocked`. A
//! fixed lock of D is written by the descriptor as
//! `waitIncrementSeconds = maxFailureWaitSeconds = D` (Keycloak otherwise
//! escalates the wait after each lockout). [`finish`] adds the switches and
//! keeps the brute-force fields together, switches first, and
//! [`schema_properties`] describes the two switches for the output schema,
//! so what `finish` writes and what the schema says sit side by side.

use crate::catalog::lockout;
use crate::model::Resolved;
use crate::value::{Keyword, Value};
use serde_json::{Map, Value as Json};

/// Brute-force fields, in the order an administrator reads them.
const BRUTE_FORCE: [&str; 6] = [
    "bruteForceProtected",
    "permanentLockout",
    "failureFactor",
    "maxDeltaTimeSeconds",
    "waitIncrementSeconds",
    "maxFailureWaitSeconds",
];

/// `a and b`, keeping a term out if it is already there.
pub fn join_terms(existing: &str, term: &str) -> String {
    if existing.split(" and ").any(|t| t == term) {
        existing.to_string()
    } else {
        format!("{existing} and {term}")
    }
}

/// Adds the brute-force switches and groups the brute-force fields.
pub fn finish(policy: &Resolved, out: &mut Map<String, Json>) {
    let threshold = policy.get(lockout::threshold).map(|a| &a.value);
    let duration = policy.get(lockout::duration).map(|a| &a.value);
    let mut brute = Map::new();
    if let Some(t) = threshold {
        let on = !matches!(t, Value::Keyword(Keyword::Unlimited));
        brute.insert("bruteForceProtected".into(), on.into());
    }
    if let Some(d) = duration {
        let permanent = matches!(d, Value::Keyword(Keyword::UntilUnlocked));
        brute.insert("permanentLockout".into(), permanent.into());
    }
    if brute.is_empty() && !BRUTE_FORCE.iter().any(|k| out.contains_key(*k)) {
        return;
    }
    let mut rest = Map::new();
    for (k, v) in std::mem::take(out) {
        if BRUTE_FORCE.contains(&k.as_str()) {
            brute.insert(k, v);
        } else {
            rest.insert(k, v);
        }
    }
    *out = rest;
    for k in BRUTE_FORCE {
        if let Some(v) = brute.remove(k) {
            out.insert(k.to_string(), v);
        }
    }
}

/// The fields [`finish`] writes, as `(name, JSON Schema)` for the target's
/// output schema (the descriptor's rows describe the rest).
pub fn schema_properties() -> Vec<(&'static str, Json)> {
    vec![
        (
            BRUTE_FORCE[0],
            serde_json::json!({
                "type": "boolean",
                "description": "`lockout.threshold`: `false` for `unlimited`, `true` for a number of failed attempts. Written when the policy sets `lockout.threshold`.",
            }),
        ),
        (
            BRUTE_FORCE[1],
            serde_json::json!({
                "type": "boolean",
                "description": "`lockout.duration`: `true` for `until_unlocked` (an administrator unlocks the account), `false` for a fixed lock. Written when the policy sets `lockout.duration`.",
            }),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::join_terms;

    #[test]
    fn joins_terms_once() {
        assert_eq!(
            join_terms("length(12)", "digits(1)"),
            "length(12) and digits(1)"
        );
        assert_eq!(
            join_terms("length(12) and digits(1)", "digits(1)"),
            "length(12) and digits(1)"
        );
    }
}
