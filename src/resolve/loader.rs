//! Finding and reading policy files, confined to a root directory.
//!
//! File access goes through the [`FileSystem`] trait so the resolver can be
//! tested in memory and fuzzed. On disk ([`RealFs`]) every read goes
//! through the one reader ([`read_regular`]: regular files only, never
//! blocking, at most [`MAX_FILE_BYTES`]; a file reached through `extends`
//! is checked to lie under the root as opened, [`FileSystem::read_within`]),
//! and [`FileSystem::walk`] finds
//! the policy files under a directory, reading ignore files through the
//! same reader ([`walk`]). This is also the one place where references are
//! turned into files: relative paths are joined to the referring file's
//! folder, canonicalized (following symlinks) and refused if they leave the
//! root; `std:NAME` names a profile embedded in the binary.

mod read;
mod walk;

pub(crate) use read::{open_regular, too_large};
pub use read::{read_capped, read_regular, Follow, MAX_FILE_BYTES};
pub use walk::{collect, DirEntry, EntryKind, Walk, WalkProblem};

use std::io;
use std::path::{Component, Path, PathBuf};

/// Is `name` a policy file `ward check` picks up in a directory?
pub fn is_policy_file(name: &str) -> bool {
    name.ends_with(".ward") || name.ends_with(".ward.toml") || name.ends_with(".ward.json")
}

/// What the resolver and the directory walk need from a file system.
pub trait FileSystem: Sync {
    /// The file's bytes. Implementations refuse directories, FIFOs and other
    /// non-regular files, and files over [`MAX_FILE_BYTES`].
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// [`FileSystem::read`] of a file reached through `extends`, which must
    /// lie under `root` (canonical) as the file actually opened, not only
    /// as its path was when it was canonicalized: a directory on the path
    /// swapped for a symlink in between would read a file outside.
    fn read_within(&self, path: &Path, root: &Path) -> io::Result<Vec<u8>> {
        let _ = root;
        self.read(path)
    }
    /// The absolute path with every symlink resolved.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// [`FileSystem::canonicalize`] of each of `paths`, in order.
    fn canonicalize_each(&self, paths: &[PathBuf]) -> Vec<io::Result<PathBuf>> {
        paths.iter().map(|p| self.canonicalize(p)).collect()
    }
    /// What `path` is, following symbolic links.
    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let _ = path;
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "cannot list directories here",
        ))
    }
    /// The entries of the directory `dir`, in any order.
    fn list(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        self.kind(dir).map(|_| Vec::new())
    }
    /// An ignore file's bytes: like [`FileSystem::read`], but a symbolic
    /// link is refused. A missing file is [`io::ErrorKind::NotFound`].
    fn read_ignore(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read(path)
    }
    /// Every policy file under the directory `dir` (see [`walk`]).
    fn walk(&self, dir: &Path) -> Walk {
        walk::walk(self, dir)
    }
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(path, Follow::Links)
    }

    fn read_within(&self, path: &Path, root: &Path) -> io::Result<Vec<u8>> {
        let (file, len) = open_regular(path, Follow::Links)?;
        read::confirm_within(&file, path, root)?;
        read::read_sized(file, len)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    /// The files of one directory share its canonical path, looked up
    /// once: each file that is not a symbolic link then costs one `lstat`
    /// instead of a look-up of every component of its path (the files of
    /// a 10,000-file check).
    fn canonicalize_each(&self, paths: &[PathBuf]) -> Vec<io::Result<PathBuf>> {
        let mut dirs = std::collections::HashMap::new();
        paths.iter().map(|p| canonical_in(p, &mut dirs)).collect()
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        Ok(kind_of(std::fs::metadata(path)?.file_type()))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            out.push(DirEntry {
                kind: kind_of(entry.file_type()?),
                name: entry.file_name(),
            });
        }
        Ok(out)
    }

    fn read_ignore(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(path, Follow::NoLinks)
    }
}

