//! JSON Schemas (draft 2020-12) derived from the settings catalog.
//!
//! Two documents are built here, never written by hand:
//!
//! - [`resolved`]: the output of `ward build` (durations in seconds);
//! - [`policy`]: the TOML/JSON authoring form of a policy (durations as
//!   strings such as `"15m"`), which editors use to complete and check
//!   `NAME.ward.toml` and `NAME.ward.json` files.
//!
//! Every setting's subschema comes from its catalog row: type and domain,
//! keywords, direction and description. Adding a row to the catalog adds it
//! to both schemas. `$defs` are collected with a schemars
//! [`SchemaGenerator`] set up for draft 2020-12, so `$ref`s point at
//! `#/$defs/NAME`.
//!
//! Each target's output has a schema too, derived from its descriptor rows
//! ([`target_schema`]): [`target`] and [`target_schemas`] give the built-in
//! ones, `target-NAME.schema.json`. The target descriptor format itself has
//! `target-descriptor.schema.json` ([`descriptor`]).

pub(crate) mod describe;
mod duration;
mod policy;
mod policy_bounds;
mod policy_targets;
mod policy_value;
mod resolved;
mod rules;
mod target;
mod target_field;

pub use crate::targets::encoding::{ISO8601_PATTERN, TIMESPAN_PATTERN};
pub use policy::{policy, policy_with, PolicyOptions};
pub use policy_targets::TargetName;
pub use resolved::resolved;
pub use target::{target_file_name, target_schema};

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::Schema;
use serde_json::{Map, Value};

/// Where ward's schemas live; each `$id` is `BASE_URI/NAME.schema.json`.
pub const BASE_URI: &str = "https://ward.dev/schemas";

/// The file name of the schema called `name`: `NAME.schema.json`.
pub fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}

/// Every built-in schema, file name → schema, in a fixed order.
pub fn all() -> Vec<(String, Value)> {
    let mut extra = vec![(file_name(DESCRIPTOR), descriptor())];
    extra.extend(target_schemas());
    all_with(extra)
}

/// The name of the target descriptor's schema.
pub(crate) const DESCRIPTOR: &str = "target-descriptor";

/// The schema of a target descriptor file (`policies/targets/NAME.toml`,
/// `--target-file`), from `targets::descriptor_schema`, with the header
/// every ward schema starts with. Formats JSON Schema does not define
/// (`uint64`, …) are dropped: editors and ajv would flag them.
pub fn descriptor() -> Value {
    let mut raw = crate::targets::descriptor_schema();
    strip_formats(&mut raw);
    let Value::Object(mut m) = raw else {
        return Value::Null;
    };
    m.remove("$schema");
    m.remove("title");
    if let Some(defs) = m.remove("$defs") {
        m.insert("$defs".into(), defs);
    }
    let text = m
        .remove("description")
        .and_then(|d| d.as_str().map(str::to_string))
        .unwrap_or_default();
    document(
        DESCRIPTOR,
        "ward target descriptor",
        &format!("{text} A service described as data: `policies/targets/NAME.toml` or `ward --target-file FILE.toml`."),
        Schema::from(m),
    )
}

fn strip_formats(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let numeric = m
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"));
            if numeric {
                m.remove("format");
            }
            m.values_mut().for_each(strip_formats);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_formats),
        _ => {}
    }
}

/// The built-in schemas followed by `extra` (`(file name, schema)` pairs,
/// such as the targets' output schemas). A later pair with the same file
/// name as an earlier one replaces it in place, so the order stays fixed.
pub(crate) fn all_with(extra: impl IntoIterator<Item = (String, Value)>) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = vec![
        (file_name("resolved"), resolved()),
        (file_name("policy"), policy()),
    ];
    for (name, schema) in extra {
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = schema,
            None => out.push((name, schema)),
        }
    }
    out
}

/// The schema of the output of built-in target `name`, if there is one.
pub fn target(name: &str) -> Option<Value> {
    crate::targets::builtin(name).map(target_schema)
}

/// Every built-in target's output schema as `(file name, schema)` pairs, in
/// the targets' listing order; see [`target`].
pub fn target_schemas() -> Vec<(String, Value)> {
    target::builtin_target_schemas()
}

