//! The schema of the TOML/JSON authoring form of a policy (section 6):
//! `NAME.ward.toml` and `NAME.ward.json`.
//!
//! Written for editors first: every section and setting has a
//! `description` and a `markdownDescription` (hover), durations have
//! `examples` in the domain (completion of `"15m"`, `"8h"`, …), keywords are
//! `const` alternatives and enum values `enum`s (completion), and objects
//! refuse unknown keys so that a typo is underlined. Durations are strings
//! matching `$defs/duration`, whose pattern is built from the unit
//! spellings; a bare number where a duration belongs is a type error, as the
//! compiler's missing-unit error is.

use super::describe;
use super::duration::{self, duration_pattern, DURATION_PATTERN_DESCRIPTION};
use super::{policy_bounds, rules, Defs};
use crate::catalog::{self, Setting, Type};
use crate::diag::codes;
use crate::resolve::stdlib;
use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value};

/// The JSON Schema of the TOML/JSON authoring form of a policy.
pub fn policy() -> Value {
    let mut defs = Defs::new();
    let mut properties = Map::new();
    properties.insert(
        "$schema".into(),
        json!({
            "type": "string",
            "description": "The schema this file follows, for editors (JSON files only; in TOML write a `#:schema` comment).",
        }),
    );
    properties.insert(
        "policy".into(),
        json!({
            "type": "string",
            "minLength": 1,
            "description": "The name of the policy.",
            "markdownDescription": "The name of the policy, as `policy NAME { … }` names it in a `.ward` file.",
            "examples": ["acme"],
        }),
    );
    properties.insert("extends".into(), extends());
    properties.insert(
        "targets".into(),
        json!({
            "type": "array",
            "uniqueItems": true,
            "items": { "type": "string", "minLength": 1 },
            "description": "The services this file is checked against. Not inherited.",
            "markdownDescription": "The services this file is checked against (`ward targets` lists them). Not inherited: each file says which services it is checked against.",
        }),
    );
    properties.insert("allow".into(), allow());
    properties.insert(
        "allow_because".into(),
        json!({
            "type": "string",
            "minLength": 1,
            "description": "Why the warnings in `allow` are accepted (needs `allow`).",
            "markdownDescription": "Why the warnings in `allow` are accepted, as `allow W0505 because \"…\"` says in a `.ward` file. Needs `allow`.",
        }),
    );
    for section in catalog::sections() {
        let body = section_object(&mut defs, section);
        let schema = if section == catalog::INSTANCED_SECTION {
            let integration = defs.reference("integration", || body);
            let text = describe::section(section);
            json_schema!({
                "type": "object",
                "description": text,
                "markdownDescription": text,
                "additionalProperties": integration.to_value(),
            })
        } else {
            body
        };
        properties.insert(section.to_string(), schema.to_value());
    }
    let bound = policy_bounds::bound(&mut defs);
    properties.insert(
        "bounds".into(),
        json!({
            "type": "array",
            "description": "Bounds on settings: each entry is one `>=`, `<=`, `==` or `in` statement.",
            "markdownDescription": "Bounds on settings (`[[bounds]]`): each entry is one statement of a `.ward` file — `min` is `>=`, `max` is `<=`, both are `in`, `eq` is `==`. Bounds only narrow what a policy inherits.",
            "items": bound.to_value(),
        }),
    );
    let body = json_schema!({
        "$comment": format!(
            "{}\nNot expressible either: duration domains (a duration is a string here; ward checks its range), `min` <= `max` in a bound, and whether a bound is looser than an inherited one.",
            rules::comment()
        ),
        "type": "object",
        "required": ["policy"],
        "properties": properties,
        "dependentRequired": { "allow_because": ["allow"] },
        "additionalProperties": false,
    });
    super::finish(
        defs,
        "policy",
        "ward policy (TOML/JSON authoring form)",
        "A ward policy written as TOML (`NAME.ward.toml`) or JSON (`NAME.ward.json`): the same \
         meaning as a `.ward` file. Durations are strings such as \"15m\" or \"1h30m\"; keywords \
         (`never`, `unlimited`, `until_unlocked`) and enum values are strings; `[[bounds]]` \
         entries hold bounds.",
        body,
    )
}

