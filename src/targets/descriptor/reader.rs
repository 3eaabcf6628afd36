//! A spanned view of one table of a descriptor, read key by key.
//!
//! A descriptor is read with `toml_edit`, which keeps the byte span of every
//! key and value, so every problem points at the key or value it is about.
//! Each accessor marks its key as read and reports a value of the wrong kind
//! (naming the key as written, never a Rust type); [`Table::finish`] then
//! reports every key nobody read, with a did-you-mean over the keys the
//! table accepts. Nothing stops at the first problem.

use crate::diag::{codes, suggest, Here, Local};
use crate::source::{Span, Spanned};
use std::cell::Cell;
use toml_edit::{Item, Value};

/// The problems found in one descriptor, with spans into its text (the
/// registry stamps the file's id on them when it adds the file).
pub(crate) struct Errors {
    pub source: Here,
    pub list: Vec<Local>,
}

impl Errors {
    pub fn new() -> Errors {
        Errors {
            source: Here,
            list: Vec::new(),
        }
    }

    /// Reports `message` at `span`, labelled `label`.
    pub fn at(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        self.list
            .push(Local::new(codes::INVALID_DESCRIPTOR, message).at(self.source, span, label));
    }

    /// Reports `message` at `span` with help.
    pub fn help(
        &mut self,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.list.push(
            Local::new(codes::INVALID_DESCRIPTOR, message)
                .at(self.source, span, label)
                .help(help),
        );
    }

    pub fn push(&mut self, d: Local) {
        self.list.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A byte range from `toml_edit` as a span; `fallback` when it has none.
pub(crate) fn span_of(r: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
    r.map_or(fallback, |r| Span::new(r.start, r.end))
}

/// What a TOML value is, for messages: `a string`, `an array`.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::InlineTable(_) => "a table",
    }
}

/// One `key = value` of a table.
pub(crate) struct Entry<'a> {
    pub key: &'a str,
    pub key_span: Span,
    pub item: &'a Item,
    used: Cell<bool>,
}

impl<'a> Entry<'a> {
    /// The value's span (the key's when the value has none, a table).
    pub fn span(&self) -> Span {
        span_of(self.item.span(), self.key_span)
    }

    /// Key and value together: the line a problem with the entry is on.
    pub fn whole(&self) -> Span {
        self.key_span.to(self.span())
    }
}

/// One table of a descriptor: the file itself, `[output]`, a
/// `[[settings]]` row, or an inline table such as `values = { … }`.
pub(crate) struct Table<'a> {
    /// For messages: `a `[[settings]]` row`.
    pub what: &'static str,
    /// The header (`[[settings]]`) or the whole table.
    pub span: Span,
    entries: Vec<Entry<'a>>,
}

