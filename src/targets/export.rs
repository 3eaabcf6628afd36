//! How a service's own export is read back (`ward drift`, `ward import`):
//! descriptor data, so that a new target needs no drift code.
//!
//! The target-wide part is the descriptor's `[export]` table ([`Export`]):
//! how an administrator produces the export, the key an API wraps the
//! fields in, what an export says when the service has no configuration at
//! all, the field that names one of several configurations in one export,
//! and which files of a directory are exports.
//!
//! ```toml
//! [export]
//! how = "aws iam get-account-password-policy > aws-iam.json 2>&1"
//! wrapper = "PasswordPolicy"
//! unconfigured = ["NoSuchEntity"]
//! ```
//!
//! The per-row part ([`Reading`]) says how a value the service reports is
//! read when it is not what ward writes: more spellings of a keyword
//! (`also_reads = { never = [0] }`), what the service uses when a field is
//! absent or holds 0 (`fallback`: its default, or another field's value,
//! as Keycloak's remember-me timeouts fall back to the normal ones), and
//! what it enforces with no configuration at all (`unconfigured`: an AWS
//! account without a custom password policy requires 8 characters, not
//! the 6 an update leaves out).

use super::descriptor::keys::{KeyDoc, KeyType};
use super::descriptor::reader::{Errors, Table};
use crate::value::{Keyword, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The keys of `[export]`.
pub(crate) const KEYS: &[KeyDoc] = &[
    KeyDoc::new("how", KeyType::Str, "How an administrator produces the export with the vendor's own tools, as a command line: shown by `ward targets NAME` and in docs/drift.md."),
    KeyDoc::new("wrapper", KeyType::Str, "A key an export may wrap the fields in (`PasswordPolicy` in `aws iam get-account-password-policy` output); a bare object is read too."),
    KeyDoc::new("unconfigured", KeyType::Strings, "Words an export that is not in the format holds when the service has no configuration at all (`NoSuchEntity`): read as a service with no fields set."),
    KeyDoc::new("name", KeyType::Str, "The field that names one configuration when an export holds several (an array of Keycloak realms: `realm`)."),
    KeyDoc::new("files", KeyType::Str, "The files of a directory given as an export, as a name with one `*` (`*-realm.json` for `kc.sh export --dir`); default: the output file's name."),
];

/// How the service's export is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    pub how: Option<String>,
    pub wrapper: Option<String>,
    pub unconfigured: Vec<String>,
    pub name: Option<String>,
    pub files: Option<String>,
}

impl Export {
    /// Does `file` (a name without directories) match [`Export::files`],
    /// or else the output file `output`?
    pub(crate) fn is_export_file(&self, file: &str, output: &str) -> bool {
        match &self.files {
            Some(pattern) => match pattern.split_once('*') {
                Some((pre, post)) => {
                    file.len() >= pre.len() + post.len()
                        && file.starts_with(pre)
                        && file.ends_with(post)
                }
                None => file == pattern,
            },
            None => file == output,
        }
    }
}

/// Reads `[export]`; `parent` is the export of the target extended.
pub(crate) fn read(top: &Table<'_>, parent: Option<&Export>, e: &mut Errors) -> Export {
    let mut out = parent.cloned().unwrap_or_default();
    let Some(t) = top.map("export", "`[export]`", e) else {
        return out;
    };
    if let Some(s) = t.string("how", e) {
        out.how = Some(s.node);
    }
    if let Some(s) = t.string("wrapper", e) {
        out.wrapper = Some(s.node);
    }
    if t.has("unconfigured") {
        out.unconfigured = t
            .strings("unconfigured", e)
            .into_iter()
            .map(|s| s.node)
            .collect();
    }
    if let Some(s) = t.string("name", e) {
        out.name = Some(s.node);
    }
    if let Some(s) = t.string("files", e) {
        if s.node.matches('*').count() > 1 || s.node.contains(['/', '\\']) {
            e.help(
                s.span,
                format!("`{}` is not a file name with at most one `*`", s.node),
                "not a file pattern",
                "write a name without directories, such as `*-realm.json`",
            );
        }
        out.files = Some(s.node);
    }
    t.finish(&super::descriptor::keys::names(KEYS), &|_| None, e);
    out
}