/// The canonical path of `path`, its directory's looked up in `dirs` (and
/// remembered there) unless the file itself is a symbolic link.
fn canonical_in<'p>(
    path: &'p Path,
    dirs: &mut std::collections::HashMap<&'p Path, PathBuf>,
) -> io::Result<PathBuf> {
    let (Some(dir), Some(Component::Normal(name))) = (path.parent(), path.components().next_back())
    else {
        return std::fs::canonicalize(path);
    };
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return std::fs::canonicalize(path);
    }
    if let Some(d) = dirs.get(dir) {
        return Ok(d.join(name));
    }
    let here = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let d = std::fs::canonicalize(here)?;
    let joined = d.join(name);
    dirs.insert(dir, d);
    Ok(joined)
}

fn kind_of(t: std::fs::FileType) -> EntryKind {
    if t.is_symlink() {
        EntryKind::Link
    } else if t.is_dir() {
        EntryKind::Dir
    } else if t.is_file() {
        EntryKind::File
    } else {
        EntryKind::Other
    }
}

/// An in-memory file system for tests and fuzzing: paths are taken as they
/// are, with `.` and `..` folded and no symlinks.
#[derive(Clone, Debug, Default)]
pub struct MemoryFs {
    pub files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFs {
    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) -> Self {
        self.files.insert(normalize(&path.into()), text.into());
        self
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.kind(path).map(|_| normalize(path))
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let p = normalize(path);
        if self.files.contains_key(&p) {
            Ok(EntryKind::File)
        } else if self.files.keys().any(|k| k.starts_with(&p)) {
            Ok(EntryKind::Dir)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let dir = normalize(dir);
        if self.kind(&dir)? != EntryKind::Dir {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a directory",
            ));
        }
        let mut out: Vec<DirEntry> = Vec::new();
        for key in self.files.keys() {
            let Ok(rest) = key.strip_prefix(&dir) else {
                continue;
            };
            let mut parts = rest.components();
            let Some(first) = parts.next() else { continue };
            let kind = if parts.next().is_some() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            let name = first.as_os_str().to_os_string();
            if !out.iter().any(|e| e.name == name) {
                out.push(DirEntry { name, kind });
            }
        }
        Ok(out)
    }
}

/// Folds `.` and `..` without touching the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // `/..` is `/`, as on disk; a relative path keeps its leading
            // `..`s (`../..` stays two levels up).
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Where a reference leads.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKey {
    /// A built-in profile, by name.
    Std(String),
    /// A file on disk, canonical.
    Path(PathBuf),
}

/// Why a reference could not be followed.
#[derive(Debug)]
pub(crate) enum RefError {
    Absolute,
    OutsideRoot { resolved: PathBuf },
    UnknownProfile,
    Io(io::Error),
}

/// Resolves `reference`, written in the file `from` (a canonical path, or a
/// profile), to a file key, confined to `root` (canonical).
pub(crate) fn resolve_ref(
    fs: &dyn FileSystem,
    root: &Path,
    from: &FileKey,
    reference: &str,
) -> Result<FileKey, RefError> {
    resolve_ref_with(&mut |p| fs.canonicalize(p), root, from, reference)
}

/// [`resolve_ref`] with `canonicalize` for the file system's: a session
/// remembers the paths it canonicalized, since a thousand files that
/// extend `../baseline.ward` all name one path.
pub(crate) fn resolve_ref_with(
    canonicalize: &mut dyn FnMut(&Path) -> io::Result<PathBuf>,
    root: &Path,
    from: &FileKey,
    reference: &str,
) -> Result<FileKey, RefError> {
    if let Some(name) = reference.strip_prefix("std:") {
        return if crate::resolve::stdlib::get(name).is_some() {
            Ok(FileKey::Std(name.to_string()))
        } else {
            Err(RefError::UnknownProfile)
        };
    }
    let rel = Path::new(reference);
    if rel.is_absolute() || reference.starts_with('/') || reference.starts_with('\\') {
        return Err(RefError::Absolute);
    }
    let base = match from {
        FileKey::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
        // A profile may only extend other profiles.
        FileKey::Std(_) => return Err(RefError::UnknownProfile),
    };
    let joined = normalize(&base.join(rel));
    if !joined.starts_with(root) {
        return Err(RefError::OutsideRoot { resolved: joined });
    }
    let canonical = canonicalize(&joined).map_err(RefError::Io)?;
    if !canonical.starts_with(root) {
        return Err(RefError::OutsideRoot {
            resolved: canonical,
        });
    }
    Ok(FileKey::Path(canonical))
}

