//! Diagnostics: the one type every phase reports problems with.
//!
//! A [`Diagnostic`] is plain data: a stable code, a severity, a lowercase
//! message with user input in backticks, a primary label, secondary labels
//! (which may point into other files), help and notes. Phases collect them
//! into a `Vec<Diagnostic>` and never stop at the first. How a diagnostic
//! looks (human, JSON, SARIF, GitHub annotations) is the business of the
//! renderers in [`render`], which read the [`SourceMap`] for positions.

pub mod codes;
pub mod io;
pub mod render;
pub mod suggest;

use crate::source::{SourceId, Span};
pub use codes::Code;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The file a diagnostic is about, before that file has a [`SourceId`]:
/// what parsing reports. Parsing one file's text needs no [`SourceMap`]
/// (so files are parsed on several threads, and a language server parses a
/// buffer alone); the session stamps the file's id on the diagnostics when
/// it adds the file ([`Diagnostic::stamp`]).
///
/// [`SourceMap`]: crate::source::SourceMap
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Here;

/// A place in a source file, with what to say about it. `S` names the
/// file: a [`SourceId`], or [`Here`] while the file is being parsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label<S = SourceId> {
    pub source: S,
    pub span: Span,
    pub message: String,
}

impl<S> Label<S> {
    pub fn new(source: S, span: Span, message: impl Into<String>) -> Label<S> {
        Label {
            source,
            span,
            message: message.into(),
        }
    }
}

/// A diagnostic about the file being parsed (see [`Here`]).
pub type Local = Diagnostic<Here>;

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic<S = SourceId> {
    pub code: Code,
    pub severity: Severity,
    /// One line, lowercase, user input in backticks, no trailing period.
    pub message: String,
    /// Where the problem is. `None` only for problems with no place in any
    /// file (a path on the command line that does not exist).
    pub primary: Option<Label<S>>,
    /// Other places involved: the bound in a parent file, the first of two
    /// duplicate statements, the profile's requirement.
    pub labels: Vec<Label<S>>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The replacement the help proposes, when it proposes one, for tools
    /// that apply fixes (the language server's code actions).
    pub suggestion: Option<Suggestion>,
}

/// A replacement a diagnostic's help proposes: write `replacement` in place
/// of the text under `span`, in the file of the primary label. The
/// replacement is spelt as in a `.ward` file (`30m`, `idle_timeout`); a tool
/// writing it into a `.ward.toml` or `.ward.json` file quotes it where that
/// form needs quotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Suggestion {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic<Here> {
    /// The diagnostic about the file that is now `id`.
    pub fn stamp(self, id: SourceId) -> Diagnostic {
        let place = |l: Label<Here>| Label::new(id, l.span, l.message);
        Diagnostic {
            code: self.code,
            severity: self.severity,
            message: self.message,
            primary: self.primary.map(place),
            labels: self.labels.into_iter().map(place).collect(),
            help: self.help,
            notes: self.notes,
            suggestion: self.suggestion,
        }
    }
}

impl<S> Diagnostic<S> {
    /// A diagnostic of `code`, with the severity the code table gives it.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic<S> {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            suggestion: None,
        }
    }

    /// Sets the primary place.
    pub fn at(mut self, source: S, span: Span, label: impl Into<String>) -> Diagnostic<S> {
        self.primary = Some(Label::new(source, span, label));
        self
    }

    /// Adds a secondary place.
    pub fn label(mut self, source: S, span: Span, label: impl Into<String>) -> Diagnostic<S> {
        self.labels.push(Label::new(source, span, label));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic<S> {
        self.help = Some(help.into());
        self
    }

    /// Sets the help only if there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic<S> {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Proposes writing `replacement` in place of `span` (in the primary's
    /// file); the help says the same in words.
    pub fn suggest(mut self, span: Span, replacement: impl Into<String>) -> Diagnostic<S> {
        self.suggestion = Some(Suggestion {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Proposes `replacement` only if there is one.
    pub(crate) fn maybe_suggest(
        self,
        span: Span,
        replacement: Option<impl Into<String>>,
    ) -> Diagnostic<S> {
        match replacement {
            Some(r) => self.suggest(span, r),
            None => self,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic<S> {
        self.notes.push(note.into());
        self
    }

    /// Adds the note only if there is one.
    pub fn maybe_note(mut self, note: Option<String>) -> Diagnostic<S> {
        self.notes.extend(note);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The file the diagnostic belongs to, if it has a place.
    pub fn source(&self) -> Option<SourceId> {
        self.primary.as_ref().map(|l| l.source)
    }
}

/// Counts of a run's diagnostics, for the closing summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        Summary {
            errors,
            warnings: diags.len() - errors,
            files,
        }
    }

    /// `1 error, 2 warnings in 3 files`, or `no problems in 3 files`.
    pub fn line(&self) -> String {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        let files = plural(self.files, "file", "files");
        match (self.errors, self.warnings) {
            (0, 0) => format!("no problems in {files}"),
            (e, 0) => format!("{} in {files}", plural(e, "error", "errors")),
            (0, w) => format!("{} in {files}", plural(w, "warning", "warnings")),
            (e, w) => format!(
                "{}, {} in {files}",
                plural(e, "error", "errors"),
                plural(w, "warning", "warnings")
            ),
        }
    }
}

/// Puts diagnostics in a stable order (file, position, code) and drops exact
/// repeats, so output does not depend on the order work was done in.
pub(crate) fn sort_and_dedup(diags: &mut Vec<Diagnostic>, file_order: impl Fn(SourceId) -> String) {
    diags.sort_by_cached_key(|d| {
        // Diagnostics without a place come first.
        let (file, start, end) = match &d.primary {
            Some(l) => (file_order(l.source), l.span.start, l.span.end),
            None => (String::new(), 0, 0),
        };
        (file, start, end, d.code, d.message.clone())
    });
    diags.dedup();
}