/// What the service uses for a field that is absent or holds 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// The row's `default`.
    Default,
    /// The value of another field the target writes (Keycloak's
    /// `ssoSessionIdleTimeoutRememberMe` → `ssoSessionIdleTimeout`).
    Field(String),
}

/// How one row's field is read back from an export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// More values the service reports for a keyword.
    pub also_reads: BTreeMap<Keyword, Vec<Json>>,
    pub fallback: Option<Fallback>,
    /// What the service enforces when it has no configuration at all.
    pub unconfigured: Option<Value>,
}

/// The row keys of [`Reading`], described once (listed in
/// [`super::descriptor::keys::ROW`]).
pub(crate) const ROW_KEYS: &[KeyDoc] = &[
    KeyDoc::new("also_reads", KeyType::KeywordMap, "Read back only: more values the service reports for a keyword, as arrays: `{ never = [0] }`."),
    KeyDoc::new("fallback", KeyType::Str, "Read back only: what the service uses when the field is absent or holds 0: `default` (the row's `default`), or another field the target writes (`ssoSessionIdleTimeout`)."),
    KeyDoc::new("unconfigured", KeyType::Literal, "Read back only: what the service enforces when it has no configuration at all (an empty export: AWS's account without a custom password policy); default: `default`."),
];

impl Reading {
    /// The keyword a reported value stands for, by `also_reads`.
    pub(crate) fn keyword_of(&self, j: &Json) -> Option<Keyword> {
        self.also_reads
            .iter()
            .find(|(_, vs)| vs.iter().any(|v| v == j))
            .map(|(k, _)| *k)
    }
}

/// Reads the [`Reading`] keys of one row. `keywords` are the setting's;
/// `unconfigured` is read by the caller as a literal.
pub(crate) fn read_row(
    t: &Table<'_>,
    keywords: &[Keyword],
    shown: &str,
    e: &mut Errors,
) -> Reading {
    let mut out = Reading::default();
    if let Some(map) = t.map("also_reads", "`also_reads`", e) {
        for entry in map.entries() {
            let Some(k) = Keyword::parse(entry.key).filter(|k| keywords.contains(k)) else {
                e.at(
                    entry.key_span,
                    format!("`{shown}` has no keyword `{}`", entry.key),
                    "not a keyword of this setting",
                );
                continue;
            };
            match entry
                .item
                .as_value()
                .map(super::descriptor::row_json)
                .as_ref()
                .and_then(Json::as_array)
            {
                Some(values) => {
                    out.also_reads.insert(k, values.clone());
                }
                None => e.help(
                    entry.span(),
                    format!("`also_reads.{}` must be an array of values", entry.key),
                    "expected an array",
                    format!("write `{} = [0]`", entry.key),
                ),
            }
        }
    }
    if let Some(f) = t.string("fallback", e) {
        out.fallback = Some(match f.node.as_str() {
            "default" => Fallback::Default,
            "" => {
                e.at(
                    f.span,
                    "`fallback` is empty",
                    "expected `default` or a field",
                );
                Fallback::Default
            }
            field => Fallback::Field(field.to_string()),
        });
    }
    out
}

/// Every `fallback` field names a field another row of the same setting
/// writes.
pub(crate) fn check_fallbacks(rows: &[(super::Row, Option<crate::source::Span>)], e: &mut Errors) {
    for (row, at) in rows {
        let Some(Fallback::Field(f)) = &row.reading.fallback else {
            continue;
        };
        let known = rows.iter().any(|(other, _)| {
            other.selector == row.selector && other.field.as_deref() == Some(f.as_str())
        });
        if !known || row.field.as_deref() == Some(f.as_str()) {
            e.help(
                at.unwrap_or(row.span),
                format!(
                    "`fallback = \"{f}\"` names no other field of `{}`",
                    row.setting_path()
                ),
                "no such field",
                "name a field another row of the same setting writes, or `default`",
            );
        }
    }
}

