//! The command line: parse arguments, call the library, render, exit.
//!
//! Exit status: 0 success (warnings allowed unless `--deny-warnings`), 1 a
//! check failed, 2 the command could not run.

mod args;
mod build_cmd;
mod commands;
mod completions;
mod init;
mod init_files;
mod profile_cmds;
mod review_cmds;
mod schema_cmd;

use args::{Cli, ErrorFormat};
use clap::Parser;
use ward::diag::render::{self, Format, HumanStyle};
use ward::diag::{Diagnostic, Summary};
use ward::driver::Outcome;
use ward::source::SourceMap;

pub const OK: i32 = 0;
pub const FAILED: i32 = 1;
pub const CANNOT_RUN: i32 = 2;

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { CANNOT_RUN } else { OK };
        }
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

/// Renders diagnostics in `format`.
pub fn render_diags(
    format: ErrorFormat,
    diags: &[Diagnostic],
    sources: &SourceMap,
    files: usize,
) -> String {
    let summary = Summary::of(diags, files);
    render::render(
        format_of(format),
        diags,
        sources,
        &summary,
        &HumanStyle::detect(),
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

/// Writes every output, all or nothing; on failure renders why and returns
/// exit status 2 (the command could not run), else 0.
pub fn write_outputs(writes: &[(std::path::PathBuf, Vec<u8>)], format: ErrorFormat) -> i32 {
    match ward::output::write_all(writes) {
        Ok(()) => OK,
        Err((path, e)) => {
            let d = Diagnostic::new(
                ward::diag::codes::CANNOT_WRITE,
                format!(
                    "cannot write `{}`: {}",
                    path.display(),
                    ward::resolve::io_reason(&e)
                ),
            );
            eprint!("{}", render_diags(format, &[d], &SourceMap::new(), 0));
            CANNOT_RUN
        }
    }
}
