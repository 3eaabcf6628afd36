//! Writes a target's configuration from a resolved policy.
//!
//! Fields appear in descriptor order (serde_json keeps insertion order), so
//! the same policy always gives the same bytes. Dotted field names nest
//! (`account_lockout.failed_login_attempts`); `term` rows join into one
//! policy string. A value `check` would refuse is left out rather than
//! guessed at: emission assumes `check` passed, but never panics if not.

use super::encode::{encode, Encoded};
use super::{keycloak, Special, Target};
use crate::model::{Resolved, SettingKey};
use serde_json::{Map, Value as Json};

/// The configuration `target` should hold for `policy`.
pub fn emit(policy: &Resolved, target: &Target) -> Json {
    let mut out = Map::new();
    for row in &target.rows {
        let Some(field) = &row.field else {
            continue;
        };
        let key = SettingKey::plain(row.id);
        let value = match policy.value(&key) {
            Some(v) => v.clone(),
            None if target.complete => match &row.default {
                Some(d) => d.clone(),
                None => continue,
            },
            None => continue,
        };
        match encode(row, key.setting(), &value) {
            Ok(Encoded::Json(j)) => insert(&mut out, field, j),
            Ok(Encoded::Term(t)) => append_term(&mut out, field, &t),
            Ok(Encoded::Omit) | Err(_) => {}
        }
    }
    if target.special == Some(Special::Keycloak) {
        keycloak::finish(policy, &mut out);
    }
    Json::Object(out)
}

/// Puts `value` at a dotted path, making objects on the way. A path that
/// runs into a non-object keeps the first value.
fn insert(out: &mut Map<String, Json>, path: &str, value: Json) {
    let mut parts = path.split('.').peekable();
    let mut cur = out;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            cur.insert(part.to_string(), value);
            return;
        }
        let next = cur
            .entry(part.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        match next {
            Json::Object(m) => cur = m,
            _ => return,
        }
    }
}

/// Adds one `term(N)` to the policy string at `path`.
fn append_term(out: &mut Map<String, Json>, path: &str, term: &str) {
    let existing = lookup(out, path).and_then(Json::as_str).map(str::to_string);
    let joined = match existing {
        Some(s) if !s.is_empty() => keycloak::join_terms(&s, term),
        _ => term.to_string(),
    };
    insert(out, path, joined.into());
}

fn lookup<'a>(out: &'a Map<String, Json>, path: &str) -> Option<&'a Json> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut cur = out.get(first)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}