/// A field of an export, read back into policy terms.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadBack {
    Value(Value),
    /// A field that only says the setting has some value other than a
    /// keyword (Keycloak's `bruteForceProtected = true`): another field of
    /// the setting says which.
    AnyValue,
    /// The service uses this other field's value instead.
    Field(String),
    /// Absent, and the descriptor does not say what the service does then.
    Unknown,
    /// Present, but not a value this field holds.
    Unreadable,
    /// The value ward writes for every value of the setting (Keycloak's
    /// `maxTemporaryLockouts = 0`), or, with a `default`, absent: it says
    /// nothing about the setting, whose other fields are compared.
    Uninformative,
}

impl super::Row {
    /// Reads this row's field of an export: `j` is the field's value,
    /// `None` when absent; `empty` when the export holds no fields at all
    /// (the service has no configuration).
    pub fn read_back(&self, j: Option<&Json>, empty: bool) -> ReadBack {
        if let Some(written) = self.written_for_every_value() {
            return match j {
                Some(j) if *j == written => ReadBack::Uninformative,
                None if self.default.is_some() => ReadBack::Uninformative,
                None => self.absent(empty),
                Some(_) => ReadBack::Unreadable,
            };
        }
        match self.read_back_raw(j, empty) {
            // A switch says only whether the value is a keyword.
            ReadBack::Value(v)
                if self.encoding.kind() == "constant" && !matches!(v, Value::Keyword(_)) =>
            {
                ReadBack::AnyValue
            }
            other => other,
        }
    }

    fn read_back_raw(&self, j: Option<&Json>, empty: bool) -> ReadBack {
        let term = self.encoding.term();
        let j = match (j, &term) {
            // An absent policy string holds no terms.
            (None, Some(_)) => Some(Json::String(String::new())),
            (j, _) => j.cloned(),
        };
        let Some(j) = j else {
            return self.absent(empty);
        };
        if let Some(k) = self.reading.keyword_of(&j) {
            return ReadBack::Value(Value::Keyword(k));
        }
        let zero = j.as_u64() == Some(0);
        if let (Some(f), true) = (&self.reading.fallback, zero) {
            return match f {
                Fallback::Field(other) => ReadBack::Field(other.clone()),
                Fallback::Default => self.absent(empty),
            };
        }
        if let Some(v) = self.decode(Some(&j)) {
            return ReadBack::Value(v);
        }
        if let (Some(t), Some(s)) = (&term, j.as_str()) {
            let present = s
                .split(" and ")
                .map(str::trim)
                .any(|x| x == t.name || x.strip_prefix(t.name).is_some_and(|r| r.starts_with('(')));
            if !present {
                return self.absent(empty);
            }
        }
        if self.encoding.kind() == "constant" {
            // The constant, through the row's `text` template (`4,1`).
            let written = match self.encoding.encode(self, &Value::Count(0)) {
                Ok(super::encoding::Encoded::Json(w)) => Some(self.apply_text(w)),
                _ => None,
            };
            if written == Some(j) {
                return ReadBack::AnyValue;
            }
        }
        ReadBack::Unreadable
    }

    /// What a `constant` row without `omit` whose `keywords` all write the
    /// constant too writes: the same for every value of the setting.
    fn written_for_every_value(&self) -> Option<Json> {
        if self.encoding.kind() != "constant" || !self.omit.is_empty() {
            return None;
        }
        match self.encoding.encode(self, &Value::Count(0)) {
            Ok(super::encoding::Encoded::Json(j)) => {
                let j = self.apply_text(j);
                self.keywords.values().all(|k| *k == j).then_some(j)
            }
            _ => None,
        }
    }

    /// What the service does without this field.
    fn absent(&self, empty: bool) -> ReadBack {
        if let (Some(Fallback::Field(other)), false) = (&self.reading.fallback, empty) {
            return ReadBack::Field(other.clone());
        }
        let unconfigured = self.reading.unconfigured.as_ref();
        let found = if empty {
            unconfigured.or(self.default.as_ref())
        } else {
            self.default.as_ref().or(unconfigured)
        };
        match found.or(self.omit.first()) {
            Some(v) => ReadBack::Value(v.clone()),
            None => ReadBack::Unknown,
        }
    }
}
