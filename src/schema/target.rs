//! The schema of a target's output (`ward build --target NAME`), derived from
//! its descriptor rows, never written by hand.
//!
//! Each row with a `field` becomes a property (dotted fields nest, as
//! `targets::emit` nests them); its subschema comes from the row's encoding
//! ([`super::target_field`]). Every object is closed
//! (`additionalProperties: false`). Nothing is required, since an unset
//! setting is left out, except for a `complete` target (AWS IAM), where every
//! field a row always writes (it has a default and no omitted values) is
//! required. A `{name}` part of a field (one object per integration) is
//! `additionalProperties`. For a target written in another format than
//! JSON, the schema describes the fields its writer reads back from the file
//! (`[System Access]` as an object of keys, for an INF).

use super::target_field::{always_written, field};
use super::{document, file_name};
use crate::targets::{builtins, Row, Target};
use schemars::Schema;
use serde_json::{Map, Value};

/// The file name of target `name`'s output schema: `target-NAME.schema.json`.
pub fn target_file_name(name: &str) -> String {
    file_name(&format!("target-{name}"))
}

/// Every built-in target's output schema as `(file name, schema)`.
pub(crate) fn builtin_target_schemas() -> Vec<(String, Value)> {
    builtins()
        .iter()
        .map(|t| (target_file_name(&t.name), target_schema(t)))
        .collect()
}

/// The output schema of any target, built in or read with `--target-file`.
pub fn target_schema(t: &Target) -> Value {
    let mut root = Node::default();
    for row in &t.rows {
        if let Some(f) = &row.field {
            root.add(f, row);
        }
    }
    let body = match root.schema(t.complete) {
        Value::Object(m) => Schema::from(m),
        _ => Schema::default(),
    };
    document(
        &format!("target-{}", t.name),
        &format!("ward output for {}", t.title),
        &description(t),
        body,
    )
}

fn description(t: &Target) -> String {
    let by = t
        .vendor
        .as_ref()
        .filter(|v| **v != t.title)
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    let mut out = format!(
        "What `ward build --target {}` writes for {}{by}, derived from the target's descriptor.",
        t.name, t.title
    );
    if t.output.writer.format() != "json" {
        out.push_str(&format!(
            " It is written to `{}` in the `{}` format; this schema describes the fields that file holds.",
            t.output.file,
            t.output.writer.format()
        ));
    }
    if t.complete {
        out.push_str(" The service replaces its whole configuration on every update, so every field is written; a field is left out only to express a value the service has no number for.");
    }
    for note in &t.notes {
        out.push(' ');
        out.push_str(note);
    }
    if !t.sources.is_empty() {
        out.push_str(&format!(" Sources: {}.", t.sources.join(", ")));
    }
    out
}

/// Output fields as a tree: leaves hold the rows writing a field.
#[derive(Clone, Default)]
struct Node<'a> {
    rows: Vec<&'a Row>,
    children: Vec<(String, Node<'a>)>,
}

impl<'a> Node<'a> {
    /// Adds `row` at the dotted `path`. A path running into a leaf (or a
    /// leaf onto an object) is dropped, as `emit` keeps the first value.
    fn add(&mut self, path: &str, row: &'a Row) {
        let (head, rest) = match path.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        let idx = match self.children.iter().position(|(n, _)| n == head) {
            Some(i) => i,
            None => {
                self.children.push((head.to_string(), Node::default()));
                self.children.len() - 1
            }
        };
        let child = &mut self.children[idx].1;
        match rest {
            Some(r) if child.rows.is_empty() => child.add(r, row),
            None if child.children.is_empty() => child.rows.push(row),
            _ => {}
        }
    }

    /// Is something always written under this node?
    fn always(&self) -> bool {
        self.rows.iter().any(|r| always_written(r)) || self.children.iter().any(|(_, c)| c.always())
    }

    /// This node with `named`'s fields in place of (or beside) its own:
    /// the object of one named integration is the object every integration
    /// has, with that integration's own rows.
    fn overlaid(&self, named: &Node<'a>) -> Node<'a> {
        let mut out = self.clone();
        for (name, child) in &named.children {
            match out.children.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = child.clone(),
                None => out.children.push((name.clone(), child.clone())),
            }
        }
        out
    }

