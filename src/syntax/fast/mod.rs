//! The fast path of `.ward` parsing: a hand-written recursive-descent
//! parser for files the grammar accepts without a single error.
//!
//! `grammar/ward.pest` stays the grammar of record. This parser follows it
//! rule by rule (each function names the rule it stands for) and builds
//! exactly the tree `parser::Builder` builds from pest's pairs, spans
//! included, but without pest's token queue or its per-call bookkeeping.
//! It only ever answers for a file that has no syntax error at all: the
//! moment it meets anything the grammar would turn into a junk item, an
//! unclosed block, text after the policy, a range without bounds or a bad
//! string escape, it gives up (`None`), and `syntax::parse` runs pest on
//! the whole file, so every diagnostic and every recovery is pest's, as
//! before. `tests_fast` (and the `differential` fuzz target) parse every
//! fixture, example and generated policy both ways and compare the trees.
//!
//! The grammar's implicit whitespace is spaces, tabs and comments
//! (`skip`); newlines and `;` are separators (`skip_seps`). pest keeps a
//! `skip` it consumed before an optional part that did not match; where
//! that shows in a span (`allow … on PATH`, see `allow_list`), the code
//! says so.

mod lexical;

use super::ast::*;
use super::scan;
use crate::source::{Span, Spanned};
use lexical::{is_ident_char, Cursor};

/// The tree of `text` as pest and `parser::Builder` would build it (without
/// its comments, which the pre-scan records), or `None` when the text has
/// anything the fast path does not accept.
pub(crate) fn parse(text: &str) -> Option<File> {
    if u32::try_from(text.len()).is_err() {
        return None;
    }
    let mut p = Cursor::new(text);
    let policy = p.file()?;
    if p.bail {
        return None;
    }
    Some(File {
        policy: Some(policy),
        ..File::default()
    })
}

impl<'a> Cursor<'a> {
    /// `file = { SOI ~ "\u{feff}"? ~ seps ~ kw_policy ~ policy_name ~ open ~
    /// body ~ (close ~ tail)? ~ EOI }`, with a closed policy and nothing but
    /// separators and comments after it.
    fn file(&mut self) -> Option<Policy> {
        self.skip();
        if self.rest().starts_with(b"\xEF\xBB\xBF") {
            self.i += 3;
        }
        self.skip_seps();
        let start = self.keyword(b"policy")?;
        self.skip();
        let name = self.name()?;
        self.skip();
        self.byte(b'{')?;
        let items = self.body(1)?;
        let close = self.byte(b'}')?;
        // `tail`: only blank lines, `;` and comments.
        self.skip_seps();
        if self.i < self.s.len() {
            return None;
        }
        Some(Policy {
            name,
            span: start.to(close),
            items,
        })
    }

    /// `body = { seps ~ (item ~ seps)* }`: items up to a `}` or the end,
    /// each followed by a separator, a `}` or the end
    /// (`item = { real_item ~ &(sep | "}" | EOI) | junk }`; junk gives up).
    fn body(&mut self, depth: usize) -> Option<Vec<Item>> {
        if depth > scan::MAX_BLOCK_DEPTH + 1 {
            return None;
        }
        let mut items = Vec::new();
        loop {
            self.skip_seps();
            match self.peek() {
                None | Some(b'}') => return Some(items),
                Some(_) => {}
            }
            let item = self.real_item(depth)?;
            self.skip();
            if !matches!(self.peek(), None | Some(b'\n' | b'\r' | b';' | b'}')) {
                return None;
            }
            items.push(item);
        }
    }

    /// `real_item = _{ extends_item | targets_item | allow_item | for_item |
    /// stmt }`. A keyword cannot start a `stmt` (its path's first segment
    /// refuses keywords), so the first word decides.
    fn real_item(&mut self, depth: usize) -> Option<Item> {
        if let Some(kw) = self.keyword(b"extends") {
            return self.extends(kw);
        }
        if let Some(kw) = self.keyword(b"targets") {
            return self.targets(kw);
        }
        if let Some(kw) = self.keyword(b"allow") {
            return self.allow(kw);
        }
        if let Some(kw) = self.keyword(b"for") {
            return self.for_block(kw, depth);
        }
        self.stmt(depth).map(Item::Stmt)
    }

    /// `extends_item = { kw_extends ~ string ~ (comma ~ string)* }`.
    fn extends(&mut self, kw: Span) -> Option<Item> {
        self.skip();
        let mut refs = vec![self.string()?];
        self.comma_list(&mut refs, Self::string);
        let span = kw.to(refs.last()?.span);
        Some(Item::Extends { refs, span })
    }

