//! The driver: what `ward check` and `ward build` do, minus the printing.
//!
//! It finds the policy files under the given paths (through the
//! [`FileSystem`]'s walk), reads and parses them on every core, resolves
//! each entry in one [`Session`] under its own root (so shared parents are
//! read once), hands the result to the check stage ([`crate::check`]), and
//! returns every diagnostic with the sources they point into. Nothing here
//! prints or exits.

use crate::diag::io::{cannot_read_path as unusable, reason as io_reason, PathRole};
use crate::diag::{codes, Diagnostic, Severity};
use crate::finding::{Finding, Unreadable};
use crate::model::{Origin, Resolved};
use crate::resolve::loader::{self, EntryKind, FileKey, FileSystem};
use crate::resolve::{Prepared, Session};
use crate::source::SourceMap;
use crate::targets::Registry;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::check::shown::MAX_REPEATS;
pub use crate::check::targets_of;

/// Options shared by the commands.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The directory no `extends` may leave. By default each entry's own:
    /// the git work tree holding it, else the current directory.
    pub root: Option<PathBuf>,
    /// Built-in profiles every entry policy is checked against, as if it
    /// extended them (`ward check --profile`).
    pub profiles: Vec<String>,
    /// Descriptor files of services beyond the built-in targets
    /// (`--target-file`), besides those the root's `ward.toml` names.
    pub target_files: Vec<PathBuf>,
    /// Targets every entry is checked against instead of its own `targets`
    /// line (`ward build --target`, which replaces the line for the run).
    pub extra_targets: Vec<String>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sources: SourceMap,
    /// Problems in the input: exit status 1 when any is an error.
    pub diags: Vec<Diagnostic>,
    /// What resolution, validation and the target checks found, as data
    /// (each is also in `diags`, unless an `allow` silenced it).
    pub findings: Vec<Finding>,
    /// Problems that stopped the command from running (a path on the command
    /// line that cannot be read): exit status 2.
    pub fatal: Vec<Diagnostic>,
    /// How many policy files were checked.
    pub files: usize,
    /// The resolved entry policies, in the order they were given.
    pub policies: Vec<Arc<Resolved>>,
    /// The targets the run knows: the built-ins and `--target-file`.
    pub registry: Registry,
    /// Every file the run read (policies, parents, descriptors), canonical:
    /// an output may not replace one of them.
    pub inputs: Vec<PathBuf>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    pub fn has_warnings(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Warning)
    }
}

pub use crate::resolve::loader::is_policy_file;

/// Every policy file under `paths`, sorted within each directory, skipping
/// hidden directories and what `.gitignore` ignores (see
/// [`loader::collect`]). What cannot be read (a path that does not exist,
/// a directory that cannot be listed, an ignore file that is not a regular
/// file) is returned as fatal diagnostics, never skipped silently.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    collect_in(&loader::RealFs, paths)
}

/// [`collect`], through `fs`.
pub(crate) fn collect_in(
    fs: &dyn FileSystem,
    paths: &[PathBuf],
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let walk = loader::collect(fs, paths);
    let fatal = walk
        .problems
        .iter()
        .map(|p| {
            let named = paths.contains(&p.path);
            let role = if named {
                PathRole::File
            } else if p
                .path
                .file_name()
                .is_some_and(|n| n == ".gitignore" || n == ".ignore" || n == "exclude")
            {
                PathRole::IgnoreFile
            } else {
                PathRole::Directory
            };
            unusable(role, p.path.display(), &io_reason(&p.error)).maybe_help(
                (named && p.error.kind() == std::io::ErrorKind::NotFound)
                    .then(|| "check the path: it is relative to the current directory".to_string()),
            )
        })
        .collect();
    (walk.files, fatal)
}

/// Resolves and checks the policy files under `paths`.
pub fn check(paths: &[PathBuf], opts: &Options) -> Outcome {
    let (files, fatal) = collect(paths);
    let mut out = run(&files, opts, &loader::RealFs);
    out.fatal.splice(0..0, fatal);
    out
}

