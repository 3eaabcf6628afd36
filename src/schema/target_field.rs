//! The schema of one output field of a target, from the descriptor rows that
//! write it: each row's encoding gives the JSON type it writes
//! (`Codec::schema`), with the row's limits converted into the service's
//! unit; this module adds what every row shares.
//!
//! A row's limits (`min`, `max`) are in policy terms; where a row has none,
//! the catalog's domain stands in ([`interval`]). A keyword the row maps to
//! a sentinel adds `{"const": SENTINEL}`; values the row omits add nothing,
//! since the field is left out; a `text` template makes the value a string.
//! `term` rows are one string, matched by a pattern made of the rows' term
//! names; the rows of one `level` field are one value, described once.

use crate::catalog::{Setting, Type};
use crate::targets::encoding::term::{escape, joined_schema};
use crate::targets::encoding::SchemaCx;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};

/// The schema of a field written by `rows` (one or more, all with this
/// field). `complete`: unset settings are written as the row's default.
pub(super) fn field(rows: &[&Row], complete: bool) -> Json {
    if rows.iter().all(|r| r.encoding.term().is_some()) {
        return joined_schema(rows);
    }
    if let Some(first) = rows
        .first()
        .filter(|_| rows.iter().all(|r| r.encoding.levels().is_some()))
    {
        return levels(first);
    }
    let mut alternatives: Vec<Json> = rows.iter().map(|r| one(r, complete)).collect();
    if alternatives.len() == 1 {
        return alternatives.remove(0);
    }
    let descriptions: Vec<String> = alternatives
        .iter_mut()
        .filter_map(|a| a.as_object_mut()?.remove("description"))
        .filter_map(|d| d.as_str().map(str::to_string))
        .collect();
    json!({ "anyOf": alternatives, "description": descriptions.join(" Or: ") })
}

/// Does the row write its field whatever the policy says (a complete
/// target writes an unset setting as its default)?
pub(super) fn always_written(row: &Row) -> bool {
    let bool_term = row.encoding.term().is_some() && row.setting().ty == Type::Bool;
    row.default.is_some() && row.omit.is_empty() && !bool_term
}

/// The field of a `level` row of several settings: one value for all of
/// them, described once.
fn levels(row: &Row) -> Json {
    let written = row.encoding.schema(row, &SchemaCx { lo: 0, hi: 0 });
    let mut out = written.schema;
    let mut description = written.text;
    if let Some(note) = &row.note {
        description.push_str(&format!(" Note: {note}."));
    }
    if let Some(d) = row.encoding.levels().and_then(|l| l.default_level()) {
        description.push_str(&format!(
            " Service default: `{}`.",
            d.as_str().unwrap_or_default()
        ));
    }
    out["description"] = description.into();
    out
}

/// One non-term row: its value schema, keyword sentinels, description.
fn one(row: &Row, complete: bool) -> Json {
    let s = row.setting();
    let (lo, hi) = interval(row, s, complete);
    let written = row.encoding.schema(row, &SchemaCx { lo, hi });
    let value = match &row.text {
        // A template makes the value a string: `4,900`.
        Some(t) => {
            let (before, after) = t.split_once("{}").unwrap_or((t.as_str(), ""));
            json!({ "type": "string", "pattern": format!("^{}.*{}$", escape(before), escape(after)) })
        }
        None => written.schema,
    };
    let text = written.text;
    let mut alternatives = vec![value];
    let mut words = Vec::new();
    for (k, sentinel) in &row.keywords {
        if !row.omit.contains(&Value::Keyword(*k)) {
            alternatives.push(json!({ "const": sentinel }));
            words.push(format!("`{}` is written as `{sentinel}`", k.as_str()));
        }
    }
    let mut out = if alternatives.len() == 1 {
        alternatives.remove(0)
    } else {
        json!({ "anyOf": alternatives })
    };
    let mut description = format!("`{}`: {} {text}", row.setting_path(), s.description);
    if !words.is_empty() {
        description.push_str(&format!(" {}.", upper_first(&words.join("; "))));
    }
    if !row.omit.is_empty() {
        let omitted: Vec<String> = row.omit.iter().map(|v| format!("`{v}`")).collect();
        description.push_str(&format!(" Left out for {}.", omitted.join(", ")));
    }
    if let Some(note) = &row.note {
        let stop = if note.ends_with('.') { "" } else { "." };
        description.push_str(&format!(" Note: {note}{stop}"));
    }
    if let Some(d) = &row.default {
        description.push_str(&format!(" Service default: `{d}`."));
    }
    if let Json::Object(m) = &mut out {
        m.insert("description".into(), description.into());
    }
    out
}

/// The policy-side interval a row can write: its limits, else the domain,
/// widened to its default for a complete target.
fn interval(row: &Row, s: &Setting, complete: bool) -> (u64, u64) {
    let (mut lo, mut hi) = s.domain().unwrap_or((0, u64::MAX));
    if let Some(Value::Duration(n) | Value::Count(n)) = &row.min {
        lo = lo.max(*n);
    }
    if let Some(Value::Duration(n) | Value::Count(n)) = &row.max {
        hi = hi.min(*n);
    }
    if matches!(s.ty, Type::Count { .. }) && row.omit.contains(&Value::Count(lo)) {
        lo = lo.saturating_add(1);
    }
    if complete {
        if let Some(Value::Duration(n) | Value::Count(n)) = &row.default {
            if !row.omit.contains(&Value::Duration(*n)) && !row.omit.contains(&Value::Count(*n)) {
                lo = lo.min(*n);
                hi = hi.max(*n);
            }
        }
    }
    (lo, hi)
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
