//! Renderers: diagnostics → text for people and for tools.
//!
//! One entry point, [`render`], turns a run's diagnostics and its closing
//! [`Summary`] into one string in the chosen [`Format`]:
//!
//! - [`Format::Human`]: miette's graphical report on a terminal, its narrated
//!   report otherwise (CI logs, `NO_GRAPHICS`), then the summary line;
//! - [`Format::Json`]: one JSON document, `{"diagnostics": [...], "summary": {...}}`;
//! - [`Format::Github`]: GitHub Actions workflow commands (`::error ...`);
//! - [`Format::Sarif`]: a SARIF 2.1.0 log with one run.
//!
//! Spans are byte ranges; this module is the edge where they become 1-based
//! lines and columns counted in Unicode scalar values ([`Position`]), the
//! same in every format.

mod github;
mod human;
mod json;
pub mod paths;
mod sarif;

use std::fmt;
use std::io::IsTerminal;
use std::str::FromStr;

use super::{Diagnostic, Label, Summary};
use crate::source::{SourceFile, SourceMap, Span};

/// The form diagnostics are written in (`--error-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Text for people: graphical on a terminal, narrated otherwise.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Human, Format::Json, Format::Github, Format::Sarif];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown error format `{s}`: expected `human`, `json`, `github` or `sarif`")
            })
    }
}

/// How the human form looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanStyle {
    /// ANSI colours.
    pub color: bool,
    /// Drawn snippets (miette's graphical report); narrated text if not.
    pub graphics: bool,
    /// Draw with Unicode box characters; ASCII if not.
    pub unicode: bool,
    /// Where long lines wrap.
    pub width: usize,
}

impl HumanStyle {
    /// The style for text written to `stream`: graphics unless
    /// `NO_GRAPHICS` is set; colour and Unicode only when that stream itself
    /// is a terminal (and colour unless `NO_COLOR` is set). Each stream is
    /// decided on its own: `ward check > log` writes no escape codes into
    /// the file even when standard error is a terminal.
    pub fn detect(stream: Stream) -> HumanStyle {
        Self::for_terminal(stream.is_terminal())
    }

    /// The style for a destination that is (or is not) a terminal.
    pub(crate) fn for_terminal(terminal: bool) -> HumanStyle {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        // Not a terminal (a CI log, a pipe, a file): plain ASCII snippets
        // without colour, like rustc's. `NO_GRAPHICS` asks for narrated text.
        let graphics = !set("NO_GRAPHICS");
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&w| w >= 40)
            .unwrap_or(100);
        HumanStyle {
            color: terminal && graphics && !set("NO_COLOR"),
            graphics,
            unicode: terminal,
            width,
        }
    }

    /// A fixed style for snapshot tests: graphics without colour, width 100.
    pub fn snapshot() -> HumanStyle {
        HumanStyle {
            color: false,
            graphics: true,
            unicode: true,
            width: 100,
        }
    }

    /// Narrated plain text, as in a CI log.
    pub fn plain() -> HumanStyle {
        HumanStyle {
            color: false,
            graphics: false,
            unicode: false,
            width: 100,
        }
    }
}

/// One of the two standard streams, for deciding colour per stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub(crate) fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Renders every diagnostic and the closing summary in `format`.
///
/// `diags` should already be in their final order
/// ([`super::sort_and_dedup`]); the renderers keep it.
pub fn render(
    format: Format,
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: &Summary,
    style: &HumanStyle,
) -> String {
    match format {
        Format::Human => human::render(diags, sources, Some(summary), style),
        Format::Json => json::render(diags, sources, summary),
        Format::Github => github::render(diags, sources, Some(summary)),
        Format::Sarif => sarif::render(diags, sources),
    }
}

/// Renders diagnostics as [`render`] does but without the closing summary
/// line in the human and GitHub forms: for problems that stopped a command
/// before it checked anything, and for a caller that closes the output with
/// a line of its own. JSON keeps its `summary` object, so the document has
/// one shape.
pub fn render_without_summary(
    format: Format,
    diags: &[Diagnostic],
    sources: &SourceMap,
    style: &HumanStyle,
) -> String {
    match format {
        Format::Human => human::render(diags, sources, None, style),
        Format::Github => github::render(diags, sources, None),
        Format::Json | Format::Sarif => {
            render(format, diags, sources, &Summary::of(diags, 0), style)
        }
    }
}

