//! Encodings: how one policy value is written into one field, exactly or
//! not at all.
//!
//! Each kind of encoding is one module implementing [`Codec`]: it reads its
//! own descriptor keys and checks them ([`Kind::read`]), encodes a value
//! (`check` and `emit` both call it, so whatever `check` accepts is exactly
//! what `emit` writes), decodes a service's value back into policy terms
//! (for `drift` and `import`), gives the JSON Schema of what it writes and
//! describes itself for `ward targets NAME`. [`KINDS`] lists them; adding
//! an encoding is one module and one line there.
//!
//! What every row shares is handled once, in [`Row::encode`]: values the
//! row writes by leaving the field out (`omit`), keywords written as the
//! service's sentinel (`keywords`), and a text template (`text = "4,{}"`).
//! When a value cannot be written, the [`Problem`] says how the service
//! counts and which values it *can* hold nearest on the stricter side.

mod at_least_one;
mod boolean;
mod choice;
mod constant;
pub(crate) mod grid;
mod integer;
mod iso8601;
pub(crate) mod level;
mod list;
mod negated;
mod one_of;
pub(crate) mod term;
mod timespan;
mod value_unit;

pub use iso8601::{iso8601, PATTERN as ISO8601_PATTERN};
pub use timespan::{timespan, PATTERN as TIMESPAN_PATTERN};

use super::descriptor::keys::KeyDoc;
use super::descriptor::RowRead;
use super::Row;
use crate::catalog::{Setting, Type};
use crate::value::Value;
use serde_json::Value as Json;
use std::fmt::Debug;
use std::sync::Arc;

/// What a field receives.
#[derive(Clone, Debug, PartialEq)]
pub enum Encoded {
    /// Leave the field out (`never`, `history = 0` on AWS).
    Omit,
    Json(Json),
    /// One `term(N)` of a policy string joined with ` and ` (Keycloak).
    Term(String),
}

/// A value the service can hold, offered in help text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// In policy terms: seconds or a count.
    pub amount: u64,
    /// As a user would write it: `9999m`, `2h`, `24`.
    pub text: String,
}

/// Why a value cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a whole number of the service's units, or too many of them.
    /// `grain` completes "counts … in": `whole minutes`.
    Inexact {
        grain: String,
        nearest: Vec<Candidate>,
    },
    /// A keyword, enum value or list member the service has no way to say;
    /// `choices` are what it can say, when the row lists them.
    Inexpressible { what: String, choices: Vec<String> },
    /// The service's offset leaves nothing to write: `smallest` is the least
    /// policy value it can enforce.
    OffsetTooLarge { smallest: u64 },
    /// The service would enforce less than the value: `enforced` is what
    /// it would enforce, `why` how the field works.
    Weaker { enforced: String, why: String },
}

/// The schema a codec gives its field, with a sentence for people.
pub struct FieldSchema {
    pub schema: Json,
    pub text: String,
}

/// What [`Codec::schema`] needs to know besides the row.
pub struct SchemaCx {
    /// The policy-side interval the row can write (its limits, else the
    /// domain), in seconds or a count.
    pub lo: u64,
    pub hi: u64,
}

/// One kind of encoding.
pub trait Codec: Debug + Send + Sync {
    /// Its name in descriptors: `value_unit`.
    fn kind(&self) -> &'static str;

    /// Writes a non-keyword value of the row's setting.
    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem>;

    /// Reads a service's value back into policy terms; `None` when the
    /// value is not one this encoding writes. (Drift and import read
    /// exports through this; keywords and omitted values are decoded by
    /// [`Row::decode`].)
    fn decode(&self, row: &Row, j: &Json) -> Option<Value>;

    /// The JSON Schema of what [`Codec::encode`] writes.
    fn schema(&self, row: &Row, cx: &SchemaCx) -> FieldSchema;

    /// For `ward targets NAME`: `integer minutes, 1..9999`.
    fn describe(&self) -> String;

