//! Checking one open file: the pipeline `ward check FILE` runs, with that
//! file as the only entry, through the overlay of open buffers.
//!
//! The server never re-implements a check: this calls [`driver::run`], the
//! function behind `ward check`, and keeps its whole [`Outcome`] (sources,
//! diagnostics, the resolved policy) for hover and go-to-definition, with
//! the paths the run touched as the file's dependencies.

use super::overlay::Overlay;
use crate::driver::{self, Options, Outcome};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The result of checking one entry.
#[derive(Debug)]
pub(crate) struct Checked {
    pub outcome: Outcome,
    /// Every path the run read or looked up.
    pub deps: BTreeSet<PathBuf>,
    /// The root the run was confined to.
    pub root: PathBuf,
}

/// Checks `entry` (a canonical path) as `ward check ENTRY --root ROOT` would,
/// with the server's own flags (`base`: `--target-file`), reading open
/// buffers from `open`.
pub fn check(
    entry: &Path,
    root: &Path,
    base: &Options,
    open: &HashMap<PathBuf, Arc<str>>,
) -> Checked {
    let fs = Overlay::new(open);
    let opts = Options {
        root: Some(root.to_path_buf()),
        ..base.clone()
    };
    let outcome = driver::run(&[entry.to_path_buf()], &opts, &fs);
    Checked {
        outcome,
        deps: fs.touched(),
        root: root.to_path_buf(),
    }
}

/// The root `ward check` would use for a file: the git work tree that holds
/// it, else the current directory. Found once per directory.
#[derive(Debug, Default)]
pub(crate) struct Roots {
    by_dir: HashMap<PathBuf, PathBuf>,
}

impl Roots {
    pub fn of(&mut self, file: &Path) -> PathBuf {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        self.by_dir
            .entry(dir)
            .or_insert_with(|| crate::resolve::loader::default_root(file))
            .clone()
    }
}
