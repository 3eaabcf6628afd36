//! `ward build` and `ward targets`.
//!
//! `build` writes the resolved configuration, or one configuration per
//! `--target`: to standard output, to `-o FILE`, or as `DIR/NAME.json` under
//! `--out-dir`. Everything is computed and checked before anything is
//! written, and the files are written all or nothing.

use super::args::{ErrorFormat, Global, OutputFormat};
use super::commands::print_out;
use super::{status, Reporter, CANNOT_RUN, FAILED, OK};
use std::path::PathBuf;
use ward::diag::{codes, suggest, Diagnostic};
use ward::driver::{self, Options};
use ward::{emit, targets};

pub struct BuildArgs {
    pub file: PathBuf,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub targets: Vec<String>,
}

fn usage_error(format: ErrorFormat, d: Diagnostic) -> i32 {
    Reporter::stderr(format).stop(&[d])
}

pub fn build(args: &BuildArgs, mut opts: Options, g: &Global) -> i32 {
    if args.targets.len() > 1 && args.out_dir.is_none() && args.output.is_some() {
        return usage_error(
            g.error_format,
            Diagnostic::new(codes::USAGE, "several targets need `--out-dir`, not `-o`")
                .help("write `--out-dir DIR` to get one file per target"),
        );
    }
    opts.extra_targets = args.targets.clone();
    let mut rep = Reporter::stderr(g.error_format);
    let out = driver::build(&args.file, &opts);
    rep.add_outcome(&out);
    // A target named on the command line that exists nowhere cannot be built.
    for name in &args.targets {
        if out.registry.find(name).is_none() {
            // A `--target-file` that failed to load explains the unknown
            // name: its diagnostics are reported with this one.
            let (message, help) = out.registry.unknown(name);
            return rep.stop(&[Diagnostic::new(codes::UNKNOWN_ARGUMENT, message).help(help)]);
        }
    }
    let code = status(&out, g.deny_warnings);
    if code != OK {
        return rep.finish(code);
    }
    let Some(policy) = out.policies.first() else {
        return rep.finish(FAILED);
    };
    let fmt = match args.format {
        OutputFormat::Json => emit::Format::Json,
        OutputFormat::Toml => emit::Format::Toml,
    };
    let ext = match args.format {
        OutputFormat::Json => "json",
        OutputFormat::Toml => "toml",
    };
    // Every output, computed before any is written.
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    if args.targets.is_empty() {
        docs.push((
            format!("{}.{ext}", policy.name),
            emit::render(policy, fmt).into_bytes(),
        ));
    } else {
        let (resolved, _) = driver::targets_of(policy, &out.registry, &args.targets);
        for t in resolved {
            docs.push((t.output.file.clone(), targets::render(policy, t)));
        }
    }
    let writes: Vec<(PathBuf, Vec<u8>)> = match (&args.out_dir, &args.output) {
        (Some(dir), _) => docs
            .into_iter()
            .map(|(name, bytes)| (dir.join(name), bytes))
            .collect(),
        (None, Some(p)) if p.as_os_str() != "-" => docs
            .into_iter()
            .map(|(_, bytes)| (p.clone(), bytes))
            .collect(),
        _ => {
            for (_, bytes) in docs {
                print_out(&String::from_utf8_lossy(&bytes));
            }
            return rep.finish(OK);
        }
    };
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return rep.stop(&[Diagnostic::new(
                codes::CANNOT_WRITE,
                format!(
                    "cannot create `{}`: {}",
                    dir.display(),
                    ward::resolve::io_reason(&e)
                ),
            )]);
        }
    }
    let code = super::write_outputs(&writes, &out.inputs, &mut rep);
    rep.finish(code)
}

/// `ward targets [NAME]`.
pub fn targets(name: Option<&str>, g: &Global) -> i32 {
    match name {
        None => {
            let mut s = String::new();
            for t in targets::builtins() {
                s.push_str(&format!("{:<12} {}\n", t.name, t.title));
            }
            print_out(&s);
            OK
        }
        Some(n) => match targets::builtin(n) {
            Some(t) => {
                print_out(&targets::describe(t));
                OK
            }
            None => {
                let help = suggest::help_did_you_mean(n, targets::builtin_names())
                    .unwrap_or_else(|| "`ward targets` lists the built-in targets".to_string());
                usage_error(
                    g.error_format,
                    Diagnostic::new(codes::UNKNOWN_ARGUMENT, format!("unknown target `{n}`"))
                        .help(help),
                )
            }
        },
    }
}

/// The targets a command knows: the built-ins and every `--target-file`,
/// read as `check` and `build` read them. A descriptor that cannot be read
/// or has problems stops the command with its diagnostics (exit 2).
pub fn load_registry(files: &[PathBuf], err_format: ErrorFormat) -> Result<targets::Registry, i32> {
    let mut sources = ward::source::SourceMap::default();
    let (registry, fatal, _) =
        driver::load_targets(files, &ward::resolve::loader::RealFs, &mut sources);
    if fatal.is_empty() {
        Ok(registry)
    } else {
        let mut rep = Reporter::stderr(err_format);
        rep.add(&fatal, &sources);
        rep.count_files(files.len());
        Err(rep.finish(CANNOT_RUN))
    }
}
