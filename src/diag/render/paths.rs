//! File names as each output form shows them (contract section 9).
//!
//! - **Human and JSON**: relative to the current directory, with `/`
//!   (`../baseline.ward` from a subdirectory). The name is made once, when
//!   the file is read ([`cwd_name`], through
//!   `resolve::loader::display_name`), and is the [`SourceFile`]'s `name`.
//! - **GitHub annotations and SARIF**: relative to the git work tree that
//!   holds the file, or to `GITHUB_WORKSPACE` when it is set and holds the
//!   file, whatever the current directory and `--root` are, so that an
//!   annotation attaches to the file GitHub shows ([`RepoNames`]). A file in
//!   no work tree keeps its current-directory name.
//!
//! Built-in profiles (`std:NAME`) and synthetic sources (`<command line>`)
//! keep their names everywhere.
//!
//! [`SourceFile`]: crate::source::SourceFile

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::source::{SourceId, SourceMap};

/// `path` with `.` and `..` resolved by the text alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base`, both absolute, climbing with `..` where
/// needed; `None` when they share no root (two Windows drives).
pub fn relative(path: &Path, base: &Path) -> Option<PathBuf> {
    let (path, base) = (lexical(path), lexical(base));
    let mut p = path.components().peekable();
    let mut b = base.components().peekable();
    if p.peek() != b.peek() {
        return None;
    }
    while p.peek().is_some() && p.peek() == b.peek() {
        p.next();
        b.next();
    }
    let mut out = PathBuf::new();
    for _ in b {
        out.push("..");
    }
    out.extend(p);
    Some(out)
}

/// A path as ward prints it: `/` between components, `.` for the base
/// itself.
pub(crate) fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// The current directory, canonical (so it compares with canonical paths).
/// Every file of a run is named from it, so the canonical form is kept for
/// as long as the current directory stays the same (one `getcwd` a call
/// instead of a `canonicalize`, which looks up each component).
fn cwd() -> Option<PathBuf> {
    use std::sync::Mutex;
    static LAST: Mutex<Option<(PathBuf, PathBuf)>> = Mutex::new(None);
    let raw = std::env::current_dir().ok()?;
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((was, canonical)) = last.as_ref() {
        if *was == raw {
            return Some(canonical.clone());
        }
    }
    let canonical = std::fs::canonicalize(&raw).ok()?;
    *last = Some((raw, canonical.clone()));
    Some(canonical)
}

/// The name of `path` (absolute, canonical) for human and JSON output:
/// relative to the current directory, with `/`, climbing with `..` out of a
/// subdirectory. A path that shares nothing with the current directory but
/// the root (`/etc/p.ward` seen from `/home/me/repo`) stays absolute:
/// `../../../etc/p.ward` would say the same less clearly.
pub fn cwd_name(path: &Path) -> String {
    let Some(cwd) = cwd() else {
        return slashed(path);
    };
    let shared = lexical(path)
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .filter(|(a, _)| matches!(a, Component::Normal(_)))
        .count();
    match relative(path, &cwd) {
        Some(rel) if shared > 0 => slashed(&rel),
        _ => slashed(path),
    }
}

/// Is `name` a file on disk, not `std:NAME` or `<command line>`?
fn is_disk_name(name: &str) -> bool {
    !name.starts_with("std:") && !name.starts_with('<')
}

/// The nearest directory holding `path` that is the top of a git work tree
/// (it has a `.git` directory, or a `.git` file for a linked work tree or a
/// submodule).
fn work_tree(path: &Path) -> Option<&Path> {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
}

/// The names GitHub annotations and SARIF give the files of one run,
/// computed once per file.
pub(crate) struct RepoNames {
    names: HashMap<SourceId, String>,
}

impl RepoNames {
    /// Names every file of `sources`, with `workspace` as the
    /// `GITHUB_WORKSPACE` directory if there is one.
    pub fn new(sources: &SourceMap, workspace: Option<&Path>) -> RepoNames {
        let cwd = cwd();
        let workspace = workspace.map(|w| std::fs::canonicalize(w).unwrap_or(w.to_path_buf()));
        let names = sources
            .ids()
            .map(|id| {
                let name = &sources.get(id).name;
                (id, repo_name(name, cwd.as_deref(), workspace.as_deref()))
            })
            .collect();
        RepoNames { names }
    }

    /// As [`RepoNames::new`], reading `GITHUB_WORKSPACE` from the
    /// environment.
    pub(crate) fn from_env(sources: &SourceMap) -> RepoNames {
        let workspace = std::env::var_os("GITHUB_WORKSPACE")
            .filter(|w| !w.is_empty())
            .map(PathBuf::from);
        RepoNames::new(sources, workspace.as_deref())
    }

    pub fn get<'a>(&'a self, sources: &'a SourceMap, id: SourceId) -> &'a str {
        match self.names.get(&id) {
            Some(n) => n,
            None => &sources.get(id).name,
        }
    }
}

/// One file's name relative to its repository: `name` is relative to `cwd`
/// (or absolute).
fn repo_name(name: &str, cwd: Option<&Path>, workspace: Option<&Path>) -> String {
    if !is_disk_name(name) {
        return name.to_string();
    }
    let path = match cwd {
        Some(c) => lexical(&c.join(name)),
        None => return name.to_string(),
    };
    let base = workspace
        .filter(|w| path.starts_with(w))
        .or_else(|| work_tree(&path));
    match base.and_then(|b| relative(&path, b)) {
        Some(rel) => slashed(&rel),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    #[test]
    fn relative_paths_climb_with_dots() {
        let rel = |p: &str, b: &str| relative(Path::new(p), Path::new(b)).map(|r| slashed(&r));
        assert_eq!(rel("/r/a/p.ward", "/r").as_deref(), Some("a/p.ward"));
        assert_eq!(rel("/r/p.ward", "/r/sub").as_deref(), Some("../p.ward"));
        assert_eq!(
            rel("/r/x/p.ward", "/r/y/z").as_deref(),
            Some("../../x/p.ward")
        );
        assert_eq!(rel("/r", "/r").as_deref(), Some("."));
        assert_eq!(rel("/r/./a/../p.ward", "/r").as_deref(), Some("p.ward"));
        assert_eq!(rel("a/p.ward", "/r"), None);
    }

    #[test]
    fn repository_names_follow_the_work_tree_or_the_workspace() {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let top = std::fs::canonicalize(d.path()).unwrap_or_else(|e| panic!("{e}"));
        let repo = top.join("repo");
        std::fs::create_dir_all(repo.join(".git")).ok();
        std::fs::create_dir_all(repo.join("teams/sub")).ok();
        let cwd = repo.join("teams/sub");
        // Named from a subdirectory, relative to it.
        assert_eq!(repo_name("../a.ward", Some(&cwd), None), "teams/a.ward");
        assert_eq!(repo_name("b.ward", Some(&cwd), None), "teams/sub/b.ward");
        // A workspace that holds the file wins; one that does not is ignored.
        assert_eq!(
            repo_name("../a.ward", Some(&cwd), Some(&top)),
            "repo/teams/a.ward"
        );
        assert_eq!(
            repo_name("../a.ward", Some(&cwd), Some(&repo.join("other"))),
            "teams/a.ward"
        );
        // Outside any work tree, the name stays.
        assert_eq!(repo_name("../../x.ward", Some(&repo), None), "../../x.ward");
        assert_eq!(
            repo_name("std:pci-dss-4.0", Some(&cwd), None),
            "std:pci-dss-4.0"
        );
        assert_eq!(
            repo_name("<command line>", Some(&cwd), None),
            "<command line>"
        );
    }
}
