//! Output formats: a target's fields written the way its service reads
//! them.
//!
//! Targets stay data; formats are writers, shared by every target that
//! uses them. A descriptor's `[output]` names its format and file name
//! (default `NAME.json`):
//!
//! | format | writes | for |
//! |---|---|---|
//! | `json` | one JSON object, dotted fields nested | Keycloak, AWS IAM, the consoles |
//! | `key_value` | `name = value` lines | `pwquality.conf`, `faillock.conf`, `pwhistory.conf` |
//! | `login_defs` | `NAME value` lines to merge into the distribution's file | `login.defs` |
//! | `inf` | a Windows security template, UTF-16 LE with a byte-order mark | `secedit`, a GPO's `GptTmpl.inf` |
//! | `api_bodies` | API request bodies keyed by endpoint, with fixed members and name/value lists | Okta's policies, Microsoft Graph |
//! | `xml` | one XML document, dotted fields as nested elements in descriptor order | Salesforce's `Security.settings` |
//!
//! Every writer also reads its format back into the same field tree
//! ([`Writer::read`]), which the tests use to validate what was written
//! against the target's schema and which `drift` and `import` will use to
//! read a service's export. [`Writer::check_field`] refuses, in the
//! descriptor, a field the format cannot hold.

mod api_bodies;
mod inf;
mod json;
mod key_value;
mod login_defs;
mod xml;

use super::descriptor::keys::KeyDoc;
use super::descriptor::reader::{Errors, Table};
use super::Target;
use serde_json::{Map, Value as Json};
use std::fmt::Debug;
use std::sync::Arc;

/// The fields of one output, nested at dots, in descriptor order.
pub type Fields = Map<String, Json>;

/// A format's writer, with the options its descriptor gave it.
pub trait Writer: Debug + Send + Sync {
    /// The format's name in descriptors: `key_value`.
    fn format(&self) -> &'static str;

    /// The file's bytes.
    fn write(&self, t: &Target, fields: &Fields) -> Vec<u8>;

    /// A file of this format as fields, or why it is not one.
    fn read(&self, bytes: &[u8]) -> Result<Fields, String>;

    /// Why the format cannot hold `field`, if it cannot.
    fn check_field(&self, field: &str) -> Result<(), String>;

    /// A service's export in this format, for `drift` and `import`: its
    /// text, its fields, and where each value is, so that a finding can
    /// point at the line. The default reads with [`Writer::read`] and
    /// knows no places.
    fn read_located(&self, bytes: &[u8]) -> Result<Located, ReadError> {
        let text = String::from_utf8_lossy(bytes).into_owned();
        match self.read(bytes) {
            Ok(fields) => Ok(Located {
                text,
                value: Json::Object(fields),
                spans: std::collections::BTreeMap::new(),
                not_in_force: Vec::new(),
            }),
            Err(message) => Err(ReadError {
                message,
                span: None,
                text: Some(text),
            }),
        }
    }
}

/// An export as read back ([`Writer::read_located`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The text, decoded (UTF-16 for a security template), which spans
    /// point into.
    pub text: String,
    /// An object of fields, nested at dots; for JSON also an array of
    /// them (several configurations in one export).
    pub value: Json,
    /// Where each value is in `text`, by path: object keys joined with
    /// `.`, array items by index (`0.ssoSessionIdleTimeout`).
    pub spans: std::collections::BTreeMap<String, crate::source::Span>,
    /// Bodies the export holds that are not in force (a Conditional
    /// Access policy that only reports): read as absent, and said why.
    pub not_in_force: Vec<NotInForce>,
}

/// A part of an export that holds fields but is not in force, because a
/// member that must hold what ward writes holds something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotInForce {
    /// The fields under it start with this path and a dot (an endpoint).
    pub prefix: String,
    /// The member, as a path under `prefix` (`state`).
    pub member: String,
    /// What the export holds there, and what ward writes (as JSON).
    pub held: String,
    pub written: String,
    /// Where the member's value is.
    pub span: Option<crate::source::Span>,
}

