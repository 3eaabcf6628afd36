//! The evidence a report rests on: where each value and bound was written,
//! and which policy files (with their SHA-256) the policy was resolved
//! from. Names are relative to the root directory, `/`-separated, so they
//! are the same wherever ward runs.

use crate::model::{Origin, Resolved};
use crate::source::SourceMap;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A place in a file: the file relative to the root directory (or
/// `std:NAME`), 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl Place {
    pub(crate) fn of(origin: Origin, sources: &SourceMap, root: &Path) -> Place {
        let f = sources.get(origin.source);
        let (line, col) = f.line_col(origin.span.start);
        Place {
            file: root_relative(&f.name, root),
            line,
            col,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One policy file the report rests on.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    /// The path to read it, from the current directory.
    pub path: PathBuf,
    /// Its name relative to the root directory, `/`-separated: the same
    /// wherever ward runs.
    pub name: String,
    /// SHA-256 of its text, lower-case hex.
    pub sha256: String,
}

/// `name` (relative to the current directory, or absolute) relative to
/// `root` with `/` separators; `std:NAME` and names outside `root` as they
/// are.
fn root_relative(name: &str, root: &Path) -> String {
    if name.starts_with("std:") {
        return name.to_string();
    }
    std::fs::canonicalize(name)
        .ok()
        .and_then(|abs| {
            abs.strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_else(|| name.replace('\\', "/"))
}

/// The policy files of `policy`'s chain, entry first, built-in profiles
/// left out.
pub(crate) fn policy_files(policy: &Resolved, sources: &SourceMap, root: &Path) -> Vec<PolicyFile> {
    let mut seen = Vec::new();
    let mut stack = vec![policy];
    while let Some(p) = stack.pop() {
        if let Some(id) = p.source {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        stack.extend(p.parents.iter().rev().map(|q| q.policy.as_ref()));
    }
    seen.into_iter()
        .map(|id| sources.get(id))
        .filter(|f| !f.is_builtin())
        .map(|f| PolicyFile {
            path: PathBuf::from(&f.name),
            name: root_relative(&f.name, root),
            sha256: hex(&Sha256::digest(f.text.as_bytes())),
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
