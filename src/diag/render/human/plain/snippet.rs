//! Snippets as miette's graphical handler draws them: numbered lines of the
//! excerpt, labels underlined beneath their line (`^^^|^^^` and
//! `` `-- text ``), spans over several lines drawn in a gutter left of the
//! text (`,->`, `|`, `` `-> ``), one snippet per run of lines that touch.
//!
//! The rules are miette 7's (`render_snippets`, `render_context` and their
//! helpers), kept in the same order so that every column agrees: labels are
//! sorted by offset with the same sort, merged into contexts by the same
//! `read_span` answers, and widths are counted as miette counts them
//! (unicode-width 0.1, tabs to the next multiple of four).

mod marks;

use miette::{LabeledSpan, SourceCode, SourceSpan, SpanContents, ThemeCharacters};

use marks::{highlight_gutter, line_gutter, multi_line_end, single_line, widths, Mode};

/// Lines of context either side of a label (miette's default).
const CONTEXT: usize = 1;
/// Columns a tab advances to the next multiple of (miette's default).
const TAB: usize = 4;

/// One label as the layout sees it. Two labels are the same label when
/// text and span agree, as miette compares them.
#[derive(Clone, Copy, PartialEq)]
struct Hl<'a> {
    offset: usize,
    len: usize,
    label: Option<&'a str>,
}

impl Hl<'_> {
    fn end(&self) -> usize {
        self.offset + self.len
    }
}

/// One line of a context: where it starts in the excerpt, its length with
/// its line ending, its text without.
struct Line<'a> {
    number: usize,
    offset: usize,
    length: usize,
    text: &'a str,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.offset + self.length
    }

    /// The span starts and ends within this line.
    fn line_only(&self, s: &Hl) -> bool {
        s.offset >= self.offset && s.end() <= self.end()
    }

    /// The span shows on this line, under it or in the gutter.
    fn applies(&self, s: &Hl) -> bool {
        let len = s.len.max(1);
        (s.offset >= self.offset && s.offset < self.end())
            || (s.offset < self.offset && s.offset + len > self.end())
            || (s.offset + len > self.offset && s.offset + len <= self.end())
    }

    /// The span shows in this line's gutter (it does not start and end here).
    fn applies_gutter(&self, s: &Hl) -> bool {
        let len = s.len.max(1);
        self.applies(s)
            && !((s.offset >= self.offset && s.offset < self.end())
                && (s.offset + len > self.offset && s.offset + len <= self.end()))
    }

    /// A span over this line that starts before it and ends after it.
    fn flyby(&self, s: &Hl) -> bool {
        s.offset < self.offset && s.end() > self.end()
    }

    fn starts(&self, s: &Hl) -> bool {
        s.offset >= self.offset
    }

    fn ends(&self, s: &Hl) -> bool {
        s.end() >= self.offset && s.end() <= self.end()
    }
}

/// Writes the snippets of `labels` in `src`, or `None` when miette would
/// write something this layout does not (a span it cannot read or place).
pub(super) fn render(
    out: &mut String,
    src: &dyn SourceCode,
    labels: &[LabeledSpan],
    chars: &ThemeCharacters,
) -> Option<()> {
    let mut labels = labels.to_vec();
    labels.sort_unstable_by_key(|l| l.inner().offset());
    // Contexts: each label's lines, merged with the previous context when
    // their lines touch, as miette merges them.
    let mut contexts: Vec<(SourceSpan, usize, usize)> = Vec::with_capacity(labels.len());
    for right in &labels {
        let conts = src.read_span(right.inner(), CONTEXT, CONTEXT).ok()?;
        let (rline, rcount) = (conts.line(), conts.line_count());
        if let Some(&(left, lline, lcount)) = contexts.last() {
            if lline + lcount >= rline {
                let end = (left.offset() + left.len()).max(right.offset() + right.len());
                let merged = SourceSpan::new(left.offset().into(), end - left.offset());
                if let Ok(c) = src.read_span(&merged, CONTEXT, CONTEXT) {
                    let (line, count) = (c.line(), c.line_count());
                    contexts.pop();
                    contexts.push((merged, line, count));
                    continue;
                }
            }
        }
        contexts.push((*right.inner(), rline, rcount));
    }
    let hls: Vec<Hl> = labels
        .iter()
        .map(|l| Hl {
            offset: l.offset(),
            len: l.len(),
            label: l.label(),
        })
        .collect();
    for (ctx, _, _) in contexts {
        context(out, src, ctx, &labels, &hls, chars)?;
    }
    Some(())
}

