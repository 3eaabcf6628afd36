//! The TOML/JSON authoring form, shared part: a small spanned document tree
//! that both `toml_form` and `json_form` build, and its translation into the
//! same [`ast::File`] the `.ward` parser produces.
//!
//! Because the result is an ordinary syntax tree whose spans point into the
//! TOML or JSON text, lowering, resolution and every diagnostic work exactly
//! as for a `.ward` file. The mapping:
//!
//! | TOML / JSON | syntax tree |
//! |---|---|
//! | `policy = "acme"` | the policy's name |
//! | `extends`, `targets`, `allow` (lists of strings), `allow_because` | the declarations, in that order, before every statement |
//! | a table (`[session]`, `[integrations.x]`, `{ … }`) | a block |
//! | `key = VALUE` | `key = VALUE` |
//! | `"8h"`, `"1h30m"`, `"never"`, `"admin"` | the string's content read as a quantity or a word (spans inside the string) |
//! | an integer | a number without unit (so a duration gets the missing-unit error) |
//! | a float | a decimal number |
//! | `[[bounds]]` / `"bounds": [ … ]` | `setting >= min`, `<= max`, `in min..max`, `== eq`, with `severity = "warn"` and `because` |
//! | `[for.miro.session]` / `"for": {"miro": {"session": { … }}}` | `for miro { session { … } }`, one block per target |
//! | `$schema` | ignored |
//!
//! Strings inside lists stay strings (`audiences = ["sales"]`). A string
//! that is neither a quantity nor a word where a single value belongs is a
//! syntax error pointing inside the string. Negative numbers, dates and
//! `null` are syntax errors. Tables and lists nest at most
//! [`MAX_DEPTH`] deep.

use super::ast::{self, Item, Path, Stmt, StmtKind, Term, Value, ValueKind};
use crate::diag::{codes, suggest, Here, Local};
use crate::source::{Form, Span, Spanned};

mod bounds;

/// How deep tables and lists may nest, together.
pub const MAX_DEPTH: usize = super::MAX_BLOCK_DEPTH;

/// Keys with a meaning of their own at the top of the document.
const TOP_KEYS: [&str; 8] = [
    "policy",
    "extends",
    "targets",
    "allow",
    "allow_because",
    "bounds",
    "for",
    "$schema",
];

/// One node of a parsed TOML or JSON document.
#[derive(Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) enum NodeKind {
    /// `content` is the byte offset of the string's text in the file when
    /// that text is exactly `text` (no escapes), so spans can point inside.
    Str {
        text: String,
        content: Option<usize>,
    },
    /// A non-negative integer, as decimal digits.
    Int(String),
    /// A negative number: ward has no signed values.
    Negative,
    /// A number with a fraction or exponent, as written.
    Float(String),
    Bool(bool),
    Array(Vec<Node>),
    Table(Vec<Entry>),
    /// A value ward has no use for (`"a date"`, `` "`null`" ``).
    Other(&'static str),
}

/// `key = value` in a table.
#[derive(Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// The byte offset of a string's content when the raw text between its
/// `delim`-byte quotes is exactly `content`.
pub(crate) fn content_offset(text: &str, span: Span, delim: usize, content: &str) -> Option<usize> {
    let raw = text.get(span.range())?;
    let inner = raw.get(delim..raw.len().checked_sub(delim)?)?;
    (inner == content).then_some(span.start as usize + delim)
}

/// The diagnostic for a table or list nested deeper than [`MAX_DEPTH`].
pub(crate) fn too_deep(source: Here, span: Span) -> Local {
    Local::new(codes::NESTING_TOO_DEEP, "tables or lists nested too deeply")
        .at(
            source,
            span,
            format!("this is nested more than {MAX_DEPTH} levels deep"),
        )
        .help("a policy needs at most a few levels: `[integrations.NAME]`")
}

