//! `boolean`: `true` / `false`; `invert = true` writes the negation (a
//! "disable …" field fed by an "allow …" setting), `numbers = true` writes
//! `1` / `0` (configuration files such as `pwquality.conf`).

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "boolean",
    doc: "`true` or `false` (`invert = true` for a field that says the opposite).",
    keys: &[
        KeyDoc::new(
            "invert",
            KeyType::Bool,
            "Write the negation of the policy's value.",
        ),
        KeyDoc::new(
            "numbers",
            KeyType::Bool,
            "Write `1` and `0` instead of `true` and `false`.",
        ),
    ],
    fits: |s| s.ty == Type::Bool,
    read,
};

#[derive(Debug)]
struct Boolean {
    invert: bool,
    numbers: bool,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let invert = r.bool("invert").unwrap_or(false);
    let numbers = r.bool("numbers").unwrap_or(false);
    Some(Arc::new(Boolean { invert, numbers }))
}

impl Codec for Boolean {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, _: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Bool(b) if self.numbers => Ok(Encoded::Json(u8::from(b ^ self.invert).into())),
            Value::Bool(b) => Ok(Encoded::Json((b ^ self.invert).into())),
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        let b = match j {
            Json::Bool(b) => *b,
            // Key/value files write booleans as 1 and 0.
            Json::Number(n) if n.as_u64() == Some(1) => true,
            Json::Number(n) if n.as_u64() == Some(0) => false,
            _ => return None,
        };
        Some(Value::Bool(b ^ self.invert))
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        FieldSchema {
            schema: if self.numbers {
                json!({ "type": "integer", "enum": [0, 1] })
            } else {
                json!({ "type": "boolean" })
            },
            text: if self.invert {
                "A boolean: the negation of the policy's value.".into()
            } else {
                "A boolean.".into()
            },
        }
    }

    fn describe(&self) -> String {
        let base = if self.numbers { "1 or 0" } else { "boolean" };
        if self.invert {
            format!("{base}, inverted")
        } else {
            base.into()
        }
    }
}
