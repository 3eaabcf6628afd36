//! `NAME.ward.toml`: reads TOML with `toml_edit`, which keeps the byte span
//! of every key and value, into the shared document tree of `form`.
//!
//! Invalid TOML is one syntax error (E0101) at the position the TOML parser
//! reports; its own recursion limit (and ours, [`form::MAX_DEPTH`]) keeps
//! deeply nested arrays, inline tables and dotted keys from overflowing the
//! stack (E0103). A `#:schema` comment line is an ordinary comment.

use super::ast;
use super::form::{self, Entry, Node, NodeKind};
use crate::diag::{codes, Here, Local};
use crate::source::Span;
use toml_edit::{ImDocument, Item, Table, Value};

/// Parses a `.ward.toml` file into the syntax tree of its policy.
pub fn parse(source: Here, text: &str) -> (ast::File, Vec<Local>) {
    let none = ast::File::empty();
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => return (none, vec![toml_error(source, text, &e)]),
    };
    let mut cx = Cx {
        source,
        text,
        diags: Vec::new(),
    };
    let root = cx.table(doc.as_table(), Span::new(0, text.len()), 0);
    let mut diags = cx.diags;
    if !diags.is_empty() {
        return (none, diags);
    }
    let (file, more) = form::translate(source, crate::source::Form::Toml, text, root);
    diags.extend(more);
    (file, diags)
}

fn toml_error(source: Here, text: &str, e: &toml_edit::TomlError) -> Local {
    let span = e
        .span()
        .map(|r| Span::new(r.start, r.end.max(r.start)))
        .unwrap_or_default();
    // Point at one character (or the end), as the `.ward` parser does.
    let end = text
        .get(span.start as usize..)
        .and_then(|t| t.chars().next())
        .map_or(span.start as usize, |c| span.start as usize + c.len_utf8());
    let span = Span::new(span.start as usize, end);
    let mut lines = e.message().lines().filter(|l| !l.trim().is_empty());
    let title = lines.next().unwrap_or("invalid TOML").to_string();
    let rest: Vec<&str> = lines.collect();
    if title.contains("recursion limit") || rest.iter().any(|l| l.contains("recursion limit")) {
        return form::too_deep(source, span);
    }
    let label = if rest.is_empty() {
        "here".to_string()
    } else {
        rest.join("; ")
    };
    Local::new(codes::SYNTAX, format!("invalid TOML: {title}"))
        .at(source, span, label)
        .help(
            form::unquoted_duration_help(text, span.start as usize)
                .unwrap_or_else(|| "see https://toml.io for TOML's syntax".to_string()),
        )
}

struct Cx<'a> {
    source: Here,
    text: &'a str,
    diags: Vec<Local>,
}

fn span_or(r: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
    r.map_or(fallback, |r| Span::new(r.start, r.end))
}

impl Cx<'_> {
    fn deep(&mut self, depth: usize, span: Span) -> bool {
        if depth > form::MAX_DEPTH {
            if self.diags.is_empty() {
                self.diags.push(form::too_deep(self.source, span));
            }
            return true;
        }
        false
    }

    /// A table; `span` stands in when the table has none of its own (an
    /// implicit table such as `integrations` in `[integrations.x]`).
    fn table(&mut self, t: &Table, span: Span, depth: usize) -> Node {
        let span = span_or(t.span(), span);
        if self.deep(depth, span) {
            return Node {
                kind: NodeKind::Table(Vec::new()),
                span,
            };
        }
        let mut entries = Vec::new();
        for (k, item) in t.iter() {
            let key_span = span_or(t.key(k).and_then(|k| k.span()), span);
            let value = match item {
                Item::None => continue,
                Item::Value(v) => self.value(v, key_span, depth + 1),
                Item::Table(t) => self.table(t, key_span, depth + 1),
                Item::ArrayOfTables(a) => {
                    let items = a
                        .iter()
                        .map(|t| self.table(t, key_span, depth + 2))
                        .collect();
                    Node {
                        kind: NodeKind::Array(items),
                        span: span_or(a.span(), key_span),
                    }
                }
            };
            entries.push(Entry {
                key: k.to_string(),
                key_span,
                value,
            });
        }
        Node {
            kind: NodeKind::Table(entries),
            span,
        }
    }

    fn value(&mut self, v: &Value, fallback: Span, depth: usize) -> Node {
        let span = span_or(v.span(), fallback);
        let raw = self.text.get(span.range()).unwrap_or("");
        let kind = match v {
            Value::String(s) => {
                let text = s.value().clone();
                let delim = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
                    3
                } else {
                    1
                };
                let content = form::content_offset(self.text, span, delim, &text);
                NodeKind::Str { text, content }
            }
            Value::Integer(i) => match u64::try_from(*i.value()) {
                Ok(n) => NodeKind::Int(n.to_string()),
                Err(_) => NodeKind::Negative,
            },
            Value::Float(f) => {
                if raw.starts_with('-') {
                    NodeKind::Negative
                } else if raw.is_empty() {
                    NodeKind::Float(f.value().to_string())
                } else {
                    NodeKind::Float(raw.replace('_', ""))
                }
            }
            Value::Boolean(b) => NodeKind::Bool(*b.value()),
            Value::Datetime(_) => NodeKind::Other("a date or time"),
            Value::Array(a) => {
                if self.deep(depth, span) {
                    NodeKind::Array(Vec::new())
                } else {
                    NodeKind::Array(a.iter().map(|v| self.value(v, span, depth + 1)).collect())
                }
            }
            Value::InlineTable(t) => {
                if self.deep(depth, span) {
                    NodeKind::Table(Vec::new())
                } else {
                    let mut entries = Vec::new();
                    for (k, v) in t.iter() {
                        let key_span = span_or(t.key(k).and_then(|k| k.span()), span);
                        entries.push(Entry {
                            key: k.to_string(),
                            key_span,
                            value: self.value(v, key_span, depth + 1),
                        });
                    }
                    NodeKind::Table(entries)
                }
            }
        };
        Node { kind, span }
    }
}