/// Why an export cannot be read as its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Lowercase, user input in backticks.
    pub message: String,
    /// Where in `text`, when known.
    pub span: Option<crate::source::Span>,
    /// The text, when it could be decoded.
    pub text: Option<String>,
}

/// A format, as descriptors name it.
pub(crate) struct Format {
    pub name: &'static str,
    pub doc: &'static str,
    /// The default file name is `NAME.EXTENSION`.
    pub extension: &'static str,
    /// The `[output]` keys only this format reads.
    pub keys: &'static [KeyDoc],
    /// Reads the format's own `[output]` keys.
    pub read: fn(&Table<'_>, &mut Errors) -> Arc<dyn Writer>,
}

/// Every format.
pub(crate) const FORMATS: &[&Format] = &[
    &json::FORMAT,
    &key_value::FORMAT,
    &login_defs::FORMAT,
    &inf::FORMAT,
    &xml::FORMAT,
    &api_bodies::FORMAT,
];

/// The format named `name`.
pub(crate) fn format(name: &str) -> Option<&'static Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// The default format: JSON.
pub(crate) fn json() -> Arc<dyn Writer> {
    Arc::new(json::Json)
}

/// `comment = ["…"]` lines of a format that has comments.
pub(crate) const COMMENT: KeyDoc = KeyDoc::new(
    "comment",
    super::descriptor::keys::KeyType::Strings,
    "Lines written as a comment at the top of the file.",
);

/// A scalar field as text: numbers and strings as they are, booleans as
/// `1` and `0` (what configuration files of this kind read).
pub(crate) fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Bool(b) => u8::from(*b).to_string(),
        other => other.to_string(),
    }
}

/// A value read from a text file: a number when it is one.
pub(crate) fn scalar_value(s: &str) -> Json {
    match s.parse::<i64>() {
        Ok(n) => Json::from(n),
        Err(_) => Json::from(s),
    }
}

/// Why `field` is not a plain name of letters, digits and `_`.
pub(crate) fn plain_name(field: &str, what: &str) -> Result<(), String> {
    if !field.is_empty()
        && field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(())
    } else {
        Err(format!(
            "{what} holds plain names of letters, digits and `_`, not `{field}`"
        ))
    }
}

/// A line-oriented export read back with places: `text` as it is, the
/// fields `read` found in it, and the value of each `key value` line by
/// path (`Section.key` under `[Section]` headers when `sections`), so that
/// drift points at the line. `split` cuts a trimmed line into its key and
/// value, both slices of the line; `comment` starts a comment line.
pub(crate) fn located_lines(
    text: String,
    fields: Fields,
    comment: char,
    sections: bool,
    split: fn(&str) -> Option<(&str, &str)>,
) -> Located {
    let mut spans = std::collections::BTreeMap::new();
    spans.insert(
        String::new(),
        crate::source::Span::new(0, text.len().min(1)),
    );
    let mut section: Option<&str> = None;
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = at;
        at += raw.len();
        let line = raw.trim();
        if line.is_empty() || line.starts_with(comment) {
            continue;
        }
        if sections {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name);
                continue;
            }
        }
        let Some((key, value)) = split(line) else {
            continue;
        };
        // `value` is a slice of `raw`: its offset in `raw` is exact.
        let offset = value.as_ptr() as usize - raw.as_ptr() as usize;
        let start = line_start + offset;
        let path = match section {
            Some(s) => format!("{s}.{key}"),
            None => key.to_string(),
        };
        spans.insert(path, crate::source::Span::new(start, start + value.len()));
    }
    Located {
        text,
        value: Json::Object(fields),
        spans,
        not_in_force: Vec::new(),
    }
}

/// `key = value` (spaces around `=` optional), trimmed; a bare name is its
/// own value (a flag such as `even_deny_root`).
pub(crate) fn split_equals(line: &str) -> Option<(&str, &str)> {
    match line.split_once('=') {
        Some((k, v)) => Some((k.trim(), v.trim())),
        None => Some((line, line)),
    }
}
