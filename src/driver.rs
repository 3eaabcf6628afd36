//! The driver: what `ward check` and `ward build` do, minus the printing.
//!
//! It finds the policy files under the given paths, resolves each in one
//! [`Session`] (so shared parents are read and reported once), runs the
//! checks that belong to whole runs (bounds nothing sets, `allow`), and
//! returns every diagnostic with the sources they point into. Nothing here
//! prints or exits.

use crate::diag::{codes, Diagnostic, Severity};
use crate::finding::{Finding, Side, Unreadable};
use crate::model::Resolved;
use crate::resolve::loader::{self, FileKey, FileSystem};
use crate::resolve::{io_reason, Prepared, Session};
use crate::source::{SourceId, SourceMap};
use crate::targets::{Registry, Target};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options shared by the commands.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The directory no `extends` may leave; by default the git work tree
    /// holding the first path, else the current directory.
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
pub fn collect_in(fs: &dyn FileSystem, paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let walk = loader::collect(fs, paths);
    let fatal = walk
        .problems
        .iter()
        .map(|p| {
            let named = paths.contains(&p.path);
            let what = if named {
                String::new()
            } else if p
                .path
                .file_name()
                .is_some_and(|n| n == ".gitignore" || n == ".ignore" || n == "exclude")
            {
                "the ignore file ".to_string()
            } else {
                "the directory ".to_string()
            };
            Diagnostic::new(
                codes::CANNOT_READ_PATH,
                format!(
                    "cannot read {what}`{}`: {}",
                    p.path.display(),
                    io_reason(&p.error)
                ),
            )
            .maybe_help(
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

/// Resolves and checks exactly these files, reading through `fs`.
pub fn run(files: &[PathBuf], opts: &Options, fs: &dyn FileSystem) -> Outcome {
    let root = match &opts.root {
        Some(r) => fs.canonicalize(r).unwrap_or_else(|_| r.clone()),
        None => files
            .first()
            .map(|f| loader::default_root(f))
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let mut session = Session::new(fs, root);
    let mut out = Outcome::default();
    load_target_files(opts, fs, &mut session, &mut out);
    let mut seen = BTreeSet::new();
    let mut entries: Vec<(&PathBuf, FileKey)> = Vec::new();
    for file in files {
        match fs.canonicalize(file) {
            Ok(p) => {
                let key = FileKey::Path(p);
                if seen.insert(key.clone()) {
                    entries.push((file, key));
                }
            }
            Err(e) => out.fatal.push(cannot_read_path(file, &e)),
        }
    }
    // Read, parse and lower the entries on every core; each is prepared for
    // the source id it will get, so adding them in order below gives the
    // same session as loading them one by one.
    let read: Vec<std::io::Result<Vec<u8>>> = entries
        .par_iter()
        .map(|(_, key)| match key {
            FileKey::Path(p) => fs.read(p),
            FileKey::Std(_) => Err(std::io::ErrorKind::NotFound.into()),
        })
        .collect();
    let first = session.sources.next_id().0;
    let mut next = first;
    let jobs: Vec<_> = entries
        .iter()
        .zip(read)
        .map(|((file, key), bytes)| {
            let id = bytes.is_ok().then(|| {
                next += 1;
                SourceId(next - 1)
            });
            (*file, key, id, bytes)
        })
        .collect();
    let prepared: Vec<_> = jobs
        .into_par_iter()
        .map(|(file, key, id, bytes)| {
            let done = match (id, bytes) {
                (Some(id), Ok(bytes)) => Ok(Prepared::new(id, loader::display_name(key), bytes)),
                (_, Err(e)) => Err(e),
                (None, Ok(_)) => Err(std::io::ErrorKind::Other.into()),
            };
            (file, key, done)
        })
        .collect();
    let mut loaded = Vec::new();
    for (file, key, done) in prepared {
        match done {
            Ok(p) => {
                session.insert_prepared(key, p);
                out.files += 1;
                loaded.push(key);
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
    for key in loaded {
        if let Some(p) = session.resolve_with(key, &opts.profiles) {
            out.policies.push(p);
        }
    }
    finish(&mut session, &mut out, opts);
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

/// A path named on the command line (or found in a directory it names)
/// that cannot be read: the command cannot run.
fn cannot_read_path(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        codes::CANNOT_READ_PATH,
        format!("cannot read `{}`: {}", file.display(), io_reason(e)),
    )
}

/// A file refused as a policy (too large): a problem with the input.
fn cannot_read(file: &Path, e: &std::io::Error) -> Diagnostic {
    Finding::CannotRead {
        file: file.display().to_string(),
        reason: io_reason(e),
        at: None,
        how: Unreadable::Refused,
    }
    .diagnostic(&SourceMap::new())
}

/// The checks that need the whole run, then ordering.
fn finish(session: &mut Session<'_>, out: &mut Outcome, opts: &Options) {
    let mut found: Vec<Finding> = std::mem::take(&mut session.found)
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    let mut stand_ins: HashMap<SourceId, Vec<&Target>> = HashMap::new();
    for p in &out.policies {
        let (targets, problems) = targets_of(p, &out.registry, &opts.extra_targets);
        found.extend(problems);
        if targets.is_empty() {
            continue;
        }
        found.extend(crate::targets::check(p, &targets));
        found.extend(rules_with_stand_ins(p, &targets));
        if let Some(src) = p.source {
            stand_ins.insert(src, targets);
        }
    }
    // Bounds on settings nothing sets, on the policies no other entry extends.
    let extended: BTreeSet<SourceId> = out
        .policies
        .iter()
        .flat_map(|p| p.parents.iter().filter_map(|x| x.policy.source))
        .collect();
    for p in &out.policies {
        if p.source.is_some_and(|s| !extended.contains(&s)) {
            let targets = p.source.and_then(|s| stand_ins.get(&s));
            let has_stand_in = |key: &crate::model::SettingKey| {
                targets.is_some_and(|ts| ts.iter().any(|t| t.effective_unset(key).is_some()))
            };
            found.extend(crate::validate::unverified_bounds(p, &has_stand_in));
        }
    }
    let mut diags = std::mem::take(&mut session.diags);
    diags.extend(found.iter().map(|f| f.diagnostic(&session.sources)));
    out.findings = found;
    apply_allow(session, &mut diags);
    let sources = &session.sources;
    crate::diag::sort_and_dedup(&mut diags, |s| sources.get(s).name.clone());
    cap_repeats(&mut diags);
    out.diags = diags;
}

/// How many diagnostics of one code are shown for one file. A file that
/// sets one setting 100,000 times gets this many `E0213`s and a count of
/// the rest, not 100,000 reports.
pub const MAX_REPEATS: usize = 50;

/// Keeps the first [`MAX_REPEATS`] diagnostics of each code in each file
/// (the list is sorted, so the first by position) and notes on the last
/// one kept how many more there were.
fn cap_repeats(diags: &mut Vec<Diagnostic>) {
    let mut count: HashMap<(Option<SourceId>, crate::diag::Code), usize> = HashMap::new();
    for d in diags.iter() {
        *count.entry((d.source(), d.code)).or_default() += 1;
    }
    if count.values().all(|&n| n <= MAX_REPEATS) {
        return;
    }
    let mut seen: HashMap<(Option<SourceId>, crate::diag::Code), usize> = HashMap::new();
    let mut kept = Vec::with_capacity(diags.len());
    for mut d in diags.drain(..) {
        let key = (d.source(), d.code);
        let n = seen.entry(key).or_default();
        *n += 1;
        let total = count.get(&key).copied().unwrap_or(0);
        if *n > MAX_REPEATS {
            continue;
        }
        if *n == MAX_REPEATS && total > MAX_REPEATS {
            let more = total - MAX_REPEATS;
            let what = if d.primary.is_some() {
                "in this file"
            } else {
                "without a place"
            };
            let code = d.code.as_str();
            d = d.note(format!("and {more} more {code} {what}, not shown"));
        }
        kept.push(d);
    }
    *diags = kept;
}

/// Drops warnings that the file they point into silences with `allow`, and
/// warns about `allow` lines that silenced nothing.
fn apply_allow(session: &Session<'_>, diags: &mut Vec<Diagnostic>) {
    let mut allowed: HashMap<(SourceId, crate::diag::Code), (crate::source::Span, bool)> =
        HashMap::new();
    for entry in session.files.values() {
        if let Some(doc) = &entry.doc {
            for code in &doc.allow {
                allowed.insert((entry.source, code.node), (code.span, false));
            }
        }
    }
    if allowed.is_empty() {
        return;
    }
    diags.retain(|d| {
        if d.severity != Severity::Warning {
            return true;
        }
        let Some(src) = d.source() else { return true };
        match allowed.get_mut(&(src, d.code)) {
            Some((_, used)) => {
                *used = true;
                false
            }
            None => true,
        }
    });
    let mut unused: Vec<_> = allowed.into_iter().filter(|(_, (_, used))| !used).collect();
    unused.sort_by_key(|((s, c), (span, _))| (*s, *span, *c));
    for ((src, code), (span, _)) in unused {
        if session.sources.get(src).is_builtin() {
            continue;
        }
        diags.push(
            Diagnostic::new(
                codes::UNUSED_ALLOW,
                format!("`allow {code}` silences nothing in this file"),
            )
            .at(src, span, "no such warning here")
            .help("remove it, so a future warning is not hidden"),
        );
    }
}

/// Reads one file and resolves it, for `ward build`.
pub fn build(file: &Path, opts: &Options) -> Outcome {
    run(&[file.to_path_buf()], opts, &loader::RealFs)
}

/// Reads the descriptors the root's `ward.toml` names, then every
/// `--target-file` (a file named twice is read once). A descriptor that
/// cannot be read, or that is not a valid descriptor, stops the command
/// (exit 2): the run cannot be checked against a service it cannot describe
/// (docs/reliability.md). So does a malformed `ward.toml`; its problems, and
/// a listed file that cannot be read, point at their line in it.
fn load_target_files(
    opts: &Options,
    fs: &dyn FileSystem,
    session: &mut Session<'_>,
    out: &mut Outcome,
) {
    let root = session.root().to_path_buf();
    let (project, problems) = crate::project::load(fs, &root, &mut session.sources);
    out.fatal.extend(problems);
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen = BTreeSet::new();
    for t in &project.target_files {
        match fs.canonicalize(&t.path) {
            Ok(p) => {
                if seen.insert(p.clone()) {
                    files.push(p);
                }
            }
            Err(e) => {
                let (src, span) = t.at;
                let shown = loader::display_name(&FileKey::Path(t.path.clone()));
                out.fatal.push(
                    Diagnostic::new(
                        codes::CANNOT_READ,
                        format!("cannot read `{shown}`: {}", io_reason(&e)),
                    )
                    .at(src, span, "named here")
                    .help("paths in `ward.toml` are relative to the directory that holds it"),
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

/// The targets a policy is checked against: its own `targets` line (or,
/// when `extra` names any, `extra` instead: `--target` replaces the line),
/// groups expanded, each target once. Unknown names in the file are
/// diagnostics; unknown names in `extra` are the command line's to report.
pub fn targets_of<'r>(
    policy: &Resolved,
    registry: &'r Registry,
    extra: &[String],
) -> (Vec<&'r Target>, Vec<Finding>) {
    let mut out: Vec<&Target> = Vec::new();
    let mut diags = Vec::new();
    let mut add = |ts: Vec<&'r Target>| {
        for t in ts {
            if !out.iter().any(|o| o.name == t.name) {
                out.push(t);
            }
        }
    };
    for name in &policy.targets {
        match registry.expand(&name.node) {
            Some(ts) if extra.is_empty() => add(ts),
            Some(_) => {}
            None => {
                if let Some(src) = policy.source {
                    diags.push(crate::targets::unknown_target(
                        registry, &name.node, src, name.span,
                    ));
                }
            }
        }
    }
    for name in extra {
        if let Some(ts) = registry.expand(name) {
            add(ts);
        }
    }
    (out, diags)
}

/// The cross-setting rules again, with each target's default or fixed value
/// standing in for a setting the policy leaves unset. Only the findings a
/// stand-in takes part in are new: the others were found with the policy.
fn rules_with_stand_ins(policy: &Resolved, targets: &[&Target]) -> Vec<Finding> {
    use crate::validate::{check_rules, Facts};
    let base = Facts::of(policy);
    let mut out = Vec::new();
    for t in targets {
        let Some((source, span)) = crate::targets::target_at(policy, t) else {
            continue;
        };
        let mut facts = base.clone();
        let mut stood_in = false;
        for (id, _) in crate::catalog::all() {
            let key = crate::model::SettingKey::plain(id);
            if facts.knows(&key) {
                continue;
            }
            if let Some(value) = t.effective_unset(id) {
                stood_in = true;
                facts.stand_in(Side::TargetDefault {
                    key,
                    value,
                    target: crate::model::TargetId::new(&t.name),
                    at: crate::model::Origin { source, span },
                });
            }
        }
        if stood_in {
            out.extend(
                check_rules(&facts, policy)
                    .into_iter()
                    .filter(Finding::has_stand_in),
            );
        }
    }
    out
}