/// One snippet: miette's `render_context`.
fn context(
    out: &mut String,
    src: &dyn SourceCode,
    ctx: SourceSpan,
    labels: &[LabeledSpan],
    hls: &[Hl],
    chars: &ThemeCharacters,
) -> Option<()> {
    let contents = src.read_span(&ctx, CONTEXT, CONTEXT).ok()?;
    let data = std::str::from_utf8(contents.data()).ok()?;
    let lines = lines_of(data, contents.line(), contents.span().offset())?;
    let inside = |l: &&LabeledSpan| {
        ctx.offset() <= l.offset() && l.offset() + l.len() <= ctx.offset() + ctx.len()
    };
    let primary = labels
        .iter()
        .filter(inside)
        .find(|l| l.primary())
        .or_else(|| labels.iter().find(inside));
    let max_gutter = lines
        .iter()
        .map(|line| {
            hls.iter()
                .filter(|h| !line.line_only(h) && line.applies_gutter(h))
                .count()
        })
        .max()
        .unwrap_or(0);
    let linum_width = digits(lines.last().map_or(0, |l| l.number));
    // The header: where the primary label (or the snippet) starts.
    spaces(out, linum_width + 2);
    out.push(chars.ltop);
    out.push(chars.hbar);
    let primary_contents;
    let head: &dyn SpanContents = match primary {
        Some(label) => {
            primary_contents = src.read_span(label.inner(), 0, 0).ok()?;
            &*primary_contents
        }
        None => &*contents,
    };
    match head.name() {
        Some(name) => {
            out.push('[');
            out.push_str(name);
            out.push(':');
            push_num(out, head.line() + 1);
            out.push(':');
            push_num(out, head.column() + 1);
            out.push_str("]\n");
        }
        None if lines.len() > 1 => {
            out.push('[');
            push_num(out, head.line() + 1);
            out.push(':');
            push_num(out, head.column() + 1);
            out.push_str("]\n");
        }
        None => {
            for _ in 0..3 {
                out.push(chars.hbar);
            }
            out.push('\n');
        }
    }
    for line in &lines {
        linum(out, linum_width, line.number, chars.vbar);
        line_gutter(out, max_gutter, line, hls, chars);
        line_text(out, line.text);
        let single: Vec<&Hl> = hls
            .iter()
            .filter(|h| line.applies(h) && line.line_only(h))
            .collect();
        if !single.is_empty() {
            linum(out, linum_width, 0, chars.vbar_break);
            highlight_gutter(out, max_gutter, line, hls, Mode::Single, chars);
            single_line(out, line, linum_width, max_gutter, &single, hls, chars)?;
        }
        for hl in hls.iter().filter(|h| line.applies(h) && !line.line_only(h)) {
            if let Some(text) = hl.label {
                if line.ends(hl) && !line.starts(hl) {
                    multi_line_end(out, line, linum_width, max_gutter, hls, text, chars);
                }
            }
        }
    }
    spaces(out, linum_width + 2);
    out.push(chars.lbot);
    for _ in 0..4 {
        out.push(chars.hbar);
    }
    out.push('\n');
    Some(())
}

/// The lines of a context's text, numbered from 1 after `line` (0-based),
/// as miette's `get_lines` splits them; `None` for a carriage return,
/// which excerpts never hold.
fn lines_of(data: &str, line: usize, offset: usize) -> Option<Vec<Line<'_>>> {
    if data.contains('\r') {
        return None;
    }
    let mut lines = Vec::with_capacity(4);
    let mut number = line;
    let mut start = 0;
    let bytes = data.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'\n' && i + 1 < bytes.len() {
            continue;
        }
        let last = i + 1 == bytes.len();
        // A line ends at its `\n`, or at the end of the text; the number
        // counts one past either.
        number += 1;
        let text_end = if b == b'\n' { i } else { i + 1 };
        lines.push(Line {
            number,
            offset: offset + start,
            length: i + 1 - start,
            text: &data[start..text_end],
        });
        start = i + 1;
        if last {
            break;
        }
    }
    Some(lines)
}

/// A line of source, tabs expanded.
fn line_text(out: &mut String, text: &str) {
    if !text.contains(['\t', '\u{1b}']) {
        out.push_str(text);
    } else {
        for (c, w) in widths(text) {
            if c == '\t' {
                spaces(out, w);
            } else {
                out.push(c);
            }
        }
    }
    out.push('\n');
}

/// ` NN | ` (a line number right-aligned in `width`), or ` ` + `width`
/// spaces + ` : ` when `number` is 0 (no line number).
fn linum(out: &mut String, width: usize, number: usize, bar: char) {
    out.push(' ');
    if number == 0 {
        spaces(out, width);
    } else {
        spaces(out, width.saturating_sub(digits(number)));
        push_num(out, number);
    }
    out.push(' ');
    out.push(bar);
    out.push(' ');
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

fn push_num(out: &mut String, n: usize) {
    use std::fmt::Write;
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{n}");
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}
