//! The schema of one output field of a target, from the descriptor rows that
//! write it: the JSON type each [`Encoding`] produces, with the row's limits
//! converted into the service's unit.
//!
//! A row's limits (`min`, `max`) are in policy terms; where a row has none,
//! the catalog's domain stands in. A duration of `s` seconds is written as
//! `(s + offset) / unit`, so the bounds become `ceil((min + offset) / unit)`
//! and `floor((max + offset) / unit)`, at least 1 (the encoder never writes
//! a zero or negative duration) and within the row's `count`. A keyword the
//! row maps to a sentinel adds `{"const": SENTINEL}`; values the row omits
//! add nothing, since the field is left out. `term` rows are one string,
//! matched by a pattern made of the rows' term names.

use crate::catalog::{Setting, Type};
use crate::targets::{Encoding, Row};
use crate::value::{format_duration, Unit, Value};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

/// An ISO 8601 duration as `encode::iso8601` writes it: `PT8H`, `P1DT12H`.
pub const ISO8601_PATTERN: &str = r"^P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$";

/// A .NET time span as `encode::timespan` writes it: `08:00:00`, `1.12:00:00`.
pub const TIMESPAN_PATTERN: &str = r"^(?:[0-9]+\.)?[0-9]{2}:[0-9]{2}:[0-9]{2}$";

