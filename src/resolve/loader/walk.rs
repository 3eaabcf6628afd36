//! Finding policy files under a directory, the way `ward check DIR` does.
//!
//! The walk is ward's own, on top of [`FileSystem::list`], so that every
//! ignore file goes through the one reader ([`FileSystem::read_ignore`]:
//! regular files only, capped, symbolic links refused as git refuses them)
//! instead of being read by a library that would block on a FIFO named
//! `.gitignore` or read a link to `/dev/zero` forever. The `ignore` crate
//! still does the matching (gitignore syntax, negation, anchoring).
//!
//! What is picked up: regular files named like policies, in directories
//! that are neither hidden (a name starting with `.`) nor ignored by a
//! `.ignore`, `.gitignore` or `.git/info/exclude` file. Ignore files count
//! from the git work tree that holds the directory (or the directory
//! itself outside one) down; within one, `.ignore` wins over `.gitignore`,
//! which wins over `exclude`, and a deeper file wins over a shallower one.
//! Symbolic links are not followed: git stores the link, and a committed
//! link must not make ward read outside the tree. A directory that cannot
//! be listed, or an ignore file that cannot be read, is a problem the
//! caller reports; nothing is skipped silently.

use super::{is_policy_file, FileSystem};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a directory entry is, without following a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Link,
    /// A FIFO, socket or device.
    Other,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: OsString,
    pub kind: EntryKind,
}

/// Something the walk could not read.
#[derive(Debug)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub error: io::Error,
}

/// What a walk found: policy files (sorted) and what could not be read.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
}

/// The ignore files of one directory.
#[derive(Default)]
struct Level {
    ignore: Option<Gitignore>,
    gitignore: Option<Gitignore>,
    exclude: Option<Gitignore>,
}

impl Level {
    fn any(&self) -> bool {
        self.ignore.is_some() || self.gitignore.is_some() || self.exclude.is_some()
    }
}

/// Is `path` (under every level's directory) ignored?
fn ignored(levels: &[Arc<Level>], path: &Path, is_dir: bool) -> bool {
    let kinds: [fn(&Level) -> Option<&Gitignore>; 3] = [
        |l| l.ignore.as_ref(),
        |l| l.gitignore.as_ref(),
        |l| l.exclude.as_ref(),
    ];
    for kind in kinds {
        for level in levels.iter().rev() {
            if let Some(m) = kind(level) {
                let found = m.matched(path, is_dir);
                if found.is_ignore() {
                    return true;
                }
                if found.is_whitelist() {
                    return false;
                }
            }
        }
    }
    false
}

