//! Go to definition: from an `extends` reference to the file it names (a
//! `std:` profile to its text, written out by [`super::profiles`]); from a
//! setting to the statements that set its effective value and its bounds,
//! in whichever file of the chain they are (inside a `for` block, the value
//! the block's target, or each member of its group, has).

use super::check::Checked;
use super::diagnostics::Locator;
use super::locate::At;
use super::position::Encoding;
use crate::resolve::loader::{self, FileKey, FileSystem};
use lsp_types::{Location, Range, Url};
use std::path::Path;

pub fn definition(
    at: &At,
    file: &Path,
    checked: Option<&Checked>,
    fs: &dyn FileSystem,
    enc: Encoding,
) -> Vec<Location> {
    match at {
        At::Reference { text, .. } => {
            let root = checked
                .map(|c| c.root.clone())
                .unwrap_or_else(|| loader::default_root(file));
            let from = FileKey::Path(file.to_path_buf());
            let path = match loader::resolve_ref(fs, &root, &from, text) {
                Ok(FileKey::Path(p)) => Some(p),
                Ok(FileKey::Std(name)) => super::profiles::path(&name),
                Err(_) => None,
            };
            path.and_then(|p| Url::from_file_path(p).ok())
                .map(|u| vec![Location::new(u, Range::default())])
                .unwrap_or_default()
        }
        At::Setting { key, target, .. } => {
            let Some(c) = checked else { return Vec::new() };
            let Some(policy) = c.outcome.policies.first() else {
                return Vec::new();
            };
            let mut origins = Vec::new();
            match target {
                Some(name) => {
                    let members: Vec<String> = match c.outcome.registry.expand(name) {
                        Some(ts) => ts.into_iter().map(|t| t.name.clone()).collect(),
                        None => vec![name.clone()],
                    };
                    for m in members {
                        let t = crate::model::TargetId::new(&m);
                        if let Some(a) = policy.value_for(&t, key) {
                            origins.push(a.origin);
                        }
                    }
                }
                None => {
                    if let Some(a) = policy.values.get(key) {
                        origins.push(a.origin);
                    }
                }
            }
            if let Some(b) = policy.bounds.get(key) {
                origins.extend(b.iter().map(|b| b.origin));
            }
            let mut loc = Locator::new(&c.outcome, enc);
            let mut out: Vec<Location> = Vec::new();
            for o in origins {
                if let Some(l) = loc.location(o.source, o.span) {
                    if !out.contains(&l) {
                        out.push(l);
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}
