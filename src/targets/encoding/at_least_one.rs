//! `at_least_one`: a count written as a boolean "require at least one"
//! (AWS's `RequireSymbols`). `true` from 1; a minimum above 1 cannot be
//! enforced, and the problem says the service would enforce 1. A service
//! that writes the flag as a number (Okta's `minUpperCase`: "`0` indicates
//! no, `1` indicates yes") takes `numbers = true`, as `boolean` does.

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "at_least_one",
    doc: "A count written as a boolean \"require at least one\": `true` from 1; more than 1 cannot be held.",
    keys: &[KeyDoc::new(
        "numbers",
        KeyType::Bool,
        "Write `1` and `0` instead of `true` and `false` (Okta's `minUpperCase`).",
    )],
    fits: |s| matches!(s.ty, Type::Count { .. }),
    read,
};

#[derive(Debug)]
struct AtLeastOne {
    off: Json,
    on: Json,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let (off, on) = if r.bool("numbers").unwrap_or(false) {
        (Json::from(0), Json::from(1))
    } else {
        (Json::Bool(false), Json::Bool(true))
    };
    Some(Arc::new(AtLeastOne { off, on }))
}

impl Codec for AtLeastOne {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Count(n) if *n > 1 => {
                let field = row.field_name().unwrap_or("its field");
                let what = if self.off == Json::Bool(false) {
                    "a boolean".to_string()
                } else {
                    format!("a flag ({} or {})", self.off, self.on)
                };
                Err(Problem::Weaker {
                    enforced: "1".into(),
                    why: format!("`{field}` is {what}"),
                })
            }
            Value::Count(0) => Ok(Encoded::Json(self.off.clone())),
            Value::Count(_) => Ok(Encoded::Json(self.on.clone())),
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        if *j == self.on {
            Some(Value::Count(1))
        } else if *j == self.off {
            Some(Value::Count(0))
        } else {
            None
        }
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        if self.off == Json::Bool(false) && self.on == Json::Bool(true) {
            return FieldSchema {
                schema: json!({ "type": "boolean" }),
                text: "`true` when the policy requires at least one.".into(),
            };
        }
        FieldSchema {
            schema: json!({ "enum": [self.off, self.on] }),
            text: format!(
                "`{}` when the policy requires at least one, else `{}`.",
                self.on, self.off
            ),
        }
    }

    fn describe(&self) -> String {
        if self.off == Json::Bool(false) && self.on == Json::Bool(true) {
            "boolean: at least one required".into()
        } else {
            format!("{} or {}: at least one required", self.off, self.on)
        }
    }
}
