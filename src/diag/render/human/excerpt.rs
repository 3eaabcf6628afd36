//! The part of a file a human report shows, small whatever the file.
//!
//! miette lays out a snippet from the whole text it is given: it scans from
//! the start of the text to every span, draws each line whole, and panics
//! when a label starts past column 65,535 ("Formatting argument out of
//! range"). An [`Excerpt`] hands it instead a small text made of only the
//! lines the report shows (each label's lines and one line of context on
//! either side), with
//!
//! - **long lines cut around the labels**: at most [`WINDOW`] characters
//!   either side of each label's ends, the rest replaced by `…`; a label on
//!   a cut line says its real column;
//! - **control characters escaped** (`\u{1b}`), so a policy cannot retitle
//!   or recolour the terminal of whoever reads its diagnostics;
//! - **long spans clipped** to their first line (the label says where they
//!   end), so a label over a 100,000-line block draws one line.
//!
//! Runs of lines that are not next to each other are separated by one empty
//! line that no label reaches, so miette draws them as separate snippets,
//! as it would the real file. Line numbers and the `[file:line:col]` header
//! are those of the real file: [`Excerpt`] maps every offset back.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{is_unsafe_char, SourceFile, Span};

/// Lines up to this many characters are shown whole.
pub(super) const MAX_LINE_CHARS: usize = 160;
/// On a longer line, this many characters are kept either side of each end
/// of a label.
pub(super) const WINDOW: usize = 40;
/// A span over more lines than this is drawn on its first line only.
pub(super) const MAX_SPAN_LINES: usize = 6;
/// Context lines either side of a label (miette's default, which the
/// report handler keeps).
const CONTEXT: usize = 1;

const ELLIPSIS: &str = "…";

/// A stretch of the excerpt's text and the stretch of the real file it
/// stands for. `exact` stretches are the same bytes; others (an escape, an
/// ellipsis, a line ending, a skipped run of lines) stand for their real
/// text as a whole.
#[derive(Clone, Copy, Debug)]
struct Piece {
    syn: usize,
    syn_len: usize,
    real: usize,
    real_len: usize,
    exact: bool,
}

/// One label as miette should draw it in an [`Excerpt`].
#[derive(Debug)]
pub(super) struct Drawn {
    pub span: SourceSpan,
    /// What to add to the label's message: where it really is, when its
    /// line was cut or its span clipped.
    pub suffix: Option<String>,
}

/// A file's text cut down to what one report shows (see the module doc).
#[derive(Debug)]
pub(super) struct Excerpt {
    file: Arc<SourceFile>,
    text: String,
    pieces: Vec<Piece>,
}

/// A label's span in the real file, fitted and widened so miette draws it.
#[derive(Clone, Copy, Debug)]
struct Fitted {
    start: usize,
    end: usize,
    clipped_to: Option<usize>,
}

impl Excerpt {
    /// The excerpt of `file` that shows `spans`, and how to draw each.
    pub(super) fn new(file: &Arc<SourceFile>, spans: &[Span]) -> (Excerpt, Vec<Drawn>) {
        let fitted: Vec<Fitted> = spans.iter().map(|s| fit(file, *s)).collect();
        // The lines to show, as runs of consecutive lines. As miette counts
        // them, a span that ends with a line ending reaches the next line,
        // and the empty "line" after a final line ending is not one.
        let mut last = file.line_count().saturating_sub(1);
        if last > 0 && file.line_bounds(last).0 == file.text.len() {
            last -= 1;
        }
        let mut wanted: Vec<(usize, usize)> = fitted
            .iter()
            .map(|f| {
                let a = file.line_index(f.start).min(last);
                let b = file.line_index(f.end).min(last).max(a);
                (a.saturating_sub(CONTEXT), (b + CONTEXT).min(last))
            })
            .collect();
        wanted.sort_unstable();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (a, b) in wanted {
            match runs.last_mut() {
                Some(r) if a <= r.1 + 1 => r.1 = r.1.max(b),
                _ => runs.push((a, b)),
            }
        }
        // Every label end, by line, to keep on cut lines.
        let mut ends: Vec<usize> = fitted.iter().flat_map(|f| [f.start, f.end]).collect();
        ends.sort_unstable();
        let mut ex = Excerpt {
            file: Arc::clone(file),
            text: String::new(),
            pieces: Vec::new(),
        };
        let mut cut_lines = Vec::new();
        for (i, &(a, b)) in runs.iter().enumerate() {
            if i > 0 {
                // The lines skipped, as one empty line no label reaches.
                let from = file.line_bounds(runs[i - 1].1).2;
                let to = file.line_bounds(a).0;
                ex.push("\n", from, to - from, false);
            }
            for line in a..=b {
                if ex.push_line(line, &ends) {
                    cut_lines.push(line);
                }
            }
        }
        let drawn = fitted
            .iter()
            .map(|f| {
                let start = ex.to_syn(f.start);
                let end = ex.to_syn(f.end).max(start);
                let line = file.line_index(f.start);
                let suffix = match f.clipped_to {
                    Some(last) => Some(format!("(through line {})", last + 1)),
                    None if cut_lines.binary_search(&line).is_ok() => {
                        Some(format!("(column {})", file.line_col(clamp_u32(f.start)).1))
                    }
                    None => None,
                };
                Drawn {
                    span: SourceSpan::new(start.into(), end - start),
                    suffix,
                }
            })
            .collect();
        (ex, drawn)
    }

