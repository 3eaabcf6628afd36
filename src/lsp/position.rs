//! Positions: byte offsets into a text ↔ LSP `line`/`character` pairs.
//!
//! LSP counts characters in UTF-16 code units unless client and server agree
//! on another encoding in `initialize` (`general.positionEncodings`); the
//! server takes UTF-8 when the client offers it, as it is what spans are
//! made of. Lines end at `\n` (a `\r` before it belongs to the line).
//! Positions past the end of a line or of the text are clamped, and an
//! offset inside a character is moved to the character's start, so no input
//! from a client can index out of bounds.

use crate::source::Span;
use lsp_types::{Position, PositionEncodingKind, Range};

/// How `character` in a position counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use, from what the client offers (in its order of
    /// preference); UTF-16 when it offers nothing else we read.
    pub(crate) fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or(&[]);
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.first() == Some(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// The start of every line of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text`.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let character = match enc {
            Encoding::Utf8 => (offset - start) as u32,
            _ => text[start..offset].chars().map(|c| enc.width(c)).sum(),
        };
        Position::new(line as u32, character)
    }

    /// The byte offset of `pos` in `text`, clamped to its line and the text.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&e| e.saturating_sub(1));
        let line = text.get(start..end.max(start)).unwrap_or("");
        let mut left = pos.character;
        let mut at = start;
        for c in line.chars() {
            let w = enc.width(c);
            if left < w {
                break;
            }
            left -= w;
            at += c.len_utf8();
        }
        at
    }

    pub fn range(&self, text: &str, span: Span, enc: Encoding) -> Range {
        Range::new(
            self.position(text, span.start as usize, enc),
            self.position(text, span.end as usize, enc),
        )
    }

    /// The byte range of `range` in `text`.
    pub fn span(&self, text: &str, range: Range, enc: Encoding) -> std::ops::Range<usize> {
        let a = self.offset(text, range.start, enc);
        let b = self.offset(text, range.end, enc);
        a.min(b)..a.max(b)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_code_units_and_utf8_bytes() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "a\n\"é𝄞\" = x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.position(text, x, Encoding::Utf16), Position::new(1, 8));
        assert_eq!(idx.position(text, x, Encoding::Utf8), Position::new(1, 11));
        assert_eq!(idx.position(text, x, Encoding::Utf32), Position::new(1, 7));
        assert_eq!(idx.offset(text, Position::new(1, 8), Encoding::Utf16), x);
        assert_eq!(idx.offset(text, Position::new(1, 11), Encoding::Utf8), x);
        // Inside the surrogate pair: the character's start.
        let clef = text.find('𝄞').unwrap_or(0);
        assert_eq!(idx.offset(text, Position::new(1, 3), Encoding::Utf16), clef);
        // Past the end of a line, or of the text: clamped.
        assert_eq!(idx.offset(text, Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(
            idx.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            idx.position(text, 999, Encoding::Utf16),
            Position::new(2, 0)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16])), Encoding::Utf16);
    }
}
