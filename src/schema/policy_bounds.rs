//! `[[bounds]]` entries of the authoring form: `setting`, `min`, `max`,
//! `eq`, `severity` and `because`.
//!
//! `setting` completes every setting path; under `integrations` the second
//! segment is the user's name, so those paths are a `pattern`. Each setting
//! gets an `if`/`then` clause that gives `min`, `max` and `eq` the setting's
//! own value schema, and forbids `min` and `max` on settings that are not
//! ordered (neutral settings and lists take only `eq`, as in section 4).
//! For example:
//!
//! ```toml
//! [[bounds]]
//! setting  = "session.idle_timeout"
//! max      = "12h"
//! severity = "warn"
//! because  = "Acme standard 4.2"
//! ```

use super::{policy, Defs};
use crate::catalog::{self, Setting};
use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value};

/// A `$ref` to `$defs/bound`, the schema of one `[[bounds]]` entry.
pub fn bound(defs: &mut Defs) -> Schema {
    let clauses: Vec<Value> = catalog::all().map(|(_, s)| clause(defs, s)).collect();
    let body = json_schema!({
        "type": "object",
        "description": "One bound: `min` (>=), `max` (<=), both (`in`), or `eq` (==) on one setting.",
        "required": ["setting"],
        "properties": {
            "setting": setting_path(),
            "min": {
                "description": "Lower bound (`>=`), inclusive, written as the setting's values are.",
                "markdownDescription": "Lower bound (`>=`), inclusive, written as the setting's values are (`\"1h\"`, `12`, `\"never\"`)."
            },
            "max": {
                "description": "Upper bound (`<=`), inclusive, written as the setting's values are.",
                "markdownDescription": "Upper bound (`<=`), inclusive, written as the setting's values are (`\"12h\"`, `64`, `\"never\"`)."
            },
            "eq": {
                "description": "The value must be exactly this (`==`).",
                "markdownDescription": "The value must be exactly this (`==`). The only bound allowed on neutral settings and lists."
            },
            "severity": {
                "type": "string",
                "enum": ["error", "warn"],
                "default": "error",
                "description": "`error` (the default) or `warn`: a value outside a `warn` bound is a warning. Warn and error bounds never narrow each other."
            },
            "because": {
                "type": "string",
                "description": "Why the bound holds; shown in every diagnostic it causes (compliance profiles cite the requirement)."
            }
        },
        "additionalProperties": false,
        "anyOf": [
            { "required": ["min"] },
            { "required": ["max"] },
            { "required": ["eq"] }
        ],
        "allOf": clauses,
    });
    defs.reference("bound", || body)
}

/// `setting`: every plain path, or an integration path by pattern.
fn setting_path() -> Value {
    let plain: Vec<String> = catalog::all()
        .filter(|(_, s)| !s.is_instanced())
        .map(|(_, s)| s.path())
        .collect();
    let instanced: Vec<&str> = catalog::in_section(catalog::INSTANCED_SECTION)
        .map(|(_, s)| s.name)
        .collect();
    let examples: Vec<String> = instanced
        .iter()
        .map(|n| format!("{}.NAME.{n}", catalog::INSTANCED_SECTION))
        .collect();
    json!({
        "description": "The setting the bound applies to, as a dotted path (`session.idle_timeout`, `integrations.NAME.cache_ttl`).",
        "anyOf": [
            { "type": "string", "enum": plain },
            {
                "type": "string",
                "pattern": instanced_pattern(&instanced.join("|")),
                "examples": examples
            }
        ]
    })
}

fn instanced_pattern(names: &str) -> String {
    format!(r"^{}\.[^.]+\.(?:{names})$", catalog::INSTANCED_SECTION)
}

/// The `if`/`then` clause that types `min`, `max` and `eq` for `s`.
fn clause(defs: &mut Defs, s: &Setting) -> Value {
    let matcher = if s.is_instanced() {
        json!({ "type": "string", "pattern": instanced_pattern(s.name) })
    } else {
        json!({ "const": s.path() })
    };
    let value = policy::value(defs, s).to_value();
    let mut then = Map::new();
    if s.is_ordered() {
        then.insert("min".into(), value.clone());
        then.insert("max".into(), value.clone());
    } else {
        then.insert("min".into(), Value::Bool(false));
        then.insert("max".into(), Value::Bool(false));
    }
    then.insert("eq".into(), value);
    json!({
        "if": { "required": ["setting"], "properties": { "setting": matcher } },
        "then": { "properties": then },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unordered_settings_take_only_eq() {
        let mut defs = Defs::new();
        let formats: Vec<_> = catalog::all()
            .filter(|(_, s)| s.path() == "audit.export_formats")
            .collect();
        assert_eq!(formats.len(), 1);
        let c = clause(&mut defs, formats[0].1);
        assert_eq!(c["then"]["properties"]["min"], json!(false));
        assert_eq!(c["then"]["properties"]["eq"]["type"], "array");
    }

    #[test]
    fn integration_paths_match_by_pattern() {
        let p = instanced_pattern("enabled|cache_ttl");
        assert_eq!(p, r"^integrations\.[^.]+\.(?:enabled|cache_ttl)$");
    }
}
