//! A cheap linear pre-scan run before pest: nesting depth, and the comments.
//!
//! pest parses nested blocks (and lists) by recursion, so unbounded nesting
//! would overflow the stack. This scan walks the bytes once, skipping strings
//! and comments exactly as the grammar does, and finds the first `{` (or `[`)
//! that nests too deeply. Only when it finds none does pest run, which keeps
//! every recursive rule within a known depth. On the way it records where
//! each comment is (as ruff's `CommentRanges`), so that no later tool
//! re-reads the text to find them.

use crate::source::Span;

/// Blocks inside a policy may nest this deep (the policy's own `{` is not
/// counted).
pub const MAX_BLOCK_DEPTH: usize = 64;

/// Lists may nest this deep on one line.
pub(crate) const MAX_LIST_DEPTH: usize = 64;

/// What nested too deeply, and where.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TooDeep {
    Block(Span),
    List(Span),
}

/// What one pass over the text found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The first `{` or `[` that nests beyond the limits (the scan stops
    /// there).
    pub too_deep: Option<TooDeep>,
    /// Every comment before that point, `#` to the end of its line.
    pub comments: Vec<Span>,
}

/// Scans `text` once: its comments, and the first `{` or `[` that nests
/// beyond the limits, if any.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    out.too_deep = walk(text, &mut out.comments);
    out
}

fn walk(text: &str, comments: &mut Vec<Span>) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    let mut braces = 0usize;
    let mut brackets = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = skip_comment(bytes, i);
                comments.push(Span::new(i, end));
                i = end;
            }
            b'"' => i = skip_string(bytes, i).0,
            b'{' => {
                braces += 1;
                // The policy's `{` is depth 1, its blocks start at 2.
                if braces > MAX_BLOCK_DEPTH + 1 {
                    return Some(TooDeep::Block(Span::new(i, i + 1)));
                }
                i += 1;
            }
            b'}' => {
                braces = braces.saturating_sub(1);
                i += 1;
            }
            b'[' => {
                brackets += 1;
                if brackets > MAX_LIST_DEPTH {
                    return Some(TooDeep::List(Span::new(i, i + 1)));
                }
                i += 1;
            }
            b']' => {
                brackets = brackets.saturating_sub(1);
                i += 1;
            }
            b'\n' | b'\r' => {
                // A list never spans lines, so bracket depth starts afresh.
                brackets = 0;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// From a `#` at `i`, the index of the line end (or the end of the text).
pub(crate) fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

/// From a `"` at `start`, the index just past the closing quote and `true`,
/// or the index of the line end and `false` when the string is not closed on
/// its line.
pub(crate) fn skip_string(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i + 1, true),
            b'\n' | b'\r' => return (i, false),
            b'\\' if i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') => i += 2,
            _ => i += 1,
        }
    }
    (i, false)
}

/// The first string in `text` that is not closed on its line: the span from
/// its opening quote to the end of the line.
pub(crate) fn unterminated_string(text: &str) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            b'"' => {
                let (end, closed) = skip_string(bytes, i);
                if !closed {
                    return Some(Span::new(i, end));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    None
}
