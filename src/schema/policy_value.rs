//! One setting's value in the authoring form: its schema, its hover text
//! and the examples editors offer.
//!
//! Each setting is **one schema with no composition** (no `$ref`, `allOf`
//! or `anyOf`), because that is what every editor engine reads right:
//!
//! - taplo (Even Better TOML) stops at a `$ref` and drops its siblings,
//!   lists a setting once per `anyOf` branch and without its description,
//!   and recurses without end on `{"allOf": [{"$ref": …}]}`;
//! - VS Code's JSON service replaces a description beside a `$ref` with the
//!   referenced one, so a duration's hover showed the generic duration text.
//!
//! So a keyword is an alternative of the value's `pattern` (`"never"`
//! matches `^(?:…terms…|never)$`), and a count that takes a keyword is
//! `"type": ["integer", "string"]` with `minimum`/`maximum` for the number
//! and a `pattern` for the keyword (JSON Schema applies each keyword only to
//! values of its type).

use super::describe;
use super::duration::{self, duration_or_keywords};
use crate::catalog::{Setting, Type};
use schemars::{json_schema, Schema};
use serde_json::{json, Value};

/// A setting with its descriptions and examples, for hover and completion.
pub(super) fn setting(s: &Setting) -> Schema {
    let mut schema = value(s);
    let values = describe::authoring_values(s);
    let examples = examples(s);
    // A middle example reads better than the domain's lower end.
    let pick = match s.ty {
        Type::Duration { .. } => examples.get(1).or(examples.first()),
        _ => examples.first(),
    };
    let example = pick.map(Value::to_string).unwrap_or_default();
    schema.insert(
        "description".into(),
        Value::from(describe::plain(s, &values)),
    );
    schema.insert(
        "markdownDescription".into(),
        Value::from(describe::markdown(s, &values, &example)),
    );
    if !examples.is_empty() && !matches!(s.ty, Type::Enum(_) | Type::Bool) {
        schema.insert("examples".into(), Value::Array(examples));
    }
    schema
}

/// What a setting's value may be in the authoring form, without any text:
/// also the schema of `min`, `max` and `eq` in a bound on it.
pub(super) fn value(s: &Setting) -> Schema {
    let keywords: Vec<&str> = s.keywords.iter().map(|k| k.as_str()).collect();
    let values = describe::authoring_values(s);
    match s.ty {
        Type::Duration { .. } => json_schema!({
            "type": "string",
            "pattern": duration_or_keywords(&keywords),
            "patternErrorMessage": format!(
                "expected {values}: a duration such as \"15m\", \"8h\" or \"1h30m\" (units: s, m, h, d, w); months and years are not accepted"
            ),
        }),
        Type::Count { min, max } if !keywords.is_empty() => json_schema!({
            "type": ["integer", "string"],
            "minimum": min,
            "maximum": max,
            "pattern": format!("^(?:{})$", keywords.join("|")),
            "patternErrorMessage": format!("expected {values}"),
        }),
        Type::Enum(names) if !keywords.is_empty() => {
            let mut all: Vec<&str> = names.to_vec();
            all.extend(&keywords);
            json_schema!({ "type": "string", "enum": all })
        }
        ref other => super::plain_value(other),
    }
}

/// Values an editor offers: durations and counts in the domain, keywords,
/// an enum's values, a list's members.
fn examples(s: &Setting) -> Vec<Value> {
    let mut out: Vec<Value> = match s.ty {
        Type::Duration { min, max } => duration::examples(min, max)
            .into_iter()
            .map(Value::from)
            .collect(),
        Type::Count { min, max } => vec![Value::from(min), Value::from(max)],
        Type::Bool => vec![Value::from(true)],
        Type::Enum(names) => names.iter().rev().map(|n| Value::from(*n)).collect(),
        Type::EnumList(names) => vec![Value::from(names.to_vec())],
        Type::StrList => vec![json!([])],
    };
    out.extend(s.keywords.iter().map(|k| Value::from(k.as_str())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn find(section: &str, name: &str) -> &'static Setting {
        catalog::find(section, name)
            .map(catalog::SettingId::get)
            .unwrap_or(&catalog::SETTINGS[0])
    }

    /// No setting uses a composition keyword or a reference: the shape
    /// taplo and VS Code both read right (see the module comment).
    #[test]
    fn every_setting_is_one_schema_without_composition() {
        for (_, s) in catalog::all() {
            let v = setting(s).to_value();
            for key in ["$ref", "allOf", "anyOf", "oneOf"] {
                assert!(v.get(key).is_none(), "{} has `{key}`: {v}", s.path());
            }
            assert!(v["description"].is_string(), "{}", s.path());
        }
    }

    #[test]
    fn keywords_are_part_of_the_pattern() {
        let idle = value(find("session", "idle_timeout")).to_value();
        assert_eq!(idle["type"], "string");
        assert!(idle["pattern"]
            .as_str()
            .is_some_and(|p| p.ends_with("|unlimited)$")));
        let threshold = value(find("lockout", "threshold")).to_value();
        assert_eq!(threshold["type"], json!(["integer", "string"]));
        assert_eq!(threshold["pattern"], "^(?:unlimited)$");
        assert_eq!(threshold["maximum"], 1000);
    }
}
