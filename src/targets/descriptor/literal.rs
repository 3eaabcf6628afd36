//! Values in descriptors (`min`, `max`, `default`, `fixed`, `omit`, …),
//! read exactly as the TOML authoring form of a policy reads them.
//!
//! `min = "1h"` in a descriptor means what `idle_timeout = "1h"` means in a
//! `.ward.toml` file: a string's content is read with the grammar's value
//! rule (`syntax::parse_value_str`), an integer is a number without unit,
//! strings inside an array stay strings, and the result is lowered with the
//! policies' own `lower_value`, so units, keywords, enum values, list
//! members and the setting's domain are checked in one place. A problem is
//! reported as `E0607` with the message and help the policy would get,
//! pointing inside the descriptor.

use super::reader::{kind_of, span_of, Errors};
use crate::catalog::Setting;
use crate::diag::codes;
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, Number, Term, ValueKind};
use crate::value::Value;
use toml_edit::Value as Toml;

/// Reads `v`, written for `key` of a row of `setting` (`path` as the row
/// writes it), as a value of the setting. `text` is the descriptor.
pub(crate) fn literal(
    e: &mut Errors,
    text: &str,
    setting: &'static Setting,
    path: &str,
    key: &str,
    v: &Toml,
    fallback: Span,
) -> Option<Value> {
    let written = match to_ast(e, text, key, v, fallback, false) {
        Ok(w) => w,
        Err(()) => return None,
    };
    let toml = crate::syntax::Form::Toml;
    match crate::resolve::lower_value(e.source, toml, setting, path, &written) {
        Ok(value) => Some(value),
        Err(mut d) => {
            d.code = codes::INVALID_DESCRIPTOR;
            d.severity = codes::INVALID_DESCRIPTOR.severity();
            d.message = format!("invalid `{key}` for `{path}`: {}", d.message);
            d.notes
                .push("descriptor values are written as in a `.ward.toml` policy: durations as strings such as `\"15m\"`".into());
            e.push(d);
            None
        }
    }
}

/// The syntax tree of a TOML value, as the authoring form builds it.
fn to_ast(
    e: &mut Errors,
    text: &str,
    key: &str,
    v: &Toml,
    fallback: Span,
    in_list: bool,
) -> Result<ast::Value, ()> {
    let span = span_of(v.span(), fallback);
    let kind = match v {
        Toml::String(s) => {
            let s = s.value();
            if in_list || s == "true" || s == "false" {
                ValueKind::Str(s.clone())
            } else {
                return word_or_quantity(e, text, s, span);
            }
        }
        Toml::Integer(i) => match u64::try_from(*i.value()) {
            Ok(n) => number(Number::Int(n.to_string()), span),
            Err(_) => {
                e.at(
                    span,
                    format!("`{key}` cannot be negative"),
                    "a negative number",
                );
                return Err(());
            }
        },
        Toml::Float(f) => number(Number::Decimal(f.value().to_string()), span),
        Toml::Boolean(b) => ValueKind::Bool(*b.value()),
        Toml::Array(items) => {
            let mut out = Vec::new();
            for item in items.iter() {
                out.push(to_ast(e, text, key, item, span, true)?);
            }
            ValueKind::List(out)
        }
        Toml::Datetime(_) | Toml::InlineTable(_) => {
            e.at(
                span,
                format!("`{key}` cannot be {}", kind_of(v)),
                "not a value a setting takes",
            );
            return Err(());
        }
    };
    Ok(ast::Value { kind, span })
}

/// A string's content as a quantity (`8h`) or a word (`never`), with spans
/// inside the string when it has no escapes.
fn word_or_quantity(e: &mut Errors, text: &str, s: &str, span: Span) -> Result<ast::Value, ()> {
    let raw = text.get(span.range()).unwrap_or("");
    let delim = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let inner = raw
        .get(delim..raw.len().saturating_sub(delim))
        .unwrap_or("");
    let offset = (inner == s).then_some(span.start as usize + delim);
    match crate::syntax::parse_value_str(s, offset.unwrap_or(0)) {
        Ok(mut v) => {
            if offset.is_none() {
                // Escapes moved the text around: point at the whole string.
                crate::syntax::map_spans(&mut v, &|_| span);
            }
            Ok(v)
        }
        Err(mut d) => {
            d.code = codes::INVALID_DESCRIPTOR;
            d.severity = codes::INVALID_DESCRIPTOR.severity();
            if offset.is_none() {
                if let Some(l) = d.primary.as_mut() {
                    l.span = span;
                }
            }
            e.push(d);
            Err(())
        }
    }
}

fn number(n: Number, span: Span) -> ValueKind {
    ValueKind::Quantity(vec![Term {
        number: Spanned::new(n, span),
        unit: None,
        span,
    }])
}