    /// `targets_item = { kw_targets ~ target_name ~ (comma ~ target_name)* }`.
    fn targets(&mut self, kw: Span) -> Option<Item> {
        self.skip();
        let mut names = vec![self.name()?];
        self.comma_list(&mut names, Self::name);
        let span = kw.to(names.last()?.span);
        Some(Item::Targets { names, span })
    }

    /// `allow_item = { kw_allow ~ code ~ (comma ~ code)* ~ allow_on? ~
    /// allow_for? ~ because? }`. The item's span ends where its last child
    /// pair ends (`parser::trim_to`).
    fn allow(&mut self, kw: Span) -> Option<Item> {
        self.skip();
        let mut codes = vec![self.code()?];
        self.comma_list(&mut codes, Self::code);
        let mut end = codes.last()?.span;
        let mut on = Vec::new();
        let mut targets = Vec::new();
        let mut because = None;
        self.skip();
        if let Some(on_kw) = self.keyword(b"on") {
            self.skip();
            on.push(self.path()?);
            end = on_kw.to(self.allow_list(&mut on, Self::path, |p| p.span));
        }
        self.skip();
        if let Some(for_kw) = self.keyword(b"for") {
            self.skip();
            targets.push(self.name()?);
            end = for_kw.to(self.allow_list(&mut targets, Self::name, |t| t.span));
        }
        self.skip();
        if let Some(b) = self.because()? {
            end = b.span;
            because = Some(b);
        }
        Some(Item::Allow {
            codes,
            on,
            targets,
            because,
            span: kw.to(end),
        })
    }

    /// The rest of `allow_on` or `allow_for` after its first element, and
    /// the span of the pest pair: when no `, ELEMENT` follows, the pair
    /// keeps the whitespace (and comment) pest skipped before looking for
    /// one, so its span runs to there.
    fn allow_list<T>(
        &mut self,
        items: &mut Vec<T>,
        one: fn(&mut Self) -> Option<T>,
        span: fn(&T) -> Span,
    ) -> Span {
        let first_end = items.last().map(span).unwrap_or_default();
        self.skip();
        let skipped = Span::new(first_end.start as usize, self.i);
        self.i = first_end.end as usize;
        if self.comma_list(items, one) == 0 {
            self.i = skipped.end as usize;
            return skipped;
        }
        items.last().map(span).unwrap_or(first_end)
    }

    /// `(comma ~ ELEMENT)*`: how many were added. A `,` not followed by an
    /// element is left where it is (the item then fails to end there).
    fn comma_list<T>(&mut self, items: &mut Vec<T>, one: fn(&mut Self) -> Option<T>) -> usize {
        let mut added = 0;
        loop {
            let save = self.i;
            self.skip();
            if self.byte(b',').is_some() {
                self.skip();
                if let Some(x) = one(self) {
                    items.push(x);
                    added += 1;
                    continue;
                }
            }
            self.i = save;
            return added;
        }
    }

    /// `because = { kw_because ~ string }`, optional: `Some(None)` when
    /// absent, `None` (give up) when `because` is not followed by a string.
    fn because(&mut self) -> Option<Option<Spanned<String>>> {
        if self.keyword(b"because").is_none() {
            return Some(None);
        }
        self.skip();
        self.string().map(Some)
    }

    /// `for_item = { kw_for ~ target_name ~ open ~ body ~ close? }`, closed.
    fn for_block(&mut self, kw: Span, depth: usize) -> Option<Item> {
        self.skip();
        let target = self.name()?;
        let head = kw.to(target.span);
        self.skip();
        self.byte(b'{')?;
        let items = self.body(depth + 1)?;
        let close = self.byte(b'}')?;
        Some(Item::For(ForBlock {
            target,
            head,
            items,
            span: head.to(close),
        }))
    }

    /// `stmt = { path ~ (cmp_tail | assign_tail | range_tail | block_tail) }`.
    fn stmt(&mut self, depth: usize) -> Option<Stmt> {
        let path = self.path()?;
        self.skip();
        let (kind, end) = if let Some(op) = self.cmp_op() {
            self.skip();
            let value = self.value()?;
            let (modifiers, end) = self.modifiers(value.span)?;
            let kind = StmtKind::Compare {
                op,
                value,
                modifiers,
            };
            (kind, end)
        } else if self.byte(b'=').is_some() {
            self.skip();
            let value = self.value()?;
            let end = value.span;
            (StmtKind::Assign { value }, end)
        } else if let Some(op_span) = self.keyword(b"in") {
            self.range(op_span)?
        } else {
            self.byte(b'{')?;
            let items = self.body(depth + 1)?;
            let close = self.byte(b'}')?;
            (StmtKind::Block { items }, close)
        };
        Some(Stmt {
            span: path.span.to(end),
            path,
            kind,
        })
    }

