//! Emitting the resolved configuration (section 6): JSON or TOML.
//!
//! The document holds `policy` (the name) and one object per section that
//! has a set setting, holding only the set settings, in catalog order;
//! integrations are sorted by name. Durations are whole seconds, keywords
//! and enums their names, lists sorted arrays. The same policy always gives
//! the same bytes. Per-target values (`for TARGET { … }`) are the last key,
//! `for`: `{"for": {"miro": {"session": {"idle_timeout": 3600}}}}`.

use crate::model::{Assigned, Resolved, SettingKey};
use serde_json::{Map, Value as Json};

/// Output formats of `ward build` and `ward merge`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Toml,
}

/// One section of the document: its name, its plain settings, and each
/// integration's settings.
type Section = (
    &'static str,
    Map<String, Json>,
    Vec<(String, Map<String, Json>)>,
);

/// The resolved configuration as a JSON value, keys in output order. Its
/// last key, `for`, holds per target (sorted) the settings whose value for
/// that target differs from the general one, laid out like the general
/// ones; it is absent when no target has its own value.
pub fn to_json(policy: &Resolved) -> Json {
    let mut doc = Map::new();
    doc.insert("policy".into(), Json::from(policy.name.clone()));
    sections(&mut doc, policy.values.iter());
    let mut per_target = Map::new();
    for (target, settings) in policy.differing() {
        let mut t = Map::new();
        sections(&mut t, settings.into_iter());
        per_target.insert(target.to_string(), Json::Object(t));
    }
    if !per_target.is_empty() {
        doc.insert("for".into(), Json::Object(per_target));
    }
    Json::Object(doc)
}

/// One object per section into `doc`, holding `values`, which come in
/// output order (catalog order, integrations after, by name).
fn sections<'a>(
    doc: &mut Map<String, Json>,
    values: impl Iterator<Item = (&'a SettingKey, &'a Assigned)>,
) {
    // Built as plain lists first, so no step has to assume what an earlier
    // one put in a map.
    let mut sections: Vec<Section> = Vec::new();
    for (key, a) in values {
        let s = key.setting();
        if sections.last().is_none_or(|(name, ..)| *name != s.section) {
            sections.push((s.section, Map::new(), Vec::new()));
        }
        let Some((_, plain, instances)) = sections.last_mut() else {
            continue;
        };
        match &key.instance {
            None => {
                plain.insert(s.name.into(), a.value.to_json());
            }
            Some(name) => {
                if instances.last().is_none_or(|(n, _)| n.as_str() != &**name) {
                    instances.push((name.to_string(), Map::new()));
                }
                if let Some((_, inst)) = instances.last_mut() {
                    inst.insert(s.name.into(), a.value.to_json());
                }
            }
        }
    }
    for (name, mut plain, instances) in sections {
        for (inst, fields) in instances {
            plain.insert(inst, Json::Object(fields));
        }
        doc.insert(name.into(), Json::Object(plain));
    }
}

/// Renders a JSON document the way ward writes every JSON file: two-space
/// indentation and a final newline. (Writing a `serde_json::Value` to a
/// string cannot fail: its keys are strings and its numbers finite.)
pub fn json_text(value: &Json) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    s.push('\n');
    s
}

/// The resolved configuration as JSON (which holds every document ward
/// makes).
pub fn json(policy: &Resolved) -> String {
    json_text(&to_json(policy))
}

/// The resolved configuration in `format`, or why it has no form in that
/// format (the command line reports it as `E0805`).
pub fn render(policy: &Resolved, format: Format) -> Result<String, String> {
    let json = to_json(policy);
    match format {
        Format::Json => Ok(json_text(&json)),
        Format::Toml => toml_text(&json),
    }
}

/// A JSON object as TOML: top-level scalars first, then one table per
/// object. ward's documents hold no nulls and no arrays of tables, so every
/// value they hold has a TOML form; a document that did not would be an
/// error here, never an empty or partial text.
pub fn toml_text(json: &Json) -> Result<String, String> {
    match json_to_toml(json) {
        Some(toml::Value::Table(t)) => toml::to_string(&t).map_err(|e| e.to_string()),
        _ => Err("a TOML document is a table, and this is not an object".to_string()),
    }
}

fn json_to_toml(v: &Json) -> Option<toml::Value> {
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            // Larger than TOML's signed 64 bits: keep the digits as a string.
            None => toml::Value::String(n.to_string()),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(items.iter().filter_map(json_to_toml).collect()),
        Json::Object(map) => {
            let mut t = toml::map::Map::new();
            for (k, v) in map {
                if let Some(v) = json_to_toml(v) {
                    t.insert(k.clone(), v);
                }
            }
            toml::Value::Table(t)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_text_writes_tables_and_refuses_what_is_not_one() {
        let doc = serde_json::json!({"name": "p", "session": {"idle_timeout": 900}});
        let text = toml_text(&doc);
        assert_eq!(
            text.as_deref(),
            Ok("name = \"p\"\n\n[session]\nidle_timeout = 900\n")
        );
        // Never an empty text in place of a document.
        assert!(toml_text(&serde_json::json!([1, 2])).is_err());
    }
}
