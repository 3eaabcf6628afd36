//! `negated`: a count written as its negation. libpwquality's credits
//! say "at least N digits" as `dcredit = -N`: a positive credit would
//! instead *lower* the required length, so only 0 and below are written.

use super::grid::MAX_EXACT;
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::Type;
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "negated",
    doc: "A count written as its negation: at least N as `-N` (libpwquality's `dcredit = -1`).",
    keys: &[],
    fits: |s| matches!(s.ty, Type::Count { .. }),
    read,
};

#[derive(Debug)]
struct Negated;

fn read(_: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    Some(Arc::new(Negated))
}

impl Codec for Negated {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, _: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Count(n) if *n <= MAX_EXACT => {
                let n = i64::try_from(*n).unwrap_or(i64::MAX);
                Ok(Encoded::Json(Json::from(-n)))
            }
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        let n = j.as_i64()?;
        // A positive credit is no minimum: it lowers the required length.
        (n <= 0).then(|| Value::Count(n.unsigned_abs()))
    }

    fn schema(&self, _: &Row, cx: &SchemaCx) -> FieldSchema {
        let lo = -i64::try_from(cx.hi.min(MAX_EXACT)).unwrap_or(0);
        let hi = -i64::try_from(cx.lo.min(MAX_EXACT)).unwrap_or(0);
        FieldSchema {
            schema: json!({ "type": "integer", "minimum": lo, "maximum": hi }),
            text: format!("The negation of the count: from {lo} to {hi} (`-N` means at least N)."),
        }
    }

    fn describe(&self) -> String {
        "negated integer (-N: at least N)".into()
    }
}
