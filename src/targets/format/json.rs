//! `json`: one JSON object, fields in descriptor order, dotted fields
//! nested (`account_lockout.failed_login_attempts`), two-space indent and a
//! final newline.

use super::{Fields, Format, Writer};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use std::sync::Arc;

pub(super) const FORMAT: Format = Format {
    name: "json",
    doc: "One JSON object; dotted fields nest.",
    extension: "json",
    keys: &[],
    read: |_: &Table<'_>, _: &mut Errors| Arc::new(Json),
};

#[derive(Debug)]
pub(super) struct Json;

impl Writer for Json {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        crate::emit::json_text(&serde_json::Value::Object(fields.clone())).into_bytes()
    }

    fn read(&self, bytes: &[u8]) -> Result<Fields, String> {
        match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(m)) => Ok(m),
            Ok(_) => Err("the document is not a JSON object".into()),
            Err(e) => Err(format!("invalid JSON: {e}")),
        }
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        if field.split('.').any(str::is_empty) {
            Err(format!("`{field}` has an empty part between dots"))
        } else {
            Ok(())
        }
    }
}
