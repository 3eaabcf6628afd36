//! One function per subcommand.

use super::args::{Cli, Command, ErrorFormat, OutputFormat};
use super::{render_diags, status, CANNOT_RUN, FAILED, OK};
use std::io::Write;
use std::path::{Path, PathBuf};
use ward::diag::{codes, Diagnostic};
use ward::driver::{self, Options, Outcome};
use ward::emit;

pub fn run(cli: Cli) -> i32 {
    let g = cli.global;
    let opts = Options {
        root: g.root.clone(),
        ..Options::default()
    };
    match cli.command {
        Command::Check { paths, format } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let out = driver::check(&paths, &opts);
            let format = format.unwrap_or(g.error_format);
            let mut all = out.fatal.clone();
            all.extend(out.diags.iter().cloned());
            let text = render_diags(format, &all, &out.sources, out.files);
            // For `check`, the diagnostics are the output.
            print_out(&text);
            status(&out, g.deny_warnings)
        }
        Command::Build {
            file,
            format,
            output,
            out_dir,
        } => build(
            &file,
            format,
            output.as_deref(),
            out_dir.as_deref(),
            &opts,
            g.error_format,
            g.deny_warnings,
        ),
        Command::Explain {
            file,
            settings,
            format,
        } => super::review_cmds::explain(&file, &settings, format, &opts, &g),
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
        } => super::review_cmds::diff(&old, &new, format, allow_looser, &opts, &g),
        Command::Fmt { check, paths } => super::review_cmds::fmt(check, &paths, &g),
        Command::ExplainCode { code } => explain_code(&code),
        Command::Profiles { name } => profiles(name.as_deref()),
    }
}

fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn eprint_diags(format: ErrorFormat, out: &Outcome) {
    let mut all = out.fatal.clone();
    all.extend(out.diags.iter().cloned());
    if all.is_empty() && format == ErrorFormat::Human {
        return;
    }
    eprint!("{}", render_diags(format, &all, &out.sources, out.files));
}

fn build(
    file: &Path,
    format: OutputFormat,
    output: Option<&Path>,
    out_dir: Option<&Path>,
    opts: &Options,
    err_format: ErrorFormat,
    deny_warnings: bool,
) -> i32 {
    let out = driver::build(file, opts);
    eprint_diags(err_format, &out);
    let code = status(&out, deny_warnings);
    if code != OK {
        return code;
    }
    let Some(policy) = out.policies.first() else {
        return FAILED;
    };
    let fmt = match format {
        OutputFormat::Json => emit::Format::Json,
        OutputFormat::Toml => emit::Format::Toml,
    };
    let text = emit::render(policy, fmt);
    let dest = match (output, out_dir) {
        (Some(p), _) if p != Path::new("-") => p.to_path_buf(),
        (None, Some(dir)) => dir.join(format!("{}.{}", policy.name, ext(format))),
        _ => {
            print_out(&text);
            return OK;
        }
    };
    match ward::output::write_all(&[(dest, text.into_bytes())]) {
        Ok(()) => OK,
        Err((path, e)) => {
            let d = Diagnostic::new(
                codes::CANNOT_READ,
                format!(
                    "cannot write `{}`: {}",
                    path.display(),
                    ward::resolve::io_reason(&e)
                ),
            );
            eprint!("{}", render_diags(err_format, &[d], &Default::default(), 0));
            CANNOT_RUN
        }
    }
}

fn ext(f: OutputFormat) -> &'static str {
    match f {
        OutputFormat::Json => "json",
        OutputFormat::Toml => "toml",
    }
}

fn explain_code(code: &str) -> i32 {
    match codes::lookup(code) {
        Some(info) => {
            print_out(&format!("{}: {}\n", info.code, info.title));
            OK
        }
        None => {
            let help = ward::diag::suggest::help_did_you_mean(
                code,
                codes::ALL.iter().map(|c| c.code.as_str()),
            );
            eprintln!(
                "error: `{code}` is not a ward diagnostic code{}",
                help.map(|h| format!("; {h}")).unwrap_or_default()
            );
            CANNOT_RUN
        }
    }
}

fn profiles(name: Option<&str>) -> i32 {
    use ward::resolve::stdlib;
    match name {
        None => {
            let mut s = String::new();
            for n in stdlib::names() {
                if let Some(p) = stdlib::profile(n) {
                    s.push_str(&format!("std:{:<32} {} ({})\n", p.name, p.title, p.version));
                }
            }
            print_out(&s);
            OK
        }
        Some(n) => match stdlib::profile(n.trim_start_matches("std:")) {
            Some(p) => {
                print_out(p.text);
                OK
            }
            None => {
                eprintln!("error: unknown profile `{n}`");
                CANNOT_RUN
            }
        },
    }
}
