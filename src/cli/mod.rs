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
mod init;
mod init_files;
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
    commands::run(cli)
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
}

impl Reporter {
    pub fn new(format: ErrorFormat, stream: Stream) -> Reporter {
        Reporter {
            format,
            stream,
            diags: Vec::new(),
            sources: SourceMap::new(),
            files: 0,
        }
    }

    /// Diagnostics on standard error, for every command but `check`.
    pub fn stderr(format: ErrorFormat) -> Reporter {
        Reporter::new(format, Stream::Stderr)
    }

    /// Adds diagnostics that point into `sources`; their files are copied
    /// into the reporter's own map and the ids renumbered.
    pub fn add(&mut self, diags: &[Diagnostic], sources: &SourceMap) {
        let offset = self.sources.len();
        for id in sources.ids() {
            self.sources.push(sources.get(id).clone());
        }
        let shift = |id: SourceId| SourceId(id.0 + offset as u32);
        for d in diags {
            let mut d = d.clone();
            for l in d.primary.iter_mut().chain(d.labels.iter_mut()) {
                l.source = shift(l.source);
            }
            self.diags.push(d);
        }
    }

    /// Adds a run's diagnostics, the fatal ones first, and counts its files.
    pub fn add_outcome(&mut self, out: &Outcome) {
        let mut all = out.fatal.clone();
        all.extend(out.diags.iter().cloned());
        self.add(&all, &out.sources);
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
            render::render_stopped(format, diags, &self.sources, &style)
        } else {
            render::render(
                format,
                diags,
                &self.sources,
                &Summary::of(diags, files),
                &style,
            )
        }
    }

    /// Writes everything gathered and returns `status`. In the human form
    /// nothing is written when there is nothing to say; the machine forms
    /// always write their document, so a tool reading them finds one.
    pub fn finish(self, status: i32) -> i32 {
        if !self.diags.is_empty() || self.format != ErrorFormat::Human {
            let text = self.render();
            match self.stream {
                Stream::Stdout => commands::print_out(&text),
                Stream::Stderr => eprint!("{text}"),
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

/// Writes every output, all or nothing. On failure the reason (E0804)
/// joins the reporter's diagnostics and the status is 2 (the command could
/// not run), else 0.
pub fn write_outputs(writes: &[(std::path::PathBuf, Vec<u8>)], rep: &mut Reporter) -> i32 {
    match ward::output::write_all(writes) {
        Ok(()) => OK,
        Err((path, e)) => {
            rep.add(&[cannot_write(&path, &e)], &SourceMap::new());
            CANNOT_RUN
        }
    }
}

/// The diagnostic for an output that cannot be written.
pub fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        ward::diag::codes::CANNOT_WRITE,
        format!(
            "cannot write `{}`: {}",
            path.display(),
            ward::resolve::io_reason(e)
        ),
    )
}