    /// The object schema of a node with children.
    fn schema(&self, complete: bool) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut each = None;
        let template = self
            .children
            .iter()
            .find(|(n, _)| n == "{name}")
            .map(|(_, c)| c);
        for (name, child) in &self.children {
            let merged;
            let child = match template {
                Some(t) if name != "{name}" && !child.children.is_empty() => {
                    merged = t.overlaid(child);
                    &merged
                }
                _ => child,
            };
            let schema = if child.children.is_empty() {
                field(&child.rows, complete)
            } else {
                child.schema(complete)
            };
            if name == "{name}" {
                // One object per integration, named by the integration.
                each = Some(schema);
                continue;
            }
            properties.insert(name.clone(), schema);
            if complete && child.always() {
                required.push(Value::from(name.as_str()));
            }
        }
        let mut out = Map::new();
        out.insert("type".into(), "object".into());
        out.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        out.insert("additionalProperties".into(), each.unwrap_or(false.into()));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::builtin;
    use serde_json::json;

    fn schema(name: &str) -> Value {
        builtin(name).map(target_schema).unwrap_or_default()
    }

    #[test]
    fn integer_fields_carry_the_limits_in_the_output_unit() {
        let s = schema("arcgis");
        let f = &s["properties"]["maxTokenExpirationMinutes"];
        assert_eq!(f["type"], "integer");
        assert_eq!(f["minimum"], 1);
        assert_eq!(f["maximum"], 20_160);
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(
            s["$id"],
            "https://ward.dev/schemas/target-arcgis.schema.json"
        );
    }

    #[test]
    fn value_unit_objects_list_units_and_ranges() {
        let s = schema("miro");
        let f = &s["properties"]["idle_session_timeout"];
        let obj = &f["anyOf"][0];
        assert_eq!(
            obj["properties"]["unit"]["enum"],
            json!(["minutes", "hours", "days"])
        );
        assert_eq!(obj["properties"]["value"]["maximum"], 9999);
        assert_eq!(f["anyOf"][1], json!({ "const": { "enabled": false } }));
        let days = &obj["anyOf"][2]["properties"]["value"];
        assert_eq!(days["maximum"], 14);
    }

    #[test]
    fn dotted_fields_nest_and_complete_targets_require_fields() {
        let q = schema("qualtrics");
        let lock = &q["properties"]["account_lockout"];
        assert_eq!(lock["type"], "object");
        assert!(lock["properties"]["failed_login_attempts"].is_object());
        assert!(q.get("required").is_none());
        let aws = schema("aws-iam");
        let required = aws["required"].as_array().cloned().unwrap_or_default();
        assert!(required.contains(&json!("MinimumPasswordLength")));
        assert!(!required.contains(&json!("MaxPasswordAge")));
        assert_eq!(aws["properties"]["MaxPasswordAge"]["maximum"], 1095);
    }

    #[test]
    fn keycloak_switches_are_rows_and_a_policy_string() {
        let k = schema("keycloak");
        for (field, on, off) in [
            ("bruteForceProtected", true, false),
            ("permanentLockout", false, true),
        ] {
            let any = &k["properties"][field]["anyOf"];
            assert_eq!(any[0]["const"], on, "{field}: {any}");
            assert_eq!(any[1]["const"], off, "{field}: {any}");
        }
        let pattern = k["properties"]["passwordPolicy"]["pattern"]
            .as_str()
            .unwrap_or("");
        assert!(
            pattern.contains("notContainsUsername\\(undefined\\)"),
            "{pattern}"
        );
        // The shortest idle timeout a policy has is a minute; Keycloak 25
        // takes 120 s of grace off it, and writes no less than 1.
        assert_eq!(k["properties"]["ssoSessionIdleTimeout"]["minimum"], 60);
        let k25 = schema("keycloak-25");
        assert_eq!(k25["properties"]["ssoSessionIdleTimeout"]["minimum"], 1);
        assert!(k25["properties"].get("bruteForceStrategy").is_none());
    }
}
