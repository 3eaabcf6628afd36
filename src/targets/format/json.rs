//! `json`: one JSON object, fields in descriptor order, dotted fields
//! nested (`account_lockout.failed_login_attempts`), two-space indent and a
//! final newline.

use super::{Fields, Format, Located, ReadError, Writer};
use crate::source::Span;
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use jsonc_parser::common::Ranged;
use std::collections::BTreeMap;
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

    fn read_located(&self, bytes: &[u8]) -> Result<Located, ReadError> {
        read_located(bytes)
    }
}

/// The deepest nesting an export may have: far more than any service
/// writes, and little enough that reading it cannot exhaust the stack.
const MAX_EXPORT_DEPTH: usize = 64;

/// Strict JSON with the place of every value (`jsonc-parser`, as policies
/// in the JSON form are read), an object or an array at the top.
pub(super) fn read_located(bytes: &[u8]) -> Result<Located, ReadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_string(),
        Err(e) => {
            let at = e.valid_up_to();
            return Err(ReadError {
                message: format!("the export is not UTF-8: invalid byte at offset {at}"),
                span: None,
                text: Some(String::from_utf8_lossy(bytes).into_owned()),
            });
        }
    };
    let fail = |message: String, span: Option<Span>, text: &str| ReadError {
        message,
        span,
        text: Some(text.to_string()),
    };
    if let Some(span) = crate::syntax::json_form::too_deep(&text, MAX_EXPORT_DEPTH) {
        return Err(fail(
            format!("the export is nested more than {MAX_EXPORT_DEPTH} levels deep"),
            Some(span),
            &text,
        ));
    }
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = jsonc_parser::CollectOptions::default();
    let parsed = match jsonc_parser::parse_to_ast(&text, &collect, &options) {
        Ok(p) => p,
        Err(e) => {
            let r = e.range();
            let kind = e.kind().to_string();
            let mut c = kind.chars();
            let kind: String = c
                .next()
                .map_or(String::new(), |f| f.to_lowercase().chain(c).collect());
            return Err(fail(
                format!("invalid JSON: {kind}"),
                Some(Span::new(r.start, r.end)),
                &text,
            ));
        }
    };
    let Some(root) = parsed.value else {
        return Err(fail(
            "the export holds no JSON value".into(),
            Some(Span::new(0, 0)),
            &text,
        ));
    };
    let mut spans = BTreeMap::new();
    let value = convert(&root, "", &mut spans);
    if !matches!(
        value,
        serde_json::Value::Object(_) | serde_json::Value::Array(_)
    ) {
        let r = root.range();
        return Err(fail(
            "the export is not a JSON object".into(),
            Some(Span::new(r.start, r.end)),
            &text,
        ));
    }
    Ok(Located {
        text,
        value,
        spans,
        not_in_force: Vec::new(),
    })
}

/// One value as `serde_json`, recording the span of it and of everything
/// inside it under `path`. The depth scan above bounds the recursion.
fn convert(
    v: &jsonc_parser::ast::Value<'_>,
    path: &str,
    spans: &mut BTreeMap<String, Span>,
) -> serde_json::Value {
    use jsonc_parser::ast::Value as V;
    use serde_json::Value as J;
    let r = v.range();
    spans.insert(path.to_string(), Span::new(r.start, r.end));
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        V::StringLit(s) => J::String(s.value.to_string()),
        V::NumberLit(n) => serde_json::from_str(n.value).unwrap_or(J::Null),
        V::BooleanLit(b) => J::Bool(b.value),
        V::NullKeyword(_) => J::Null,
        V::Object(o) => {
            let mut m = serde_json::Map::new();
            for p in &o.properties {
                let key = p.name.as_str().to_string();
                let inner = convert(&p.value, &join(&key), spans);
                m.insert(key, inner);
            }
            J::Object(m)
        }
        V::Array(a) => J::Array(
            a.elements
                .iter()
                .enumerate()
                .map(|(i, e)| convert(e, &join(&i.to_string()), spans))
                .collect(),
        ),
    }
}