fn extends() -> Value {
    let profiles: Vec<String> = stdlib::names().map(|n| format!("std:{n}")).collect();
    json!({
        "type": "array",
        "description": "Policies this one builds on: paths relative to this file, or built-in profiles (`std:NAME`).",
        "markdownDescription": "Policies this one builds on: a path relative to this file (`\"./baseline.ward\"`), or a built-in profile (`\"std:NAME\"`, listed by `ward profiles`). Parents are merged, strictest value first.",
        "items": {
            "type": "string",
            "minLength": 1,
            "examples": profiles,
        },
        "examples": [["std:pci-dss-4.0"], ["./baseline.ward"]],
    })
}

fn allow() -> Value {
    let warnings: Vec<&str> = codes::ALL
        .iter()
        .map(|i| i.code.0)
        .filter(|c| c.starts_with('W'))
        .collect();
    json!({
        "type": "array",
        "uniqueItems": true,
        "description": "Warning codes to silence in this file.",
        "markdownDescription": "Warning codes to silence in this file (`ward explain-code CODE` explains one). Only `W` codes can be allowed.",
        "items": { "type": "string", "enum": warnings },
    })
}

/// One section (or one integration) as an object of its settings.
fn section_object(defs: &mut Defs, section: &str) -> Schema {
    let mut properties = Map::new();
    for (_, s) in catalog::in_section(section) {
        properties.insert(s.name.to_string(), setting(defs, s).to_value());
    }
    let text = describe::section(section);
    let mut schema = json_schema!({
        "type": "object",
        "description": text,
        "markdownDescription": text,
        "properties": properties,
        "additionalProperties": false,
    });
    let clauses = rules::clauses(section);
    if !clauses.is_empty() {
        schema.insert("allOf".into(), Value::Array(clauses));
    }
    schema
}

/// A setting with its descriptions and examples, for hover and completion.
fn setting(defs: &mut Defs, s: &Setting) -> Schema {
    let mut schema = value(defs, s);
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
pub(super) fn value(defs: &mut Defs, s: &Setting) -> Schema {
    let value = match s.ty {
        Type::Duration { .. } => defs.reference("duration", || {
            json_schema!({
                "type": "string",
                "pattern": duration_pattern(),
                "description": DURATION_PATTERN_DESCRIPTION,
                "patternErrorMessage": "expected a duration such as \"15m\", \"8h\" or \"1h30m\" (units: s, m, h, d, w); months and years are not accepted",
            })
        }),
        ref other => super::plain_value(other),
    };
    super::resolved::with_keywords(value, s)
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

    #[test]
    fn durations_are_strings_with_examples_and_keywords() {
        let p = policy();
        let idle = &p["properties"]["session"]["properties"]["idle_timeout"];
        assert_eq!(idle["anyOf"][0]["$ref"], "#/$defs/duration");
        assert_eq!(idle["anyOf"][1]["const"], "unlimited");
        let examples = idle["examples"].as_array().cloned().unwrap_or_default();
        assert!(examples.contains(&json!("15m")));
        assert!(examples.contains(&json!("unlimited")));
        assert!(idle["markdownDescription"]
            .as_str()
            .unwrap_or_default()
            .contains("idle_timeout = \"15m\""));
        assert_eq!(p["$defs"]["duration"]["type"], "string");
    }

    #[test]
    fn extends_offers_every_built_in_profile() {
        let p = policy();
        let offered = p["properties"]["extends"]["items"]["examples"].clone();
        assert!(offered
            .as_array()
            .is_some_and(|a| a.contains(&json!("std:pci-dss-4.0"))));
    }
}
