//! The command line: parse arguments, call the library, render, exit.
//!
//! Exit status: 0 success (warnings allowed unless `--deny-warnings`), 1 a
//! check failed, 2 the command could not run. A command that cannot run says
//! why with a phase-08 diagnostic (`E08xx`) in the form the command line
//! asked for, on the stream its diagnostics go to ([`Reporter`]).

mod args;
mod build_cmd;
mod commands;
mod completions;
mod drift_cmd;
mod import_cmd;
mod init;
mod init_files;
mod io;
mod lsp_cmd;
mod profile_cmds;
mod review_cmds;
mod schema_cmd;
mod usage;

use args::{Cli, ErrorFormat};
use clap::Parser;
use ward::diag::render::{self, Format, HumanStyle, Stream};
use ward::diag::{Diagnostic, Summary};
use ward::driver::Outcome;
use ward::source::{SourceId, SourceMap};

pub const OK: i32 = 0;
pub const FAILED: i32 = 1;
pub const CANNOT_RUN: i32 = 2;

pub fn main() -> i32 {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return usage::refused(&e, &argv),
    };
    let format = cli.global.error_format;
    let code = commands::run(cli);
    io::finish(code, format)
}

fn format_of(f: ErrorFormat) -> Format {
    match f {
        ErrorFormat::Human => Format::Human,
        ErrorFormat::Json => Format::Json,
        ErrorFormat::Github => Format::Github,
        ErrorFormat::Sarif => Format::Sarif,
    }
}

/// Where a command's diagnostics go and in what form, and the diagnostics
/// gathered so far. Diagnostics go to standard error in the `--error-format`
/// form, except for `ward check`, whose output *is* its diagnostics
/// (standard output, `--format`). Colour is decided for that stream alone.
///
/// A command gathers everything it has to say (from one run or two, as
/// `ward diff` has, and a failed write at the end) and [`Reporter::finish`]
/// renders it once, so the JSON and SARIF forms are always one document.
#[derive(Debug)]
pub struct Reporter {
    pub format: ErrorFormat,
    pub stream: Stream,
    diags: Vec<Diagnostic>,
    sources: SourceMap,
    files: usize,
    /// Fold the warnings into one line in the human form.
    fold_warnings: bool,
    /// The files in `sources` by name, to share a file two runs both read.
    by_name: std::collections::HashMap<String, SourceId>,
    /// Every diagnostic gathered, to report each once: the indices in
    /// `diags` of those with each hash (so a diagnostic is not copied to
    /// be remembered).
    seen: std::collections::HashMap<u64, Vec<usize>>,
    hasher: std::hash::RandomState,
}

impl Reporter {
    pub fn new(format: ErrorFormat, stream: Stream) -> Reporter {
        Reporter {
            format,
            stream,
            diags: Vec::new(),
            sources: SourceMap::new(),
            files: 0,
            fold_warnings: false,
            by_name: Default::default(),
            seen: Default::default(),
            hasher: Default::default(),
        }
    }

    /// For `explain`, `report` and `diff`, whose own output the check's
    /// warnings would bury: in the human form, count the warnings in one
    /// line instead of showing each (errors are always shown). The machine
    /// forms carry every diagnostic, for the tools that read them.
    pub fn fold_warnings(&mut self, fold: bool) {
        self.fold_warnings = fold;
    }

    /// Diagnostics on standard error, for every command but `check`.
    pub fn stderr(format: ErrorFormat) -> Reporter {
        Reporter::new(format, Stream::Stderr)
    }

    /// Adds diagnostics that point into `sources`; their files join the
    /// reporter's own map (a file already there, same name and text, is
    /// shared) and the ids are renumbered. A diagnostic already gathered is
    /// not added again: `ward diff a.ward a.ward` reports each problem once.
    pub fn add(&mut self, diags: &[Diagnostic], sources: &SourceMap) {
        self.add_all(diags.iter(), sources);
    }

