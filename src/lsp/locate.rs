//! What is at a place in a buffer: a setting, an `extends` reference, a
//! target name or a code, found in the syntax tree of any of the three forms
//! (their trees all have spans into the text).

use crate::catalog::{self, INSTANCED_SECTION};
use crate::model::SettingKey;
use crate::source::Span;
use crate::syntax::ast::{File, Item, Stmt, StmtKind};
use std::sync::Arc;

/// A thing the cursor can be on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// A setting's path or the value or bound written for it; `target` is
    /// the target (or group) of the `for` block it is written in.
    Setting {
        key: SettingKey,
        target: Option<String>,
        span: Span,
    },
    /// A section name (`session` in `session { … }` or `session.x`).
    Section {
        name: String,
        span: Span,
    },
    /// One `extends` reference, unescaped.
    Reference {
        text: String,
        span: Span,
    },
    Target {
        name: String,
        span: Span,
    },
    Code {
        code: String,
        span: Span,
    },
}

/// Parses `text` (a file named `name`) into its syntax tree, ignoring
/// syntax errors (the tree holds what could be read).
pub fn parse(name: &str, text: &str) -> File {
    crate::syntax::parse_file(name, text).0
}

/// The setting a full path names: `[section, name]`, or
/// `[integrations, NAME, name]`.
pub fn key_of(segs: &[&str]) -> Option<SettingKey> {
    match segs {
        [section, name] if *section != INSTANCED_SECTION => {
            catalog::find(section, name).map(SettingKey::plain)
        }
        [INSTANCED_SECTION, inst, name] => {
            catalog::find(INSTANCED_SECTION, name).map(|id| SettingKey {
                id,
                instance: Some(Arc::from(*inst)),
            })
        }
        _ => None,
    }
}

fn contains(span: Span, offset: usize) -> bool {
    (span.start as usize) <= offset && offset <= span.end as usize
}

/// What is at byte `offset`.
pub fn at(file: &File, offset: usize) -> Option<At> {
    let policy = file.policy.as_ref()?;
    items(&policy.items, &[], None, offset)
}

fn items(list: &[Item], prefix: &[&str], target: Option<&str>, offset: usize) -> Option<At> {
    for item in list {
        if !contains(item.span(), offset) {
            continue;
        }
        let found = match item {
            Item::Extends { refs, .. } => {
                refs.iter()
                    .find(|r| contains(r.span, offset))
                    .map(|r| At::Reference {
                        text: r.node.clone(),
                        span: r.span,
                    })
            }
            Item::Targets { names, .. } => {
                names
                    .iter()
                    .find(|n| contains(n.span, offset))
                    .map(|n| At::Target {
                        name: n.node.clone(),
                        span: n.span,
                    })
            }
            Item::Allow { codes, .. } => {
                codes
                    .iter()
                    .find(|c| contains(c.span, offset))
                    .map(|c| At::Code {
                        code: c.node.clone(),
                        span: c.span,
                    })
            }
            // The target's name, or what is inside: the same settings as
            // outside (a `for` block holds full paths).
            Item::For(f) if contains(f.target.span, offset) => Some(At::Target {
                name: f.target.node.clone(),
                span: f.target.span,
            }),
            Item::For(f) => items(&f.items, &[], Some(&f.target.node), offset),
            Item::Stmt(stmt) => statement(stmt, prefix, target, offset),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn statement(stmt: &Stmt, prefix: &[&str], target: Option<&str>, offset: usize) -> Option<At> {
    let mut segs: Vec<&str> = prefix.to_vec();
    segs.extend(stmt.path.segments.iter().map(|s| s.node.as_str()));
    // Anywhere on a setting's path is the setting; on a block's path or a
    // path that names no setting, the section.
    if contains(stmt.path.span, offset) {
        if let Some(key) = key_of(&segs) {
            return Some(At::Setting {
                key,
                target: target.map(String::from),
                span: stmt.path.span,
            });
        }
        let seg = stmt
            .path
            .segments
            .iter()
            .find(|s| contains(s.span, offset))?;
        return segs.first().map(|name| At::Section {
            name: name.to_string(),
            span: seg.span,
        });
    }
    match &stmt.kind {
        StmtKind::Block { items: inner } => items(inner, &segs, target, offset),
        _ => key_of(&segs).map(|key| At::Setting {
            key,
            target: target.map(String::from),
            span: stmt.path.span,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_settings_in_blocks_references_and_targets() {
        let text = "policy p {\n  extends \"std:pci-dss-4.0\"\n  targets miro\n  session {\n    idle_timeout = 8h\n  }\n  password.min_length >= 12\n}\n";
        let file = parse("p.ward", text);
        let off = |s: &str| text.find(s).unwrap_or(0) + 1;
        let key = |s, n| key_of(&[s, n]);
        assert!(
            matches!(at(&file, off("idle_")), Some(At::Setting { key: k, .. }) if Some(&k) == key("session", "idle_timeout").as_ref())
        );
        assert!(matches!(at(&file, off("8h")), Some(At::Setting { .. })));
        assert!(
            matches!(at(&file, off("min_length")), Some(At::Setting { key: k, .. }) if Some(&k) == key("password", "min_length").as_ref())
        );
        assert!(matches!(
            at(&file, off("password")),
            Some(At::Setting { .. })
        ));
        assert!(matches!(
            at(&file, off("session {")),
            Some(At::Section { .. })
        ));
        assert!(
            matches!(at(&file, off("std:")), Some(At::Reference { text, .. }) if text == "std:pci-dss-4.0")
        );
        assert!(matches!(at(&file, off("miro")), Some(At::Target { name, .. }) if name == "miro"));
        let text = "policy p {\n  for miro {\n    session { idle_timeout = 8h }\n  }\n}\n";
        let file = parse("p.ward", text);
        let o = text.find("idle").unwrap_or(0) + 1;
        assert!(
            matches!(at(&file, o), Some(At::Setting { target: Some(t), .. }) if t == "miro"),
            "{:?}",
            at(&file, o)
        );
        let o = text.find("miro").unwrap_or(0) + 1;
        assert!(matches!(at(&file, o), Some(At::Target { name, .. }) if name == "miro"));
        let toml = "policy = \"p\"\n[session]\nidle_timeout = \"8h\"\n";
        let file = parse("p.ward.toml", toml);
        let o = toml.find("idle").unwrap_or(0) + 2;
        assert!(
            matches!(at(&file, o), Some(At::Setting { .. })),
            "{:?}",
            at(&file, o)
        );
    }
}
