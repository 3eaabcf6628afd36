//! The file system the server checks through: open buffers stand in for
//! the files on disk, and every path the pipeline touches is recorded.
//!
//! The recorded paths are the check's dependencies: the entry, each file it
//! extends (also those that could not be read, so that creating or opening
//! one re-checks the entry), `ward.toml` and the descriptors it names.
//! Reading goes through [`RealFs`], the one safe reader, for files that are
//! not open.

use crate::resolve::loader::{normalize, FileSystem, RealFs, MAX_FILE_BYTES};
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Unsaved buffers by canonical path, over the real file system.
pub(crate) struct Overlay<'a> {
    open: &'a HashMap<PathBuf, Arc<str>>,
    touched: Mutex<BTreeSet<PathBuf>>,
}

impl<'a> Overlay<'a> {
    pub fn new(open: &'a HashMap<PathBuf, Arc<str>>) -> Overlay<'a> {
        Overlay {
            open,
            touched: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every path read or looked up so far.
    pub fn touched(self) -> BTreeSet<PathBuf> {
        self.touched.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn touch(&self, path: &Path) {
        if let Ok(mut t) = self.touched.lock() {
            t.insert(path.to_path_buf());
        }
    }
}

impl FileSystem for Overlay<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let path = normalize(path);
        self.touch(&path);
        match self.open.get(&path) {
            Some(text) if text.len() as u64 > MAX_FILE_BYTES => Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "is {} MiB; ward reads policy files of at most {} MiB",
                    (text.len() as u64).div_ceil(1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => RealFs.read(&path),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let path = normalize(path);
        if self.open.contains_key(&path) {
            self.touch(&path);
            return Ok(path);
        }
        match RealFs.canonicalize(&path) {
            Ok(p) => {
                self.touch(&p);
                Ok(p)
            }
            Err(e) => {
                self.touch(&path);
                // An open buffer not saved yet, reached through a symlinked
                // directory.
                let alt = path
                    .parent()
                    .and_then(|d| std::fs::canonicalize(d).ok())
                    .zip(path.file_name())
                    .map(|(d, n)| d.join(n));
                match alt {
                    Some(p) if self.open.contains_key(&p) => {
                        self.touch(&p);
                        Ok(p)
                    }
                    _ => Err(e),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_stand_in_for_files_and_reads_are_recorded() {
        let dir = std::env::temp_dir().join("ward-overlay-test-unsaved");
        let mut open = HashMap::new();
        let unsaved = dir.join("new.ward");
        open.insert(unsaved.clone(), Arc::from("policy p {}"));
        let fs = Overlay::new(&open);
        assert_eq!(
            fs.canonicalize(&dir.join("./new.ward")).ok(),
            Some(unsaved.clone())
        );
        assert_eq!(fs.read(&unsaved).ok(), Some(b"policy p {}".to_vec()));
        assert!(fs.read(&dir.join("missing.ward")).is_err());
        let touched = fs.touched();
        assert!(touched.contains(&unsaved) && touched.contains(&dir.join("missing.ward")));
    }
}