    /// [`Reporter::add`] of diagnostics from anywhere: each is copied once,
    /// when it is kept.
    fn add_all<'d>(&mut self, diags: impl Iterator<Item = &'d Diagnostic>, sources: &SourceMap) {
        use std::hash::BuildHasher as _;
        let ids: std::collections::HashMap<SourceId, SourceId> = sources
            .ids()
            .map(|id| {
                let file = sources.get(id);
                let known = self.by_name.get(&file.name).copied();
                let k = match known.filter(|&k| self.sources.get(k).text == file.text) {
                    Some(k) => k,
                    None => {
                        let k = self.sources.push(file.clone());
                        self.by_name.insert(file.name.clone(), k);
                        k
                    }
                };
                (id, k)
            })
            .collect();
        for d in diags {
            let mut d = d.clone();
            for l in d.primary.iter_mut().chain(d.labels.iter_mut()) {
                l.source = ids.get(&l.source).copied().unwrap_or(l.source);
            }
            let same = self.seen.entry(self.hasher.hash_one(&d)).or_default();
            if !same.iter().any(|&i| self.diags[i] == d) {
                same.push(self.diags.len());
                self.diags.push(d);
            }
        }
    }

    /// Adds a run's diagnostics, the fatal ones first, and counts its files.
    pub fn add_outcome(&mut self, out: &Outcome) {
        self.add_all(out.fatal.iter().chain(&out.diags), &out.sources);
        self.files += out.files;
    }

    /// Counts `n` more checked files.
    pub fn count_files(&mut self, n: usize) {
        self.files += n;
    }

    /// Everything gathered, with the closing summary. A run that stopped
    /// before checking any file (every diagnostic is a command-line one)
    /// has no summary line: "1 error in 0 files" would describe a check
    /// that never happened.
    pub fn render(&self) -> String {
        let style = HumanStyle::detect(self.stream);
        let format = format_of(self.format);
        let (diags, files) = (&self.diags, self.files);
        let stopped =
            files == 0 && !diags.is_empty() && diags.iter().all(|d| d.code.is_command_line());
        if stopped {
            return render::render_without_summary(format, diags, &self.sources, &style);
        }
        let summary = Summary::of(diags, files);
        let folded: Vec<&Diagnostic> = diags.iter().filter(|d| !d.is_error()).collect();
        if !self.fold_warnings || self.format != ErrorFormat::Human || folded.is_empty() {
            return render::render(format, diags, &self.sources, &summary, &style);
        }
        let shown: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        let mut text = render::render_without_summary(format, &shown, &self.sources, &style);
        text.push_str(&folded_line(&summary, &folded));
        text
    }

    /// Writes everything gathered and returns `status`. In the human form
    /// nothing is written when there is nothing to say; the machine forms
    /// always write their document, so a tool reading them finds one.
    pub fn finish(self, status: i32) -> i32 {
        if !self.diags.is_empty() || self.format != ErrorFormat::Human {
            let text = self.render();
            match self.stream {
                Stream::Stdout => commands::print_out(&text),
                Stream::Stderr => io::err(&text),
            }
        }
        status
    }

    /// Adds problems that stopped the command, writes everything and
    /// returns exit status 2.
    pub fn stop(mut self, diags: &[Diagnostic]) -> i32 {
        self.add(diags, &SourceMap::new());
        self.finish(CANNOT_RUN)
    }
}

/// The closing line when warnings are folded: the summary, then which codes
/// were not shown and how to see them:
/// `2 warnings in 1 file, not shown (W0505, W0603): --show-warnings shows them`.
fn folded_line(summary: &Summary, folded: &[&Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in folded {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    let codes: Vec<String> = counts
        .iter()
        .map(|(c, n)| match n {
            1 => (*c).to_string(),
            n => format!("{c} ×{n}"),
        })
        .collect();
    let what = match (summary.errors, folded.len()) {
        (0, _) => "not shown",
        (_, 1) => "the warning not shown",
        _ => "the warnings not shown",
    };
    format!(
        "{}, {what} ({}): `--show-warnings` shows them\n",
        summary.line(),
        codes.join(", ")
    )
}

/// The exit status an outcome deserves.
pub fn status(out: &Outcome, deny_warnings: bool) -> i32 {
    if !out.fatal.is_empty() {
        CANNOT_RUN
    } else if out.has_errors() || (deny_warnings && out.has_warnings()) {
        FAILED
    } else {
        OK
    }
}

/// Writes every output, all or nothing, replacing none of `inputs` (the
/// files the command read). On failure the reason (E0803, or E0805 for a
/// destination ward refuses) joins the reporter's diagnostics and the
/// status is 2 (the command could not run), else 0.
pub fn write_outputs(
    writes: &[(std::path::PathBuf, Vec<u8>)],
    inputs: &[std::path::PathBuf],
    rep: &mut Reporter,
) -> i32 {
    use ward::output::WriteError;
    let d = match ward::output::write_all(writes, inputs) {
        Ok(()) => return OK,
        Err(WriteError::Refused { path, reason }) => Diagnostic::new(
            ward::diag::codes::OUTPUT_REFUSED,
            format!("refusing to write `{}`: {reason}", path.display()),
        )
        .help("write the output to another file, or to standard output with `-o -`"),
        Err(WriteError::Io { path, error }) => cannot_write(&path, &error)
            .note("nothing was written: the outputs of one command are written all or none"),
    };
    rep.add(&[d], &SourceMap::new());
    CANNOT_RUN
}

/// The resolved configuration in `format` (`build`, `merge`), or `E0805`
/// when the document has no form in that format.
pub fn resolved_text(
    policy: &ward::model::Resolved,
    format: ward::emit::Format,
) -> Result<String, Diagnostic> {
    ward::emit::render(policy, format).map_err(|why| {
        Diagnostic::new(
            ward::diag::codes::OUTPUT_REFUSED,
            format!("cannot write `{}` as TOML: {why}", policy.name),
        )
        .help("write it as JSON (`--format json`), which holds every document ward makes")
    })
}

/// The diagnostic for an output that cannot be written.
pub fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        ward::diag::codes::CANNOT_WRITE,
        format!(
            "cannot write `{}`: {}",
            path.display(),
            ward::diag::io::reason(e)
        ),
    )
}