/// Collects `$defs` entries while a schema is built.
pub(crate) struct Defs {
    generator: SchemaGenerator,
}

impl Defs {
    pub(crate) fn new() -> Defs {
        Defs {
            generator: SchemaSettings::draft2020_12().into_generator(),
        }
    }

    /// A `$ref` to the definition `name`, made by `make` the first time.
    pub(crate) fn reference(&mut self, name: &str, make: impl FnOnce() -> Schema) -> Schema {
        if !self.generator.definitions().contains_key(name) {
            let schema = make().to_value();
            self.generator
                .definitions_mut()
                .insert(name.to_string(), schema);
        }
        let path = &self.generator.settings().definitions_path;
        Schema::new_ref(format!("#{path}/{name}"))
    }

    fn meta_schema(&self) -> Value {
        match &self.generator.settings().meta_schema {
            Some(uri) => Value::from(uri.as_ref()),
            None => Value::Null,
        }
    }

    fn into_definitions(mut self) -> Map<String, Value> {
        self.generator.take_definitions(false)
    }
}

/// A complete schema document: `$schema`, `$id`, `title`, `description`,
/// then the keys of `body`, then `$defs`. Used for every schema ward writes,
/// so all of them start the same way.
pub fn document(name: &str, title: &str, description: &str, body: Schema) -> Value {
    finish(Defs::new(), name, title, description, body)
}

pub(crate) fn finish(
    defs: Defs,
    name: &str,
    title: &str,
    description: &str,
    body: Schema,
) -> Value {
    let mut doc = Map::new();
    doc.insert("$schema".into(), defs.meta_schema());
    doc.insert(
        "$id".into(),
        Value::from(format!("{BASE_URI}/{}", file_name(name))),
    );
    doc.insert("title".into(), Value::from(title));
    doc.insert("description".into(), Value::from(description));
    if let Value::Object(body) = body.to_value() {
        doc.extend(body);
    }
    let definitions = defs.into_definitions();
    if !definitions.is_empty() {
        doc.insert("$defs".into(), Value::Object(definitions));
    }
    Value::Object(doc)
}

/// The schema of a value that is written the same way in the authoring form
/// and the resolved output: everything but durations, which each form
/// writes its own way (callers handle them; here they are whole seconds).
pub(crate) fn plain_value(ty: &crate::catalog::Type) -> Schema {
    use crate::catalog::Type;
    match *ty {
        Type::Count { min, max } | Type::Duration { min, max } => schemars::json_schema!({
            "type": "integer",
            "minimum": min,
            "maximum": max,
        }),
        Type::Bool => schemars::json_schema!({ "type": "boolean" }),
        Type::Enum(names) => schemars::json_schema!({ "type": "string", "enum": names }),
        Type::EnumList(names) => schemars::json_schema!({
            "type": "array",
            "uniqueItems": true,
            "items": { "type": "string", "enum": names },
        }),
        Type::StrList => schemars::json_schema!({
            "type": "array",
            "uniqueItems": true,
            "items": { "type": "string" },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_has_the_header_keys_first() {
        for (name, schema) in all() {
            let keys: Vec<&String> = schema
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            assert_eq!(
                keys[..4],
                ["$schema", "$id", "title", "description"],
                "{name}"
            );
            assert_eq!(
                schema["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            assert_eq!(schema["$id"], format!("{BASE_URI}/{name}"));
        }
    }

    #[test]
    fn extra_schemas_follow_the_built_in_ones_and_replace_by_name() {
        let extra = vec![
            ("target-x.schema.json".to_string(), Value::from(1)),
            ("policy.schema.json".to_string(), Value::from(2)),
        ];
        let names: Vec<String> = all_with(extra.clone())
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            [
                "resolved.schema.json",
                "policy.schema.json",
                "target-x.schema.json"
            ]
        );
        assert_eq!(all_with(extra)[1].1, Value::from(2));
        assert_eq!(target("nope"), None);
        assert!(target("miro").is_some());
    }

    #[test]
    fn schemas_are_deterministic() {
        assert_eq!(all(), all());
    }
}
