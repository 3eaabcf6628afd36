//! The adapter that shows a [`Diagnostic`] to miette.
//!
//! [`Report`] implements [`miette::Diagnostic`]: code, severity, message,
//! help, and the labels in the primary label's file as one snippet. Labels in
//! other files have no source in that snippet, so each becomes a `related`
//! report with its own named source; they must never silently vanish.
//!
//! Each snippet is drawn from an [`Excerpt`]: only the lines shown, long
//! lines cut around the labels, control characters escaped, positions
//! counted in characters so `file:line:col` here agrees with the JSON and
//! SARIF forms. At most [`MAX_DRAWN`] labels are drawn (miette's layout of
//! one line's labels grows with their square); the rest are listed by
//! place in a note. Every text shown (message, labels, help, notes) has its
//! control characters escaped and is shortened to [`MAX_TEXT_CHARS`].

use std::fmt;

use miette::{LabeledSpan, SourceCode};

use super::super::Place;
use super::excerpt::Excerpt;
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{escape_controls, SourceMap};

/// The most labels drawn for one diagnostic, in every file together.
pub(super) const MAX_DRAWN: usize = 16;
/// The most places listed in the note about labels not drawn.
const MAX_LISTED: usize = 10;
/// The longest text line shown; longer ones keep their start and end.
pub(super) const MAX_TEXT_CHARS: usize = 400;

/// `s` as it may be shown: control characters escaped, each line at most
/// [`MAX_TEXT_CHARS`] characters (the middle replaced by `…`).
pub(super) fn shown(s: &str) -> String {
    let s = escape_controls(s);
    s.split('\n')
        .map(|line| {
            let n = line.chars().count();
            if n <= MAX_TEXT_CHARS {
                return line.to_string();
            }
            let head: String = line.chars().take(MAX_TEXT_CHARS * 3 / 4).collect();
            let tail: String = line.chars().skip(n - MAX_TEXT_CHARS / 4).collect();
            format!("{head}…{tail}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// [`Diagnostic`] seen through miette's eyes.
#[derive(Debug)]
pub(super) struct Report {
    pub(super) code: Option<&'static str>,
    pub(super) severity: miette::Severity,
    /// The header line: the message, prefixed with `file:line:col: ` in
    /// narrated output, which has no snippet header to carry the place.
    pub(super) text: String,
    pub(super) help: Option<String>,
    pub(super) source: Option<Excerpt>,
    pub(super) labels: Vec<LabeledSpan>,
    pub(super) related: Vec<Report>,
    /// Said after the report: the labels not drawn.
    pub(super) omitted: Option<String>,
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
            text: shown(&diag.message),
            help: diag.help.as_deref().map(shown),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
            omitted: None,
        };
        let all: Vec<&Label> = diag.primary.iter().chain(&diag.labels).collect();
        let (drawn, rest) = all.split_at(all.len().min(MAX_DRAWN));
        report.omitted = omitted_note(rest, sources);
        let Some(primary) = &diag.primary else {
            // No place: message and help only. Stray secondary labels still show.
            report.related = drawn
                .iter()
                .map(|l| Report::elsewhere(l, sources, narrated))
                .collect();
            return report;
        };
        if narrated {
            report.text = format!(
                "{}: {}",
                Place::of(sources, primary).location(),
                shown(&diag.message)
            );
        }
        let here: Vec<&Label> = drawn
            .iter()
            .copied()
            .filter(|l| l.source == primary.source)
            .collect();
        let file = sources.get(primary.source);
        let spans: Vec<_> = here.iter().map(|l| l.span).collect();
        let (excerpt, spans) = Excerpt::new(file, &spans);
        for (i, (label, d)) in here.iter().zip(spans).enumerate() {
            let text = Some(with_suffix(&label.message, d.suffix.as_deref()));
            report.labels.push(if i == 0 {
                LabeledSpan::new_primary_with_span(text, d.span)
            } else {
                LabeledSpan::new_with_span(text, d.span)
            });
        }
        report.related = drawn
            .iter()
            .filter(|l| l.source != primary.source)
            .map(|l| Report::elsewhere(l, sources, narrated))
            .collect();
        report.source = Some(excerpt);
        report
    }

    /// A secondary label in another file, as a related report of its own.
    fn elsewhere(label: &Label, sources: &SourceMap, narrated: bool) -> Report {
        let file = sources.get(label.source);
        let (excerpt, spans) = Excerpt::new(file, &[label.span]);
        let suffix = spans.first().and_then(|d| d.suffix.clone());
        let message = with_suffix(&label.message, suffix.as_deref());
        let text = if narrated {
            format!("{}: {message}", Place::of(sources, label).location())
        } else {
            message
        };
        Report {
            code: None,
            severity: miette::Severity::Advice,
            text,
            help: None,
            labels: spans
                .into_iter()
                .map(|d| LabeledSpan::new_primary_with_span(None, d.span))
                .collect(),
            source: Some(excerpt),
            related: Vec::new(),
            omitted: None,
        }
    }
}

/// A label's message, shown, with where it really is when that is not
/// visible in the snippet.
fn with_suffix(message: &str, suffix: Option<&str>) -> String {
    match suffix {
        Some(s) if message.is_empty() => s.to_string(),
        Some(s) => format!("{} {s}", shown(message)),
        None => shown(message),
    }
}

/// The note listing labels past [`MAX_DRAWN`], by place.
fn omitted_note(rest: &[&Label], sources: &SourceMap) -> Option<String> {
    if rest.is_empty() {
        return None;
    }
    let mut places: Vec<String> = rest
        .iter()
        .take(MAX_LISTED)
        .map(|l| shown(&Place::of(sources, l).location()))
        .collect();
    if rest.len() > MAX_LISTED {
        places.push("…".to_string());
    }
    Some(format!(
        "{} more {} not drawn: {}",
        rest.len(),
        if rest.len() == 1 { "place" } else { "places" },
        places.join(", ")
    ))
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
