//! `[[bounds]]` entries of the authoring form: `setting`, `min`, `max`,
//! `eq`, `severity` and `because`.
//!
//! `setting` completes every setting path; under `integrations` the second
//! segment is the user's name, so those paths are a `pattern`. Each setting
//! gets an `if`/`then` clause that gives `min`, `max` and `eq` the setting's
//! own value schema, and forbids `min` and `max` on settings that are not
//! ordered (neutral settings and lists take only `eq`, as in section 4).
//!
//! The clauses are one `if`/`then`/`else` chain (`if` it is this setting
//! `then` … `else if` it is the next …), not an `allOf`: taplo leaves a
//! schema that has an `allOf` out of completion, so `[[bounds]]` would
//! complete nothing. Setting paths exclude each other, so the chain means
//! the same as the `allOf` of its clauses.
//!
//! For example:
//!
//! ```toml
//! [[bounds]]
//! setting  = "session.idle_timeout"
//! max      = "12h"
//! severity = "warn"
//! because  = "Acme standard 4.2"
//! ```

use super::{policy_value, Defs};
use crate::catalog::{self, Setting};
use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value};

/// A `$ref` to `$defs/bound`, the schema of one `[[bounds]]` entry.
pub fn bound(defs: &mut Defs) -> Schema {
    let mut body = json_schema!({
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
    });
    let settings: Vec<&Setting> = catalog::all().map(|(_, s)| s).collect();
    if let Some(Value::Object(chain)) = chain(&settings) {
        for (k, v) in chain {
            body.insert(k, v);
        }
    }
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
    // Each alternative carries a description too: taplo lists the key
    // once per alternative, with that alternative's text.
    json!({
        "description": "The setting the bound applies to, as a dotted path (`session.idle_timeout`, `integrations.NAME.cache_ttl`).",
        "anyOf": [
            {
                "type": "string",
                "enum": plain,
                "description": "The setting the bound applies to, as a dotted path (`session.idle_timeout`)."
            },
            {
                "type": "string",
                "pattern": instanced_pattern(&instanced.join("|")),
                "examples": examples,
                "description": "An integration's setting the bound applies to: `integrations.NAME.SETTING` (`integrations.outlook_calendar.cache_ttl`)."
            }
        ]
    })
}

fn instanced_pattern(names: &str) -> String {
    format!(r"^{}\.[^.]+\.(?:{names})$", catalog::INSTANCED_SECTION)
}

/// The clauses of `settings` as one `if`/`then`/`else` chain.
fn chain(settings: &[&Setting]) -> Option<Value> {
    let mut rest: Option<Value> = None;
    for s in settings.iter().rev() {
        let mut c = clause(s);
        if let (Value::Object(m), Some(next)) = (&mut c, rest.take()) {
            m.insert("else".into(), next);
        }
        rest = Some(c);
    }
    rest
}

/// The `if`/`then` clause that types `min`, `max` and `eq` for `s`.
fn clause(s: &Setting) -> Value {
    let matcher = if s.is_instanced() {
        json!({ "type": "string", "pattern": instanced_pattern(s.name) })
    } else {
        json!({ "const": s.path() })
    };
    let value = policy_value::value(s).to_value();
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
        let formats: Vec<_> = catalog::all()
            .filter(|(_, s)| s.path() == "audit.export_formats")
            .collect();
        assert_eq!(formats.len(), 1);
        let c = clause(formats[0].1);
        assert_eq!(c["then"]["properties"]["min"], json!(false));
        assert_eq!(c["then"]["properties"]["eq"]["type"], "array");
    }

    /// The chain holds one clause per setting, in catalog order, and no
    /// `allOf` anywhere (taplo would complete nothing inside `[[bounds]]`).
    #[test]
    fn the_clauses_are_one_chain_in_catalog_order() {
        let mut defs = Defs::new();
        let _ = bound(&mut defs);
        let all = defs.into_definitions();
        let b = &all["bound"];
        assert!(b.get("allOf").is_none());
        let mut node = b;
        let mut seen = 0;
        while let Some(cond) = node.get("if") {
            assert!(cond["properties"]["setting"].is_object());
            seen += 1;
            match node.get("else") {
                Some(next) => node = next,
                None => break,
            }
        }
        assert_eq!(seen, catalog::all().count());
    }

    #[test]
    fn integration_paths_match_by_pattern() {
        let p = instanced_pattern("enabled|cache_ttl");
        assert_eq!(p, r"^integrations\.[^.]+\.(?:enabled|cache_ttl)$");
    }
}
