//! A check's diagnostics as LSP diagnostics, grouped by the file they are in.
//!
//! The message, code and range are `ward check`'s: the primary label's span
//! in the negotiated position encoding. The other labels (in this file or
//! another, a parent or a `std:` profile) become related information, and
//! so do the help and the notes, at the primary place, so the message stays
//! exactly the one `ward check` prints. A diagnostic whose help proposes a
//! replacement keeps it as an edit for the quick fix (see [`fix_text`]).

use super::position::{Encoding, LineIndex};
use crate::diag::{Diagnostic, Severity};
use crate::driver::Outcome;
use crate::source::{SourceId, Span};
use crate::syntax::Form;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit, Url,
};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One published diagnostic, with the edit its help proposes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Published {
    pub diag: lsp_types::Diagnostic,
    pub fix: Option<Fix>,
}

/// A quick fix: its title and its edit, in the diagnostic's file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fix {
    pub title: String,
    pub edit: TextEdit,
}

/// Finds the file, URI and line index of each source of one outcome.
pub(crate) struct Locator<'a> {
    out: &'a Outcome,
    enc: Encoding,
    cwd: PathBuf,
    files: HashMap<SourceId, Option<(Url, LineIndex)>>,
}

impl<'a> Locator<'a> {
    pub fn new(out: &'a Outcome, enc: Encoding) -> Locator<'a> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .unwrap_or_default();
        Locator {
            out,
            enc,
            cwd,
            files: HashMap::new(),
        }
    }

    /// The path of a source, from the name diagnostics show (relative to
    /// the current directory, absolute, or `std:NAME`).
    pub fn path(&self, id: SourceId) -> Option<PathBuf> {
        let name = &self.out.sources.get(id).name;
        match name.strip_prefix("std:") {
            Some(profile) => super::profiles::path(profile),
            None => Some(self.cwd.join(Path::new(name))),
        }
    }

    fn file(&mut self, id: SourceId) -> Option<(Url, LineIndex)> {
        if let Some(f) = self.files.get(&id) {
            return f.clone();
        }
        let found = self
            .path(id)
            .and_then(|p| Url::from_file_path(p).ok())
            .map(|u| (u, LineIndex::new(&self.out.sources.get(id).text)));
        self.files.insert(id, found.clone());
        found
    }

    /// The location of a span.
    pub fn location(&mut self, id: SourceId, span: Span) -> Option<Location> {
        let (uri, index) = self.file(id)?;
        let text = &self.out.sources.get(id).text;
        Some(Location::new(uri, index.range(text, span, self.enc)))
    }
}

/// Every diagnostic of `out`, by the URI of the file it is in. Those with no
/// place (a file that could not be read at all) go to `entry`, at its start.
pub(crate) fn by_file(out: &Outcome, entry: &Url, enc: Encoding) -> BTreeMap<Url, Vec<Published>> {
    let mut loc = Locator::new(out, enc);
    let mut files: BTreeMap<Url, Vec<Published>> = BTreeMap::new();
    files.entry(entry.clone()).or_default();
    for d in out.fatal.iter().chain(&out.diags) {
        let (uri, published) = convert(d, &mut loc, entry);
        files.entry(uri).or_default().push(published);
    }
    files
}

fn convert(d: &Diagnostic, loc: &mut Locator<'_>, entry: &Url) -> (Url, Published) {
    let primary = d
        .primary
        .as_ref()
        .and_then(|p| Some((p, loc.location(p.source, p.span)?)));
    let at = match &primary {
        Some((_, l)) => l.clone(),
        None => Location::new(entry.clone(), lsp_types::Range::default()),
    };
    let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
    if let Some((p, l)) = &primary {
        if !p.message.is_empty() {
            related.push(info(l.clone(), p.message.clone()));
        }
    }
    for label in &d.labels {
        if let Some(l) = loc.location(label.source, label.span) {
            related.push(info(l, label.message.clone()));
        }
    }
    if let Some(h) = &d.help {
        related.push(info(at.clone(), format!("help: {h}")));
    }
    for n in &d.notes {
        related.push(info(at.clone(), format!("note: {n}")));
    }
    let fix = match (&d.suggestion, &d.primary) {
        (Some(s), Some(p)) => {
            let text = &loc.out.sources.get(p.source).text;
            let name = &loc.out.sources.get(p.source).name;
            fix_text(Form::of(name), text, s.span, &s.replacement).and_then(|new| {
                let range = loc.location(p.source, s.span)?.range;
                let old = text.get(s.span.range()).unwrap_or("");
                Some(Fix {
                    title: format!("replace `{old}` with `{new}`"),
                    edit: TextEdit::new(range, new),
                })
            })
        }
        _ => None,
    };
    let diag = lsp_types::Diagnostic {
        range: at.range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("ward".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    };
    (at.uri, Published { diag, fix })
}

fn info(location: Location, message: String) -> DiagnosticRelatedInformation {
    DiagnosticRelatedInformation { location, message }
}

/// The text that replaces `span` of `text` (a file in `form`), for a
/// replacement spelt as in a `.ward` file. Where the replaced text is
/// quoted (a JSON key, a quoted `.ward` segment or reference), so is the
/// replacement; in the TOML and JSON forms a bare number that becomes a
/// duration becomes a string (`30` → `"30m"`). `None` where the form cannot
/// take the replacement as one edit (a dotted path as a JSON key).
pub fn fix_text(form: Form, text: &str, span: Span, replacement: &str) -> Option<String> {
    let old = text.get(span.range())?;
    let quoted = old.len() >= 2 && old.starts_with('"') && old.ends_with('"');
    // `"8h"` → `8h`: the fix is to take the quotes away.
    if quoted && old[1..old.len() - 1] == *replacement {
        return Some(replacement.to_string());
    }
    if quoted {
        let after = text.get(span.end as usize..).unwrap_or("").trim_start();
        if form == Form::Json && after.starts_with(':') && replacement.contains('.') {
            return None;
        }
        return Some(crate::value::quote(replacement));
    }
    let number = !old.is_empty()
        && old
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'_');
    let numeric = replacement.bytes().all(|b| b.is_ascii_digit());
    if form != Form::Ward && number && !numeric {
        return Some(crate::value::quote(replacement));
    }
    Some(replacement.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_follow_the_form() {
        let t = "idle_timeout = 30";
        let s = Span::new(15, 17);
        assert_eq!(fix_text(Form::Ward, t, s, "30m").as_deref(), Some("30m"));
        assert_eq!(
            fix_text(Form::Toml, t, s, "30m").as_deref(),
            Some("\"30m\"")
        );
        let j = "{\"idle_timout\": \"8h\"}";
        let k = Span::new(1, 14);
        assert_eq!(
            fix_text(Form::Json, j, k, "idle_timeout").as_deref(),
            Some("\"idle_timeout\"")
        );
        assert_eq!(fix_text(Form::Json, j, k, "session.idle_timeout"), None);
        assert_eq!(
            fix_text(Form::Ward, "x = \"8h\"", Span::new(4, 8), "8h").as_deref(),
            Some("8h")
        );
        let w = "extends \"std:pci-dss-4\"";
        assert_eq!(
            fix_text(Form::Ward, w, Span::new(8, 23), "std:pci-dss-4.0").as_deref(),
            Some("\"std:pci-dss-4.0\"")
        );
    }
}
