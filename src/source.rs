//! Source files and byte spans.
//!
//! Every file ward reads is stored once in a [`SourceMap`] and named by a
//! [`SourceId`]. Spans are byte ranges into that file's text; they are turned
//! into lines and columns only at the edge, by the renderers.
//!
//! **One line-ending rule** holds for every output: `\n`, `\r\n` and a lone
//! `\r` each end a line, as they end a statement in the grammar (pest's
//! `NEWLINE`). [`SourceFile`] is the only place lines are counted, so the
//! human, JSON, GitHub and SARIF forms agree on every position.
//! [`escape_controls`] is how user text is shown back: control characters
//! (and the Unicode controls that reorder text) never reach a terminal raw.

use std::sync::Arc;

/// A byte range `start..end` into one source file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Shifts the span right by `offset` bytes.
    pub(crate) fn shift(self, offset: usize) -> Span {
        Span::new(self.start as usize + offset, self.end as usize + offset)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value together with the span of source text it came from.
///
/// Equality ignores the span, so two syntax trees that say the same thing in
/// different places compare equal.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: Default> Default for Spanned<T> {
    fn default() -> Self {
        Spanned::new(T::default(), Span::default())
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

/// Names one file in a [`SourceMap`]. Only a map makes ids (the field is
/// private), each for a file it holds, so indexing the map with one cannot
/// fail. Parsing needs none: what it reports is about the file it parses
/// (`diag::Here`), and the id is stamped when the file is added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

/// One file's name (as shown to the user) and text.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics: relative to the current directory with
    /// `/` separators, or `std:NAME` for a built-in profile.
    pub name: String,
    pub text: Arc<str>,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// Whether each line is ASCII, so a column is a byte difference there:
    /// a column late in a 4 MB line costs no scan.
    ascii: Vec<bool>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            let ends = match b {
                b'\n' => true,
                // `\r\n` is one line ending; a lone `\r` is one too.
                b'\r' => {
                    if bytes.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    true
                }
                _ => {
                    line_ascii &= b.is_ascii();
                    false
                }
            };
            if ends {
                line_starts.push(clamp_u32(i));
                ascii.push(line_ascii);
                line_ascii = true;
            }
        }
        ascii.push(line_ascii);
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            ascii,
        }
    }

    /// How many lines the file has (a last line without an ending counts;
    /// an empty file has one empty line).
    pub(crate) fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding the byte `offset` (clamped to the text).
    pub(crate) fn line_index(&self, offset: usize) -> usize {
        let offset = clamp_u32(offset.min(self.text.len()));
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte range of the 0-based line `index`: where it starts, where
    /// its text ends (before the line ending), and where the next line
    /// starts. Out of range, the end of the text.
    pub(crate) fn line_bounds(&self, index: usize) -> (usize, usize, usize) {
        let len = self.text.len();
        let Some(&start) = self.line_starts.get(index) else {
            return (len, len, len);
        };
        let next = self.line_starts.get(index + 1).map_or(len, |&e| e as usize);
        let text = &self.text[start as usize..next];
        let end = next - (text.len() - text.trim_end_matches(['\n', '\r']).len());
        (start as usize, end.max(start as usize), next)
    }

    /// Is this a built-in profile rather than a user's file?
    pub(crate) fn is_builtin(&self) -> bool {
        self.name.starts_with("std:")
    }

    /// 1-based line and 1-based column in Unicode scalar values for a byte
    /// offset. Offsets inside a character or past the end are clamped.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self.line_index(offset as usize);
        let start = self.line_starts[line] as usize;
        let mut end = (offset as usize).min(self.text.len());
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if self.ascii.get(line).copied().unwrap_or(false) {
            end - start
        } else {
            self.text[start..end].chars().count()
        };
        (line + 1, col + 1)
    }

    /// The text of the 1-based line `line`, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let (start, end, _) = self.line_bounds(line - 1);
        &self.text[start..end]
    }

    /// The source text under a span (empty if the span does not fit).
    pub fn snippet(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Does showing `c` raw risk the terminal or the reader's eyes? Control
/// characters (ESC starts terminal commands, BEL, backspace, carriage
/// return) and the Unicode controls that reorder or hide text (bidirectional
/// overrides and isolates, as in "Trojan Source").
pub(crate) fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `s` as ward shows user text back: every character [`is_unsafe_char`]
/// finds written as `\u{…}`, as in a ward string literal. Newlines and tabs
/// stay.
pub(crate) fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Every file read during one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceId {
        self.push(Arc::new(SourceFile::new(name, text)))
    }

    /// Adds a file built elsewhere (parsed on another thread, say), and
    /// gives it its id.
    pub fn push(&mut self, file: Arc<SourceFile>) -> SourceId {
        let id = SourceId(clamp_u32(self.files.len()));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: SourceId) -> &Arc<SourceFile> {
        // Ids are only made by `push`, for a file pushed, so they are in
        // range (for the map that made them).
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = SourceId> {
        (0..self.files.len()).map(|i| SourceId(clamp_u32(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a", "ab\nçd\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2)); // after the two-byte `ç`
        assert_eq!(f.line_col(100), (3, 1));
        assert_eq!(f.line_text(2), "çd");
    }

    #[test]
    fn cr_lf_and_crlf_each_end_a_line() {
        let f = SourceFile::new("a", "a\rbb\r\nccc\nd");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.line_col(2), (2, 1));
        assert_eq!(f.line_col(6), (3, 1));
        assert_eq!(f.line_col(10), (4, 1));
        assert_eq!(f.line_text(2), "bb");
        assert_eq!(f.line_bounds(1), (2, 4, 6));
        // The `\n` of a `\r\n` is on the line it ends.
        assert_eq!(f.line_col(5), (2, 4));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape_controls("tab\tnl\n"), "tab\tnl\n");
        assert_eq!(escape_controls("\u{202e}abc"), "\\u{202e}abc");
    }
}