/// Where a span is: 1-based lines, 1-based columns in Unicode scalar values,
/// the end being the position just after the span's last character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    pub fn of(file: &SourceFile, span: Span) -> Position {
        let span = clamp(file, span);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A label resolved against the source map: file name, position, message.
pub struct Place<'a> {
    pub file: &'a str,
    pub pos: Position,
    pub message: &'a str,
}

impl<'a> Place<'a> {
    /// The place of `label`, its file named as in human and JSON output.
    pub fn of(sources: &'a SourceMap, label: &'a Label) -> Place<'a> {
        Place::named(&sources.get(label.source).name, sources, label)
    }

    /// The place of `label`, its file named `file`.
    pub fn named(file: &'a str, sources: &'a SourceMap, label: &'a Label) -> Place<'a> {
        Place {
            file,
            pos: Position::of(sources.get(label.source), label.span),
            message: &label.message,
        }
    }

    /// `file:line:column`, the form editors and terminals jump to.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.pos.line, self.pos.column)
    }
}

/// Fits a span into its file's text on character boundaries, so a span made
/// by a buggy phase shows at the nearest place rather than failing a render.
pub(crate) fn clamp(file: &SourceFile, span: Span) -> Span {
    let text = &file.text;
    let fit = |offset: u32| {
        let mut at = (offset as usize).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    Span::new(fit(span.start), fit(span.end))
}

#[cfg(test)]
pub(crate) mod fixture {
    //! The diagnostics every renderer's tests show: an error with a primary
    //! label in one file and secondary labels in the same and another file,
    //! a warning without help on a line with multi-byte characters, and an
    //! error with no place at all.

    use crate::diag::{codes, Diagnostic, Summary};
    use crate::source::{SourceMap, Span};

    pub const ACME: &str = "policy acme {\n  extends \"./baseline.ward\"\n  session { idle_timeout = 20h }\n  integrations.\"façade\" { cache_ttl <= 30d }\n}\n";
    pub const BASELINE: &str =
        "policy baseline {\n  session.idle_timeout <= 12h because \"équipe sécurité\"\n}\n";

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap_or(0);
        Span::new(start, start + needle.len())
    }

    pub fn sample() -> (SourceMap, Vec<Diagnostic>, Summary) {
        let mut sources = SourceMap::new();
        let acme = sources.add("policies/acme.ward", ACME);
        let base = sources.add("policies/baseline.ward", BASELINE);
        let diags = vec![
            Diagnostic::new(
                codes::BOUND_VIOLATED,
                "`session.idle_timeout` is `20h`, above its bound `<= 12h`",
            )
            .at(acme, span_of(ACME, "20h"), "set to `20h` here")
            .label(base, span_of(BASELINE, "<= 12h"), "bound `<= 12h` set here")
            .label(
                acme,
                span_of(ACME, "extends \"./baseline.ward\""),
                "inherited through this `extends`",
            )
            .help("lower `session.idle_timeout` to `12h` or less")
            .note("a bound from a parent policy cannot be loosened by its children"),
            Diagnostic::new(
                codes::UNVERIFIED_BOUND,
                "bound on `integrations.\"façade\".cache_ttl`, which is never set",
            )
            .at(
                acme,
                span_of(ACME, "cache_ttl <= 30d"),
                "this bound is never checked",
            ),
            Diagnostic::new(
                codes::CANNOT_READ,
                "cannot read `policies/missing.ward`: no such file or directory",
            )
            .help("check the path given on the command line"),
        ];
        let summary = Summary::of(&diags, 2);
        (sources, diags, summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
            let v = <Format as clap::ValueEnum>::to_possible_value(&f);
            assert_eq!(
                v.map(|v| v.get_name().to_owned()),
                Some(f.as_str().to_owned())
            );
        }
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn positions_count_characters_and_clamp() {
        let file = SourceFile::new("a", "çç = 1\n");
        // `=` starts at byte 5 but is the fourth character.
        let pos = Position::of(&file, Span::new(5, 6));
        assert_eq!(
            (pos.line, pos.column, pos.end_line, pos.end_column),
            (1, 4, 1, 5)
        );
        // A span inside `ç` and past the end is pulled back onto the text.
        let pos = Position::of(&file, Span::new(1, 99));
        assert_eq!(
            (pos.line, pos.column, pos.end_line, pos.end_column),
            (1, 1, 2, 1)
        );
    }
}
