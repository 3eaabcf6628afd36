//! `at_least_one`: a count written as a boolean "require at least one"
//! (AWS's `RequireSymbols`). `true` from 1; a minimum above 1 cannot be
//! enforced, and the problem says the service would enforce 1.

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "at_least_one",
    doc: "A count written as a boolean \"require at least one\": `true` from 1; more than 1 cannot be held.",
    keys: &[],
    fits: |s| matches!(s.ty, Type::Count { .. }),
    read,
};

#[derive(Debug)]
struct AtLeastOne;

fn read(_: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    Some(Arc::new(AtLeastOne))
}

impl Codec for AtLeastOne {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Count(n) if *n > 1 => {
                let field = row.field_name().unwrap_or("its field");
                Err(Problem::Weaker {
                    enforced: "1".into(),
                    why: format!("`{field}` is a boolean"),
                })
            }
            Value::Count(n) => Ok(Encoded::Json((*n >= 1).into())),
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        Some(Value::Count(u64::from(j.as_bool()?)))
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        FieldSchema {
            schema: json!({ "type": "boolean" }),
            text: "`true` when the policy requires at least one.".into(),
        }
    }

    fn describe(&self) -> String {
        "boolean: at least one required".into()
    }
}