/// The schema of a field written by `rows` (one or more, all with this
/// field). `complete`: unset settings are written as the row's default.
pub(super) fn field(rows: &[&Row], complete: bool) -> Json {
    if rows
        .iter()
        .all(|r| matches!(r.encoding, Encoding::Term { .. }))
    {
        return terms(rows);
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
    let bool_term = matches!(row.encoding, Encoding::Term { .. }) && row.id.get().ty == Type::Bool;
    row.default.is_some() && row.omit.is_empty() && !bool_term
}

/// One non-term row: its value schema, keyword sentinels, description.
fn one(row: &Row, complete: bool) -> Json {
    let s = row.id.get();
    let (value, text) = match &row.encoding {
        Encoding::Integer { unit, range } => integer(row, s, *unit, *range, complete),
        Encoding::ValueUnit {
            units,
            range,
            value_key,
            unit_key,
            unit_names,
        } => {
            let keys = (value_key.as_str(), unit_key.as_str());
            value_unit(row, s, units, *range, keys, unit_names, complete)
        }
        Encoding::Iso8601 => (
            json!({ "type": "string", "pattern": ISO8601_PATTERN }),
            "An ISO 8601 duration (`PT8H`, `P1DT12H`).".to_string(),
        ),
        Encoding::Timespan => (
            json!({ "type": "string", "pattern": TIMESPAN_PATTERN }),
            "A time span `[d.]hh:mm:ss` (`08:00:00`, `1.12:00:00`).".to_string(),
        ),
        Encoding::Boolean { invert } => (
            json!({ "type": "boolean" }),
            if *invert {
                "A boolean: the negation of the policy's value.".to_string()
            } else {
                "A boolean.".to_string()
            },
        ),
        Encoding::AtLeastOne => (
            json!({ "type": "boolean" }),
            "`true` when the policy requires at least one.".to_string(),
        ),
        Encoding::Enum(map) => {
            let values = mapped(s, map);
            let text = format!("One of {}.", listed(&values));
            (with_type(json!({ "enum": values }), &values), text)
        }
        Encoding::List(map) => list(s, map),
        Encoding::Term { .. } => (json!({ "type": "string" }), String::new()),
    };
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
    let mut description = format!("`{}`: {} {text}", s.path(), s.description);
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

/// Seconds `lo..=hi` (policy terms) as whole `unit`s after `offset`,
/// within `range`; `None` if no whole number fits.
fn in_unit(lo: u64, hi: u64, offset: i64, unit: Unit, range: (u64, u64)) -> Option<(u64, u64)> {
    let us = i128::from(unit.seconds());
    let lo = (i128::from(lo) + i128::from(offset)).max(1);
    let hi = i128::from(hi) + i128::from(offset);
    let a = u64::try_from((lo + us - 1) / us).ok()?.max(range.0);
    let b = u64::try_from(hi.div_euclid(us)).ok()?.min(range.1);
    (a <= b).then_some((a, b))
}

fn integer(
    row: &Row,
    s: &Setting,
    unit: Option<Unit>,
    range: Option<(u64, u64)>,
    complete: bool,
) -> (Json, String) {
    let (lo, hi) = interval(row, s, complete);
    let range = range.unwrap_or((0, u64::MAX));
    if s.is_duration() {
        let u = unit.unwrap_or(Unit::Second);
        let (a, b) = in_unit(lo, hi, row.offset, u, range).unwrap_or((1, 0));
        let mut text = format!("Whole {}, from {a} to {b}", u.plural());
        if row.offset != 0 {
            text.push_str(&format!(
                " (the policy's value {} {}s)",
                if row.offset < 0 { "minus" } else { "plus" },
                row.offset.unsigned_abs()
            ));
        }
        text.push_str(&format!(
            "; the policy allows `{}` to `{}`.",
            format_duration(lo),
            format_duration(hi)
        ));
        (bounded(a, b), text)
    } else {
        let (a, b) = (lo.max(range.0), hi.min(range.1));
        (bounded(a, b), format!("A whole number from {a} to {b}."))
    }
}

fn bounded(a: u64, b: u64) -> Json {
    let mut m = Map::new();
    m.insert("type".into(), "integer".into());
    m.insert("minimum".into(), a.into());
    if b < u64::MAX {
        m.insert("maximum".into(), b.into());
    }
    Json::Object(m)
}

fn value_unit(
    row: &Row,
    s: &Setting,
    units: &[Unit],
    range: (u64, u64),
    (value_key, unit_key): (&str, &str),
    unit_names: &BTreeMap<String, String>,
    complete: bool,
) -> (Json, String) {
    let (lo, hi) = interval(row, s, complete);
    let mut names = Vec::new();
    let mut branches = Vec::new();
    let mut texts = Vec::new();
    for u in units {
        let Some((a, b)) = in_unit(lo, hi, row.offset, *u, range) else {
            continue;
        };
        let name = unit_names
            .get(u.plural())
            .cloned()
            .unwrap_or_else(|| u.plural().to_string());
        texts.push(format!("{a} to {b} `{name}`"));
        branches.push(json!({
            "type": "object",
            "properties": { value_key: bounded(a, b), unit_key: { "const": name } },
        }));
        names.push(name);
    }
    let schema = json!({
        "type": "object",
        "properties": {
            value_key: { "type": "integer", "minimum": range.0, "maximum": range.1 },
            unit_key: { "type": "string", "enum": names },
        },
        "required": [value_key, unit_key],
        "additionalProperties": false,
        "anyOf": branches,
    });
    let text = format!(
        "An object `{{\"{value_key}\": N, \"{unit_key}\": UNIT}}` in the largest exact unit: {}; the policy allows `{}` to `{}`.",
        texts.join(", "),
        format_duration(lo),
        format_duration(hi)
    );
    (schema, text)
}

/// The JSON values an enum or list row writes: mapped, or the catalog names.
fn mapped(s: &Setting, map: &BTreeMap<String, Json>) -> Vec<Json> {
    let mut out: Vec<Json> = Vec::new();
    let names: Vec<Json> = match s.ty {
        Type::Enum(n) | Type::EnumList(n) if map.is_empty() => {
            n.iter().map(|x| Json::from(*x)).collect()
        }
        _ => map.values().cloned().collect(),
    };
    for v in names {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn list(s: &Setting, map: &BTreeMap<String, Json>) -> (Json, String) {
    if map.is_empty() && s.ty == Type::StrList {
        return (
            json!({ "type": "array", "uniqueItems": true, "items": { "type": "string" } }),
            "A list of names.".to_string(),
        );
    }
    let values = mapped(s, map);
    let injective = map.is_empty() || values.len() == map.len();
    let mut schema = json!({
        "type": "array",
        "items": with_type(json!({ "enum": values }), &values),
    });
    if injective {
        schema["uniqueItems"] = true.into();
    }
    (schema, format!("A list of {}.", listed(&values)))
}

/// The `term(N)` rows of one policy string: a pattern of their terms.
fn terms(rows: &[&Row]) -> Json {
    let mut alternatives = Vec::new();
    let mut parts = Vec::new();
    for row in rows {
        let Encoding::Term { term, arg, unit } = &row.encoding else {
            continue;
        };
        let s = row.id.get();
        let (arg_re, arg_text) = match (s.ty, arg) {
            (Type::Bool, a) => {
                let a = a.as_deref().unwrap_or("");
                (escape(a), a.to_string())
            }
            _ => {
                let what = match unit {
                    Some(u) if s.is_duration() => u.plural(),
                    _ if s.is_duration() => "seconds",
                    _ => "N",
                };
                ("[0-9]+".to_string(), what.to_string())
            }
        };
        let alt = format!("{}\\({arg_re}\\)", escape(term));
        if !alternatives.contains(&alt) {
            alternatives.push(alt);
        }
        parts.push(format!("`{term}({arg_text})` for `{}`", s.path()));
    }
    let one = format!("(?:{})", alternatives.join("|"));
    json!({
        "type": "string",
        "pattern": format!("^{one}(?: and {one})*$"),
        "description": format!("Terms joined with ` and `: {}.", parts.join(", ")),
    })
}

/// `value` with `"type": "string"` when every value is a string.
fn with_type(mut value: Json, values: &[Json]) -> Json {
    if values.iter().all(Json::is_string) {
        value["type"] = "string".into();
    }
    value
}

fn listed(values: &[Json]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    parts.join(", ")
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