    /// `cmp_op = { ">=" | "<=" | "==" }`.
    fn cmp_op(&mut self) -> Option<Spanned<CmpOp>> {
        let op = match self.rest().get(..2)? {
            b">=" => CmpOp::Ge,
            b"<=" => CmpOp::Le,
            b"==" => CmpOp::Eq,
            _ => return None,
        };
        let span = Span::new(self.i, self.i + 2);
        self.i += 2;
        Some(Spanned::new(op, span))
    }

    /// `range_tail = _{ kw_in ~ range_low? ~ dotdot ~ range_high? ~ kw_warn?
    /// ~ because? }`, with at least one bound.
    fn range(&mut self, op_span: Span) -> Option<(StmtKind, Span)> {
        self.skip();
        let low = self.optional(Self::value);
        self.skip();
        if !self.rest().starts_with(b"..") {
            return None;
        }
        let dotdot = Span::new(self.i, self.i + 2);
        self.i += 2;
        self.skip();
        let high = self.optional(Self::value);
        if low.is_none() && high.is_none() {
            // The builder reports it: pest's path gives the diagnostic.
            return None;
        }
        let last = high.as_ref().map_or(dotdot, |v| v.span);
        let (modifiers, end) = self.modifiers(last)?;
        let kind = StmtKind::Range {
            op_span,
            low,
            high,
            modifiers,
        };
        Some((kind, end))
    }

    /// `kw_warn? ~ because?` after a bound's value (which ends at `last`):
    /// the modifiers and where the statement ends.
    fn modifiers(&mut self, last: Span) -> Option<(Modifiers, Span)> {
        let mut end = last;
        let mut modifiers = Modifiers::default();
        let save = self.i;
        self.skip();
        if let Some(w) = self.keyword(b"warn") {
            modifiers.warn = Some(w);
            end = w;
        }
        self.skip();
        modifiers.because = self.because()?;
        match &modifiers.because {
            Some(b) => end = b.span,
            None if modifiers.warn.is_none() => self.i = save,
            None => {}
        }
        Some((modifiers, end))
    }

