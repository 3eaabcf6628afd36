//! The human form without miette, for text without colour.
//!
//! miette's graphical handler costs about 200 µs a report: it wraps every
//! message, help, footer and each nested report (snippet lines included)
//! with textwrap's Unicode line breaking, and lays snippets out through many
//! small allocations. Outside a terminal (and with `NO_COLOR`) nothing is
//! coloured, so the same text can be written directly. This writer produces
//! **the same bytes** as [`miette::GraphicalReportHandler`] configured as
//! `human.rs` configures it (no links, no highlighting, related reports
//! nested, a footer, context of one line, tabs of four columns), for the
//! [`Report`]s ward makes; `human/differential_tests.rs` renders every
//! diagnostic of the fixtures, examples and generated cases both ways and
//! compares them.
//!
//! - **Wrapping**: a line that fits is written as textwrap would (its
//!   indent, the line without trailing spaces); only a line that does not
//!   fit is handed to textwrap itself, with miette's options, so a wrapped
//!   line is textwrap's by construction.
//! - **Snippets** ([`snippet`]): miette's layout of lines, gutters and
//!   underlines, reading the excerpt through the same
//!   [`miette::SourceCode::read_span`] calls.
//!
//! A case this writer does not lay out (a label of several lines, a span it
//! cannot place, text with escape sequences) makes [`render`] return
//! `None`, and the caller asks miette: decided per diagnostic, before any
//! output is kept.

mod snippet;

use miette::{SourceCode, ThemeCharacters};
use textwrap::core::display_width;

use super::report::Report;

/// What miette's handler is told (see `human.rs`): the characters of its
/// theme and the width it wraps at.
pub(super) struct Layout<'a> {
    pub chars: &'a ThemeCharacters,
    pub width: usize,
}

/// `report` as miette's graphical handler draws it with `footer` below, or
/// `None` when this writer cannot promise the same text.
pub(super) fn render(report: &Report, footer: &str, layout: &Layout<'_>) -> Option<String> {
    let mut out = String::with_capacity(1024);
    report_inner(&mut out, report, None, layout.chars, layout.width)?;
    if !footer.is_empty() {
        out.push('\n');
        wrap(&mut out, footer, "  ", "  ", layout.width.saturating_sub(2))?;
        out.push('\n');
    }
    Some(out)
}

/// miette's `render_report_inner` without the footer (nested reports have
/// none) and without cause chains (a [`Report`] has no source error).
fn report_inner(
    out: &mut String,
    report: &Report,
    parent: Option<&dyn SourceCode>,
    chars: &ThemeCharacters,
    width: usize,
) -> Option<()> {
    let src: Option<&dyn SourceCode> = match &report.source {
        Some(s) => Some(s),
        None => parent,
    };
    // The header: the code and an empty line.
    if let Some(code) = report.code {
        out.push_str(code);
        out.push_str("\n\n");
    }
    // The message, after the severity's sign.
    let icon = match report.severity {
        miette::Severity::Error => &chars.error,
        miette::Severity::Warning => &chars.warning,
        miette::Severity::Advice => &chars.advice,
    };
    let first = format!("  {icon} ");
    let rest = format!("  {} ", chars.vbar);
    wrap(out, &report.text, &first, &rest, width.saturating_sub(2))?;
    out.push('\n');
    if let Some(src) = src {
        if !report.labels.is_empty() {
            snippet::render(out, src, &report.labels, chars)?;
        }
    }
    if let Some(help) = &report.help {
        wrap(out, help, "  help: ", "        ", width.saturating_sub(2))?;
        out.push('\n');
    }
    // Related reports, nested: each laid out 6 columns narrower, then
    // wrapped whole behind `|->` (the last behind `` `-> ``).
    let mut related = report.related.iter().peekable();
    while let Some(rel) = related.next() {
        let last = related.peek().is_none();
        let (first, rest) = if last {
            (
                format!("  {}{}{} ", chars.lbot, chars.hbar, chars.rarrow),
                "      ".to_string(),
            )
        } else {
            (
                format!("  {}{}{} ", chars.lcross, chars.hbar, chars.rarrow),
                format!("  {}   ", chars.vbar),
            )
        };
        let inner_width = width.checked_sub(unicode_width::UnicodeWidthStr::width(&*rest))?;
        let mut inner = String::with_capacity(512);
        report_inner(&mut inner, rel, src, chars, inner_width)?;
        wrap(
            out,
            inner.trim_matches('\n'),
            &first,
            &rest,
            width.saturating_sub(2),
        )?;
        out.push('\n');
    }
    Some(())
}