impl<'a> Table<'a> {
    pub fn of(t: &'a toml_edit::Table, what: &'static str, fallback: Span) -> Table<'a> {
        let span = span_of(t.span(), fallback);
        let entries = t
            .iter()
            .map(|(k, item)| Entry {
                key: k,
                key_span: span_of(t.key(k).and_then(|k| k.span()), span),
                item,
                used: Cell::new(false),
            })
            .collect();
        Table {
            what,
            span,
            entries,
        }
    }

    pub(crate) fn of_inline(
        t: &'a toml_edit::InlineTable,
        what: &'static str,
        fallback: Span,
    ) -> Table<'a> {
        let span = span_of(t.span(), fallback);
        let entries = t
            .iter()
            .filter_map(|(k, _)| {
                let (key, item) = t.get_key_value(k)?;
                Some(Entry {
                    key: key.get(),
                    key_span: span_of(key.span(), span),
                    item,
                    used: Cell::new(false),
                })
            })
            .collect();
        Table {
            what,
            span,
            entries,
        }
    }

    /// The entry named `key`, marked as read.
    pub fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        let e = self.entries.iter().find(|e| e.key == key)?;
        e.used.set(true);
        Some(e)
    }

    /// Every entry, in file order, marked as read.
    pub fn entries(&self) -> &[Entry<'a>] {
        for e in &self.entries {
            e.used.set(true);
        }
        &self.entries
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    /// The span of `key = value`, or the table's.
    pub(crate) fn span_of(&self, key: &str) -> Span {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map_or(self.span, Entry::whole)
    }

    /// A plain value (not a table), with the entry it is in.
    pub fn value(&self, key: &str, e: &mut Errors) -> Option<(&Entry<'a>, &'a Value)> {
        let entry = self.entry(key)?;
        match entry.item.as_value() {
            Some(v) => Some((entry, v)),
            None => {
                e.at(
                    entry.whole(),
                    format!("`{key}` in {} must be a value, not a table", self.what),
                    "a table",
                );
                None
            }
        }
    }

    fn wrong(&self, e: &mut Errors, entry: &Entry<'_>, v: &Value, expected: &str) {
        e.at(
            entry.span(),
            format!(
                "`{}` in {} must be {expected}, found {}",
                entry.key,
                self.what,
                kind_of(v)
            ),
            format!("expected {expected}"),
        );
    }

    pub fn string(&self, key: &str, e: &mut Errors) -> Option<Spanned<String>> {
        let (entry, v) = self.value(key, e)?;
        match v.as_str() {
            Some(s) => Some(Spanned::new(s.to_string(), entry.span())),
            None => {
                self.wrong(e, entry, v, "a string");
                None
            }
        }
    }

    pub fn bool(&self, key: &str, e: &mut Errors) -> Option<bool> {
        let (entry, v) = self.value(key, e)?;
        match v.as_bool() {
            Some(b) => Some(b),
            None => {
                self.wrong(e, entry, v, "`true` or `false`");
                None
            }
        }
    }

    pub(crate) fn int(&self, key: &str, e: &mut Errors) -> Option<Spanned<i64>> {
        let (entry, v) = self.value(key, e)?;
        match v.as_integer() {
            Some(i) => Some(Spanned::new(i, entry.span())),
            None => {
                self.wrong(e, entry, v, "an integer");
                None
            }
        }
    }

    /// An array of strings.
    pub fn strings(&self, key: &str, e: &mut Errors) -> Vec<Spanned<String>> {
        let Some((entry, v)) = self.value(key, e) else {
            return Vec::new();
        };
        let Some(items) = v.as_array() else {
            self.wrong(e, entry, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.as_str() {
                Some(s) => out.push(Spanned::new(
                    s.to_string(),
                    span_of(item.span(), entry.span()),
                )),
                None => self.wrong(e, entry, item, "an array of strings"),
            }
        }
        out
    }

    /// An inline table of `key = value` (or a `[table]`), as its entries.
    pub fn map(&self, key: &str, what: &'static str, e: &mut Errors) -> Option<Table<'a>> {
        let entry = self.entry(key)?;
        match entry.item {
            Item::Table(t) => Some(Table::of(t, what, entry.key_span)),
            Item::Value(Value::InlineTable(t)) => Some(Table::of_inline(t, what, entry.key_span)),
            Item::Value(v) => {
                self.wrong(e, entry, v, "a table such as `{ a = 1 }`");
                None
            }
            _ => None,
        }
    }

    /// `[[key]]` tables.
    pub fn tables(&self, key: &str, what: &'static str, e: &mut Errors) -> Vec<Table<'a>> {
        let Some(entry) = self.entry(key) else {
            return Vec::new();
        };
        match entry.item {
            Item::ArrayOfTables(a) => a
                .iter()
                .map(|t| Table::of(t, what, entry.key_span))
                .collect(),
            _ => {
                e.help(
                    entry.whole(),
                    format!("`{key}` must be a list of `[[{key}]]` tables"),
                    "not `[[…]]` tables",
                    format!("write each one under its own `[[{key}]]` header"),
                );
                Vec::new()
            }
        }
    }

    /// Reports every key nobody read. `known` are the keys this table
    /// accepts (for did-you-mean); `elsewhere` explains a key that belongs
    /// to another kind of table or row (`units` on an `integer` row).
    pub fn finish(
        &self,
        known: &[&str],
        elsewhere: &dyn Fn(&str) -> Option<String>,
        e: &mut Errors,
    ) {
        for entry in &self.entries {
            if entry.used.get() {
                continue;
            }
            let help = elsewhere(entry.key)
                .or_else(|| suggest::help_did_you_mean(entry.key, known.iter().copied()))
                .unwrap_or_else(|| {
                    let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                    format!("{} takes {}", self.what, names.join(", "))
                });
            e.help(
                entry.key_span,
                format!("unknown key `{}` in {}", entry.key, self.what),
                "not a key here",
                help,
            );
        }
    }
}
