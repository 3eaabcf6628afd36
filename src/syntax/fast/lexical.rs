//! The fast parser's cursor: bytes, whitespace, keywords and strings, as
//! the grammar's lexical rules define them.
//!
//! Every multi-byte character is a run of bytes ≥ 0x80, which no rule
//! here stops at, so walking bytes matches pest walking characters.

use super::super::{scan, strings};
use super::ends_word;
use crate::diag::Here;
use crate::source::{Span, Spanned};

/// `ident_char = _{ ASCII_ALPHANUMERIC | "_" }`.
pub(super) fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A position in the text, and whether the tree built so far differs from
/// what pest's builder would give (a bad escape: give up at the end).
pub(super) struct Cursor<'a> {
    pub text: &'a str,
    pub s: &'a [u8],
    pub i: usize,
    pub bail: bool,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            text,
            s: text.as_bytes(),
            i: 0,
            bail: false,
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    pub fn at(&self, i: usize) -> Option<u8> {
        self.s.get(i).copied()
    }

    pub fn rest(&self) -> &'a [u8] {
        self.s.get(self.i..).unwrap_or_default()
    }

    /// pest's implicit `skip`: `(WHITESPACE | COMMENT)*`, spaces, tabs and
    /// `#` to the end of the line.
    pub fn skip(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' => self.i += 1,
                b'#' => self.i = scan::skip_comment(self.s, self.i),
                _ => return,
            }
        }
    }

    /// `seps` with the skips around them: newlines, `;`, spaces, tabs and
    /// comments.
    pub fn skip_seps(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b';' => self.i += 1,
                b'#' => self.i = scan::skip_comment(self.s, self.i),
                _ => return,
            }
        }
    }

    pub fn eat_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.i += 1;
        }
    }

    /// The text from `start` to here, with its span.
    pub fn text_from(&self, start: usize) -> Spanned<String> {
        Spanned::new(
            self.text[start..self.i].to_string(),
            Span::new(start, self.i),
        )
    }

    /// One literal byte (`"{"`, `"}"`, `","`, `"="`).
    pub fn byte(&mut self, b: u8) -> Option<Span> {
        (self.peek() == Some(b)).then(|| {
            self.i += 1;
            Span::new(self.i - 1, self.i)
        })
    }

    /// Whether `word ~ !ident_char` matches at `i`.
    pub fn keyword_at(&self, i: usize, word: &[u8]) -> bool {
        self.s.get(i..).is_some_and(|r| r.starts_with(word)) && ends_word(self.at(i + word.len()))
    }

    /// `kw_WORD = @{ "WORD" ~ !ident_char }`: its span, consumed.
    pub fn keyword(&mut self, word: &[u8]) -> Option<Span> {
        self.keyword_at(self.i, word).then(|| {
            self.i += word.len();
            Span::new(self.i - word.len(), self.i)
        })
    }

    /// `rule?`: the rule's result, or `None` with the position unchanged.
    pub fn optional<T>(&mut self, rule: fn(&mut Self) -> Option<T>) -> Option<T> {
        let save = self.i;
        let r = rule(self);
        if r.is_none() {
            self.i = save;
        }
        r
    }

    /// `string = @{ "\"" ~ string_char* ~ "\"" }`, unescaped. A bad escape
    /// is pest's builder's to report: the parse gives up at the end.
    pub fn string(&mut self) -> Option<Spanned<String>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.i;
        let (end, closed) = scan::skip_string(self.s, start);
        if !closed {
            return None;
        }
        self.i = end;
        let raw = &self.text[start..end];
        let span = Span::new(start, end);
        let inner = &raw[1..raw.len() - 1];
        if !inner.contains('\\') {
            return Some(Spanned::new(inner.to_string(), span));
        }
        let mut diags = Vec::new();
        let s = strings::unescape(Here, raw, start, &mut diags);
        self.bail |= !diags.is_empty();
        Some(Spanned::new(s, span))
    }
}
