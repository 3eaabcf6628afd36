//! The pest parser and the walk that turns its pairs into the syntax tree.
//!
//! One `build_<rule>`-style method per rule. The walk is bounded: blocks are
//! at most `scan::MAX_BLOCK_DEPTH` deep (checked before pest runs), and the
//! walk itself stops descending past that depth as a second guard.
//! Junk items (statements that did not parse) are handed to `recover`.

use pest::iterators::Pair;
use pest_derive::Parser;

use super::ast::*;
use super::{recover, scan, strings};
use crate::diag::{codes, Here, Local};
use crate::source::{Span, Spanned};

#[derive(Parser)]
#[grammar = "../grammar/ward.pest"]
pub(crate) struct WardParser;

pub(crate) fn span_of(p: &Pair<'_, Rule>) -> Span {
    let s = p.as_span();
    Span::new(s.start(), s.end())
}

/// Turns pest pairs into the syntax tree, collecting diagnostics.
pub struct Builder<'a> {
    pub source: Here,
    pub text: &'a str,
    pub diags: Vec<Local>,
    /// Every `{` whose `}` is missing (the file ended first).
    unclosed: Vec<Span>,
}

impl<'a> Builder<'a> {
    pub fn new(source: Here, text: &'a str) -> Builder<'a> {
        Builder {
            source,
            text,
            diags: Vec::new(),
            unclosed: Vec::new(),
        }
    }

    /// The `file` pair: `policy NAME { body } tail`.
    pub fn file(&mut self, file: Pair<'a, Rule>) -> File {
        let mut start = None;
        let mut name = None;
        let mut open = Span::default();
        let mut items = Vec::new();
        let mut close = None;
        for p in file.into_inner() {
            match p.as_rule() {
                Rule::kw_policy => start = Some(span_of(&p)),
                Rule::policy_name => name = Some(self.name(p)),
                Rule::open => open = span_of(&p),
                Rule::body => items = self.body(p, 1),
                Rule::close => close = Some(span_of(&p)),
                Rule::tail => self.tail(p, close),
                _ => {}
            }
        }
        let (Some(start), Some(name)) = (start, name) else {
            // The grammar requires both; only a grammar bug gets here.
            return File::empty();
        };
        let end = match close {
            Some(c) => c,
            None => {
                self.unclosed.push(open);
                Span::new(self.text.len(), self.text.len())
            }
        };
        self.report_unclosed();
        File {
            policy: Some(Policy {
                name,
                span: start.to(end),
                items,
            }),
            comments: Vec::new(),
        }
    }

    /// One diagnostic for all the `{` the end of the file left open.
    fn report_unclosed(&mut self) {
        let Some(innermost) = self.unclosed.first().copied() else {
            return;
        };
        let eof = Span::new(self.text.len(), self.text.len());
        let mut d = Local::new(codes::SYNTAX, "expected `}`, found end of file")
            .at(self.source, eof, "expected `}`")
            .label(self.source, innermost, "this `{` is never closed");
        for &outer in &self.unclosed[1..] {
            d = d.label(self.source, outer, "nor is this one");
        }
        self.diags
            .push(d.help("add the missing `}`: every `{` needs a matching `}`"));
    }

    /// What follows the policy's closing `}`: only blank lines and comments.
    fn tail(&mut self, tail: Pair<'a, Rule>, close: Option<Span>) {
        let start = span_of(&tail).start as usize;
        let bytes = self.text.as_bytes();
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\r' | b';' => i += 1,
                b'#' => i = scan::skip_comment(bytes, i),
                _ => break,
            }
        }
        if i >= bytes.len() {
            return;
        }
        let (span, found) = recover::found_at(self.text, i);
        let help = if self.text[i..].starts_with('}') {
            "this `}` has no matching `{`"
        } else if self.text[i..].starts_with("policy") {
            "a file holds exactly one policy"
        } else {
            "everything must go inside the policy's `{ … }`"
        };
        let mut d = Local::new(
            codes::SYNTAX,
            format!("unexpected {found} after the end of the policy"),
        )
        .at(self.source, span, "unexpected");
        if let Some(c) = close {
            d = d.label(self.source, c, "the policy ends here");
        }
        self.diags.push(d.help(help));
    }

    /// `policy_name` or `target_name`: a bare name or a string.
    fn name(&mut self, p: Pair<'a, Rule>) -> Spanned<String> {
        let span = span_of(&p);
        match p.into_inner().next() {
            Some(inner) if inner.as_rule() == Rule::string => self.string(inner),
            Some(inner) => Spanned::new(inner.as_str().to_string(), span),
            None => Spanned::new(String::new(), span),
        }
    }

    fn string(&mut self, p: Pair<'a, Rule>) -> Spanned<String> {
        let span = span_of(&p);
        let s = strings::unescape(
            self.source,
            p.as_str(),
            span.start as usize,
            &mut self.diags,
        );
        Spanned::new(s, span)
    }

    /// The items of a policy body (`depth` 1) or a block.
    fn body(&mut self, body: Pair<'a, Rule>, depth: usize) -> Vec<Item> {
        let mut items = Vec::new();
        if depth > scan::MAX_BLOCK_DEPTH + 1 {
            // The pre-scan makes this unreachable; stay bounded regardless.
            return items;
        }
        for item in body.into_inner() {
            let Some(inner) = item.into_inner().next() else {
                continue;
            };
            match inner.as_rule() {
                Rule::extends_item => items.push(self.extends(inner)),
                Rule::targets_item => items.push(self.targets(inner)),
                Rule::allow_item => items.push(self.allow(inner)),
                Rule::for_item => items.push(self.for_block(inner, depth)),
                Rule::stmt => {
                    if let Some(s) = self.stmt(inner, depth) {
                        items.push(Item::Stmt(s));
                    }
                }
                Rule::junk => {
                    let d = recover::junk(self.source, self.text, span_of(&inner));
                    self.diags.push(d);
                }
                _ => {}
            }
        }
        items
    }

    fn extends(&mut self, p: Pair<'a, Rule>) -> Item {
        let mut span = span_of(&p);
        let mut refs = Vec::new();
        for c in p.into_inner() {
            span = trim_to(span, span_of(&c));
            if c.as_rule() == Rule::string {
                refs.push(self.string(c));
            }
        }
        Item::Extends { refs, span }
    }

    fn targets(&mut self, p: Pair<'a, Rule>) -> Item {
        let mut span = span_of(&p);
        let mut names = Vec::new();
        for c in p.into_inner() {
            span = trim_to(span, span_of(&c));
            if c.as_rule() == Rule::target_name {
                names.push(self.name(c));
            }
        }
        Item::Targets { names, span }
    }

    fn allow(&mut self, p: Pair<'a, Rule>) -> Item {
        let mut span = span_of(&p);
        let mut codes = Vec::new();
        let mut on = Vec::new();
        let mut targets = Vec::new();
        let mut because = None;
        for c in p.into_inner() {
            span = trim_to(span, span_of(&c));
            match c.as_rule() {
                Rule::code => codes.push(Spanned::new(c.as_str().to_string(), span_of(&c))),
                Rule::allow_on => {
                    for x in c.into_inner().filter(|x| x.as_rule() == Rule::path) {
                        on.push(self.path(x));
                    }
                }
                Rule::allow_for => {
                    for x in c.into_inner().filter(|x| x.as_rule() == Rule::target_name) {
                        targets.push(self.name(x));
                    }
                }
                Rule::because => because = self.because(c),
                _ => {}
            }
        }
        Item::Allow {
            codes,
            on,
            targets,
            because,
            span,
        }
    }

    /// `for TARGET { ITEM* }`.
    fn for_block(&mut self, p: Pair<'a, Rule>, depth: usize) -> Item {
        let whole = span_of(&p);
        let mut head = whole;
        let mut end = whole;
        let mut target = Spanned::new(String::new(), whole);
        let mut items = Vec::new();
        let mut open = None;
        let mut closed = false;
        for c in p.into_inner() {
            let cs = span_of(&c);
            match c.as_rule() {
                Rule::kw_for => head = cs,
                Rule::target_name => {
                    target = self.name(c);
                    head = head.to(cs);
                    end = head;
                }
                Rule::open => {
                    open = Some(cs);
                    end = end.to(cs);
                }
                Rule::body => items = self.body(c, depth + 1),
                Rule::close => {
                    closed = true;
                    end = end.to(cs);
                }
                _ => {}
            }
        }
        if !closed {
            if let Some(open) = open {
                self.unclosed.push(open);
            }
            if let Some(last) = items.last() {
                end = end.to(last.span());
            }
        }
        Item::For(ForBlock {
            target,
            head,
            items,
            span: head.to(end),
        })
    }

    fn because(&mut self, p: Pair<'a, Rule>) -> Option<Spanned<String>> {
        let s = p.into_inner().find(|c| c.as_rule() == Rule::string)?;
        Some(self.string(s))
    }

    fn path(&mut self, p: Pair<'a, Rule>) -> Path {
        let span = span_of(&p);
        let mut segments = Vec::new();
        for seg in p.into_inner() {
            match seg.as_rule() {
                Rule::string => segments.push(self.string(seg)),
                _ => segments.push(Spanned::new(seg.as_str().to_string(), span_of(&seg))),
            }
        }
        Path { segments, span }
    }

    fn stmt(&mut self, p: Pair<'a, Rule>, depth: usize) -> Option<Stmt> {
        let mut parts = p.into_inner();
        let path = self.path(parts.next()?);
        let mut end = path.span;
        let op = parts.next()?;
        let op_span = span_of(&op);
        end = end.to(op_span);
        let mut value = None;
        let mut low = None;
        let mut high = None;
        let mut modifiers = Modifiers::default();
        let mut items = Vec::new();
        let mut closed = false;
        for c in parts {
            let cs = span_of(&c);
            let rule = c.as_rule();
            match rule {
                Rule::value => value = Some(self.value(c)),
                Rule::range_low => low = c.into_inner().next().map(|v| self.value(v)),
                Rule::range_high => high = c.into_inner().next().map(|v| self.value(v)),
                Rule::kw_warn => modifiers.warn = Some(cs),
                Rule::because => modifiers.because = self.because(c),
                Rule::body => items = self.body(c, depth + 1),
                Rule::close => closed = true,
                _ => {}
            }
            // The body's own span runs over blank lines; its items and the
            // `}` decide where the block ends.
            if rule != Rule::body && !cs.is_empty() {
                end = end.to(cs);
            }
        }
        let kind = match op.as_rule() {
            Rule::assign => StmtKind::Assign { value: value? },
            Rule::cmp_op => {
                let cmp = match op.as_str() {
                    ">=" => CmpOp::Ge,
                    "<=" => CmpOp::Le,
                    _ => CmpOp::Eq,
                };
                StmtKind::Compare {
                    op: Spanned::new(cmp, op_span),
                    value: value?,
                    modifiers,
                }
            }
            Rule::kw_in => {
                if low.is_none() && high.is_none() {
                    self.empty_range(Span::new(op_span.start as usize, end.end as usize));
                    return None;
                }
                StmtKind::Range {
                    op_span,
                    low,
                    high,
                    modifiers,
                }
            }
            Rule::open => {
                if !closed {
                    self.unclosed.push(op_span);
                }
                // A block's span ends at its `}`, or its last item if open.
                if let Some(last) = items.last() {
                    end = end.to(last.span());
                }
                StmtKind::Block { items }
            }
            _ => return None,
        };
        Some(Stmt {
            span: path.span.to(end),
            path,
            kind,
        })
    }

    fn empty_range(&mut self, span: Span) {
        self.diags.push(
            Local::new(codes::SYNTAX, "a range needs at least one bound")
                .at(self.source, span, "neither a low nor a high bound")
                .help("write `in LOW..HIGH`, `in LOW..` or `in ..HIGH`"),
        );
    }

    fn value(&mut self, p: Pair<'a, Rule>) -> Value {
        let span = span_of(&p);
        let Some(inner) = p.into_inner().next() else {
            return Value {
                kind: ValueKind::List(Vec::new()),
                span,
            };
        };
        let kind = match inner.as_rule() {
            Rule::list => ValueKind::List(
                inner
                    .into_inner()
                    .filter(|c| c.as_rule() == Rule::value)
                    .map(|c| self.value(c))
                    .collect(),
            ),
            Rule::quantity => ValueKind::Quantity(inner.into_inner().map(term).collect()),
            Rule::string => ValueKind::Str(self.string(inner).node),
            Rule::kw_true => ValueKind::Bool(true),
            Rule::kw_false => ValueKind::Bool(false),
            _ => ValueKind::Ident(inner.as_str().to_string()),
        };
        Value { kind, span }
    }
}

