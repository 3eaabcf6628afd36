//! Completion inside `extends`: `std:` profiles, and the files and folders
//! next to the policy.

use super::Cand;
use lsp_types::CompletionItemKind;
use std::path::Path;

/// `extends ` before a string: references in quotes.
pub(super) fn extends_quoted(path: &Path) -> Vec<Cand> {
    extends_strings("", path)
        .into_iter()
        .map(|c| {
            let q = crate::value::quote(&c.insert);
            c.insert(q)
        })
        .collect()
}

/// Inside an `extends` string whose content so far is `typed`.
pub(super) fn extends_strings(typed: &str, path: &Path) -> Vec<Cand> {
    let mut out = Vec::new();
    if "std:".starts_with(typed) || typed.starts_with("std:") {
        for name in crate::resolve::stdlib::names() {
            let p = crate::resolve::stdlib::profile(name);
            let mut c = Cand::new(format!("std:{name}"), CompletionItemKind::MODULE);
            if let Some(p) = p {
                c = c
                    .detail(p.title.clone())
                    .doc(format!("{}\n\nversion: {}", p.title, p.version));
            }
            out.push(c);
        }
    }
    if typed.starts_with("std:") {
        return out;
    }
    let Some(base) = path.parent() else {
        return out;
    };
    // The folder part typed so far: `./`, `../common/`, or none (`./`).
    let (dir_part, written) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], true),
        None => ("./", false),
    };
    let dir = base.join(dir_part);
    let mut entries: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_dir = e.file_type().ok()?.is_dir();
            let wanted = if is_dir {
                !name.starts_with('.')
            } else {
                crate::driver::is_policy_file(&name) && e.path() != path
            };
            wanted.then_some((name, is_dir))
        })
        .collect();
    entries.sort();
    if !written {
        for up in ["./", "../"] {
            out.push(Cand::new(up, CompletionItemKind::FOLDER));
        }
    }
    for (name, is_dir) in entries {
        let full = format!("{dir_part}{name}{}", if is_dir { "/" } else { "" });
        let kind = if is_dir {
            CompletionItemKind::FOLDER
        } else {
            CompletionItemKind::FILE
        };
        out.push(Cand::new(full, kind));
    }
    out
}