    /// A `term` codec's name, argument and unit (the terms of one field
    /// are joined into one string, and described together).
    fn term(&self) -> Option<TermInfo<'_>> {
        None
    }

    /// A `level` codec: the field is written once from several settings
    /// ([`level::Levels::write`]), not from one row's value.
    fn levels(&self) -> Option<&level::Levels> {
        None
    }
}

/// What [`Codec::term`] tells about a term.
pub struct TermInfo<'a> {
    pub name: &'a str,
    pub arg: Option<&'a str>,
    pub unit: Option<crate::value::Unit>,
}

/// A kind of encoding, as descriptors name it.
pub(crate) struct Kind {
    pub name: &'static str,
    pub doc: &'static str,
    /// The row keys only this kind reads.
    pub keys: &'static [KeyDoc],
    /// Can it write a value of this setting?
    pub fits: fn(&Setting) -> bool,
    /// Reads and checks its keys; `None` after reporting a problem.
    pub read: fn(&mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>>,
}

/// Every encoding kind, in the order the documentation lists them.
pub(crate) const KINDS: &[&Kind] = &[
    &integer::KIND,
    &value_unit::KIND,
    &iso8601::KIND,
    &timespan::KIND,
    &boolean::KIND,
    &at_least_one::KIND,
    &negated::KIND,
    &choice::KIND,
    &one_of::KIND,
    &level::KIND,
    &list::KIND,
    &term::KIND,
    &constant::KIND,
];

/// The kind named `name`.
pub(crate) fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// The kind a row gets without `encoding`: by the setting's type.
pub(crate) fn default_kind(s: &Setting) -> &'static Kind {
    match s.ty {
        Type::Duration { .. } | Type::Count { .. } => &integer::KIND,
        Type::Bool => &boolean::KIND,
        Type::Enum(_) => &choice::KIND,
        Type::EnumList(_) | Type::StrList => &list::KIND,
    }
}

pub(crate) use crate::diag::suggest::join_or;

impl Row {
    /// Writes `v` (a value of the row's setting) the way the row wants it.
    pub fn encode(&self, v: &Value) -> Result<Encoded, Problem> {
        if self.omit.contains(v) {
            return Ok(Encoded::Omit);
        }
        if let Value::Keyword(k) = v {
            return match self.keywords.get(k) {
                Some(sentinel) => Ok(Encoded::Json(sentinel.clone())),
                None => Err(Problem::Inexpressible {
                    what: format!("`{}`", k.as_str()),
                    choices: Vec::new(),
                }),
            };
        }
        match self.encoding.encode(self, v)? {
            Encoded::Json(j) => Ok(Encoded::Json(self.apply_text(j))),
            other => Ok(other),
        }
    }

    /// Reads a service's value back into policy terms: a keyword's
    /// sentinel, a value the row writes by leaving the field out (`None`
    /// for an absent field), or the encoding's own decoding.
    pub fn decode(&self, j: Option<&Json>) -> Option<Value> {
        let Some(j) = j else {
            return self.omit.first().cloned().or_else(|| self.default.clone());
        };
        if let Some((k, _)) = self.keywords.iter().find(|(_, s)| *s == j) {
            return Some(Value::Keyword(*k));
        }
        if let Some(k) = self.reading.keyword_of(j) {
            return Some(Value::Keyword(k));
        }
        let inner = match &self.text {
            Some(t) => strip_text(t, j)?,
            None => j.clone(),
        };
        self.encoding.decode(self, &inner)
    }

    /// The value through the row's `text` template: `4,{}` writes 900 as
    /// `"4,900"`.
    pub(crate) fn apply_text(&self, j: Json) -> Json {
        match &self.text {
            Some(t) => {
                let inner = match &j {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Json::String(t.replacen("{}", &inner, 1))
            }
            None => j,
        }
    }
}

/// The value inside a `text` template, as JSON (a number when it is one).
fn strip_text(template: &str, j: &Json) -> Option<Json> {
    let s = j.as_str()?;
    let (before, after) = template.split_once("{}")?;
    let inner = s.strip_prefix(before)?.strip_suffix(after)?;
    Some(match inner.parse::<u64>() {
        Ok(n) => Json::from(n),
        Err(_) => Json::from(inner),
    })
}
