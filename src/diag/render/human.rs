//! The human form: miette's text, drawn by ward where there is no colour.
//!
//! Each [`Diagnostic`] becomes a [`Report`] (see [`report`]) and is drawn
//! with box-drawn snippets as miette's graphical handler draws it (Unicode
//! on a terminal, ASCII elsewhere), or, with `NO_GRAPHICS`, by miette's
//! narrated handler, where every header line starts with `file:line:col:`.
//! Without colour (a CI log, a pipe, a file, `NO_COLOR`) the graphical text
//! comes from [`plain`], which writes the same bytes in a fraction of the
//! time (`differential_tests` proves it against miette); coloured text, and a
//! report the plain writer declines, come from miette. Notes go in the
//! report's footer. A blank line separates diagnostics; the summary line
//! closes the output.

mod excerpt;
mod plain;
mod report;

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, NarratableReportHandler, ThemeCharacters};

use super::{HumanStyle, Place};
use crate::diag::{Diagnostic, Summary};
use crate::source::SourceMap;
use plain::Layout;
use report::Report;

/// The most human output ward writes for one run; the diagnostics past it
/// are counted, not shown (`--error-format json` lists every one).
pub(super) const MAX_HUMAN_BYTES: usize = 1024 * 1024;

/// Renders every diagnostic, a blank line between them, then the summary
/// line if there is one, stopping once the output passes
/// [`MAX_HUMAN_BYTES`] with a line saying how many were left out.
/// Each report is laid out on its own (miette's layout costs about 200 µs
/// a report, the most expensive part of checking 10,000 files), so they
/// are rendered on every core, a batch at a time, and joined in order; a
/// batch of a few is rendered on this thread, as starting rayon's pool
/// costs about as much as laying out two reports.
pub(super) fn render(
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: Option<&Summary>,
    style: &HumanStyle,
) -> String {
    use rayon::prelude::*;
    const PARALLEL_FROM: usize = 4;
    // Without colour the plain writer draws what miette would (see
    // `plain.rs`); colour and narrated text are miette's.
    let chars = characters(style);
    let layout = Layout {
        chars: &chars,
        width: style.width,
    };
    let plain = (style.graphics && !style.color).then_some(&layout);
    let one = |d: &Diagnostic| render_one(d, sources, style, plain);
    let mut out = String::new();
    let mut shown = 0;
    'batches: for batch in diags.chunks(64) {
        let reports: Vec<String> = if batch.len() >= PARALLEL_FROM {
            batch.par_iter().map(one).collect()
        } else {
            batch.iter().map(one).collect()
        };
        for report in reports {
            if out.len() >= MAX_HUMAN_BYTES {
                break 'batches;
            }
            out.push_str(&report);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            shown += 1;
        }
    }
    if shown < diags.len() {
        let rest = &diags[shown..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        out.push_str(&format!(
            "… and {} more not shown ({errors} {}, {} {}): human output stops after {} MiB; \
             `--error-format json` lists every diagnostic\n\n",
            rest.len(),
            if errors == 1 { "error" } else { "errors" },
            rest.len() - errors,
            if rest.len() - errors == 1 {
                "warning"
            } else {
                "warnings"
            },
            MAX_HUMAN_BYTES / (1024 * 1024),
        ));
    }
    if let Some(summary) = summary {
        out.push_str(&summary.line());
        out.push('\n');
    }
    out
}

fn render_one(
    diag: &Diagnostic,
    sources: &SourceMap,
    style: &HumanStyle,
    plain: Option<&Layout>,
) -> String {
    let report = Report::new(diag, sources, !style.graphics);
    let footer = footer(diag, &report);
    if let Some(layout) = plain {
        if let Some(text) = plain::render(&report, &footer, layout) {
            return text;
        }
    }
    with_miette(diag, sources, &report, &footer, style)
}