/// The root directory: the git work tree that holds `entry`, else the
/// current directory.
pub fn default_root(entry: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let start = std::fs::canonicalize(entry).unwrap_or_else(|_| cwd.join(entry));
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    std::fs::canonicalize(&cwd).unwrap_or(cwd)
}

/// [`default_root`] of each of `files`, in order. Files of one directory
/// that are not symbolic links share their root, found once: each other
/// file costs one `lstat` instead of a canonicalization and a look for
/// `.git` in every directory above it.
pub fn default_roots(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut by_dir: std::collections::HashMap<&Path, PathBuf> = Default::default();
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let plain = std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file());
        let dir = file.parent().filter(|_| plain);
        let root = match dir.and_then(|d| by_dir.get(d)) {
            Some(root) => root.clone(),
            None => {
                let root = default_root(file);
                if let Some(d) = dir {
                    by_dir.insert(d, root.clone());
                }
                root
            }
        };
        out.push(root);
    }
    out
}

/// How a file is named in diagnostics: relative to the current directory
/// with `/` separators, climbing with `..` from a subdirectory
/// ([`crate::diag::render::paths`]).
pub fn display_name(key: &FileKey) -> String {
    match key {
        FileKey::Std(name) => format!("std:{name}"),
        FileKey::Path(p) => crate::diag::render::paths::cwd_name(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_skip_hidden_and_ignored_and_report_what_they_cannot_read() {
        let fs = MemoryFs::default()
            .with("/r/.git/HEAD", "x")
            .with("/r/.gitignore", "gen/\n*.tmp.ward\n")
            .with("/r/a.ward", "x")
            .with("/r/b.tmp.ward", "x")
            .with("/r/notes.txt", "x")
            .with("/r/gen/c.ward", "x")
            .with("/r/.hidden/d.ward", "x")
            .with("/r/t/e.ward.toml", "x")
            .with("/r/t/.ignore", "!f.tmp.ward\n")
            .with("/r/t/f.tmp.ward", "x");
        let w = fs.walk(Path::new("/r"));
        assert!(w.problems.is_empty(), "{:?}", w.problems);
        let want: Vec<PathBuf> = ["/r/a.ward", "/r/t/e.ward.toml", "/r/t/f.tmp.ward"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(w.files, want);
        // From a subdirectory, the work tree's ignore files still count.
        let w = fs.walk(Path::new("/r/gen"));
        assert_eq!(w.files, vec![PathBuf::from("/r/gen/c.ward")]);
        let w = collect(&fs, &[PathBuf::from("/r/t"), PathBuf::from("/r/nope")]);
        assert_eq!(w.files.len(), 2);
        assert_eq!(w.problems.len(), 1);
        assert_eq!(w.problems[0].path, PathBuf::from("/r/nope"));
    }

    #[test]
    fn references_stay_inside_the_root() {
        let fs = MemoryFs::default()
            .with("/r/a/p.ward", "x")
            .with("/r/base.ward", "x")
            .with("/outside.ward", "x");
        let from = FileKey::Path(PathBuf::from("/r/a/p.ward"));
        let root = Path::new("/r");
        assert_eq!(
            resolve_ref(&fs, root, &from, "../base.ward").ok(),
            Some(FileKey::Path(PathBuf::from("/r/base.ward")))
        );
        assert!(matches!(
            resolve_ref(&fs, root, &from, "../../outside.ward"),
            Err(RefError::OutsideRoot { .. })
        ));
        assert!(matches!(
            resolve_ref(&fs, root, &from, "/r/base.ward"),
            Err(RefError::Absolute)
        ));
        assert_eq!(normalize(Path::new("/a/../../../b")), PathBuf::from("/b"));
        assert_eq!(normalize(Path::new("../../b")), PathBuf::from("../../b"));
        assert_eq!(normalize(Path::new("a/./../../b")), PathBuf::from("../b"));
        assert!(matches!(
            resolve_ref(&fs, root, &from, "./missing.ward"),
            Err(RefError::Io(_))
        ));
    }
}