/// Reads one ignore file as a matcher rooted at `dir`. A missing file is
/// `Ok(None)`; one that cannot be read is a problem.
fn matcher<F: FileSystem + ?Sized>(
    fs: &F,
    dir: &Path,
    file: &Path,
    problems: &mut Vec<WalkProblem>,
) -> Option<Gitignore> {
    let bytes = match fs.read_ignore(file) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => {
            problems.push(WalkProblem {
                path: file.to_path_buf(),
                error,
            });
            return None;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut b = GitignoreBuilder::new(dir);
    for line in text.lines() {
        // A pattern git cannot read is skipped, as git skips it.
        let _ = b.add_line(Some(file.to_path_buf()), line);
    }
    b.build().ok()
}

/// The ignore files of `dir` itself: `.ignore`, `.gitignore`, and
/// `.git/info/exclude` when `dir` is the top of a work tree.
fn level_of<F: FileSystem + ?Sized>(
    fs: &F,
    dir: &Path,
    top: bool,
    problems: &mut Vec<WalkProblem>,
) -> Level {
    Level {
        ignore: matcher(fs, dir, &dir.join(".ignore"), problems),
        gitignore: matcher(fs, dir, &dir.join(".gitignore"), problems),
        exclude: if top {
            git_dir(fs, dir).and_then(|g| matcher(fs, dir, &g.join("info/exclude"), problems))
        } else {
            None
        },
    }
}

/// The git directory whose `info/exclude` applies to the work tree `top`:
/// `.git` itself, or for a linked work tree (`.git` is a file saying
/// `gitdir: PATH`) the repository's common directory.
fn git_dir<F: FileSystem + ?Sized>(fs: &F, top: &Path) -> Option<PathBuf> {
    let dot_git = top.join(".git");
    match fs.kind(&dot_git).ok()? {
        super::EntryKind::Dir => Some(dot_git),
        super::EntryKind::File => {
            let text = fs.read_ignore(&dot_git).ok()?;
            let text = String::from_utf8_lossy(&text);
            let linked = top.join(text.trim().strip_prefix("gitdir:")?.trim());
            let common = fs
                .read_ignore(&linked.join("commondir"))
                .ok()
                .map(|c| linked.join(String::from_utf8_lossy(&c).trim()));
            Some(common.unwrap_or(linked))
        }
        _ => None,
    }
}

/// Is `dir` the top of a git work tree?
fn is_top<F: FileSystem + ?Sized>(fs: &F, dir: &Path) -> bool {
    fs.kind(&dir.join(".git")).is_ok()
}

/// The ignore levels that apply above `dir` (canonical): from the top of
/// the work tree holding it down to its parent. Outside a work tree, none.
fn levels_above<F: FileSystem + ?Sized>(
    fs: &F,
    dir: &Path,
    problems: &mut Vec<WalkProblem>,
) -> Vec<Arc<Level>> {
    let Some(top) = dir.ancestors().skip(1).find(|d| is_top(fs, d)) else {
        return Vec::new();
    };
    let mut chain: Vec<&Path> = dir
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(top))
        .collect();
    chain.reverse();
    chain
        .into_iter()
        .map(|d| Arc::new(level_of(fs, d, d == top, problems)))
        .filter(|l| l.any())
        .collect()
}

/// Every policy file under the directory `dir`.
pub fn walk<F: FileSystem + ?Sized>(fs: &F, dir: &Path) -> Walk {
    let mut out = Walk::default();
    // Matching needs where the directory really is (its ignore files may
    // sit above it); the paths returned keep the spelling they were given.
    let real = fs.canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let above = levels_above(fs, &real, &mut out.problems);
    let mut stack: Vec<(PathBuf, PathBuf, Vec<Arc<Level>>)> =
        vec![(dir.to_path_buf(), real, above)];
    while let Some((shown, real, mut levels)) = stack.pop() {
        let mut entries = match fs.list(&shown) {
            Ok(e) => e,
            Err(error) => {
                out.problems.push(WalkProblem { path: shown, error });
                continue;
            }
        };
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let level = level_of(fs, &real, is_top(fs, &real), &mut out.problems);
        if level.any() {
            levels.push(Arc::new(level));
        }
        for entry in entries {
            let name = entry.name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let real_path = real.join(&entry.name);
            match entry.kind {
                EntryKind::Dir if !ignored(&levels, &real_path, true) => {
                    stack.push((shown.join(&entry.name), real_path, levels.clone()));
                }
                EntryKind::File
                    if is_policy_file(&name) && !ignored(&levels, &real_path, false) =>
                {
                    out.files.push(shown.join(&entry.name));
                }
                _ => {}
            }
        }
    }
    out.files.sort();
    out.problems.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The policy files under `paths`: a directory is walked, anything else is
/// taken as it is named (and refused when read if it is not a policy file
/// ward can read). A path that does not exist is a problem.
pub fn collect<F: FileSystem + ?Sized>(fs: &F, paths: &[PathBuf]) -> Walk {
    let mut out = Walk::default();
    for path in paths {
        match fs.kind(path) {
            Ok(EntryKind::Dir) => {
                let mut w = fs.walk(path);
                out.files.append(&mut w.files);
                out.problems.append(&mut w.problems);
            }
            Ok(_) => out.files.push(path.clone()),
            Err(error) => out.problems.push(WalkProblem {
                path: path.clone(),
                error,
            }),
        }
    }
    out
}
