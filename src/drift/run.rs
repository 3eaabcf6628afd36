//! `ward drift FILE --from TARGET=EXPORT...`, minus the printing: resolve
//! and check the policy (as `ward build --target` would, for the targets
//! named), read each export through the run's file system, compare, and
//! return the findings as diagnostics with the sources they point into.
//!
//! A policy with errors is reported and not compared (what ward would
//! write is not known); its warnings are `ward check`'s business. An
//! export that cannot be read stops the command (exit status 2), reported
//! pointing into the export.

use super::{compare, read_export, Finding};
use crate::diag::io::reason as io_reason;
use crate::diag::{codes, Diagnostic};
use crate::driver::{self, Options};
use crate::resolve::loader::{EntryKind, FileSystem};
use crate::source::SourceMap;
use crate::targets::Target;
use std::path::{Path, PathBuf};

/// One `--from TARGET=EXPORT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct From {
    /// A target or a group.
    pub target: String,
    /// A file, or a directory of exports (a group's, or `kc.sh export --dir`).
    pub path: PathBuf,
}

/// The outcome of a drift run.
#[derive(Debug, Default)]
pub struct DriftOutcome {
    pub sources: SourceMap,
    /// The findings as diagnostics, and the policy's own errors.
    pub diags: Vec<Diagnostic>,
    /// What stopped the command: exit status 2.
    pub fatal: Vec<Diagnostic>,
    pub findings: Vec<Finding>,
    /// Files read: the policy's and the exports.
    pub files: usize,
}

impl DriftOutcome {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Compares each export of `from` with what ward would write from `file`.
pub fn drift(file: &Path, from: &[From], opts: &Options, fs: &dyn FileSystem) -> DriftOutcome {
    let mut names: Vec<String> = Vec::new();
    for f in from {
        if !names.contains(&f.target) {
            names.push(f.target.clone());
        }
    }
    let opts = Options {
        extra_targets: names,
        ..opts.clone()
    };
    let run = driver::run(&[file.to_path_buf()], &opts, fs);
    let mut out = DriftOutcome {
        sources: run.sources,
        files: run.files,
        fatal: run.fatal,
        ..DriftOutcome::default()
    };
    let errors: Vec<Diagnostic> = run.diags.into_iter().filter(Diagnostic::is_error).collect();
    let mut exports: Vec<(&Target, PathBuf)> = Vec::new();
    for f in from {
        let Some(targets) = run.registry.expand(&f.target) else {
            let (message, help) = run.registry.unknown(&f.target);
            out.fatal.push(
                Diagnostic::new(codes::UNKNOWN_ARGUMENT, message)
                    .help(format!("{help}; `--from` takes `TARGET=EXPORT`")),
            );
            continue;
        };
        match files_of(fs, f, &targets) {
            Ok(found) => exports.extend(found),
            Err(d) => out.fatal.push(*d),
        }
    }
    if !out.fatal.is_empty() {
        return out;
    }
    if !errors.is_empty() {
        out.diags = errors;
        return out;
    }
    let Some(policy) = run.policies.first() else {
        return out;
    };
    for (target, path) in exports {
        let bytes = match fs.read(&path) {
            Ok(b) => b,
            Err(e) => {
                out.fatal.push(cannot_use(&path, &e));
                continue;
            }
        };
        out.files += 1;
        let name = path.to_string_lossy().replace('\\', "/");
        match read_export(&mut out.sources, &name, &bytes, target) {
            Ok(export) => out
                .findings
                .extend(compare(policy, target, &export, &out.sources)),
            Err(d) => out.fatal.push(d),
        }
    }
    let mut diags: Vec<Diagnostic> = out
        .findings
        .iter()
        .map(|f| crate::finding::Finding::Drift(Box::new(f.clone())).diagnostic(&out.sources))
        .collect();
    crate::check::shown::order_and_cap(&mut diags, &out.sources);
    out.diags = diags;
    out
}

fn cannot_use(path: &Path, e: &std::io::Error) -> Diagnostic {
    crate::diag::io::cannot_read_path(
        crate::diag::io::PathRole::Export,
        path.display(),
        &io_reason(e),
    )
}

/// The export files `--from` names for each of `targets`: the file
/// itself, or the matching files of a directory.
#[allow(clippy::type_complexity)]
fn files_of<'t>(
    fs: &dyn FileSystem,
    f: &From,
    targets: &[&'t Target],
) -> Result<Vec<(&'t Target, PathBuf)>, Box<Diagnostic>> {
    let kind = fs
        .kind(&f.path)
        .map_err(|e| Box::new(cannot_use(&f.path, &e)))?;
    if kind != EntryKind::Dir {
        return match targets {
            [t] => Ok(vec![(*t, f.path.clone())]),
            _ => Err(Box::new(
                Diagnostic::new(
                    codes::USAGE,
                    format!(
                        "`{}` is a group of {} targets, so `--from {}=...` takes a directory, not `{}`",
                        f.target,
                        targets.len(),
                        f.target,
                        f.path.display()
                    ),
                )
                .help(format!(
                    "give the directory that holds {}, or one `--from MEMBER=FILE` per member",
                    targets
                        .iter()
                        .map(|t| format!("`{}`", t.output.file))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
        };
    }
    let mut names: Vec<String> = fs
        .list(&f.path)
        .map_err(|e| Box::new(cannot_use(&f.path, &e)))?
        .into_iter()
        .filter(|e| e.kind != EntryKind::Dir)
        .map(|e| e.name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for t in targets {
        let mine: Vec<&String> = names
            .iter()
            .filter(|n| t.export.is_export_file(n, &t.output.file))
            .collect();
        if mine.is_empty() {
            let wanted = t.export.files.as_deref().unwrap_or(&t.output.file);
            return Err(Box::new(
                Diagnostic::new(
                    codes::CANNOT_READ_PATH,
                    format!(
                        "no `{}` export in the directory `{}`: no file named `{wanted}`",
                        t.name,
                        f.path.display()
                    ),
                )
                .help(format!("give the file itself: `--from {}=FILE`", t.name)),
            ));
        }
        out.extend(mine.into_iter().map(|n| (*t, f.path.join(n))));
    }
    Ok(out)
}