/// `NUMBER [UNIT]`.
fn term(p: Pair<'_, Rule>) -> Term {
    let span = span_of(&p);
    let mut number = Spanned::new(Number::Int(String::new()), span);
    let mut unit = None;
    for c in p.into_inner() {
        let cs = span_of(&c);
        match c.as_rule() {
            Rule::number => {
                let t = c.as_str();
                let n = if t.contains('.') {
                    Number::Decimal(t.to_string())
                } else {
                    Number::Int(t.replace('_', ""))
                };
                number = Spanned::new(n, cs);
            }
            Rule::unit => unit = Some(Spanned::new(c.as_str().to_string(), cs)),
            _ => {}
        }
    }
    Term { number, unit, span }
}

/// Shrinks `span`'s end to the last child seen, so trailing whitespace and
/// comments that pest skipped are not part of the item.
fn trim_to(span: Span, child: Span) -> Span {
    Span {
        start: span.start,
        end: if child.end > span.start {
            child.end
        } else {
            span.end
        },
    }
}

/// Reads `content` (the text inside a TOML or JSON string) as one quantity
/// or identifier. Spans are relative to `content`; the caller shifts them.
/// `Err` holds the byte offset in `content` where reading failed.
pub(crate) fn value_str(content: &str) -> Result<Value, usize> {
    use pest::Parser;
    let pairs = WardParser::parse(Rule::value_str, content).map_err(|e| match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((p, _)) => p,
    })?;
    let inner = pairs
        .flat_map(|p| p.into_inner())
        .find(|p| matches!(p.as_rule(), Rule::quantity | Rule::ident))
        .ok_or(0usize)?;
    let span = span_of(&inner);
    let kind = match inner.as_rule() {
        Rule::quantity => ValueKind::Quantity(inner.into_inner().map(term).collect()),
        _ => ValueKind::Ident(inner.as_str().to_string()),
    };
    Ok(Value { kind, span })
}

/// Reads `content` as one setting path (`session.idle_timeout`,
/// `integrations."ms-teams".enabled`): the same rule, with the same string
/// escapes, as a path in a `.ward` file. `Err` holds the byte position where
/// it stops being one, or the first bad escape.
pub(crate) fn path_str(content: &str) -> Result<Path, PathError> {
    use pest::Parser;
    let pairs = WardParser::parse(Rule::path_str, content).map_err(|e| match e.location {
        pest::error::InputLocation::Pos(p) => PathError::At(p),
        pest::error::InputLocation::Span((p, _)) => PathError::At(p),
    })?;
    let inner = pairs
        .flat_map(|p| p.into_inner())
        .find(|p| p.as_rule() == Rule::path)
        .ok_or(PathError::At(0))?;
    let mut builder = Builder::new(Here, content);
    let path = builder.path(inner);
    match builder.diags.into_iter().next() {
        Some(d) => Err(PathError::Escape(Box::new(d))),
        None => Ok(path),
    }
}

/// Why a string is not a setting path.
#[derive(Debug)]
pub(crate) enum PathError {
    /// It stops being one at this byte.
    At(usize),
    /// A string segment has a bad escape.
    Escape(Box<Local>),
}