/// Resolves and checks exactly these files, reading through `fs`. The
/// result does not depend on the order of `files`.
pub fn run(files: &[PathBuf], opts: &Options, fs: &dyn FileSystem) -> Outcome {
    let mut out = Outcome::default();
    let root = match &opts.root {
        Some(r) => match root_dir(fs, r) {
            Ok(root) => Some(root),
            Err(d) => {
                out.fatal.push(d);
                return out;
            }
        },
        None => None,
    };
    let mut session = Session::new(fs, PathBuf::from("."));
    // Each entry's root; their `ward.toml` files name descriptors for the
    // whole run.
    let file_roots = match &root {
        Some(r) => vec![r.clone(); files.len()],
        None => loader::default_roots(files),
    };
    let roots: BTreeSet<PathBuf> = file_roots.iter().cloned().collect();
    load_target_files(opts, fs, &roots, &mut session, &mut out);
    session.set_targets(out.registry.clone());
    let mut seen = BTreeSet::new();
    let mut entries: Vec<(&PathBuf, FileKey)> = Vec::new();
    // Each entry's root, beside `entries`.
    let mut entry_roots: Vec<&PathBuf> = Vec::new();
    let canonical = fs.canonicalize_each(files);
    for ((file, canonical), file_root) in files.iter().zip(canonical).zip(&file_roots) {
        match canonical {
            Ok(p) => {
                let key = FileKey::Path(p);
                if seen.insert(key.clone()) {
                    entry_roots.push(file_root);
                    entries.push((file, key));
                }
            }
            Err(e) => out.fatal.push(cannot_read_path(file, &e)),
        }
    }
    // Read, parse and lower the entries on every core; each file's id is
    // stamped when it is added below, in order. One file is prepared on
    // this thread: starting rayon's pool costs more than a small file.
    let prepared: Vec<_> = if entries.len() > 1 {
        entries.par_iter().map(|e| prepare(fs, e)).collect()
    } else {
        entries.iter().map(|e| prepare(fs, e)).collect()
    };
    let mut loaded = Vec::new();
    for ((file, key, done), file_root) in prepared.into_iter().zip(entry_roots) {
        match done {
            Ok(p) => {
                session.insert_prepared(key, p);
                out.files += 1;
                loaded.push((key, file_root));
            }
            // A file refused for its size is a problem with the input, not
            // one that stops the command (docs/decisions.md).
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                session.diags.push(cannot_read(file, &e));
                out.files += 1;
            }
            Err(e) => out.fatal.push(cannot_read_path(file, &e)),
        }
    }
    for (key, file_root) in loaded {
        if let Some(p) = session.resolve_in(key, file_root, &opts.profiles) {
            out.policies.push(p);
        }
    }
    let allows = session
        .files
        .values()
        .filter_map(|f| Some((f.source, f.doc.as_ref()?.allow.clone())))
        .filter(|(_, a)| !a.is_empty())
        .collect();
    let unread = session
        .files
        .values()
        .filter_map(|f| Some((f.source, f.doc.as_ref()?.unread.clone())))
        .filter(|(_, u)| !u.is_empty())
        .collect();
    let policies = session.policies().to_vec();
    let checked = crate::check::check(crate::check::Input {
        sources: &session.sources,
        policies: &policies,
        entries: &out.policies,
        found: std::mem::take(&mut session.found),
        parsed: std::mem::take(&mut session.diags),
        allows,
        unread,
        registry: &out.registry,
        targets: &opts.extra_targets,
    });
    out.diags = checked.diags;
    out.findings = checked.findings;
    out.sources = std::mem::take(&mut session.sources);
    out.inputs
        .extend(session.files.keys().filter_map(|k| match k {
            FileKey::Path(p) => Some(p.clone()),
            FileKey::Std(_) => None,
        }));
    out.inputs.sort();
    out.inputs.dedup();
    out
}

/// Reads, parses and lowers one entry file.
fn prepare<'a>(
    fs: &dyn FileSystem,
    (file, key): &'a (&'a PathBuf, FileKey),
) -> (&'a PathBuf, &'a FileKey, std::io::Result<Prepared>) {
    let done = match key {
        FileKey::Path(p) => fs.read(p),
        FileKey::Std(_) => Err(std::io::ErrorKind::NotFound.into()),
    }
    .map(|bytes| Prepared::new(loader::display_name(key), bytes));
    (file, key, done)
}