/// What goes below a report: its notes, then the note about labels not
/// drawn.
fn footer(diag: &Diagnostic, report: &Report) -> String {
    diag.notes
        .iter()
        .map(|n| report::shown(n))
        .chain(report.omitted.clone())
        .map(|n| format!("note: {n}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The characters miette's theme draws with for `style`.
fn characters(style: &HumanStyle) -> ThemeCharacters {
    if style.unicode {
        ThemeCharacters::unicode()
    } else {
        ThemeCharacters::ascii()
    }
}

/// `report` drawn by miette: graphical (coloured or not) or narrated.
fn with_miette(
    diag: &Diagnostic,
    sources: &SourceMap,
    report: &Report,
    footer: &str,
    style: &HumanStyle,
) -> String {
    let mut out = String::new();
    let done = if style.graphics {
        let theme = match (style.unicode, style.color) {
            (true, true) => GraphicalTheme::unicode(),
            (true, false) => GraphicalTheme::unicode_nocolor(),
            (false, true) => GraphicalTheme::ascii(),
            (false, false) => GraphicalTheme::none(),
        };
        let mut handler = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_links(false)
            .without_syntax_highlighting()
            .with_show_related_as_nested(true);
        if !footer.is_empty() {
            handler = handler.with_footer(footer.to_string());
        }
        handler.render_report(&mut out, report)
    } else {
        let mut handler = NarratableReportHandler::new();
        if !footer.is_empty() {
            handler = handler.with_footer(footer.to_string());
        }
        handler.render_report(&mut out, report)
    };
    match done {
        Ok(()) => out,
        // miette refuses spans it cannot read; say everything in plain lines
        // rather than lose the diagnostic.
        Err(fmt::Error) => plain(diag, sources, footer),
    }
}

/// A last-resort rendering that cannot fail.
fn plain(diag: &Diagnostic, sources: &SourceMap, footer: &str) -> String {
    let mut out = format!(
        "{}[{}]: {}\n",
        diag.severity.as_str(),
        diag.code,
        report::shown(&diag.message)
    );
    for label in diag
        .primary
        .iter()
        .chain(&diag.labels)
        .take(report::MAX_DRAWN)
    {
        let place = Place::of(sources, label);
        out.push_str(&report::shown(&format!(
            "  --> {}: {}\n",
            place.location(),
            place.message
        )));
    }
    if let Some(help) = &diag.help {
        out.push_str(&format!("help: {}\n", report::shown(help)));
    }
    if !footer.is_empty() {
        out.push_str(footer);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod differential_tests;

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    #[test]
    fn graphical_shows_codes_files_labels_and_summary() {
        let (sources, diags, summary) = fixture::sample();
        let out = render(&diags, &sources, Some(&summary), &HumanStyle::snapshot());
        insta::assert_snapshot!("human_graphical", out);
        for needle in [
            "E0301",
            "W0303",
            "E0401",
            "policies/acme.ward:3:28",
            "policies/baseline.ward:2:24",
            "set to `20h` here",
            "bound `<= 12h` set here",
            "inherited through this `extends`",
            "help: lower `session.idle_timeout`",
            "note: a bound from a parent policy",
            "2 errors, 1 warning in 2 files",
        ] {
            assert!(out.contains(needle), "missing {needle:?} in\n{out}");
        }
        assert!(!out.contains('\u{1b}'), "no colour in snapshot style");
    }

    #[test]
    fn narrated_shows_places_as_file_line_col() {
        let (sources, diags, summary) = fixture::sample();
        let out = render(&diags, &sources, Some(&summary), &HumanStyle::plain());
        insta::assert_snapshot!("human_narrated", out);
        for needle in [
            "policies/acme.ward:3:28: `session.idle_timeout` is `20h`",
            "policies/baseline.ward:2:24: bound `<= 12h` set here",
            "policies/acme.ward:4:27: bound on",
            "diagnostic code: E0401",
            "2 errors, 1 warning in 2 files",
        ] {
            assert!(out.contains(needle), "missing {needle:?} in\n{out}");
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let (sources, diags, summary) = fixture::sample();
        let style = HumanStyle {
            color: true,
            ..HumanStyle::snapshot()
        };
        assert!(render(&diags, &sources, Some(&summary), &style).contains('\u{1b}'));
        let plain = render(&diags, &sources, Some(&summary), &HumanStyle::plain());
        assert!(!plain.contains('\u{1b}') && !plain.contains('╭'));
    }

    #[test]
    fn empty_spans_keep_their_label() {
        let mut sources = SourceMap::new();
        let id = sources.add("a.ward", "x = \n");
        for at in [4, 5] {
            let diag = Diagnostic::new(crate::diag::codes::SYNTAX, "expected a value").at(
                id,
                crate::source::Span::new(at, at),
                "value expected here",
            );
            let out = render(
                &[diag],
                &sources,
                Some(&Summary::default()),
                &HumanStyle::snapshot(),
            );
            assert!(out.contains("╰── value expected here"), "{out}");
        }
    }

    #[test]
    fn unreadable_span_still_renders() {
        let mut sources = SourceMap::new();
        let id = sources.add("a.ward", "x = 1\n");
        let diag = Diagnostic::new(crate::diag::codes::SYNTAX, "unexpected `=`").at(
            id,
            crate::source::Span::new(50, 90),
            "here",
        );
        let out = render(
            &[diag],
            &sources,
            Some(&Summary::default()),
            &HumanStyle::snapshot(),
        );
        assert!(
            out.contains("E0101") && out.contains("unexpected `=`"),
            "{out}"
        );
    }
}
