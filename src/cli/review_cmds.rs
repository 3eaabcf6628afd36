//! The review commands: `ward explain`, `ward merge`, `ward diff`,
//! `ward fmt`. Each calls `ward::review`, renders, and picks the exit status.

use super::args::{ErrorFormat, Global, OutputFormat};
use super::commands::print_out;
use super::{status, Reporter, CANNOT_RUN, FAILED, OK};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use ward::diag::{codes, io, Diagnostic};
use ward::driver::{self, Options};
use ward::resolve::loader::{FileSystem, RealFs};
use ward::review::{diff as rdiff, explain as rexplain, git, merge as rmerge};
use ward::source::SourceMap;
use ward::syntax::fmt as rfmt;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Human,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

pub fn explain(
    file: &Path,
    settings: &[String],
    format: ExplainFormat,
    show_warnings: bool,
    opts: &Options,
    g: &Global,
) -> i32 {
    let mut rep = Reporter::stderr(g.error_format);
    rep.fold_warnings(!show_warnings);
    let out = driver::build(file, opts);
    rep.add_outcome(&out);
    if !out.fatal.is_empty() {
        return rep.finish(CANNOT_RUN);
    }
    let Some(policy) = out.policies.first() else {
        return rep.finish(FAILED);
    };
    match rexplain::explain_with(policy, &out.sources, settings, &out.registry) {
        Ok(e) => {
            print_out(&match format {
                ExplainFormat::Human => rexplain::render_human(&e),
                ExplainFormat::Json => rexplain::render_json(&e),
            });
            rep.finish(status(&out, g.deny_warnings))
        }
        Err(diags) => rep.stop(&diags),
    }
}

pub fn merge(
    files: &[PathBuf],
    name: Option<&str>,
    format: OutputFormat,
    output: Option<&Path>,
    opts: &Options,
    g: &Global,
) -> i32 {
    let mut rep = Reporter::stderr(g.error_format);
    if let Some(d) = name.and_then(rmerge::check_name) {
        return rep.stop(&[d]);
    }
    let merged = rmerge::merge_files(files, name, opts, &ward::resolve::loader::RealFs);
    rep.add_outcome(&merged.outcome);
    let code = status(&merged.outcome, g.deny_warnings);
    let Some(policy) = merged.policy.filter(|_| code == OK) else {
        return rep.finish(if code == OK { FAILED } else { code });
    };
    let text = match super::resolved_text(
        &policy,
        match format {
            OutputFormat::Json => ward::emit::Format::Json,
            OutputFormat::Toml => ward::emit::Format::Toml,
        },
    ) {
        Ok(text) => text,
        Err(d) => return rep.stop(&[d]),
    };
    let code = write_or_print(output, text, &merged.outcome.inputs, &mut rep);
    rep.finish(code)
}

fn write_or_print(
    output: Option<&Path>,
    text: String,
    inputs: &[PathBuf],
    rep: &mut Reporter,
) -> i32 {
    let dest = match output {
        Some(p) if p != Path::new("-") => p.to_path_buf(),
        _ => {
            print_out(&text);
            return OK;
        }
    };
    super::write_outputs(&[(dest, text.into_bytes())], inputs, rep)
}

pub fn diff(
    old: &str,
    new: &str,
    format: DiffFormat,
    allow_looser: bool,
    show_warnings: bool,
    opts: &Options,
    g: &Global,
) -> i32 {
    let a = git::resolve_input(&git::Input::parse(old), opts);
    let b = git::resolve_input(&git::Input::parse(new), opts);
    let mut rep = Reporter::stderr(g.error_format);
    rep.fold_warnings(!show_warnings);
    rep.add_outcome(&a);
    rep.add_outcome(&b);
    if !a.fatal.is_empty() || !b.fatal.is_empty() {
        return rep.finish(CANNOT_RUN);
    }
    let (Some(pa), Some(pb)) = (a.policies.first(), b.policies.first()) else {
        return rep.finish(FAILED);
    };
    if a.has_errors() || b.has_errors() {
        return rep.finish(FAILED);
    }
    let changes = rdiff::diff(pa, pb);
    print_out(&match format {
        DiffFormat::Human => rdiff::render_human(&changes),
        DiffFormat::Json => rdiff::render_json(&changes),
        DiffFormat::Markdown => rdiff::render_markdown(&changes),
    });
    rep.finish(if rdiff::any_looser(&changes) && !allow_looser {
        FAILED
    } else {
        OK
    })
}

pub fn fmt(check: bool, paths: &[PathBuf], g: &Global) -> i32 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let (files, mut fatal) = driver::collect(&paths);
    let mut sources = SourceMap::new();
    let mut diags = Vec::new();
    let mut changed: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut count = 0;
    // Only the `.ward` form has a layout of ward's own: TOML and JSON
    // policies are left to their own formatters, even when named. Any
    // other file named on the command line is a mistake, not a no-op.
    let is_ward = |f: &PathBuf| f.to_string_lossy().ends_with(".ward");
    for f in &files {
        if !is_ward(f) {
            if paths.contains(f) && !driver::is_policy_file(&f.to_string_lossy()) {
                fatal.push(
                    Diagnostic::new(
                        codes::CANNOT_READ_PATH,
                        format!("`{}` is not a policy file", f.display()),
                    )
                    .help("`ward fmt` formats `.ward` files; name one, or a directory"),
                );
            }
            continue;
        }
        count += 1;
        let text = match RealFs.read(f).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                diags.push(Diagnostic::new(
                    codes::INVALID_UTF8,
                    format!("`{}` is not valid UTF-8", f.display()),
                ));
                continue;
            }
            // Refused for its size: a problem with the input, as in `check`.
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                diags.push(driver::cannot_read(f, &e));
                continue;
            }
            Err(e) => {
                fatal.push(io::cannot_read_path(
                    io::PathRole::File,
                    f.display(),
                    &io::reason(&e),
                ));
                continue;
            }
        };
        let name = f.to_string_lossy().replace('\\', "/");
        let src = sources.add(name, text.clone());
        match rfmt::format_source(&text) {
            Ok(s) if s != text => changed.push((f.clone(), s.into_bytes())),
            Ok(_) => {}
            Err(d) => diags.extend(d.into_iter().map(|d| d.stamp(src))),
        }
    }
    let mut all = fatal.clone();
    all.extend(diags.iter().cloned());
    let mut rep = Reporter::stderr(g.error_format);
    rep.add(&all, &sources);
    rep.count_files(count);
    if !fatal.is_empty() {
        return rep.finish(CANNOT_RUN);
    }
    let failed = diags.iter().any(Diagnostic::is_error);
    let list: String = changed
        .iter()
        .map(|(p, _)| format!("{}\n", p.display()))
        .collect();
    if check {
        print_out(&list);
        // The count is for people; the machine forms keep standard error
        // one document.
        if !changed.is_empty() && rep.format == ErrorFormat::Human {
            super::io::err(&format!(
                "{} of {count} files would be reformatted\n",
                changed.len()
            ));
        }
        let code = if failed || !changed.is_empty() {
            FAILED
        } else {
            OK
        };
        return rep.finish(code);
    }
    // All or nothing: a file that cannot be formatted stops every write.
    if failed {
        return rep.finish(FAILED);
    }
    // fmt replaces its inputs by design: no file is protected.
    let code = super::write_outputs(&changed, &[], &mut rep);
    if code == OK {
        print_out(&list);
    }
    rep.finish(code)
}
