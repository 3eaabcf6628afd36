//! The adapter that shows a [`Diagnostic`] to miette.
//!
//! [`Report`] implements [`miette::Diagnostic`]: code, severity, message,
//! help, and the labels in the primary label's file as one snippet. Labels in
//! other files have no source in that snippet, so each becomes a `related`
//! report with its own named source; they must never silently vanish.
//!
//! miette counts columns in bytes; [`FileSource`] hands it positions counted
//! in characters so `file:line:col` here agrees with the JSON and SARIF forms.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::super::{clamp, Place};
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{SourceFile, SourceMap, Span};

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
pub(super) struct Report {
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
    pub(super) fn new(diag: &Diagnostic, sources: &SourceMap, narrated: bool) -> Report {
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
    fn elsewhere(label: &Label, sources: &SourceMap, narrated: bool) -> Report {
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

/// The span miette underlines. miette draws nothing for an empty span, so
/// one is widened to the character after it (a newline shows as a point at
/// the end of its line), or at the end of the file to the one before it.
fn span(file: &SourceFile, span: Span) -> SourceSpan {
    let span = clamp(file, span);
    let (start, end) = (span.range().start, span.range().end);
    let text = &file.text;
    let (start, end) = if start < end {
        (start, end)
    } else if let Some(c) = text[start..].chars().next() {
        (start, start + c.len_utf8())
    } else if let Some(c) = text[..start].chars().next_back() {
        (start - c.len_utf8(), start)
    } else {
        (start, end)
    };
    SourceSpan::new(start.into(), end - start)
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
