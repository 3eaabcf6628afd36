//! `constant`: a field whose value says only *that* the setting has a
//! value, not which: Keycloak's `bruteForceProtected` is `true` for any
//! number of failed attempts and `false` for `unlimited`.
//!
//! ```toml
//! setting  = "lockout.threshold"
//! field    = "bruteForceProtected"
//! encoding = "constant"
//! constant = true
//! keywords = { unlimited = false }
//! ```
//!
//! Any value the row neither omits nor maps through `keywords` writes
//! `constant`. Decoding cannot tell which value it stood for, so drift
//! compares such a field as written. A row without `omit` whose
//! `keywords` (if any) map to the constant writes the same for every value (Keycloak's
//! `maxTemporaryLockouts = 0`): read back, it says nothing about the
//! setting (`ReadBack::Uninformative`), and with a `default` its absence
//! says the same; the setting's other fields are compared.

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "constant",
    doc: "The same value (`constant`) whatever the setting's value, except keywords mapped through `keywords`: a switch such as Keycloak's `bruteForceProtected`.",
    keys: &[KeyDoc::new(
        "constant",
        KeyType::Json,
        "What the field holds whenever the setting has a value that `keywords` and `omit` do not cover.",
    )],
    fits: |_| true,
    read,
};

#[derive(Debug)]
struct Constant {
    value: Json,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    match r.json("constant") {
        Some(value) => Some(Arc::new(Constant { value })),
        None => {
            r.missing(
                "constant",
                "the value the field holds, e.g. `constant = true`",
            );
            None
        }
    }
}

impl Codec for Constant {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, _: &Row, _: &Value) -> Result<Encoded, Problem> {
        Ok(Encoded::Json(self.value.clone()))
    }

    fn decode(&self, _: &Row, _: &Json) -> Option<Value> {
        None
    }

    fn schema(&self, row: &Row, _: &SchemaCx) -> FieldSchema {
        let keywords: Vec<String> = row
            .keywords
            .keys()
            .map(|k| format!("`{}`", k.as_str()))
            .collect();
        let text = if keywords.is_empty() {
            format!("`{}` whenever the policy sets it.", self.value)
        } else {
            format!(
                "`{}` for any value but {}.",
                self.value,
                keywords.join(", ")
            )
        };
        FieldSchema {
            schema: json!({ "const": self.value }),
            text,
        }
    }

    fn describe(&self) -> String {
        format!("always {}", self.value)
    }
}
