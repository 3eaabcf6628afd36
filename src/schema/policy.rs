//! The schema of the TOML/JSON authoring form of a policy (section 6):
//! `NAME.ward.toml` and `NAME.ward.json`.
//!
//! Written for editors first, and checked in the engines editors run
//! (taplo's language server, VS Code's JSON service): every section and
//! setting has a `description` and a `markdownDescription` (hover),
//! durations have `examples` in the domain (completion of `"15m"`, `"8h"`,
//! …), enum values are `enum`s, target names complete in `targets` and
//! `for`, and objects refuse unknown keys so that a typo is underlined.
//! A setting's value is one schema without composition
//! ([`policy_value`](super::policy_value) says why); each section is a
//! `$defs` entry, shared by the top level and `for.TARGET`.

use super::describe;
use super::policy_targets::{self, TargetName};
use super::{policy_bounds, policy_value, rules, Defs};
use crate::catalog;
use crate::diag::codes;
use crate::resolve::stdlib;
use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value};

/// Whether the TOML/JSON forms accept `for` tables (section 10): the
/// compiler reads `[for.TARGET.SECTION]`, so the schema has the `for`
/// property.
pub(crate) const PER_TARGET_VALUES: bool = true;

/// What the schema is made for: the targets whose names complete in
/// `targets` and `for`, and whether `for` tables exist.
#[derive(Clone, Debug)]
pub struct PolicyOptions {
    pub targets: Vec<TargetName>,
    pub per_target: bool,
}

impl PolicyOptions {
    /// The built-in targets, and `for` as the compiler supports it.
    pub fn builtin() -> PolicyOptions {
        PolicyOptions::with_targets(crate::targets::builtins())
    }

    /// These targets (built-in ones and `--target-file` ones).
    pub fn with_targets(targets: &[crate::targets::Target]) -> PolicyOptions {
        PolicyOptions {
            targets: targets
                .iter()
                .map(|t| TargetName {
                    name: t.name.clone(),
                    title: t.title.clone(),
                })
                .collect(),
            per_target: PER_TARGET_VALUES,
        }
    }
}

/// The JSON Schema of the TOML/JSON authoring form of a policy, for the
/// built-in targets.
pub fn policy() -> Value {
    policy_with(&PolicyOptions::builtin())
}

/// The JSON Schema of the TOML/JSON authoring form, made for `options`.
pub fn policy_with(options: &PolicyOptions) -> Value {
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
    properties.insert("targets".into(), policy_targets::targets(&options.targets));
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
        let schema = section_schema(&mut defs, section);
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
    if options.per_target {
        let _ = defs.reference("target_values", || {
            Schema::try_from(policy_targets::values()).unwrap_or_default()
        });
        properties.insert("for".into(), policy_targets::per_target(&options.targets));
    }
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

/// A `$ref` to `$defs/SECTION`, made the first time: the section's object,
/// or for `integrations` an object of named integrations.
fn section_schema(defs: &mut Defs, section: &str) -> Schema {
    let body = section_object(section);
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
    defs.reference(section, || schema)
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
fn section_object(section: &str) -> Schema {
    let mut properties = Map::new();
    for (_, s) in catalog::in_section(section) {
        properties.insert(s.name.to_string(), policy_value::setting(s).to_value());
    }
    let text = describe::section(section);
    let mut schema = json_schema!({
        "type": "object",
        "description": text,
        "markdownDescription": text,
        "properties": properties,
        "additionalProperties": false,
    });
    if let Some(deps) = rules::dependent_schemas(section) {
        schema.insert("dependentSchemas".into(), deps);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_strings_with_examples_and_keywords() {
        let p = policy();
        assert_eq!(p["properties"]["session"]["$ref"], "#/$defs/session");
        let idle = &p["$defs"]["session"]["properties"]["idle_timeout"];
        assert_eq!(idle["type"], "string");
        let examples = idle["examples"].as_array().cloned().unwrap_or_default();
        assert!(examples.contains(&json!("15m")));
        assert!(examples.contains(&json!("unlimited")));
        assert!(idle["markdownDescription"]
            .as_str()
            .unwrap_or_default()
            .contains("idle_timeout = \"15m\""));
    }

    #[test]
    fn extends_offers_every_built_in_profile() {
        let p = policy();
        let offered = p["properties"]["extends"]["items"]["examples"].clone();
        assert!(offered
            .as_array()
            .is_some_and(|a| a.contains(&json!("std:pci-dss-4.0"))));
    }

    /// Nothing a completion engine walks (the document, `properties`,
    /// `items`, `additionalProperties`, `$defs`) has an `allOf`: taplo
    /// leaves such a schema out of completion, or recurses without end.
    #[test]
    fn no_schema_an_editor_walks_has_an_all_of() {
        fn walk(v: &Value, at: &str) {
            let Value::Object(m) = v else { return };
            assert!(!m.contains_key("allOf"), "`allOf` at {at}");
            for key in ["properties", "$defs"] {
                if let Some(Value::Object(children)) = m.get(key) {
                    for (k, child) in children {
                        walk(child, &format!("{at}/{key}/{k}"));
                    }
                }
            }
            for key in ["items", "additionalProperties"] {
                if let Some(child) = m.get(key) {
                    walk(child, &format!("{at}/{key}"));
                }
            }
        }
        let mut options = PolicyOptions::builtin();
        options.per_target = true;
        walk(&policy_with(&options), "#");
        walk(&policy(), "#");
        walk(&super::super::resolved(), "#");
    }

    #[test]
    fn for_describes_every_target_when_enabled() {
        let mut options = PolicyOptions::builtin();
        assert_eq!(options.per_target, PER_TARGET_VALUES);
        options.per_target = true;
        let p = policy_with(&options);
        let miro = &p["properties"]["for"]["properties"]["miro"];
        assert_eq!(miro["$ref"], "#/$defs/target_values");
        assert_eq!(
            p["$defs"]["target_values"]["properties"]["session"]["$ref"],
            "#/$defs/session"
        );
        options.per_target = false;
        assert!(policy_with(&options)["properties"].get("for").is_none());
    }
}
