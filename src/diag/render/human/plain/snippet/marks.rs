//! The marks around a snippet's text: the gutter of spans over several
//! lines, the underline row, and each label's text with the bars of its
//! neighbours, as miette's `render_line_gutter`,
//! `render_highlight_gutter`, `render_single_line_highlights`,
//! `write_label_text` and `render_multi_line_end` draw them.

use miette::ThemeCharacters;
use unicode_width::UnicodeWidthChar;

use super::{linum, spaces, Hl, Line, TAB};

/// miette's `render_line_gutter`: the gutter beside a line of text.
pub(super) fn line_gutter(
    out: &mut String,
    max: usize,
    line: &Line,
    hls: &[Hl],
    chars: &ThemeCharacters,
) {
    if max == 0 {
        return;
    }
    let mut cols = 0;
    let mut arrow = false;
    for (i, hl) in hls.iter().filter(|h| line.applies_gutter(h)).enumerate() {
        let corner = if line.starts(hl) {
            Some(chars.ltop)
        } else if line.ends(hl) {
            Some(if hl.label.is_some() {
                chars.lcross
            } else {
                chars.lbot
            })
        } else {
            None
        };
        if let Some(corner) = corner {
            out.push(corner);
            let n = max.saturating_sub(i);
            for _ in 0..n {
                out.push(chars.hbar);
            }
            out.push(chars.rarrow);
            cols += n + 2;
            arrow = true;
            break;
        }
        out.push(if line.flyby(hl) { chars.vbar } else { ' ' });
        cols += 1;
    }
    spaces(out, usize::from(!arrow) * 2 + 1 + max.saturating_sub(cols));
}

/// How the rows of a label's text are drawn: its only row, the first of
/// several, or one of the rest (its text comes from a multi-line label).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Single,
    First,
    Rest,
}

/// miette's `render_multi_line_end`: the text of a span over several lines,
/// below its last line.
pub(super) fn multi_line_end(
    out: &mut String,
    line: &Line,
    linum_width: usize,
    max: usize,
    hls: &[Hl],
    text: &str,
    chars: &ThemeCharacters,
) {
    let mut rows = text.split('\n');
    let first = rows.next().unwrap_or("");
    let single = !text.contains('\n');
    linum(out, linum_width, 0, chars.vbar_break);
    if single {
        highlight_gutter(out, max, line, hls, Mode::Single, chars);
        out.push(chars.hbar);
    } else {
        highlight_gutter(out, max, line, hls, Mode::First, chars);
        out.push(chars.rcross);
    }
    out.push(' ');
    out.push_str(first);
    out.push('\n');
    for row in rows {
        linum(out, linum_width, 0, chars.vbar_break);
        highlight_gutter(out, max, line, hls, Mode::Rest, chars);
        out.push(chars.vbar);
        out.push(' ');
        out.push_str(row);
        out.push('\n');
    }
}

/// miette's `render_highlight_gutter`: the gutter beside underlines and
/// label text.
pub(super) fn highlight_gutter(
    out: &mut String,
    max: usize,
    line: &Line,
    hls: &[Hl],
    mode: Mode,
    chars: &ThemeCharacters,
) {
    if max == 0 {
        return;
    }
    let mut cols = 0;
    for (i, hl) in hls.iter().filter(|h| line.applies_gutter(h)).enumerate() {
        if !line.line_only(hl) && line.ends(hl) {
            let n = max.saturating_sub(i) + 2;
            if mode == Mode::Rest {
                // Room for the bar of the label's first row, not drawn.
                spaces(out, n);
            } else {
                out.push(chars.lbot);
                for _ in 0..n - usize::from(mode == Mode::First) {
                    out.push(chars.hbar);
                }
            }
            cols += n + 1;
            break;
        }
        out.push(chars.vbar);
        cols += 1;
    }
    spaces(out, (max + 3).saturating_sub(cols));
}