/// Translates a parsed document into the syntax tree of a policy.
pub(crate) fn translate(
    source: Here,
    form: Form,
    text: &str,
    root: Node,
) -> (ast::File, Vec<Local>) {
    let mut t = Translator {
        source,
        form,
        diags: Vec::new(),
    };
    let policy = t.policy(text, root);
    let mut diags = t.diags;
    diags.sort_by_key(|d| d.primary.as_ref().map(|l| (l.span.start, l.span.end)));
    (
        ast::File {
            policy,
            ..ast::File::default()
        },
        diags,
    )
}

struct Translator {
    source: Here,
    /// TOML or JSON: help proposes text in the file's own form.
    form: Form,
    diags: Vec<Local>,
}

impl Translator {
    fn error(&mut self, span: Span, message: impl Into<String>, label: &str, help: &str) {
        let mut d = Local::new(codes::SYNTAX, message).at(self.source, span, label);
        if !help.is_empty() {
            d = d.help(help);
        }
        self.diags.push(d);
    }

    /// How this form names the policy, for help: `missing` when there is
    /// no `policy` key at all.
    fn name_help(&self, missing: bool) -> &'static str {
        match (self.form, missing) {
            (Form::Json, true) => "add `\"policy\": \"NAME\"` to the top-level object",
            (Form::Json, false) => "write `\"policy\": \"NAME\"`: the name is a string",
            (_, true) => "add `policy = \"NAME\"` at the top, before any table",
            (_, false) => "write `policy = \"NAME\"` at the top, before any table",
        }
    }

    fn policy(&mut self, text: &str, root: Node) -> Option<ast::Policy> {
        let whole = Span::new(0, text.len());
        let NodeKind::Table(entries) = root.kind else {
            self.error(
                root.span,
                "a policy file holds one table of keys",
                "expected an object",
                "write `{ \"policy\": \"NAME\", … }`",
            );
            return None;
        };
        let mut name = None;
        // `policy` is there but not a string: that is the one report.
        let mut named = false;
        let mut decls: [Option<Item>; 2] = [None, None];
        let mut allows: Vec<Item> = Vec::new();
        let mut because = None;
        let mut stmts = Vec::new();
        for e in entries {
            match e.key.as_str() {
                "$schema" => {}
                "policy" => {
                    named = true;
                    match e.value.kind {
                        NodeKind::Str { text, .. } => name = Some(Spanned::new(text, e.value.span)),
                        _ => {
                            let help = self.name_help(false);
                            self.error(
                                e.value.span,
                                "`policy` must be a string",
                                "expected the policy's name",
                                help,
                            )
                        }
                    }
                }
                "allow_because" => because = self.string(&e, "allow_because"),
                "allow" => allows.extend(self.allows(&e)),
                "bounds" => self.bounds(e, &mut stmts),
                "for" => self.for_tables(e, 1, &mut stmts),
                _ => match self.item(e, 1) {
                    Some(Item::Stmt(s)) => stmts.push(Item::Stmt(s)),
                    Some(decl @ Item::Extends { .. }) => decls[0] = Some(decl),
                    Some(decl @ Item::Targets { .. }) => decls[1] = Some(decl),
                    Some(other) => stmts.push(other),
                    None => {}
                },
            }
        }
        if let Some(b) = because {
            // `allow_because` gives the list form (`allow = ["W0303"]`) its
            // reason; a table gives its own.
            match allows.first_mut() {
                Some(Item::Allow {
                    because: slot @ None,
                    ..
                }) => *slot = Some(b),
                _ => self.error(
                    b.span,
                    "`allow_because` without `allow`",
                    "nothing is allowed",
                    "list the warning codes to silence: `allow = [\"W0303\"]`",
                ),
            }
        }
        let Some(name) = name else {
            if !named {
                let help = self.name_help(true);
                self.error(
                    Span::new(0, 0),
                    "the policy has no name",
                    "expected a `policy` key",
                    help,
                );
            }
            return None;
        };
        stmts.sort_by_key(|i| i.span().start);
        let mut items: Vec<Item> = decls.into_iter().flatten().collect();
        items.extend(allows);
        items.extend(stmts);
        Some(ast::Policy {
            name,
            span: whole,
            items,
        })
    }

    fn string(&mut self, e: &Entry, what: &str) -> Option<Spanned<String>> {
        match &e.value.kind {
            NodeKind::Str { text, .. } => Some(Spanned::new(text.clone(), e.value.span)),
            _ => {
                self.error(
                    e.value.span,
                    format!("`{what}` must be a string"),
                    "expected a string",
                    "",
                );
                None
            }
        }
    }

    /// One `key = value` inside a table at `depth`: a declaration, a block
    /// or an assignment.
    fn item(&mut self, e: Entry, depth: usize) -> Option<Item> {
        let span = e.key_span.to(e.value.span);
        if e.key == "allow" {
            // Inside a table: misplaced, which lowering reports once.
            return self.allows(&e).into_iter().next();
        }
        if let Some(i) = ["extends", "targets"].iter().position(|k| *k == e.key) {
            let list = self.string_list(&e)?;
            return Some(match i {
                0 => Item::Extends { refs: list, span },
                _ => Item::Targets { names: list, span },
            });
        }
        if depth == 1 && self.near_top_key(&e) {
            return None;
        }
        let path = Path {
            segments: vec![Spanned::new(e.key, e.key_span)],
            span: e.key_span,
        };
        let kind = match e.value.kind {
            NodeKind::Table(entries) => {
                if depth > MAX_DEPTH {
                    self.diags.push(too_deep(self.source, e.key_span));
                    return None;
                }
                let mut items: Vec<Item> = entries
                    .into_iter()
                    .filter_map(|e| self.item(e, depth + 1))
                    .collect();
                items.sort_by_key(|i| i.span().start);
                StmtKind::Block { items }
            }
            _ => StmtKind::Assign {
                value: self.value(e.value, false, depth)?,
            },
        };
        Some(Item::Stmt(Stmt { path, kind, span }))
    }

    /// `for = { TARGET = { … } }` (`[for.miro.session]`): one `for` block per
    /// target, its entries translated as at the top level (`bounds` and
    /// `for` too, so that the `for` checks can say why they do not belong).
    fn for_tables(&mut self, e: Entry, depth: usize, out: &mut Vec<Item>) {
        let NodeKind::Table(targets) = e.value.kind else {
            self.error(
                e.value.span,
                "`for` must be a table of targets",
                "expected a table",
                match self.form {
                    Form::Json => "write `\"for\": { \"TARGET\": { \"SECTION\": { … } } }`",
                    _ => "write `[for.TARGET.SECTION]` tables",
                },
            );
            return;
        };
        if depth + 1 > MAX_DEPTH {
            self.diags.push(too_deep(self.source, e.key_span));
            return;
        }
        for t in targets {
            let head = t.key_span;
            let span = head.to(t.value.span);
            let NodeKind::Table(entries) = t.value.kind else {
                self.error(
                    t.value.span,
                    format!("`for.{}` must be a table of settings", t.key),
                    "expected a table",
                    &format!(
                        "write `[for.{}.SECTION]` with the settings for this target",
                        t.key
                    ),
                );
                continue;
            };
            let mut items = Vec::new();
            for x in entries {
                match x.key.as_str() {
                    "bounds" => self.bounds(x, &mut items),
                    "for" => self.for_tables(x, depth + 2, &mut items),
                    _ => items.extend(self.item(x, depth + 2)),
                }
            }
            items.sort_by_key(|i| i.span().start);
            out.push(Item::For(ast::ForBlock {
                target: Spanned::new(t.key, head),
                head,
                items,
                span,
            }));
        }
    }

    /// Reports a top-level key that looks like a misspelt `policy`,
    /// `extends`, …; true if it did.
    fn near_top_key(&mut self, e: &Entry) -> bool {
        if crate::catalog::sections().contains(&e.key.as_str()) {
            return false;
        }
        if let Some(help) = suggest::help_did_you_mean(&e.key, TOP_KEYS.iter().copied()) {
            self.diags.push(
                Local::new(codes::SYNTAX, format!("unknown key `{}`", e.key))
                    .at(self.source, e.key_span, "not a key of a policy")
                    .help(help)
                    .maybe_suggest(
                        e.key_span,
                        suggest::did_you_mean(&e.key, TOP_KEYS.iter().copied()),
                    ),
            );
            return true;
        }
        false
    }

    /// `allow = ["W0303", …]` (one `allow`), or `[[allow]]` tables with
    /// `codes`, `on`, `for` and `because` (one `allow` each).
    fn allows(&mut self, e: &Entry) -> Vec<Item> {
        let span = e.key_span.to(e.value.span);
        let tables = matches!(&e.value.kind, NodeKind::Array(items)
            if items.first().is_some_and(|n| matches!(n.kind, NodeKind::Table(_))));
        if !tables {
            return self
                .string_list(e)
                .map(|codes| Item::Allow {
                    codes,
                    on: Vec::new(),
                    targets: Vec::new(),
                    because: None,
                    span,
                })
                .into_iter()
                .collect();
        }
        let NodeKind::Array(items) = &e.value.kind else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for n in items {
            let NodeKind::Table(entries) = &n.kind else {
                self.error(
                    n.span,
                    "`allow` must be a list of codes or a list of tables",
                    "expected a table",
                    "write `[[allow]]` tables with `codes = [\"W0303\"]`, or `allow = [\"W0303\"]`",
                );
                continue;
            };
            let mut codes = None;
            let mut on = Vec::new();
            let mut targets = Vec::new();
            let mut because = None;
            for x in entries {
                match x.key.as_str() {
                    "codes" => codes = self.string_list(x),
                    "for" => targets = self.string_list(x).unwrap_or_default(),
                    "because" => because = self.string(x, "because"),
                    "on" => {
                        for p in self.string_list_nodes(x) {
                            if let NodeKind::Str { text, content } = &p.kind {
                                match super::parse_path(text, content.unwrap_or(0)) {
                                    Ok(mut path) if content.is_none() => {
                                        path.span = p.span;
                                        for seg in &mut path.segments {
                                            seg.span = p.span;
                                        }
                                        on.push(path);
                                    }
                                    Ok(path) => on.push(path),
                                    Err(d) => self.diags.push(d),
                                }
                            }
                        }
                    }
                    other => {
                        const KEYS: [&str; 4] = ["codes", "on", "for", "because"];
                        let help = suggest::help_did_you_mean(other, KEYS).unwrap_or_else(|| {
                            "an `[[allow]]` table takes `codes`, `on`, `for` and `because`".into()
                        });
                        self.error(
                            x.key_span,
                            format!("unknown key `{other}` in `allow`"),
                            "not a key of `allow`",
                            &help,
                        );
                    }
                }
            }
            match codes {
                Some(codes) => out.push(Item::Allow {
                    codes,
                    on,
                    targets,
                    because,
                    span: n.span,
                }),
                None => self.error(
                    n.span,
                    "an `allow` table needs `codes`",
                    "no `codes` here",
                    "add `codes = [\"W0303\"]`",
                ),
            }
        }
        out
    }

    /// The string nodes of a list of strings (`bad` ones reported).
    fn string_list_nodes<'e>(&mut self, e: &'e Entry) -> Vec<&'e Node> {
        match (&e.value.kind, self.string_list(e)) {
            (NodeKind::Array(items), Some(_)) => items.iter().collect(),
            _ => Vec::new(),
        }
    }

    fn string_list(&mut self, e: &Entry) -> Option<Vec<Spanned<String>>> {
        let bad = |t: &mut Self, span: Span| {
            t.error(
                span,
                format!("`{}` must be a list of strings", e.key),
                "expected a string",
                &format!("write `{} = [\"…\", \"…\"]`", e.key),
            )
        };
        let NodeKind::Array(items) = &e.value.kind else {
            bad(self, e.value.span);
            return None;
        };
        let mut out = Vec::new();
        for n in items {
            match &n.kind {
                NodeKind::Str { text, .. } => out.push(Spanned::new(text.clone(), n.span)),
                _ => {
                    bad(self, n.span);
                    return None;
                }
            }
        }
        Some(out)
    }

    /// A value; `in_list` keeps strings as strings.
    fn value(&mut self, n: Node, in_list: bool, depth: usize) -> Option<Value> {
        let span = n.span;
        let kind = match n.kind {
            NodeKind::Str { text, content } => {
                if in_list || text == "true" || text == "false" {
                    ValueKind::Str(text)
                } else {
                    return self.quantity_or_word(&text, content, span);
                }
            }
            NodeKind::Int(digits) => number(Number::Int(digits), span),
            NodeKind::Float(text) => number(Number::Decimal(text), span),
            NodeKind::Bool(b) => ValueKind::Bool(b),
            NodeKind::Negative => {
                self.error(
                    span,
                    "negative numbers are not accepted",
                    "negative number",
                    "every setting takes a number of zero or more",
                );
                return None;
            }
            NodeKind::Array(items) => {
                if depth > MAX_DEPTH {
                    self.diags.push(too_deep(self.source, span));
                    return None;
                }
                let mut out = Vec::new();
                for item in items {
                    out.push(self.value(item, true, depth + 1)?);
                }
                ValueKind::List(out)
            }
            NodeKind::Table(_) => {
                self.error(span, "a table is not a value", "expected a value", "");
                return None;
            }
            NodeKind::Other(what) => {
                self.error(
                    span,
                    format!("{what} is not a value ward accepts"),
                    "unexpected value",
                    "write a duration such as \"15m\", a number, `true`/`false`, a word such as \"never\" or a list",
                );
                return None;
            }
        };
        Some(Value { kind, span })
    }

    fn quantity_or_word(
        &mut self,
        text: &str,
        content: Option<usize>,
        span: Span,
    ) -> Option<Value> {
        match (content, super::parse_value_str(text, content.unwrap_or(0))) {
            (Some(_), Ok(v)) => Some(v),
            (None, Ok(mut v)) => {
                // Escapes moved the text around: point at the whole string.
                map_spans(&mut v, &|_| span);
                Some(v)
            }
            (Some(_), Err(d)) => {
                self.diags.push(d);
                None
            }
            (None, Err(mut d)) => {
                if let Some(l) = d.primary.as_mut() {
                    l.span = span;
                }
                self.diags.push(d);
                None
            }
        }
    }
}

