//! `NAME.ward.json`: reads strict JSON with `jsonc-parser`, whose syntax
//! tree keeps the byte range of every key and value, into the shared
//! document tree of `form`.
//!
//! The JSON is strict (no comments, trailing commas or single quotes), so
//! any JSON tool reads the same file. A `"$schema"` key is allowed at the
//! top. A key written twice in one object is a syntax error (E0101) naming
//! both places. Before parsing, a scan refuses arrays and objects nested
//! deeper than [`form::MAX_DEPTH`] (E0103), so nothing recurses deeply.

use super::ast;
use super::form::{self, Entry, Node, NodeKind};
use crate::diag::{codes, Here, Local};
use crate::source::Span;
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

/// Parses a `.ward.json` file into the syntax tree of its policy.
pub fn parse(source: Here, text: &str) -> (ast::File, Vec<Local>) {
    let none = ast::File::empty();
    // A leading byte-order mark is skipped, as in the other forms: three
    // spaces stand in for its three bytes, so every offset stays the file's.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    if let Some(span) = too_deep(text, form::MAX_DEPTH + 1) {
        return (none, vec![form::too_deep(source, span)]);
    }
    let options = ParseOptions {
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
    let parsed = match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options) {
        Ok(p) => p,
        Err(e) => {
            let r = e.range();
            let message = lowercase_first(&e.kind().to_string());
            let d = Local::new(codes::SYNTAX, format!("invalid JSON: {message}"))
                .at(source, Span::new(r.start, r.end), "here")
                .help(
                    form::unquoted_duration_help(text, r.start)
                        .unwrap_or_else(|| "see https://www.json.org for JSON's syntax".into()),
                );
            return (none, vec![d]);
        }
    };
    let Some(value) = parsed.value else {
        let d = Local::new(codes::SYNTAX, "the file holds no JSON value")
            .at(source, Span::new(0, 0), "expected `{`")
            .help("write `{ \"policy\": \"NAME\" }`");
        return (none, vec![d]);
    };
    let mut cx = Cx {
        source,
        text,
        diags: Vec::new(),
    };
    let root = cx.node(&value);
    let mut diags = cx.diags;
    let (file, more) = form::translate(source, crate::source::Form::Json, text, root);
    diags.extend(more);
    diags.sort_by_key(|d| d.primary.as_ref().map(|l| (l.span.start, l.span.end)));
    (file, diags)
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The first `[` or `{` nested deeper than `max` levels (the top-level
/// value counts as one), outside strings. Also used for service exports,
/// read with the same parser (`targets::format`).
pub(crate) fn too_deep(text: &str, max: usize) -> Option<Span> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(Span::new(i, i + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Cx<'a> {
    source: Here,
    text: &'a str,
    diags: Vec<Local>,
}

impl Cx<'_> {
    /// Converts one value; the pre-scan bounds the recursion.
    fn node(&mut self, v: &Value<'_>) -> Node {
        let (kind, r) = match v {
            Value::StringLit(s) => {
                let span = Span::new(s.range.start, s.range.end);
                let text = s.value.to_string();
                let content = form::content_offset(self.text, span, 1, &text);
                (NodeKind::Str { text, content }, s.range)
            }
            Value::NumberLit(n) => (number(n.value), n.range),
            Value::BooleanLit(b) => (NodeKind::Bool(b.value), b.range),
            Value::NullKeyword(n) => (NodeKind::Other("`null`"), n.range),
            Value::Array(a) => (
                NodeKind::Array(a.elements.iter().map(|e| self.node(e)).collect()),
                a.range,
            ),
            Value::Object(o) => {
                let mut entries: Vec<Entry> = Vec::new();
                for p in &o.properties {
                    let (key, r) = match &p.name {
                        ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    let key_span = Span::new(r.start, r.end);
                    if let Some(first) = entries.iter().find(|e| e.key == key) {
                        self.diags.push(
                            Local::new(codes::SYNTAX, format!("the key `{key}` is written twice"))
                                .at(self.source, key_span, "written again here")
                                .label(self.source, first.key_span, "first written here")
                                .help("a JSON object holds each key once: remove one"),
                        );
                        continue;
                    }
                    entries.push(Entry {
                        key,
                        key_span,
                        value: self.node(&p.value),
                    });
                }
                (NodeKind::Table(entries), o.range)
            }
        };
        Node {
            kind,
            span: Span::new(r.start, r.end),
        }
    }
}

/// A JSON number as written: `500`, `-1`, `1.5`, `1e3`.
fn number(raw: &str) -> NodeKind {
    if raw.starts_with('-') {
        NodeKind::Negative
    } else if raw.bytes().all(|b| b.is_ascii_digit()) {
        NodeKind::Int(raw.to_string())
    } else {
        NodeKind::Float(raw.to_string())
    }
}
