//! Finding and reading policy files, confined to a root directory.
//!
//! File access goes through the [`FileSystem`] trait so the resolver can be
//! tested in memory and fuzzed. This is the one place where references are
//! turned into files: relative paths are joined to the referring file's
//! folder, canonicalized (following symlinks) and refused if they leave the
//! root; `std:NAME` names a profile embedded in the binary.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The largest policy file ward reads; larger files are refused with a
/// diagnostic rather than parsed into memory several times their size.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What the resolver needs from a file system.
pub trait FileSystem: Sync {
    /// The file's bytes. Implementations refuse directories, FIFOs and other
    /// non-regular files, and files over [`MAX_FILE_BYTES`].
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The absolute path with every symlink resolved.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(io::Error::other("is a directory, not a file"));
        }
        if !meta.is_file() {
            return Err(io::Error::other("is not a regular file"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(meta.len()));
        }
        let mut buf = Vec::with_capacity(meta.len() as usize);
        // Read at most one byte past the limit, in case the file grows.
        std::fs::File::open(path)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)?;
        if buf.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(buf.len() as u64));
        }
        Ok(buf)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

/// Refuses a file over [`MAX_FILE_BYTES`]. The kind is
/// [`io::ErrorKind::FileTooLarge`], so a caller can tell a refused file (a
/// problem with the input) from one that could not be read.
fn too_large(len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "is {} MiB; ward reads policy files of at most {} MiB",
            len.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
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
        let p = normalize(path);
        if self.files.contains_key(&p) || self.files.keys().any(|k| k.starts_with(&p)) {
            Ok(p)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
    }
}

/// Folds `.` and `..` without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
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
pub enum RefError {
    Absolute,
    OutsideRoot { resolved: PathBuf },
    UnknownProfile,
    Io(io::Error),
}

/// Resolves `reference`, written in the file `from` (a canonical path, or a
/// profile), to a file key, confined to `root` (canonical).
pub fn resolve_ref(
    fs: &dyn FileSystem,
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
    let canonical = fs.canonicalize(&joined).map_err(RefError::Io)?;
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

/// How a file is named in diagnostics: relative to the current directory
/// with `/` separators when it is under it, else the full path.
pub fn display_name(key: &FileKey) -> String {
    match key {
        FileKey::Std(name) => format!("std:{name}"),
        FileKey::Path(p) => {
            let cwd = std::env::current_dir()
                .and_then(std::fs::canonicalize)
                .unwrap_or_default();
            let shown = p.strip_prefix(&cwd).unwrap_or(p);
            shown.to_string_lossy().replace('\\', "/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