/// `textwrap::fill(text, options)` with miette's options: `first` before
/// the first line, `rest` before the others, `width` columns in all.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str, width: usize) -> Option<()> {
    // textwrap wraps each line of `text` on its own; the first row of every
    // line is measured against `first`, any word longer than a `rest` row
    // is broken, and rows drop their trailing spaces.
    let room = width
        .saturating_sub(display_width(first))
        .min(width.saturating_sub(display_width(rest)));
    for (i, line) in text.split('\n').enumerate() {
        let indent = if i == 0 { first } else { rest };
        if i > 0 {
            out.push('\n');
        }
        // Width adds up character by character unless an escape sequence
        // (which textwrap skips) is in the way; a line that fits stays whole.
        if !line.contains('\u{1b}') && display_width(line) <= room {
            out.push_str(indent);
            out.push_str(line.trim_end_matches(' '));
            continue;
        }
        out.push_str(indent);
        wrapped(out, line, first, rest, width)?;
    }
    Some(())
}

/// Lines kept by [`wrapped`] on each thread, and the longest line kept.
const KEPT_LINES: usize = 4096;
const KEPT_LINE_BYTES: usize = 1024;

thread_local! {
    /// Lines textwrap has wrapped, by width, indents and text: reports of
    /// policies that extend the same baseline or profile nest the same
    /// lines of it, and textwrap's Unicode line breaking is most of the
    /// cost of a report. Emptied when full.
    static WRAPPED: std::cell::RefCell<(String, std::collections::HashMap<String, String>)> =
        std::cell::RefCell::default();
}

/// Writes `line` wrapped by textwrap after `first` and `rest`, without the
/// indent of its first row (the caller wrote `first` or `rest` there).
fn wrapped(out: &mut String, line: &str, first: &str, rest: &str, width: usize) -> Option<()> {
    let wrap = || -> Option<String> {
        let options = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(true);
        let rows = textwrap::wrap(line, options);
        let mut text = String::with_capacity(line.len() + 16);
        for (j, row) in rows.iter().enumerate() {
            if j == 0 {
                text.push_str(row.strip_prefix(first)?);
            } else {
                text.push('\n');
                text.push_str(row);
            }
        }
        Some(text)
    };
    if line.len() > KEPT_LINE_BYTES {
        out.push_str(&wrap()?);
        return Some(());
    }
    WRAPPED.with(|kept| {
        let (key, lines) = &mut *kept.borrow_mut();
        use std::fmt::Write;
        key.clear();
        // Writing to a `String` cannot fail.
        let _ = write!(key, "{width}\0{first}\0{rest}\0{line}");
        if let Some(text) = lines.get(key.as_str()) {
            out.push_str(text);
            return Some(());
        }
        let text = wrap()?;
        out.push_str(&text);
        if lines.len() >= KEPT_LINES {
            lines.clear();
        }
        lines.insert(key.clone(), text);
        Some(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(text: &str, first: &str, rest: &str, width: usize) -> String {
        textwrap::fill(
            text,
            textwrap::Options::new(width)
                .initial_indent(first)
                .subsequent_indent(rest)
                .break_words(true),
        )
    }

    #[test]
    fn wrapping_agrees_with_textwrap() {
        let texts = [
            "",
            "short",
            "trailing   ",
            "   leading",
            "two\nlines",
            "\n\nblank lines\n",
            "a long message that goes on and on past the width of the terminal, with `code` and more words",
            "averyveryveryveryveryverylongwordthatdoesnotfitonanylineatallnomatterwhatwidthitisgiven",
            "hyphen-ated-words-that-wrap hyphen-ated-words-that-wrap hyphen-ated-words-that-wrap",
            "wide 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 text",
            "tab\tseparated\twords\tin\ta\tline\tthat\tis\tlong\tenough\tto\twrap\tsomewhere",
            "line one fits\nline two is a long one that must be wrapped because it is far longer than the room",
        ];
        // Twice: the second time from the lines kept.
        for width in [10, 20, 38, 98, 10, 20, 38, 98] {
            for text in texts {
                for (first, rest) in [("  x ", "  | "), ("  help: ", "        "), ("  ", "  ")] {
                    let mut out = String::new();
                    assert!(wrap(&mut out, text, first, rest, width).is_some());
                    assert_eq!(out, filled(text, first, rest, width), "{text:?} at {width}");
                }
            }
        }
    }
}
