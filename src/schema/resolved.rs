//! The schema of the resolved configuration, the output of `ward build`
//! (section 6): `policy` and one object per section, durations in whole
//! seconds, keywords and enums as their names, lists as sorted sets; last,
//! `for`, each target's own values (`$defs/target_values`).
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
    // A target's own values: the same sections, without the rules (an
    // object holds only the settings whose value differs for the target;
    // the rules apply to them together with the general ones).
    let mut per_target = Map::new();
    for section in catalog::sections() {
        let body = section_object(section, true);
        let schema = if section == catalog::INSTANCED_SECTION {
            let integration = defs.reference("integration", || body);
            let own = defs.reference("target_integration", || section_object(section, false));
            per_target.insert(
                section.to_string(),
                json_schema!({
                    "type": "object",
                    "description": describe::section(section),
                    "additionalProperties": own.to_value(),
                })
                .to_value(),
            );
            json_schema!({
                "type": "object",
                "description": describe::section(section),
                "additionalProperties": integration.to_value(),
            })
        } else {
            per_target.insert(
                section.to_string(),
                section_object(section, false).to_value(),
            );
            body
        };
        properties.insert(section.to_string(), schema.to_value());
    }
    let target_values = defs.reference("target_values", || {
        json_schema!({
            "type": "object",
            "description": "The settings whose value for this target differs from the general one (a `for TARGET { … }` block), laid out like the general ones.",
            "properties": per_target,
            "additionalProperties": false,
            "minProperties": 1,
        })
    });
    properties.insert(
        "for".into(),
        json_schema!({
            "type": "object",
            "description": "Per-target values, by target (sorted): for each target, the settings whose value for it differs from the general one.",
            "additionalProperties": target_values.to_value(),
        })
        .to_value(),
    );
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
         section holding the settings that are set, in catalog order, then `for`: per target, the \
         settings whose value for that target differs from the general one. Durations are whole seconds; \
         keywords (`never`, `unlimited`, `until_unlocked`) and enum values are their names; lists \
         are sorted arrays without duplicates.",
        body,
    )
}

/// One section (or one integration) as an object of its settings, with
/// the cross-setting rules inside it when `rules`.
fn section_object(section: &str, rules: bool) -> Schema {
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
    if let Some(deps) = rules.then(|| rules::dependent_schemas(section)).flatten() {
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
