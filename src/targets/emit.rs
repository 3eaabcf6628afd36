//! Writes a target's configuration from a resolved policy.
//!
//! [`fields`] builds the tree of fields, in descriptor order (serde_json
//! keeps insertion order), so the same policy always gives the same bytes:
//! dotted fields nest (`account_lockout.failed_login_attempts`), `{name}`
//! is each integration's name, `term` rows join into one policy string, a
//! `level` field is written once from all its settings. A
//! value `check` would refuse is left out rather than guessed at: emission
//! assumes `check` passed, but never panics if not. [`render`] hands the
//! tree to the target's writer, which writes the service's own format.

use super::encoding::term::join_terms;
use super::encoding::Encoded;
use super::format::Fields;
use super::{Instance, Row, Target};
use crate::model::{Resolved, SettingKey};
use crate::value::Value;
use serde_json::{Map, Value as Json};

/// The configuration `target` should hold for `policy`, as JSON.
pub fn emit(policy: &Resolved, target: &Target) -> Json {
    Json::Object(fields(policy, target))
}

/// The bytes of the file `target` is written to.
pub fn render(policy: &Resolved, target: &Target) -> Vec<u8> {
    target.output.writer.write(target, &fields(policy, target))
}

/// The keys a row writes for, with their values: a plain setting, every
/// integration the policy configures, or one.
pub(crate) fn inputs<'a>(
    policy: &'a Resolved,
    target: &Target,
    row: &'a Row,
) -> Vec<(SettingKey, Option<&'a Value>)> {
    match &row.selector.instance {
        Instance::Plain => {
            let key = SettingKey::plain(row.selector.id);
            let v = policy.value(&key);
            let v = match (v, target.complete) {
                (None, _) if row.when_unset.is_some() => row.when_unset.as_ref(),
                (None, true) => row.default.as_ref(),
                (v, _) => v,
            };
            vec![(key, v)]
        }
        Instance::Any => policy
            .values
            .iter()
            .filter(|(k, _)| row.selector.matches(k))
            .map(|(k, a)| (k.clone(), Some(&a.value)))
            .collect(),
        Instance::Named(name) => {
            let key = SettingKey {
                id: row.selector.id,
                instance: Some(name.clone()),
            };
            let v = policy.value(&key).or(row.when_unset.as_ref());
            vec![(key, v)]
        }
    }
}

/// The tree of fields `target` should hold for `policy`: the values the
/// policy has for that target (its per-target values, else the general
/// ones).
pub fn fields(policy: &Resolved, target: &Target) -> Fields {
    let view = policy.seen_by(&target.name);
    let policy: &Resolved = &view;
    let mut out = Map::new();
    for row in &target.rows {
        let Some(field) = &row.field else {
            continue;
        };
        if let Some(levels) = row.encoding.levels() {
            // One field from several settings, written at its first row.
            let first = target.rows.iter().find(|r| r.field.as_ref() == Some(field));
            if first.is_some_and(|r| std::ptr::eq(r, row)) {
                let values: Vec<Option<&Value>> = levels
                    .settings()
                    .iter()
                    .map(|id| policy.value(&SettingKey::plain(*id)))
                    .collect();
                if let Some(j) = levels.write(&values) {
                    insert(&mut out, field, j);
                }
            }
            continue;
        }
        for (key, value) in inputs(policy, target, row) {
            let (Some(value), Some(field)) = (value, row.field_for(&key)) else {
                continue;
            };
            if !target.rows_for(&key).any(|r| std::ptr::eq(r, row)) {
                // A row for this one integration takes its place.
                continue;
            }
            match row.encode(value) {
                Ok(Encoded::Json(j)) => insert(&mut out, &field, j),
                Ok(Encoded::Term(t)) => append_term(&mut out, &field, &t),
                Ok(Encoded::Omit) | Err(_) => {}
            }
        }
    }
    out
}

/// Puts `value` at a dotted path, making objects on the way. A path that
/// runs into a non-object keeps the first value (descriptors are checked
/// so that no two rows collide).
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
    let existing = lookup(out, path)
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    insert(out, path, join_terms(&existing, term).into());
}

/// The value at a dotted path.
pub(crate) fn lookup<'a>(out: &'a Map<String, Json>, path: &str) -> Option<&'a Json> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut cur = out.get(first)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}