/// `--root DIR`, canonical: a directory that exists, or a command-line
/// error (exit 2).
fn root_dir(fs: &dyn FileSystem, root: &Path) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::new(
            codes::CANNOT_READ_PATH,
            format!("cannot use `--root {}`: {why}", root.display()),
        )
        .help("`--root` names the directory no `extends` may leave; by default it is the git work tree that holds each file")
    };
    let canonical = fs.canonicalize(root).map_err(|e| {
        refuse(match e.kind() {
            std::io::ErrorKind::NotFound => "no such directory".to_string(),
            _ => io_reason(&e),
        })
    })?;
    match fs.kind(&canonical) {
        Ok(EntryKind::Dir) => Ok(canonical),
        Ok(_) => Err(refuse("not a directory".to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(canonical),
        Err(e) => Err(refuse(io_reason(&e))),
    }
}

/// A path named on the command line (or found in a directory it names)
/// that cannot be read: the command cannot run.
fn cannot_read_path(file: &Path, e: &std::io::Error) -> Diagnostic {
    unusable(PathRole::File, file.display(), &io_reason(e))
}

/// A file refused as a policy (too large): a problem with the input.
pub fn cannot_read(file: &Path, e: &std::io::Error) -> Diagnostic {
    Finding::CannotRead {
        file: file.display().to_string(),
        reason: io_reason(e),
        at: None,
        how: Unreadable::Refused,
    }
    .diagnostic(&SourceMap::new())
}

/// Reads one file and resolves it, for `ward build`.
pub fn build(file: &Path, opts: &Options) -> Outcome {
    run(&[file.to_path_buf()], opts, &loader::RealFs)
}

/// Reads the descriptors the `ward.toml` of each root names (in the order of
/// the roots, so not in the order of the arguments), then every
/// `--target-file` (a file named twice is read once). A descriptor that
/// cannot be read, or that is not a valid descriptor, stops the command
/// (exit 2): the run cannot be checked against a service it cannot describe
/// (docs/reliability.md). So does a malformed `ward.toml`; its problems, and
/// a listed file that cannot be read, point at their line in it.
fn load_target_files(
    opts: &Options,
    fs: &dyn FileSystem,
    roots: &BTreeSet<PathBuf>,
    session: &mut Session<'_>,
    out: &mut Outcome,
) {
    let mut listed = Vec::new();
    for root in roots {
        let (project, problems) = crate::project::load(fs, root, &mut session.sources);
        out.fatal.extend(problems);
        listed.extend(project.target_files);
    }
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen = BTreeSet::new();
    for t in &listed {
        match fs.canonicalize(&t.path) {
            Ok(p) => {
                if seen.insert(p.clone()) {
                    files.push(p);
                }
            }
            Err(e) => {
                let (source, span) = t.at;
                let shown = loader::display_name(&FileKey::Path(t.path.clone()));
                out.fatal.push(
                    Finding::CannotRead {
                        file: shown,
                        reason: io_reason(&e),
                        at: Some(Origin { source, span }),
                        how: Unreadable::Named,
                    }
                    .diagnostic(&out.sources),
                );
            }
        }
    }
    for f in &opts.target_files {
        if seen.insert(fs.canonicalize(f).unwrap_or_else(|_| f.clone())) {
            files.push(f.clone());
        }
    }
    let (registry, fatal, inputs) = load_targets(&files, fs, &mut session.sources);
    out.registry = registry;
    out.fatal.extend(fatal);
    out.inputs.extend(inputs);
}

/// The registry of a run: the built-ins and each descriptor file, read
/// through `fs` and stored in `sources`. Returns it with the problems that
/// stop the command (a file that cannot be read, a descriptor that is not
/// valid) and the canonical paths of the descriptors read.
pub fn load_targets(
    files: &[PathBuf],
    fs: &dyn FileSystem,
    sources: &mut SourceMap,
) -> (Registry, Vec<Diagnostic>, Vec<PathBuf>) {
    let mut registry = Registry::builtin();
    let mut fatal = Vec::new();
    let mut inputs = Vec::new();
    for path in files {
        let text = fs
            .read(path)
            .map_err(|e| cannot_read_path(path, &e))
            .and_then(|b| {
                String::from_utf8(b).map_err(|e| {
                    let at = e.utf8_error().valid_up_to();
                    Diagnostic::new(
                        codes::INVALID_UTF8,
                        format!(
                            "`{}` is not valid UTF-8: invalid byte at offset {at}",
                            path.display()
                        ),
                    )
                })
            });
        match text {
            Ok(text) => {
                // Shown from the current directory, as `ward check` shows
                // paths (a `ward.toml` entry is an absolute path here).
                let name = if path.is_absolute() {
                    loader::display_name(&FileKey::Path(path.clone()))
                } else {
                    path.to_string_lossy().replace('\\', "/")
                };
                let problems = registry.add(sources, &name, &text);
                if problems.is_empty() {
                    if let Ok(p) = fs.canonicalize(path) {
                        inputs.push(p);
                    }
                }
                fatal.extend(problems);
            }
            Err(d) => fatal.push(d),
        }
    }
    (registry, fatal, inputs)
}
