//! Resolution: following `extends`, merging parents, narrowing bounds and
//! applying a file's own values (section 5 of the language reference).
//!
//! A [`Session`] owns every file read in one run. Each file is read, parsed
//! and lowered once; each policy is resolved once per root and cached, so a
//! parent shared by a thousand children costs one resolution. `extends` is
//! followed depth-first with an explicit stack that catches cycles and
//! bounds the chain's length. Resolution only resolves: what it finds
//! (cycles, references it cannot follow, parents that disagree, bounds that
//! contradict) is in [`Session::found`]; checking the resolved policies is
//! the next stage's (`crate::check`).

pub mod doc;
pub mod loader;
mod lower;
mod lower_value;
mod merge;
mod per_target;
pub mod stdlib;

pub use lower::lower;
pub(crate) use lower_value::lower_value;
pub use merge::merge_policies;
pub use per_target::{AnyName, TargetNames};

use crate::diag::{codes, Diagnostic, Here, Local};
use crate::finding::{Finding, Unreadable};
use crate::model::{Origin, Parent, Resolved};
use crate::source::{SourceFile, SourceId, SourceMap, Span};
use doc::Doc;
use loader::{FileKey, FileSystem, RefError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The longest `extends` chain followed; a longer one is an error rather than
/// a risk to the stack.
pub(crate) const MAX_EXTENDS_DEPTH: usize = 64;

/// One file, read and lowered.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub source: SourceId,
    /// `None` when the file could not be parsed far enough.
    pub doc: Option<Arc<Doc>>,
}

/// A file read, parsed and lowered without a [`Session`], so that many
/// files can be prepared at once on several threads and then added with
/// [`Session::insert_prepared`]. Its spans are into its own text; the
/// session stamps the file's [`SourceId`] on its diagnostics when it adds
/// it, so the order files are prepared in does not matter.
#[derive(Debug)]
pub struct Prepared {
    file: Arc<SourceFile>,
    doc: Option<Arc<Doc>>,
    diags: Vec<Local>,
}

impl Prepared {
    /// Decodes, parses and lowers `bytes` as the file named `name`.
    pub fn new(name: String, bytes: Vec<u8>) -> Prepared {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let d = Local::new(
                    codes::INVALID_UTF8,
                    format!("`{name}` is not valid UTF-8: invalid byte at offset {at}"),
                )
                .at(Here, Span::new(at, at + 1), "invalid UTF-8 here")
                .help("save the file as UTF-8");
                return Prepared {
                    file: Arc::new(SourceFile::new(name, lossy)),
                    doc: None,
                    diags: vec![d],
                };
            }
        };
        let file = Arc::new(SourceFile::new(name, text));
        let (ast, mut diags) = crate::syntax::parse_file(&file.name, &file.text);
        let (doc, lower_diags) = lower::lower_owned(ast);
        diags.extend(lower_diags);
        Prepared {
            file,
            doc: doc.map(Arc::new),
            diags,
        }
    }
}

/// Every file and policy of one run.
pub struct Session<'fs> {
    fs: &'fs dyn FileSystem,
    /// The root of the policy being resolved: references may not leave it.
    root: PathBuf,
    pub sources: SourceMap,
    pub files: HashMap<FileKey, FileEntry>,
    /// Each file's policy, once per root it was resolved under.
    resolved: HashMap<(FileKey, PathBuf), Option<Arc<Resolved>>>,
    /// Every policy resolved, in the order resolution finished (parents
    /// before the files that extend them), each once.
    done: Vec<Arc<Resolved>>,
    /// Files being resolved, outermost first, each with the reference that
    /// led to it.
    stack: Vec<(FileKey, Option<(SourceId, Span)>)>,
    /// Problems in the text of the files read: syntax and lowering.
    pub diags: Vec<Diagnostic>,
    /// What resolution found, with the file of the policy being resolved
    /// when it was found.
    pub found: Vec<(SourceId, Finding)>,
    /// The targets the run knows: what the names of `for` blocks mean.
    targets: Box<dyn TargetNames + 'fs>,
    /// Each path an `extends` led to, canonical: the file is read once
    /// (`files`), so what its path leads to is looked up once too.
    canonical: HashMap<PathBuf, PathBuf>,
}

