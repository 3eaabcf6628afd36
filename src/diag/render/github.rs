//! The GitHub form: one workflow command per diagnostic, which GitHub
//! Actions shows as an annotation on the file and line.
//!
//! ```text
//! ::error file=policies/acme.ward,line=3,col=28,endLine=3,endColumn=31,title=E0301::message%0Ahelp: ...
//! ```
//!
//! Properties and data are escaped as the runner expects (`%`, CR and LF in
//! both; `:` and `,` in properties too). Help, notes and secondary labels,
//! which annotations have no field for, follow the message on lines of their
//! own. Columns are given only for spans on one line, as GitHub ignores them
//! otherwise. Files are named relative to their git work tree (or
//! `GITHUB_WORKSPACE`), so the annotation attaches ([`super::paths`]). A plain
//! summary line closes the output.

use super::paths::RepoNames;
use super::Place;
use crate::diag::{Diagnostic, Summary};
use crate::source::SourceMap;

pub(super) fn render(
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: Option<&Summary>,
) -> String {
    let names = RepoNames::from_env(sources);
    let mut out = String::new();
    for diag in diags {
        out.push_str(&command(diag, sources, &names));
        out.push('\n');
    }
    if let Some(summary) = summary {
        out.push_str(&summary.line());
        out.push('\n');
    }
    out
}

fn command<'a>(diag: &'a Diagnostic, sources: &'a SourceMap, names: &'a RepoNames) -> String {
    let place = |l: &'a crate::diag::Label| Place::named(names.get(sources, l.source), sources, l);
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(primary) = &diag.primary {
        let place = place(primary);
        let pos = place.pos;
        props.push(("file", place.file.to_owned()));
        props.push(("line", pos.line.to_string()));
        if pos.line == pos.end_line {
            props.push(("col", pos.column.to_string()));
        }
        props.push(("endLine", pos.end_line.to_string()));
        if pos.line == pos.end_line {
            props.push(("endColumn", pos.end_column.to_string()));
        }
    }
    props.push(("title", diag.code.as_str().to_owned()));
    let props = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect::<Vec<_>>()
        .join(",");

    let mut text = diag.message.clone();
    if let Some(primary) = &diag.primary {
        if !primary.message.is_empty() {
            text.push_str(&format!("\n{}", primary.message));
        }
    }
    for label in &diag.labels {
        let place = place(label);
        text.push_str(&format!("\n{}: {}", place.location(), place.message));
    }
    if let Some(help) = &diag.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diag.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    format!(
        "::{} {props}::{}",
        diag.severity.as_str(),
        escape_data(&text)
    )
}

/// Escapes the message part of a workflow command. Other control
/// characters are written as `\u{…}` (`source::escape_controls`): the
/// Actions log renders terminal escapes.
pub(crate) fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::source::is_unsafe_char(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c if crate::source::is_unsafe_char(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;
    use crate::diag::codes;
    use crate::source::Span;

    #[test]
    fn one_command_per_diagnostic_then_summary() {
        let (sources, diags, summary) = fixture::sample();
        let out = render(&diags, &sources, Some(&summary));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert_eq!(
            lines[0],
            "::error file=policies/acme.ward,line=3,col=28,endLine=3,endColumn=31,title=E0301::\
             `session.idle_timeout` is `20h`, above its bound `<= 12h`\
             %0Aset to `20h` here\
             %0Apolicies/baseline.ward:2:24: bound `<= 12h` set here\
             %0Apolicies/acme.ward:2:3: inherited through this `extends`\
             %0Ahelp: lower `session.idle_timeout` to `12h` or less\
             %0Anote: a bound from a parent policy cannot be loosened by its children"
        );
        assert_eq!(
            lines[1],
            "::warning file=policies/acme.ward,line=4,col=27,endLine=4,endColumn=43,title=W0303::\
             bound on `integrations.\"façade\".cache_ttl`, which is never set\
             %0Athis bound is never checked"
        );
        assert_eq!(
            lines[2],
            "::error title=E0401::cannot read `policies/missing.ward`: no such file or directory\
             %0Ahelp: check the path given on the command line"
        );
        assert_eq!(lines[3], "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn escapes_properties_and_data() {
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");

        let mut sources = SourceMap::new();
        let id = sources.add("dir,odd/x:y%.ward", "a\nb\n");
        let diag = Diagnostic::new(codes::SYNTAX, "100% wrong\r\nhere").at(id, Span::new(0, 3), "");
        let out = render(&[diag], &sources, Some(&Summary::default()));
        let first = out.lines().next().unwrap_or_default();
        // A span over two lines gets no columns.
        assert_eq!(
            first,
            "::error file=dir%2Codd/x%3Ay%25.ward,line=1,endLine=2,title=E0101::100%25 wrong%0D%0Ahere"
        );
    }
}
