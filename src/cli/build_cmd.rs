//! `ward build` and `ward targets`.
//!
//! `build` writes one policy's resolved configuration, or its targets'
//! configurations, each in its service's own format:
//!
//! - `--target T` (repeatable, groups expand) replaces the file's `targets`
//!   line for the run;
//! - `--out-dir DIR` writes one file per target, from `--target` or else the
//!   `targets` line, each under the file name its descriptor declares; with
//!   neither, the resolved configuration as `DIR/NAME.json`;
//! - `-o FILE` and standard output take exactly one document: several
//!   targets there are a command-line error;
//! - `--format` is for the resolved configuration only.
//!
//! Everything is computed and checked before anything is written (two
//! targets writing one file name are an error before anything is written),
//! and the files are written all or nothing.

use super::args::{ErrorFormat, Global, MatrixFormat, OutputFormat};
use super::commands::print_out;
use super::{status, Reporter, CANNOT_RUN, FAILED, OK};
use std::path::PathBuf;
use ward::diag::{codes, Diagnostic};
use ward::driver::{self, Options};
use ward::{emit, targets};

pub struct BuildArgs {
    pub file: PathBuf,
    pub format: Option<OutputFormat>,
    pub output: Option<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub targets: Vec<String>,
}

fn usage_error(format: ErrorFormat, d: Diagnostic) -> i32 {
    Reporter::stderr(format).stop(&[d])
}

/// `` `a`, `b` and `c` ``.
fn ticks(names: &[&str]) -> String {
    let t: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match t.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub fn build(args: &BuildArgs, mut opts: Options, g: &Global) -> i32 {
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
    // `--target` replaces the `targets` line; the line itself chooses the
    // files only under `--out-dir` (to one place, `build` writes the
    // resolved configuration unless a target is named).
    let chosen = if args.targets.is_empty() && args.out_dir.is_none() {
        Vec::new()
    } else {
        driver::targets_of(policy, &out.registry, &args.targets).0
    };
    if let (Some(f), false) = (args.format, chosen.is_empty()) {
        let f = match f {
            OutputFormat::Json => "json",
            OutputFormat::Toml => "toml",
        };
        return rep.stop(&[Diagnostic::new(
            codes::USAGE,
            format!("`--format {f}` applies to the resolved configuration, and this command writes targets"),
        )
        .help("a target is always written in its service's format: remove `--format`")]);
    }
    if args.out_dir.is_none() && chosen.len() > 1 {
        let names: Vec<&str> = chosen.iter().map(|t| t.name.as_str()).collect();
        let place = match &args.output {
            Some(p) if p.as_os_str() != "-" => format!("`{}`", p.display()),
            _ => "standard output".to_string(),
        };
        return rep.stop(&[Diagnostic::new(
            codes::USAGE,
            format!(
                "{} targets ({}) cannot all be written to {place}: it takes one document",
                chosen.len(),
                ticks(&names)
            ),
        )
        .help("write one file per target with `--out-dir`, or name one `--target`")]);
    }
    // Every output, computed before any is written.
    let mut docs: Vec<(String, &str, Vec<u8>)> = Vec::new();
    if chosen.is_empty() {
        let (fmt, ext) = match args.format.unwrap_or(OutputFormat::Json) {
            OutputFormat::Json => (emit::Format::Json, "json"),
            OutputFormat::Toml => (emit::Format::Toml, "toml"),
        };
        let text = match super::resolved_text(policy, fmt) {
            Ok(text) => text,
            Err(d) => return rep.stop(&[d]),
        };
        docs.push((
            format!("{}.{ext}", policy.name),
            "the resolved configuration",
            text.into_bytes(),
        ));
    } else {
        for t in &chosen {
            docs.push((
                t.output.file.clone(),
                t.name.as_str(),
                targets::render(policy, t),
            ));
        }
    }
    for (i, (file, who, _)) in docs.iter().enumerate() {
        if let Some((_, first, _)) = docs[..i].iter().find(|(f, _, _)| f == file) {
            return rep.stop(&[Diagnostic::new(
                codes::USAGE,
                format!("`{first}` and `{who}` would both write `{file}`"),
            )
            .help("build them in separate runs, or give one a descriptor with its own `[output] file`")]);
        }
    }
    let writes: Vec<(PathBuf, Vec<u8>)> = match (&args.out_dir, &args.output) {
        (Some(dir), _) => docs
            .into_iter()
            .map(|(name, _, bytes)| (dir.join(name), bytes))
            .collect(),
        (None, Some(p)) if p.as_os_str() != "-" => docs
            .into_iter()
            .map(|(_, _, bytes)| (p.clone(), bytes))
            .collect(),
        _ => {
            // As bytes: a target's format need not be UTF-8 (an INF is UTF-16).
            for (_, _, bytes) in docs {
                super::io::out_bytes(&bytes);
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
                    ward::diag::io::reason(&e)
                ),
            )]);
        }
    }
    let code = super::write_outputs(&writes, &out.inputs, &mut rep);
    rep.finish(code)
}

/// `ward targets [NAME]`: the targets and groups the run knows (the
/// built-ins and every `--target-file`), or what one of them holds.
pub fn targets(
    name: Option<&str>,
    matrix: Option<MatrixFormat>,
    files: &[std::path::PathBuf],
    g: &Global,
) -> i32 {
    let registry = match load_registry(files, g.error_format) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(form) = matrix {
        let all: Vec<&targets::Target> = registry.targets().collect();
        let m = targets::Matrix::of(&all);
        let text = match form {
            MatrixFormat::Human => m.human(),
            MatrixFormat::Markdown => m.markdown(),
            MatrixFormat::Json => ward::emit::json_text(&m.json()),
        };
        print_out(&text);
        return OK;
    }
    let Some(n) = name else {
        let mut s = String::new();
        for t in registry.targets() {
            s.push_str(&format!(
                "{:<18} {:<20} {}\n",
                t.name, t.output.file, t.title
            ));
        }
        let groups: Vec<_> = registry.groups().collect();
        if !groups.is_empty() {
            s.push_str("\ngroups:\n");
            for grp in groups {
                s.push_str(&format!("{:<18} {}\n", grp.name, grp.members.join(", ")));
            }
        }
        print_out(&s);
        return OK;
    };
    match registry.find(n) {
        Some(targets::Found::Target(t)) => {
            print_out(&targets::describe(t));
            OK
        }
        Some(targets::Found::Group(grp, members)) => {
            print_out(&targets::describe_group(grp, &members));
            OK
        }
        None => {
            let (message, help) = registry.unknown(n);
            usage_error(
                g.error_format,
                Diagnostic::new(codes::UNKNOWN_ARGUMENT, message).help(help),
            )
        }
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