/// miette's `render_single_line_highlights`: the underline row, then each
/// label's text (the last first) with bars down from the others.
pub(super) fn single_line(
    out: &mut String,
    line: &Line,
    linum_width: usize,
    max: usize,
    single: &[&Hl],
    hls: &[Hl],
    chars: &ThemeCharacters,
) -> Option<()> {
    let mut highest = 0;
    let mut bars: Vec<(&Hl, usize)> = Vec::with_capacity(single.len());
    for hl in single {
        let start = visual_offset(line, hl.offset, true)?.max(highest);
        let end = if hl.len == 0 {
            start + 1
        } else {
            visual_offset(line, hl.end(), false)?.max(start + 1)
        };
        let bar = (start + end) / 2;
        spaces(out, start.saturating_sub(highest));
        for _ in start..bar {
            out.push(chars.underline);
        }
        out.push(if hl.len == 0 {
            chars.uarrow
        } else if hl.label.is_some() {
            chars.underbar
        } else {
            chars.underline
        });
        for _ in bar + 1..end {
            out.push(chars.underline);
        }
        highest = highest.max(end);
        bars.push((hl, bar));
    }
    out.push('\n');
    for hl in single.iter().rev() {
        let Some(text) = hl.label else { continue };
        let several = text.contains('\n');
        for (i, row) in text.split('\n').enumerate() {
            let mode = match (several, i) {
                (false, _) => Mode::Single,
                (true, 0) => Mode::First,
                (true, _) => Mode::Rest,
            };
            label_row(
                out,
                line,
                linum_width,
                max,
                hls,
                &bars,
                hl,
                row,
                mode,
                chars,
            );
        }
    }
    Some(())
}

/// miette's `write_label_text`: one row of a label's text, the bars of the
/// labels left of it drawn down to it.
#[allow(clippy::too_many_arguments)] // the layout's state, as miette passes it
fn label_row(
    out: &mut String,
    line: &Line,
    linum_width: usize,
    max: usize,
    hls: &[Hl],
    bars: &[(&Hl, usize)],
    hl: &Hl,
    row: &str,
    mode: Mode,
    chars: &ThemeCharacters,
) {
    linum(out, linum_width, 0, chars.vbar_break);
    highlight_gutter(out, max, line, hls, Mode::Single, chars);
    let mut at = 1;
    for (other, bar) in bars {
        while at < bar + 1 {
            out.push(' ');
            at += 1;
        }
        if **other != *hl {
            out.push(chars.vbar);
            at += 1;
            continue;
        }
        match mode {
            Mode::Single => {
                out.push(chars.lbot);
                out.push(chars.hbar);
                out.push(chars.hbar);
            }
            Mode::First => {
                out.push(chars.lbot);
                out.push(chars.hbar);
                out.push(chars.rcross);
            }
            Mode::Rest => {
                out.push_str("  ");
                out.push(chars.vbar);
            }
        }
        out.push(' ');
        out.push_str(row);
        out.push('\n');
        break;
    }
}

/// The column (from 0) where the byte `offset` of the excerpt falls on
/// `line`; one past the text for the line ending. `None` off the line
/// (where miette would panic).
pub(super) fn visual_offset(line: &Line, offset: usize, start: bool) -> Option<usize> {
    if offset < line.offset || offset > line.end() {
        return None;
    }
    let text = line.text;
    let mut i = offset - line.offset;
    while i <= text.len() && !text.is_char_boundary(i) {
        if start {
            i -= 1;
        } else {
            i += 1;
        }
    }
    let width = widths(&text[..i.min(text.len())])
        .map(|(_, w)| w)
        .sum::<usize>();
    Some(if i > text.len() { width + 1 } else { width })
}

/// Each character of `text` with the columns miette gives it: tabs to the
/// next multiple of [`TAB`], nothing inside an ANSI escape, else
/// unicode-width 0.1's width.
pub(super) fn widths(text: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    let mut column = 0;
    let mut escaped = false;
    text.chars().map(move |c| {
        let w = match (escaped, c) {
            (false, '\t') => TAB - column % TAB,
            (false, '\u{1b}') => {
                escaped = true;
                0
            }
            (false, c) => c.width().unwrap_or(0),
            (true, 'm') => {
                escaped = false;
                0
            }
            (true, _) => 0,
        };
        column += w;
        (c, w)
    })
}
