//! The human form, through miette.
//!
//! Each [`Diagnostic`] becomes a [`Report`], an adapter implementing
//! [`miette::Diagnostic`]: code, severity, message, help, and the labels in
//! the primary label's file as one snippet. Labels in other files would have
//! no source to show in, so each becomes a `related` report with its own
//! source and name; they must never silently vanish. Notes go in the footer.
//!
//! miette counts columns in bytes; [`FileSource`] hands it positions counted
//! in characters so `file:line:col` here agrees with the JSON and SARIF forms.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};

use super::{clamp, HumanStyle, Place};
use crate::diag::{Diagnostic, Severity, Summary};
use crate::source::{SourceFile, SourceMap};

/// Renders every diagnostic, a blank line between them, then the summary.
pub(super) fn render(
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: &Summary,
    style: &HumanStyle,
) -> String {
    let mut out = String::new();
    for diag in diags {
        out.push_str(&render_one(diag, sources, style));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

fn render_one(diag: &Diagnostic, sources: &SourceMap, style: &HumanStyle) -> String {
    let report = Report::new(diag, sources, !style.graphics);
    let footer = diag
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let done = if style.graphics {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut handler = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_links(false)
            .without_syntax_highlighting()
            .with_show_related_as_nested(true);
        if !footer.is_empty() {
            handler = handler.with_footer(footer.clone());
        }
        handler.render_report(&mut out, &report)
    } else {
        let mut handler = NarratableReportHandler::new();
        if !footer.is_empty() {
            handler = handler.with_footer(footer.clone());
        }
        handler.render_report(&mut out, &report)
    };
    match done {
        Ok(()) => out,
        // miette refuses spans it cannot read; say everything in plain lines
        // rather than lose the diagnostic.
        Err(fmt::Error) => plain(diag, sources, &footer),
    }
}

/// A last-resort rendering that cannot fail.
fn plain(diag: &Diagnostic, sources: &SourceMap, footer: &str) -> String {
    let mut out = format!(
        "{}[{}]: {}\n",
        diag.severity.as_str(),
        diag.code,
        diag.message
    );
    for label in diag.primary.iter().chain(&diag.labels) {
        let place = Place::of(sources, label);
        out.push_str(&format!("  --> {}: {}\n", place.location(), place.message));
    }
    if let Some(help) = &diag.help {
        out.push_str(&format!("help: {help}\n"));
    }
    if !footer.is_empty() {
        out.push_str(footer);
        out.push('\n');
    }
    out
}

/// One file's text for miette, named, with character columns.
#[derive(Debug)]
struct FileSource(Arc<SourceFile>);

impl SourceCode for FileSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.0.text.as_ref().read_span(span, before, after)?;
        // miette reads a span alone (no context lines) for the `[file:line:col]`
        // header, where the column is the span's; with context lines, the
        // contents start at a line start, so report that line's column.
        let at = if before == 0 {
            span.offset()
        } else {
            inner.span().offset()
        };
        let column = self.0.line_col(u32::try_from(at).unwrap_or(u32::MAX)).1 - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// [`Diagnostic`] seen through miette's eyes.
#[derive(Debug)]
struct Report {
    code: Option<&'static str>,
    severity: miette::Severity,
    /// The header line: the message, prefixed with `file:line:col: ` in
    /// narrated output, which has no snippet header to carry the place.
    text: String,
    help: Option<String>,
    source: Option<FileSource>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(diag: &Diagnostic, sources: &SourceMap, narrated: bool) -> Report {
        let severity = match diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut report = Report {
            code: Some(diag.code.as_str()),
            severity,
            text: diag.message.clone(),
            help: diag.help.clone(),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let Some(primary) = &diag.primary else {
            // No place: message and help only. Stray secondary labels still show.
            report.related = diag
                .labels
                .iter()
                .map(|l| Report::elsewhere(l, sources, narrated))
                .collect();
            return report;
        };
        if narrated {
            report.text = format!(
                "{}: {}",
                Place::of(sources, primary).location(),
                diag.message
            );
        }
        let file = sources.get(primary.source);
        report.labels.push(LabeledSpan::new_primary_with_span(
            Some(primary.message.clone()),
            span(file, primary.span),
        ));
        for label in &diag.labels {
            if label.source == primary.source {
                report.labels.push(LabeledSpan::new_with_span(
                    Some(label.message.clone()),
                    span(file, label.span),
                ));
            } else {
                report
                    .related
                    .push(Report::elsewhere(label, sources, narrated));
            }
        }
        report.source = Some(FileSource(Arc::clone(file)));
        report
    }

    /// A secondary label in another file, as a related report of its own.
    fn elsewhere(label: &crate::diag::Label, sources: &SourceMap, narrated: bool) -> Report {
        let file = sources.get(label.source);
        let text = if narrated {
            format!(
                "{}: {}",
                Place::of(sources, label).location(),
                label.message
            )
        } else {
            label.message.clone()
        };
        Report {
            code: None,
            severity: miette::Severity::Advice,
            text,
            help: None,
            labels: vec![LabeledSpan::new_primary_with_span(
                None,
                span(file, label.span),
            )],
            source: Some(FileSource(Arc::clone(file))),
            related: Vec::new(),
        }
    }
}

fn span(file: &SourceFile, span: crate::source::Span) -> SourceSpan {
    let span = clamp(file, span);
    SourceSpan::new(span.range().start.into(), span.len())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    #[test]
    fn graphical_shows_codes_files_labels_and_summary() {
        let (sources, diags, summary) = fixture::sample();
        let out = render(&diags, &sources, &summary, &HumanStyle::snapshot());
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
        let out = render(&diags, &sources, &summary, &HumanStyle::plain());
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
            &Summary::default(),
            &HumanStyle::snapshot(),
        );
        assert!(
            out.contains("E0101") && out.contains("unexpected `=`"),
            "{out}"
        );
    }
}