    /// `policy_name` / `target_name = ${ bare_name | string }`, with
    /// `bare_name = @{ ASCII_ALPHA_LOWER ~ (ASCII_ALPHA_LOWER | ASCII_DIGIT |
    /// "." | "_" | "-")* }`.
    fn name(&mut self) -> Option<Spanned<String>> {
        match self.peek()? {
            b'"' => self.string(),
            b'a'..=b'z' => {
                let start = self.i;
                self.i += 1;
                self.eat_while(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
                });
                Some(self.text_from(start))
            }
            _ => None,
        }
    }

    /// `code = @{ !(kw_because | kw_on | kw_for) ~ ASCII_ALPHANUMERIC+ }`.
    fn code(&mut self) -> Option<Spanned<String>> {
        if [&b"because"[..], b"on", b"for"]
            .iter()
            .any(|w| self.keyword_at(self.i, w))
        {
            return None;
        }
        let start = self.i;
        self.eat_while(|b| b.is_ascii_alphanumeric());
        (self.i > start).then(|| self.text_from(start))
    }

    /// `path = ${ segment ~ ("." ~ segment)* }`.
    fn path(&mut self) -> Option<Path> {
        let mut segments = vec![self.segment()?];
        while self.peek() == Some(b'.') {
            let save = self.i;
            self.i += 1;
            match self.segment() {
                Some(s) => segments.push(s),
                None => {
                    self.i = save;
                    break;
                }
            }
        }
        let span = segments[0].span.to(segments.last()?.span);
        Some(Path { segments, span })
    }

    /// `segment = _{ !keyword ~ ident | string }`.
    fn segment(&mut self) -> Option<Spanned<String>> {
        match self.peek()? {
            b'"' => self.string(),
            _ => self.ident(),
        }
    }

    /// `!keyword ~ ident`, with `ident = @{ (ASCII_ALPHA_LOWER | "_") ~
    /// (ASCII_ALPHA_LOWER | ASCII_DIGIT | "_")* }`.
    fn ident(&mut self) -> Option<Spanned<String>> {
        let first = self.peek()?;
        if !(first.is_ascii_lowercase() || first == b'_') || self.at_reserved_word() {
            return None;
        }
        let start = self.i;
        self.i += 1;
        self.eat_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        Some(self.text_from(start))
    }

    /// `keyword = @{ ("policy" | "extends" | … | "false") ~ !ident_char }`.
    fn at_reserved_word(&self) -> bool {
        const WORDS: [&[u8]; 10] = [
            b"policy", b"extends", b"targets", b"allow", b"for", b"in", b"warn", b"because",
            b"true", b"false",
        ];
        WORDS.iter().any(|w| self.keyword_at(self.i, w))
    }

    /// `value = { list | quantity | string | kw_true | kw_false |
    /// ident_value }`.
    fn value(&mut self) -> Option<Value> {
        let start = self.i;
        let kind = match self.peek()? {
            b'[' => ValueKind::List(self.list()?),
            b'0'..=b'9' => ValueKind::Quantity(self.quantity()),
            b'"' => ValueKind::Str(self.string()?.node),
            _ if self.keyword(b"true").is_some() => ValueKind::Bool(true),
            _ if self.keyword(b"false").is_some() => ValueKind::Bool(false),
            _ => ValueKind::Ident(self.ident()?.node),
        };
        Some(Value {
            kind,
            span: Span::new(start, self.i),
        })
    }

    /// `list = { lbracket ~ (value ~ (comma ~ value)* ~ comma?)? ~
    /// rbracket }` (one line: newlines are not skipped).
    fn list(&mut self) -> Option<Vec<Value>> {
        self.byte(b'[')?;
        self.skip();
        let mut values = Vec::new();
        if let Some(first) = self.optional(Self::value) {
            values.push(first);
            self.comma_list(&mut values, Self::value);
            self.skip();
            let _ = self.byte(b',');
        }
        self.skip();
        self.byte(b']')?;
        Some(values)
    }

    /// `quantity = ${ term ~ (hspace* ~ term)* }`, at a digit.
    fn quantity(&mut self) -> Vec<Term> {
        let mut terms = vec![self.term()];
        loop {
            let save = self.i;
            self.eat_while(|b| b == b' ' || b == b'\t');
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.i = save;
                return terms;
            }
            terms.push(self.term());
        }
    }

    /// `term = ${ number ~ (hspace* ~ unit)? }`, at a digit, with
    /// `number = @{ digits ~ ("." ~ digits)? }`,
    /// `digits = _{ ASCII_DIGIT ~ ("_"? ~ ASCII_DIGIT)* }` and
    /// `unit = @{ !(("warn" | "because") ~ !ident_char) ~ (ASCII_ALPHA | "_")+ }`.
    fn term(&mut self) -> Term {
        let start = self.i;
        self.digits();
        let decimal =
            self.peek() == Some(b'.') && self.at(self.i + 1).is_some_and(|b| b.is_ascii_digit());
        if decimal {
            self.i += 1;
            self.digits();
        }
        let written = &self.text[start..self.i];
        let number_span = Span::new(start, self.i);
        let n = if decimal {
            Number::Decimal(written.to_string())
        } else if written.contains('_') {
            Number::Int(written.replace('_', ""))
        } else {
            Number::Int(written.to_string())
        };
        let save = self.i;
        self.eat_while(|b| b == b' ' || b == b'\t');
        let unit_start = self.i;
        let reserved =
            self.keyword_at(unit_start, b"warn") || self.keyword_at(unit_start, b"because");
        if !reserved {
            self.eat_while(|b| b.is_ascii_alphabetic() || b == b'_');
        }
        let unit = if self.i > unit_start {
            Some(self.text_from(unit_start))
        } else {
            self.i = save;
            None
        };
        Term {
            number: Spanned::new(n, number_span),
            unit,
            span: Span::new(start, self.i),
        }
    }

    /// `digits`, at a digit.
    fn digits(&mut self) {
        self.i += 1;
        loop {
            match self.peek() {
                Some(b'0'..=b'9') => self.i += 1,
                Some(b'_') if self.at(self.i + 1).is_some_and(|b| b.is_ascii_digit()) => {
                    self.i += 2
                }
                _ => return,
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// Whether the byte after a keyword lets it be one (`!ident_char`).
fn ends_word(b: Option<u8>) -> bool {
    !b.is_some_and(is_ident_char)
}
