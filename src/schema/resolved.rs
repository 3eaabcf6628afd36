//! The schema of the resolved configuration, the output of `ward build`
//! (section 6): `policy` and one object per section, durations in whole
//! seconds, keywords and enums as their names, lists as sorted sets.
//!
//! A duration is an integer with its domain's `minimum` and `maximum`; a
//! keyword is a `pattern` on string values (`"type": ["integer", "string"]`).
//! Integrations are an object of named objects whose schema is
//! `$defs/integration`.

use super::describe;
use super::{rules, Defs};
use crate::catalog::{self, Setting};
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
        let body = section_object(section);
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
fn section_object(section: &str) -> Schema {
    let mut properties = Map::new();
    for (_, s) in catalog::in_section(section) {
        properties.insert(s.name.to_string(), setting(s).to_value());
    }
    let mut schema = json_schema!({
        "type": "object",
        "description": describe::section(section),
        "properties": properties,
        "additionalProperties": false,
    });
    if let Some(deps) = rules::dependent_schemas(section) {
        schema.insert("dependentSchemas".into(), deps);
    }
    schema
}

/// One setting's value in the resolved output: one schema without `$ref`
/// or composition, for the reasons `policy_value` gives (taplo recurses
/// without end on `{"allOf": [{"$ref": …}]}`; VS Code replaces a
/// description beside a `$ref`). A keyword is a `pattern` on the string
/// values, beside `minimum`/`maximum` on the numbers.
fn setting(s: &Setting) -> Schema {
    let mut schema = super::plain_value(&s.ty);
    let keywords: Vec<&str> = s.keywords.iter().map(|k| k.as_str()).collect();
    if !keywords.is_empty() {
        if let Some(Value::String(ty)) = schema.get("type").cloned() {
            schema.insert("type".into(), serde_json::json!([ty, "string"]));
        }
        schema.insert(
            "pattern".into(),
            Value::from(format!("^(?:{})$", keywords.join("|"))),
        );
    }
    let description = describe::plain(s, &describe::resolved_values(s));
    schema.insert("description".into(), Value::from(description));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_are_seconds_with_keywords_as_a_pattern() {
        let s = resolved();
        let idle = &s["properties"]["session"]["properties"]["idle_timeout"];
        assert_eq!(idle["type"], json!(["integer", "string"]));
        assert_eq!(idle["minimum"], 60);
        assert_eq!(idle["maximum"], 31_536_000);
        assert_eq!(idle["pattern"], "^(?:unlimited)$");
        assert!(idle["description"]
            .as_str()
            .unwrap_or("")
            .contains("in seconds"));
        let lifetime = &s["properties"]["token"]["properties"]["lifetime"];
        assert_eq!(lifetime["type"], "integer");
        assert!(lifetime.get("allOf").is_none() && lifetime.get("$ref").is_none());
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
