//! `list`: a list whose members are mapped through `values`, as `enum`
//! maps one value; written as a JSON array in the policy's (sorted) order.

use super::choice::{describe_map, enum_schema, listed, map_one, unmap, written, VALUES};
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "list",
    doc: "A list whose members are mapped through `values` (or written as they are).",
    keys: &[VALUES],
    fits: |s| matches!(s.ty, Type::EnumList(_) | Type::StrList),
    read,
};

#[derive(Debug)]
struct List {
    map: BTreeMap<String, Json>,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let map = r.value_map("values");
    Some(Arc::new(List { map }))
}

impl Codec for List {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, _: &Row, v: &Value) -> Result<Encoded, Problem> {
        let Value::List(items) = v else {
            return Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            });
        };
        let mut out = Vec::new();
        for item in items {
            match map_one(&self.map, item) {
                Some(j) => out.push(j),
                None => {
                    return Err(Problem::Inexpressible {
                        what: format!("`{item}`"),
                        choices: self.map.keys().cloned().collect(),
                    })
                }
            }
        }
        Ok(Encoded::Json(out.into()))
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        let mut out = BTreeSet::new();
        for item in j.as_array()? {
            out.insert(unmap(&self.map, item)?.to_string());
        }
        Some(Value::List(out))
    }

    fn schema(&self, row: &Row, _: &SchemaCx) -> FieldSchema {
        let ty = row.setting().ty;
        if self.map.is_empty() && ty == Type::StrList {
            return FieldSchema {
                schema: json!({ "type": "array", "uniqueItems": true, "items": { "type": "string" } }),
                text: "A list of names.".into(),
            };
        }
        let names = match ty {
            Type::EnumList(n) => n,
            _ => &[],
        };
        let values = written(names, &self.map);
        let injective = self.map.is_empty() || values.len() == self.map.len();
        let mut schema = json!({ "type": "array", "items": enum_schema(&values) });
        if injective {
            schema["uniqueItems"] = true.into();
        }
        FieldSchema {
            text: format!("A list of {}.", listed(&values)),
            schema,
        }
    }

    fn describe(&self) -> String {
        describe_map(&self.map)
    }
}
