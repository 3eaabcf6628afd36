//! Which open files depend on which paths: each open policy's last check
//! records every path it touched, so a change to one file re-checks exactly
//! the open files whose result can depend on it.

use lsp_types::Url;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub(crate) struct Graph {
    deps: HashMap<Url, BTreeSet<PathBuf>>,
    dependents: HashMap<PathBuf, BTreeSet<Url>>,
}

impl Graph {
    /// Records what `entry`'s last check touched.
    pub fn set(&mut self, entry: &Url, deps: BTreeSet<PathBuf>) {
        self.remove(entry);
        for d in &deps {
            self.dependents
                .entry(d.clone())
                .or_default()
                .insert(entry.clone());
        }
        self.deps.insert(entry.clone(), deps);
    }

    pub fn remove(&mut self, entry: &Url) {
        for d in self.deps.remove(entry).unwrap_or_default() {
            if let Some(set) = self.dependents.get_mut(&d) {
                set.remove(entry);
                if set.is_empty() {
                    self.dependents.remove(&d);
                }
            }
        }
    }

    /// The entries whose last check touched `path`.
    pub fn dependents(&self, path: &Path) -> impl Iterator<Item = &Url> {
        self.dependents.get(path).into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependents_follow_the_last_check() {
        let mut g = Graph::default();
        let (a, b) = match (Url::parse("file:///a.ward"), Url::parse("file:///b.ward")) {
            (Ok(a), Ok(b)) => (a, b),
            _ => return,
        };
        let base = PathBuf::from("/base.ward");
        g.set(&a, BTreeSet::from([PathBuf::from("/a.ward"), base.clone()]));
        g.set(&b, BTreeSet::from([base.clone()]));
        assert_eq!(g.dependents(&base).count(), 2);
        g.set(&a, BTreeSet::from([PathBuf::from("/a.ward")]));
        assert_eq!(g.dependents(&base).collect::<Vec<_>>(), [&b]);
        g.remove(&b);
        assert_eq!(g.dependents(&base).count(), 0);
    }
}