impl<'fs> Session<'fs> {
    /// `root` must be canonical: references may not leave it. It is the
    /// root of every resolution that does not name its own
    /// ([`Session::resolve_in`]).
    pub fn new(fs: &'fs dyn FileSystem, root: PathBuf) -> Session<'fs> {
        Session {
            fs,
            root,
            sources: SourceMap::new(),
            files: HashMap::new(),
            resolved: HashMap::new(),
            done: Vec::new(),
            stack: Vec::new(),
            diags: Vec::new(),
            found: Vec::new(),
            targets: Box::new(AnyName),
            canonical: HashMap::new(),
        }
    }

    /// What the names of `for` blocks mean (the run's targets and groups;
    /// by default every name is a target of its own): set before anything
    /// is resolved.
    pub fn set_targets(&mut self, names: impl TargetNames + 'fs) {
        self.targets = Box::new(names);
    }

    /// Every policy resolved so far, each once, parents before the files
    /// that extend them: what validation checks.
    pub fn policies(&self) -> &[Arc<Resolved>] {
        &self.done
    }

    /// Reads, parses and lowers a file once. `Err` carries the I/O error for
    /// the caller to report where it fits (the command line or an `extends`).
    pub fn load(&mut self, key: &FileKey) -> Result<FileEntry, std::io::Error> {
        self.load_from(key, false)
    }

    /// [`Session::load`] of a file reached through `extends`: it must lie
    /// under the session's root as it is opened.
    fn load_within(&mut self, key: &FileKey) -> Result<FileEntry, std::io::Error> {
        self.load_from(key, true)
    }

    fn load_from(&mut self, key: &FileKey, confined: bool) -> Result<FileEntry, std::io::Error> {
        if let Some(entry) = self.files.get(key) {
            return Ok(entry.clone());
        }
        let name = loader::display_name(key);
        let prepared = match key {
            FileKey::Std(profile) => {
                let text = stdlib::get(profile).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such profile")
                })?;
                // Lowered when ward was built, unless edited since.
                match stdlib::lowered(profile) {
                    Some(doc) => Prepared {
                        file: Arc::new(SourceFile::new(name, text.to_string())),
                        doc: Some(Arc::new(doc)),
                        diags: Vec::new(),
                    },
                    None => Prepared::new(name, text.as_bytes().to_vec()),
                }
            }
            FileKey::Path(p) if confined => {
                Prepared::new(name, self.fs.read_within(p, &self.root)?)
            }
            FileKey::Path(p) => Prepared::new(name, self.fs.read(p)?),
        };
        let entry = self.add_prepared(prepared);
        self.files.insert(key.clone(), entry.clone());
        Ok(entry)
    }

    /// Adds a file prepared away from the session (see [`Prepared`]) as the
    /// file `key`. A file already loaded is kept as it is.
    pub fn insert_prepared(&mut self, key: &FileKey, prepared: Prepared) -> FileEntry {
        if let Some(entry) = self.files.get(key) {
            return entry.clone();
        }
        let entry = self.add_prepared(prepared);
        self.files.insert(key.clone(), entry.clone());
        entry
    }

    /// Gives the file its id and stamps it on the file's diagnostics.
    fn add_prepared(&mut self, prepared: Prepared) -> FileEntry {
        let source = self.sources.push(prepared.file);
        self.diags
            .extend(prepared.diags.into_iter().map(|d| d.stamp(source)));
        FileEntry {
            source,
            doc: prepared.doc,
        }
    }

    /// Resolves the policy in `key`, following `extends`, under the
    /// session's root. `None` when the file has no usable policy; the
    /// reasons are in `self.diags` and `self.found`.
    pub fn resolve(&mut self, key: &FileKey) -> Option<Arc<Resolved>> {
        self.resolve_via(key, None)
    }

    /// Resolves the entry `key` with `root` as its root (canonical), as if it
    /// also extended each of `profiles` (`ward check --profile`), after its
    /// own references; they point at the policy's name. With profiles the
    /// result is not cached: as a parent of another file, the policy is
    /// what its file says.
    pub fn resolve_in(
        &mut self,
        key: &FileKey,
        root: &std::path::Path,
        profiles: &[String],
    ) -> Option<Arc<Resolved>> {
        let outer = std::mem::replace(&mut self.root, root.to_path_buf());
        let resolved = if profiles.is_empty() {
            self.resolve(key)
        } else {
            self.resolve_with_profiles(key, profiles)
        };
        self.root = outer;
        resolved
    }

    fn resolve_with_profiles(
        &mut self,
        key: &FileKey,
        profiles: &[String],
    ) -> Option<Arc<Resolved>> {
        let entry = self.load(key).ok()?;
        let mut doc = (*entry.doc.clone()?).clone();
        for p in profiles {
            let name = p.trim_start_matches("std:");
            doc.extends.push(crate::source::Spanned::new(
                format!("std:{name}"),
                doc.name.span,
            ));
        }
        self.resolve_doc(key, &entry, &doc, None)
    }

    fn resolve_via(
        &mut self,
        key: &FileKey,
        via: Option<(SourceId, Span)>,
    ) -> Option<Arc<Resolved>> {
        if let Some(pos) = self.stack.iter().position(|(k, _)| k == key) {
            self.report_cycle(pos, via);
            return None;
        }
        let cache_key = (key.clone(), self.root.clone());
        if let Some(done) = self.resolved.get(&cache_key) {
            return done.clone();
        }
        if self.stack.len() >= MAX_EXTENDS_DEPTH {
            if let Some((source, span)) = via {
                let at = Origin { source, span };
                self.found.push((
                    source,
                    Finding::ExtendsTooDeep {
                        at,
                        limit: MAX_EXTENDS_DEPTH,
                    },
                ));
            }
            return None;
        }
        // A file reached through `extends` must lie under the root as
        // opened (`FileSystem::read_within`).
        let loaded = match via {
            Some(_) => self.load_within(key),
            None => self.load(key),
        };
        let entry = match loaded {
            Ok(entry) => entry,
            Err(e) => {
                if let Some((source, span)) = via {
                    self.found.push((
                        source,
                        Finding::CannotRead {
                            file: loader::display_name(key),
                            reason: crate::diag::io::reason(&e),
                            at: Some(Origin { source, span }),
                            how: Unreadable::Extended,
                        },
                    ));
                }
                return None;
            }
        };
        let doc = entry.doc.clone()?;
        let resolved = self.resolve_doc(key, &entry, &doc, via);
        self.resolved.insert(cache_key, resolved.clone());
        resolved
    }

    fn resolve_doc(
        &mut self,
        key: &FileKey,
        entry: &FileEntry,
        doc: &Doc,
        via: Option<(SourceId, Span)>,
    ) -> Option<Arc<Resolved>> {
        self.stack.push((key.clone(), via));
        let mut parents = Vec::new();
        for r in &doc.extends {
            if let Some(parent) = self.follow(key, entry.source, &r.node, r.span) {
                parents.push(Parent {
                    via: r.span,
                    policy: parent,
                });
            }
        }
        self.stack.pop();
        let (resolved, found) =
            merge::resolve_doc(doc, entry.source, parents, &self.sources, &*self.targets);
        self.found
            .extend(found.into_iter().map(|f| (entry.source, f)));
        let resolved = Arc::new(resolved);
        self.done.push(resolved.clone());
        Some(resolved)
    }

    fn follow(
        &mut self,
        from: &FileKey,
        src: SourceId,
        reference: &str,
        span: Span,
    ) -> Option<Arc<Resolved>> {
        let (fs, known) = (self.fs, &mut self.canonical);
        let mut canonicalize = |p: &std::path::Path| match known.get(p) {
            Some(c) => Ok(c.clone()),
            None => {
                let c = fs.canonicalize(p)?;
                known.insert(p.to_path_buf(), c.clone());
                Ok(c)
            }
        };
        match loader::resolve_ref_with(&mut canonicalize, &self.root, from, reference) {
            Ok(key) => self.resolve_via(&key, Some((src, span))),
            Err(e) => {
                let f = ref_error(e, from, reference, Origin { source: src, span });
                self.found.push((src, f));
                None
            }
        }
    }

    /// Reports the cycle that closes at `via`, back to `stack[pos]`.
    fn report_cycle(&mut self, pos: usize, via: Option<(SourceId, Span)>) {
        // The links: each file's reference to the next, ending with `via`.
        let mut links: Vec<(SourceId, Span)> = self.stack[pos + 1..]
            .iter()
            .filter_map(|(_, v)| *v)
            .collect();
        links.extend(via);
        let Some(&(source, _)) = links.last() else {
            return;
        };
        let links = links
            .into_iter()
            .map(|(source, span)| Origin { source, span })
            .collect();
        self.found.push((source, Finding::ExtendsCycle { links }));
    }
}

/// Why `reference`, written at `at` in `from`, cannot be followed.
fn ref_error(e: RefError, from: &FileKey, reference: &str, at: Origin) -> Finding {
    let reference = reference.to_string();
    match e {
        RefError::Absolute => Finding::AbsoluteReference { reference, at },
        RefError::OutsideRoot { resolved } => Finding::OutsideRoot {
            reference,
            resolved: loader::display_name(&FileKey::Path(resolved)),
            at,
        },
        RefError::UnknownProfile => Finding::UnknownProfile {
            suggestion: crate::diag::suggest::did_you_mean(
                reference.trim_start_matches("std:"),
                stdlib::names(),
            ),
            in_profile: matches!(from, FileKey::Std(_)),
            reference,
            at,
        },
        RefError::Io(e) => Finding::CannotRead {
            file: reference,
            reason: crate::diag::io::reason(&e),
            at: Some(at),
            how: Unreadable::Reference,
        },
    }
}
