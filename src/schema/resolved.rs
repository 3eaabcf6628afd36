//! The schema of the resolved configuration, the output of `ward build`
//! (section 6): `policy` and one object per section, durations in whole
//! seconds, keywords and enums as their names, lists as sorted sets.
//!
//! Each duration domain is one `$defs` entry (`seconds_1m_to_365d`), shared
//! by the settings with that domain; a keyword is an `anyOf` alternative
//! (`{"const": "unlimited"}`). Integrations are an object of named objects
//! whose schema is `$defs/integration`.

use super::describe;
use super::duration::def_name;
use super::{rules, Defs};
use crate::catalog::{self, Setting, Type};
use crate::value::format_duration;
use schemars::{json_schema, Schema};
use serde_json::{Map, Value};

/// The JSON Schema of `ward build`'s JSON output.
pub fn resolved() -> Value {
    let mut defs = Defs::new();
    let mut properties = Map::new();
    properties.insert(
        "policy".into(),
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "The name of the policy."
        })
        .to_value(),
    );
    for section in catalog::sections() {
        let body = section_object(&mut defs, section);
        let schema = if section == catalog::INSTANCED_SECTION {
            let integration = defs.reference("integration", || body);
            json_schema!({
                "type": "object",
                "description": describe::section(section),
                "additionalProperties": integration.to_value(),
            })
        } else {
            body
        };
        properties.insert(section.to_string(), schema.to_value());
    }
    let body = json_schema!({
        "$comment": rules::comment(),
        "type": "object",
        "required": ["policy"],
        "properties": properties,
        "additionalProperties": false,
    });
    super::finish(
        defs,
        "resolved",
        "ward resolved configuration",
        "The resolved configuration that `ward build` writes: the policy's name and one object per \
         section holding the settings that are set, in catalog order. Durations are whole seconds; \
         keywords (`never`, `unlimited`, `until_unlocked`) and enum values are their names; lists \
         are sorted arrays without duplicates.",
        body,
    )
}

/// One section (or one integration) as an object of its settings.
fn section_object(defs: &mut Defs, section: &str) -> Schema {
    let mut properties = Map::new();
    for (_, s) in catalog::in_section(section) {
        properties.insert(s.name.to_string(), setting(defs, s).to_value());
    }
    let mut schema = json_schema!({
        "type": "object",
        "description": describe::section(section),
        "properties": properties,
        "additionalProperties": false,
    });
    let clauses = rules::clauses(section);
    if !clauses.is_empty() {
        schema.insert("allOf".into(), Value::Array(clauses));
    }
    schema
}

/// One setting's value in the resolved output.
fn setting(defs: &mut Defs, s: &Setting) -> Schema {
    let value = match s.ty {
        Type::Duration { min, max } => defs.reference(&def_name(min, max), || {
            json_schema!({
                "type": "integer",
                "minimum": min,
                "maximum": max,
                "description": format!(
                    "A duration in whole seconds, from {min} ({}) to {max} ({}).",
                    format_duration(min),
                    format_duration(max)
                ),
            })
        }),
        ref other => super::plain_value(other),
    };
    let mut schema = with_keywords(value, s);
    let description = describe::plain(s, &describe::resolved_values(s));
    schema.insert("description".into(), Value::from(description));
    schema
}

/// `value`, or `anyOf` it and each keyword the setting accepts.
///
/// A bare `$ref` is wrapped in `allOf`, so that the setting's own
/// `description` sits beside the `allOf` rather than beside the `$ref`:
/// VS Code's JSON support lets a referenced schema's `description` replace
/// its sibling's, which would hide the catalog's text.
pub(super) fn with_keywords(value: Schema, s: &Setting) -> Schema {
    if s.keywords.is_empty() {
        if value.get("$ref").is_some() {
            return json_schema!({ "allOf": [value.to_value()] });
        }
        return value;
    }
    let mut alternatives = vec![value.to_value()];
    for k in s.keywords {
        alternatives.push(json_schema!({ "const": k.as_str() }).to_value());
    }
    json_schema!({ "anyOf": alternatives })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_are_seconds_with_a_shared_definition() {
        let s = resolved();
        let idle = &s["properties"]["session"]["properties"]["idle_timeout"];
        assert_eq!(idle["anyOf"][0]["$ref"], "#/$defs/seconds_1m_to_365d");
        assert_eq!(idle["anyOf"][1], json!({ "const": "unlimited" }));
        assert!(idle["description"]
            .as_str()
            .unwrap_or("")
            .contains("in seconds"));
        let def = &s["$defs"]["seconds_1m_to_365d"];
        assert_eq!(def["minimum"], 60);
        assert_eq!(def["maximum"], 31_536_000);
        let lifetime = &s["properties"]["token"]["properties"]["lifetime"];
        assert_eq!(lifetime["allOf"][0]["$ref"], "#/$defs/seconds_1m_to_365d");
        assert!(!s.to_string().contains("nanos"));
    }

    #[test]
    fn every_catalog_setting_is_in_the_schema() {
        let s = resolved();
        for (_, setting) in catalog::all() {
            let section = &s["properties"][setting.section];
            let found = if setting.is_instanced() {
                s["$defs"]["integration"]["properties"][setting.name].is_object()
                    && section["additionalProperties"]["$ref"] == "#/$defs/integration"
            } else {
                section["properties"][setting.name].is_object()
            };
            assert!(found, "{}", setting.path());
        }
    }
}
