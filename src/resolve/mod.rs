//! Resolution: following `extends`, merging parents, narrowing bounds and
//! applying a file's own values (section 5 of the language reference).
//!
//! A [`Session`] owns every file read in one run. Each file is read, parsed
//! and lowered once; each policy is resolved once and cached, so a parent
//! shared by a thousand children costs one resolution and its diagnostics
//! are reported once. `extends` is followed depth-first with an explicit
//! stack that catches cycles and bounds the chain's length.

pub mod doc;
pub mod loader;
mod lower;
mod lower_value;
mod merge;
pub mod stdlib;

pub use lower::lower;
pub(crate) use lower_value::lower_value;
pub use merge::merge_policies;

use crate::diag::{codes, Diagnostic};
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
pub const MAX_EXTENDS_DEPTH: usize = 64;

/// One file, read and lowered.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub source: SourceId,
    /// `None` when the file could not be parsed far enough.
    pub doc: Option<Arc<Doc>>,
}

/// A file read, parsed and lowered without a [`Session`], so that many
/// files can be prepared at once on several threads and then added in
/// order with [`Session::insert_prepared`]. It is prepared for the
/// [`SourceId`] it will get (numbered from [`SourceMap::next_id`]).
#[derive(Debug)]
pub struct Prepared {
    id: SourceId,
    file: Arc<SourceFile>,
    doc: Option<Arc<Doc>>,
    diags: Vec<Diagnostic>,
    /// The bytes as read, kept only when they are not UTF-8, so that the
    /// file can be prepared again under another id.
    raw: Option<Vec<u8>>,
}

impl Prepared {
    /// Decodes, parses and lowers `bytes` as the file `id` named `name`.
    pub fn new(id: SourceId, name: String, bytes: Vec<u8>) -> Prepared {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let d = Diagnostic::new(
                    codes::INVALID_UTF8,
                    format!("`{name}` is not valid UTF-8: invalid byte at offset {at}"),
                )
                .at(id, Span::new(at, at + 1), "invalid UTF-8 here")
                .help("save the file as UTF-8");
                return Prepared {
                    id,
                    file: Arc::new(SourceFile::new(name, lossy)),
                    doc: None,
                    diags: vec![d],
                    raw: Some(e.into_bytes()),
                };
            }
        };
        let file = Arc::new(SourceFile::new(name, text));
        let (ast, mut diags) = crate::syntax::parse_file(id, &file.name, &file.text);
        let (doc, lower_diags) = lower(id, &ast);
        diags.extend(lower_diags);
        Prepared {
            id,
            file,
            doc: doc.map(Arc::new),
            diags,
            raw: None,
        }
    }

    /// The same file prepared again as `id`.
    fn redo(id: SourceId, old: Prepared) -> Prepared {
        let bytes = match old.raw {
            Some(raw) => raw,
            None => old.file.text.as_bytes().to_vec(),
        };
        Prepared::new(id, old.file.name.clone(), bytes)
    }
}

/// Every file and policy of one run.
pub struct Session<'fs> {
    fs: &'fs dyn FileSystem,
    root: PathBuf,
    pub sources: SourceMap,
    pub files: HashMap<FileKey, FileEntry>,
    resolved: HashMap<FileKey, Option<Arc<Resolved>>>,
    /// Files being resolved, outermost first, each with the reference that
    /// led to it.
    stack: Vec<(FileKey, Option<(SourceId, Span)>)>,
    /// Problems in the text of the files read: syntax and lowering.
    pub diags: Vec<Diagnostic>,
    /// What resolution and validation found, with the file of the policy
    /// being resolved when it was found.
    pub found: Vec<(SourceId, Finding)>,
}

impl<'fs> Session<'fs> {
    /// `root` must be canonical: references may not leave it.
    pub fn new(fs: &'fs dyn FileSystem, root: PathBuf) -> Session<'fs> {
        Session {
            fs,
            root,
            sources: SourceMap::new(),
            files: HashMap::new(),
            resolved: HashMap::new(),
            stack: Vec::new(),
            diags: Vec::new(),
            found: Vec::new(),
        }
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Reads, parses and lowers a file once. `Err` carries the I/O error for
    /// the caller to report where it fits (the command line or an `extends`).
    pub fn load(&mut self, key: &FileKey) -> Result<FileEntry, std::io::Error> {
        if let Some(entry) = self.files.get(key) {
            return Ok(entry.clone());
        }
        let bytes = match key {
            FileKey::Std(name) => stdlib::get(name)
                .map(|t| t.as_bytes().to_vec())
                .ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such profile")
                })?,
            FileKey::Path(p) => self.fs.read(p)?,
        };
        let name = loader::display_name(key);
        let entry = self.add_source(name, bytes);
        self.files.insert(key.clone(), entry.clone());
        Ok(entry)
    }

    /// Adds a file's bytes to the session and parses and lowers them.
    pub fn add_source(&mut self, name: String, bytes: Vec<u8>) -> FileEntry {
        let prepared = Prepared::new(self.sources.next_id(), name, bytes);
        self.add_prepared(prepared)
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

    fn add_prepared(&mut self, prepared: Prepared) -> FileEntry {
        // Spans name the id the file was prepared for; if the map has moved
        // on since, prepare it again under the right one.
        let prepared = if prepared.id == self.sources.next_id() {
            prepared
        } else {
            Prepared::redo(self.sources.next_id(), prepared)
        };
        let source = self.sources.push(prepared.file);
        self.diags.extend(prepared.diags);
        FileEntry {
            source,
            doc: prepared.doc,
        }
    }

    /// Resolves the policy in `key`, following `extends`. `None` when the
    /// file has no usable policy; the reasons are in `self.diags`.
    pub fn resolve(&mut self, key: &FileKey) -> Option<Arc<Resolved>> {
        self.resolve_via(key, None)
    }

    /// Resolves `key` as if it also extended each of `profiles` (`ward check
    /// --profile`), after its own references. The references point at the
    /// policy's name. The result is not cached: as a parent of another file,
    /// the policy is what its file says.
    pub fn resolve_with(&mut self, key: &FileKey, profiles: &[String]) -> Option<Arc<Resolved>> {
        if profiles.is_empty() {
            return self.resolve(key);
        }
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
        if let Some(done) = self.resolved.get(key) {
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
        let entry = match self.load(key) {
            Ok(entry) => entry,
            Err(e) => {
                if let Some((source, span)) = via {
                    self.found.push((
                        source,
                        Finding::CannotRead {
                            file: loader::display_name(key),
                            reason: io_reason(&e),
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
        self.resolved.insert(key.clone(), resolved.clone());
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
        let (resolved, found) = merge::resolve_doc(doc, entry.source, parents, &self.sources);
        // Step 5: each policy is checked once, when it is resolved.
        let checked = crate::validate::check(&resolved, &self.sources);
        self.found
            .extend(found.into_iter().chain(checked).map(|f| (entry.source, f)));
        Some(Arc::new(resolved))
    }

    fn follow(
        &mut self,
        from: &FileKey,
        src: SourceId,
        reference: &str,
        span: Span,
    ) -> Option<Arc<Resolved>> {
        match loader::resolve_ref(self.fs, &self.root, from, reference) {
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
            reason: io_reason(&e),
            at: Some(at),
            how: Unreadable::Reference,
        },
    }
}

/// An I/O error as a short lowercase phrase.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}
