//! `enum`: an enum value mapped through `values` (policy name → the
//! service's value). Without `values` the catalog's names are written as
//! they are; with it, a value missing from the map cannot be expressed.
//!
//! ```toml
//! values = { none = "OFF", common = "COMMON", breached = "HIBP" }
//! ```

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "enum",
    doc: "An enum value mapped through `values` (or written by its catalog name).",
    keys: &[VALUES],
    fits: |s| matches!(s.ty, Type::Enum(_)),
    read,
};

/// The `values` key, shared with `list`.
pub(super) const VALUES: KeyDoc = KeyDoc::new(
    "values",
    KeyType::JsonMap,
    "Policy value → the service's value, e.g. `{ csv = \"CSV\" }`; a value missing from a non-empty map cannot be expressed.",
);

#[derive(Debug)]
struct Choice {
    map: BTreeMap<String, Json>,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let map = r.value_map("values");
    Some(Arc::new(Choice { map }))
}

/// The JSON values a map writes: mapped, or the catalog's names.
pub(super) fn written(names: &[&str], map: &BTreeMap<String, Json>) -> Vec<Json> {
    let all: Vec<Json> = if map.is_empty() {
        names.iter().map(|n| Json::from(*n)).collect()
    } else {
        map.values().cloned().collect()
    };
    let mut out: Vec<Json> = Vec::new();
    for v in all {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// `{"enum": values}`, typed `string` when every value is one.
pub(super) fn enum_schema(values: &[Json]) -> Json {
    let mut s = json!({ "enum": values });
    if values.iter().all(Json::is_string) {
        s["type"] = "string".into();
    }
    s
}

/// `` `a`, `b` ``.
pub(super) fn listed(values: &[Json]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    parts.join(", ")
}

/// One name through the map: `None` when a non-empty map lacks it.
pub(super) fn map_one(map: &BTreeMap<String, Json>, name: &str) -> Option<Json> {
    match map.get(name) {
        Some(j) => Some(j.clone()),
        None if map.is_empty() => Some(name.into()),
        None => None,
    }
}

/// The policy name a service value stands for.
pub(super) fn unmap<'a>(map: &'a BTreeMap<String, Json>, j: &'a Json) -> Option<&'a str> {
    if map.is_empty() {
        return j.as_str();
    }
    map.iter().find(|(_, v)| *v == j).map(|(k, _)| k.as_str())
}

impl Codec for Choice {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, _: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Enum(name) => {
                map_one(&self.map, name)
                    .map(Encoded::Json)
                    .ok_or_else(|| Problem::Inexpressible {
                        what: format!("`{name}`"),
                        choices: self.map.keys().cloned().collect(),
                    })
            }
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let name = unmap(&self.map, j)?;
        let Type::Enum(names) = row.setting().ty else {
            return None;
        };
        names.iter().find(|n| **n == name).map(|n| Value::Enum(n))
    }

    fn schema(&self, row: &Row, _: &SchemaCx) -> FieldSchema {
        let names = match row.setting().ty {
            Type::Enum(n) => n,
            _ => &[],
        };
        let values = written(names, &self.map);
        FieldSchema {
            text: format!("One of {}.", listed(&values)),
            schema: enum_schema(&values),
        }
    }

    fn describe(&self) -> String {
        describe_map(&self.map)
    }
}

/// `csv → "CSV", tsv → "TSV"`, or that names are written as they are.
pub(super) fn describe_map(map: &BTreeMap<String, Json>) -> String {
    if map.is_empty() {
        return "names as in the policy".into();
    }
    let pairs: Vec<String> = map.iter().map(|(k, v)| format!("{k} → {v}")).collect();
    pairs.join(", ")
}
