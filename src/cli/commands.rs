//! One function per subcommand.

use super::args::{Cli, Command};
use super::{status, Reporter, OK};
use std::path::PathBuf;
use ward::diag::render::Stream;
use ward::diag::{codes, Diagnostic};
use ward::driver::{self, Options};

/// The descriptors `ward.toml` names (`target_files`), then those of
/// `--target-file`: what `ward targets` and `ward schema` describe.
fn project_target_files(g: &super::args::Global) -> Vec<PathBuf> {
    let root = g
        .root
        .clone()
        .unwrap_or_else(|| ward::resolve::loader::default_root(std::path::Path::new(".")));
    let fs = ward::resolve::loader::RealFs;
    let mut files = ward::project::target_paths(&fs, &root);
    files.extend(g.target_file.iter().cloned());
    files
}

pub fn run(cli: Cli) -> i32 {
    let g = cli.global;
    let opts = Options {
        root: g.root.clone(),
        target_files: g.target_file.clone(),
        ..Options::default()
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            profiles,
            targets,
        } => {
            // For `check`, the diagnostics are the output: standard output.
            let mut rep = Reporter::new(format.unwrap_or(g.error_format), Stream::Stdout);
            let mut opts = match super::profile_cmds::with_profiles(opts, &profiles) {
                Ok(opts) => opts,
                Err(d) => return rep.stop(&[d]),
            };
            opts.extra_targets = targets.clone();
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let out = driver::check(&paths, &opts);
            rep.add_outcome(&out);
            // A target named on the command line that exists nowhere.
            if let Some(name) = targets.iter().find(|n| out.registry.find(n).is_none()) {
                let (message, help) = out.registry.unknown(name);
                return rep.stop(&[Diagnostic::new(codes::UNKNOWN_ARGUMENT, message).help(help)]);
            }
            // Even a clean run says so: "no problems in 3 files".
            let mut text = rep.render();
            if rep.format == super::args::ErrorFormat::Human && !opts.profiles.is_empty() {
                // The requirements' statuses, as `ward report` gives them.
                let reports = ward::report::of_check(&out, &opts);
                text.push('\n');
                text.push_str(&ward::report::render::check_summary(&reports));
            }
            print_out(&text);
            let code = status(&out, g.deny_warnings);
            // The process ends here: freeing every source, tree and
            // diagnostic of the run one by one takes longer than the
            // system takes to drop the pages (4% of a 10,000-file check).
            std::mem::forget((out, rep));
            code
        }
        Command::Build {
            file,
            format,
            output,
            out_dir,
            targets,
        } => super::build_cmd::build(
            &super::build_cmd::BuildArgs {
                file,
                format,
                output,
                out_dir,
                targets,
            },
            opts,
            &g,
        ),
        Command::Targets {
            name,
            matrix,
            format,
        } => super::build_cmd::targets(
            name.as_deref(),
            matrix.then(|| format.unwrap_or(super::args::MatrixFormat::Human)),
            &project_target_files(&g),
            &g,
        ),
        Command::Explain {
            file,
            settings,
            format,
            show_warnings,
        } => super::review_cmds::explain(&file, &settings, format, show_warnings, &opts, &g),
        Command::Merge {
            files,
            name,
            format,
            output,
        } => super::review_cmds::merge(
            &files,
            name.as_deref(),
            format,
            output.as_deref(),
            &opts,
            &g,
        ),
        Command::Diff {
            old,
            new,
            format,
            allow_looser,
            show_warnings,
        } => super::review_cmds::diff(&old, &new, format, allow_looser, show_warnings, &opts, &g),
        Command::Fmt { check, paths } => super::review_cmds::fmt(check, &paths, &g),
        Command::ExplainCode { code } => explain_code(&code, Reporter::stderr(g.error_format)),
        Command::Drift(args) => super::drift_cmd::drift(&args, opts, &g),
        Command::Import(args) => super::import_cmd::import(&args, &g),
        Command::Schema(args) => {
            super::schema_cmd::run(args, &project_target_files(&g), g.error_format)
        }
        Command::Lsp => super::lsp_cmd::lsp(opts),
        Command::Profiles { name } => super::profile_cmds::profiles(name.as_deref(), &g),
        Command::Report {
            file,
            profile,
            format,
            output,
            show_warnings,
        } => super::profile_cmds::report(
            &file,
            &profile,
            format,
            output.as_deref(),
            show_warnings,
            &opts,
            &g,
        ),
        Command::Init { dir } => super::init::run(dir.as_deref(), g.error_format),
        Command::Completions { shell } => super::completions::run(shell),
    }
}

/// Writes to standard output (see [`super::io`]).
pub fn print_out(text: &str) {
    super::io::out(text);
}

fn explain_code(code: &str, reporter: Reporter) -> i32 {
    match codes::lookup(code.trim()) {
        Some(info) => {
            let text = info.explanation;
            if text.is_empty() {
                print_out(&format!("{}: {}\n", info.code, info.title));
            } else if text.ends_with('\n') {
                print_out(text);
            } else {
                print_out(&format!("{text}\n"));
            }
            OK
        }
        None => {
            let code = code.trim();
            let help = ward::diag::suggest::help_did_you_mean(
                &code.to_ascii_uppercase(),
                codes::ALL.iter().map(|c| c.code.as_str()),
            )
            .unwrap_or_else(|| {
                "codes are `E` or `W` and four digits, such as `E0201`; docs/diagnostics.md lists them all"
                    .to_string()
            });
            reporter.stop(&[Diagnostic::new(
                codes::UNKNOWN_ARGUMENT,
                format!("`{code}` is not a ward diagnostic code"),
            )
            .help(help)])
        }
    }
}