use ast::Number;

fn number(n: Number, span: Span) -> ValueKind {
    ValueKind::Quantity(vec![Term {
        number: Spanned::new(n, span),
        unit: None,
        span,
    }])
}

/// Applies `f` to every span in `v`.
pub(crate) fn map_spans(v: &mut Value, f: &dyn Fn(Span) -> Span) {
    v.span = f(v.span);
    match &mut v.kind {
        ValueKind::Quantity(terms) => {
            for t in terms {
                t.span = f(t.span);
                t.number.span = f(t.number.span);
                if let Some(u) = &mut t.unit {
                    u.span = f(u.span);
                }
            }
        }
        ValueKind::List(items) => {
            for i in items {
                map_spans(i, f);
            }
        }
        _ => {}
    }
}

/// When a TOML or JSON parser stops at the unit of an unquoted duration
/// (`idle_timeout = 8h`), help that quotes it.
pub(crate) fn unquoted_duration_help(text: &str, pos: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    let start = (0..pos)
        .rev()
        .take_while(|&i| matches!(bytes[i], b'0'..=b'9' | b'_' | b' '))
        .last()?;
    let start = start + text.get(start..pos)?.len() - text.get(start..pos)?.trim_start().len();
    if !bytes.get(start)?.is_ascii_digit() {
        return None;
    }
    let end = (pos..bytes.len())
        .take_while(|&i| bytes[i].is_ascii_alphanumeric() || bytes[i] == b' ')
        .last()
        .map_or(pos, |i| i + 1);
    if !bytes.get(pos)?.is_ascii_alphabetic() {
        return None;
    }
    let written = text.get(start..end)?.trim_end();
    Some(format!(
        "durations and words are strings in this form: write `\"{written}\"`"
    ))
}