    fn push(&mut self, syn: &str, real: usize, real_len: usize, exact: bool) {
        self.pieces.push(Piece {
            syn: self.text.len(),
            syn_len: syn.len(),
            real,
            real_len,
            exact,
        });
        self.text.push_str(syn);
    }

    /// Adds the 0-based line `line` and its ending; `ends` (sorted) are the
    /// label ends to keep in view. Returns whether the line was cut.
    fn push_line(&mut self, line: usize, ends: &[usize]) -> bool {
        let file = Arc::clone(&self.file);
        let (start, end, next) = file.line_bounds(line);
        let text = &file.text[start..end];
        // Counting characters only when the bytes leave a doubt: a 4 MB line
        // is long without a scan.
        let long = text.len() > 4 * MAX_LINE_CHARS
            || (text.len() > MAX_LINE_CHARS && text.chars().count() > MAX_LINE_CHARS);
        let keep: Vec<(usize, usize)> = if long {
            let lo = ends.partition_point(|&e| e < start);
            let hi = ends.partition_point(|&e| e <= next);
            let mut keep: Vec<(usize, usize)> = ends[lo..hi]
                .iter()
                .map(|&e| {
                    let e = e.min(end) - start;
                    (back(text, e, WINDOW), forward(text, e, WINDOW))
                })
                .collect();
            if keep.is_empty() {
                keep.push((0, forward(text, 0, 2 * WINDOW)));
            }
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (a, b) in keep {
                match merged.last_mut() {
                    Some(m) if a <= m.1 => m.1 = m.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            merged
        } else {
            vec![(0, text.len())]
        };
        let mut at = 0;
        for (a, b) in keep {
            if a > at {
                self.push(ELLIPSIS, start + at, a - at, false);
            }
            self.push_text(start + a, &text[a..b]);
            at = b;
        }
        if at < text.len() {
            self.push(ELLIPSIS, start + at, text.len() - at, false);
        }
        self.push("\n", end, next - end, false);
        long
    }

    /// Adds real text at `real`, escaping what must not reach a terminal.
    fn push_text(&mut self, real: usize, text: &str) {
        let mut run = 0;
        for (i, c) in text.char_indices() {
            if is_unsafe_char(c) {
                if i > run {
                    self.push(&text[run..i], real + run, i - run, true);
                }
                let esc = format!("\\u{{{:x}}}", c as u32);
                self.push(&esc, real + i, c.len_utf8(), false);
                run = i + c.len_utf8();
            }
        }
        if run < text.len() {
            self.push(&text[run..], real + run, text.len() - run, true);
        }
    }

    /// Where the real offset `r` is in the excerpt.
    fn to_syn(&self, r: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.real <= r);
        let Some(p) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if r == p.real {
            p.syn
        } else if p.exact && r < p.real + p.real_len {
            p.syn + (r - p.real)
        } else {
            p.syn + p.syn_len
        }
    }

    /// Where the excerpt's offset `s` is in the real file.
    fn to_real(&self, s: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.syn <= s);
        let Some(p) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if s == p.syn {
            p.real
        } else if p.exact && s < p.syn + p.syn_len {
            p.real + (s - p.syn)
        } else {
            p.real + p.real_len
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        // Lines and columns are the real file's. miette reads a span alone
        // (no context) for the `[file:line:col]` header, where the column
        // is the span's; with context, the contents start a line.
        let first = self.to_real(inner.span().offset());
        let line = self.file.line_index(first);
        let column = if before == 0 {
            let at = self.to_real(span.offset());
            self.file.line_col(clamp_u32(at)).1 - 1
        } else {
            0
        };
        // miette's own `line_count` is the line the contents end on, counted
        // from the start of the text, and it merges two snippets when
        // `line + line_count` reaches the next one's line: with the file's
        // numbers, snippets hundreds of lines apart would merge and print
        // every line between. The number of lines the contents hold makes
        // that rule "the snippets touch".
        let data = inner.data();
        let lines = data.iter().filter(|&&b| b == b'\n').count()
            + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            data,
            *inner.span(),
            line,
            column,
            lines,
        )))
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `n` characters back from byte `at` of `text` (a byte offset).
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// `n` characters on from byte `at` of `text`.
fn forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// Fits a span into the text on character boundaries, widens an empty one
/// to the character after it (miette draws nothing for an empty span; a
/// line ending shows as a point at the end of its line) or, at the end of
/// the file, before it, and clips one over many lines to its first line.
fn fit(file: &SourceFile, span: Span) -> Fitted {
    let span = super::super::clamp(file, span);
    let (mut start, mut end) = (span.range().start, span.range().end);
    let text = &file.text;
    if start == end {
        if let Some(c) = text[start..].chars().next() {
            end = start + c.len_utf8();
        } else if let Some(c) = text[..start].chars().next_back() {
            start -= c.len_utf8();
        }
    }
    let (a, b) = (
        file.line_index(start),
        file.line_index(end.saturating_sub(1)),
    );
    if b > a + MAX_SPAN_LINES {
        let (_, line_end, next) = file.line_bounds(a);
        let cut = if line_end > start { line_end } else { next };
        return Fitted {
            start,
            end: cut.max(start),
            clipped_to: Some(b),
        };
    }
    Fitted {
        start,
        end,
        clipped_to: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, spans: &[Span]) -> (String, Vec<String>) {
        let file = Arc::new(SourceFile::new("a.ward", text.to_string()));
        let (ex, drawn) = Excerpt::new(&file, spans);
        let labels = drawn
            .iter()
            .map(|d| {
                let s = d.span.offset();
                ex.text[s..s + d.span.len()].to_string()
            })
            .collect();
        (ex.text, labels)
    }

    #[test]
    fn short_files_are_shown_as_they_are() {
        let text = "policy a {\n  x = 1\n}\n";
        let (ex, labels) = show(text, &[Span::new(13, 14)]);
        assert_eq!(ex, text);
        assert_eq!(labels, ["x"]);
    }

    #[test]
    fn long_lines_are_cut_around_the_labels() {
        let long = format!("{}HERE{}", "a".repeat(100_000), "b".repeat(100_000));
        let text = format!("policy a {{\n{long}\n}}\n");
        let at = text.find("HERE").unwrap_or(0);
        let (ex, labels) = show(&text, &[Span::new(at, at + 4)]);
        assert!(ex.len() < 400, "{}", ex.len());
        assert_eq!(labels, ["HERE"]);
        assert!(ex.contains("…aaaa") && ex.contains("bbbb…"), "{ex}");
    }

    #[test]
    fn far_apart_lines_become_separate_runs() {
        let mut text = String::new();
        for i in 0..1000 {
            text.push_str(&format!("line {i}\n"));
        }
        let a = text.find("line 10\n").unwrap_or(0);
        let b = text.find("line 900\n").unwrap_or(0);
        let (ex, labels) = show(&text, &[Span::new(a, a + 4), Span::new(b, b + 4)]);
        assert_eq!(
            ex,
            "line 9\nline 10\nline 11\n\nline 899\nline 900\nline 901\n"
        );
        assert_eq!(labels, ["line", "line"]);
    }

    #[test]
    fn control_characters_are_escaped_and_offsets_map_back() {
        let text = "a \u{1b}]0;x\u{7} b\n";
        let file = Arc::new(SourceFile::new("a.ward", text));
        let b = text.find('b').unwrap_or(0);
        let (ex, drawn) = Excerpt::new(&file, &[Span::new(b, b + 1)]);
        assert_eq!(ex.text, "a \\u{1b}]0;x\\u{7} b\n");
        let s = drawn[0].span.offset();
        assert_eq!(&ex.text[s..s + 1], "b");
        assert_eq!(ex.to_real(s), b);
    }

    #[test]
    fn spans_over_many_lines_are_clipped() {
        let text = format!("{{\n{}}}\n", "x\n".repeat(100));
        let (ex, labels) = show(&text, &[Span::new(0, text.len())]);
        assert_eq!(labels, ["{"]);
        assert!(ex.lines().count() <= 3, "{ex}");
    }
}
