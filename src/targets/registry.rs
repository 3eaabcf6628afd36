//! Which target a name means, for a run: the built-ins plus the
//! descriptors of `--target-file`, groups expanded.
//!
//! Every command asks the same [`Registry`], so a name means the same in
//! `check`, `build`, `targets`, `schema` and `explain`. A descriptor may
//! not reuse a built-in's name (or another descriptor's): it is refused
//! with an `E0607` at its `name`, whose help proposes `extends` to start
//! from the built-in under a new name. So `keycloak` always means the
//! built-in, on every machine and in CI (docs/decisions.md).

use super::builtin::{builtin, builtin_group, builtin_groups, builtin_names, builtins};
use super::descriptor::{self, Described};
use super::{Group, Target};
use crate::diag::{codes, suggest, Diagnostic};
use crate::source::SourceMap;

/// What a name stands for.
#[derive(Clone, Debug)]
pub enum Found<'a> {
    Target(&'a Target),
    /// A group and its members, in the group's order.
    Group(&'a Group, Vec<&'a Target>),
}

/// The targets and groups a run knows.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    custom: Vec<Target>,
    groups: Vec<Group>,
}

impl Registry {
    /// The built-ins only.
    pub fn builtin() -> Registry {
        Registry::default()
    }

    /// Adds the descriptor `text`, stored in `sources` as `display_name`.
    /// Problems (a broken descriptor, a name already taken, a group member
    /// that is no target) are returned as diagnostics into the file.
    pub fn add(
        &mut self,
        sources: &mut SourceMap,
        display_name: &str,
        text: &str,
    ) -> Vec<Diagnostic> {
        let id = sources.add(display_name, text);
        let base = |name: &str| builtin(name).cloned();
        let described = match descriptor::parse(text, &base) {
            Ok(mut d) => {
                match &mut d {
                    Described::Target(t) => t.source = Some(id),
                    Described::Group(g) => g.source = Some(id),
                }
                d
            }
            Err(diags) => return diags.into_iter().map(|d| d.stamp(id)).collect(),
        };
        let (name, span) = match &described {
            Described::Target(t) => (t.name.clone(), t.name_span),
            Described::Group(g) => (g.name.clone(), g.name_span),
        };
        if builtin_names().contains(&name.as_str()) {
            return vec![Diagnostic::new(
                codes::INVALID_DESCRIPTOR,
                format!("`{name}` is a built-in target; a descriptor cannot replace it"),
            )
            .at(id, span, "the built-in's name")
            .help(format!(
                "give this target its own name, and start from the built-in with `extends = \"{name}\"`: `name = \"acme-{name}\"`"
            ))];
        }
        if self.find(&name).is_some() {
            return vec![Diagnostic::new(
                codes::INVALID_DESCRIPTOR,
                format!("two descriptors are named `{name}`"),
            )
            .at(id, span, "already taken by an earlier `--target-file`")
            .help("give each descriptor its own `name`")];
        }
        match described {
            Described::Target(t) => self.custom.push(t),
            Described::Group(g) => {
                let missing: Vec<&String> = g
                    .members
                    .iter()
                    .filter(|m| self.target(m).is_none())
                    .collect();
                if !missing.is_empty() {
                    let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                    let help = missing
                        .first()
                        .and_then(|m| suggest::help_did_you_mean(m, self.target_names()))
                        .unwrap_or_else(|| {
                            "a member is a built-in target or one from an earlier `--target-file`"
                                .into()
                        });
                    return vec![Diagnostic::new(
                        codes::INVALID_DESCRIPTOR,
                        format!("group `{name}` names no such target: {}", names.join(", ")),
                    )
                    .at(id, span, "in this group")
                    .help(help)];
                }
                self.groups.push(g);
            }
        }
        Vec::new()
    }

    /// The target named `name` (not a group).
    pub fn target(&self, name: &str) -> Option<&Target> {
        builtin(name).or_else(|| self.custom.iter().find(|t| t.name == name))
    }

    /// What `name` stands for.
    pub fn find(&self, name: &str) -> Option<Found<'_>> {
        if let Some(t) = self.target(name) {
            return Some(Found::Target(t));
        }
        let g = builtin_group(name).or_else(|| self.groups.iter().find(|g| g.name == name))?;
        let members = g.members.iter().filter_map(|m| self.target(m)).collect();
        Some(Found::Group(g, members))
    }

    /// The targets `name` stands for: itself, or a group's members.
    pub fn expand(&self, name: &str) -> Option<Vec<&Target>> {
        match self.find(name)? {
            Found::Target(t) => Some(vec![t]),
            Found::Group(_, members) => Some(members),
        }
    }

    /// Every target, built-ins first.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        builtins().iter().chain(self.custom.iter())
    }

    /// Every group, built-ins first.
    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        builtin_groups().iter().chain(self.groups.iter())
    }

    /// The targets from descriptor files.
    pub fn custom(&self) -> &[Target] {
        &self.custom
    }

    fn target_names(&self) -> impl Iterator<Item = &str> {
        self.targets().map(|t| t.name.as_str())
    }

    /// Every name a `targets` line accepts: targets and groups.
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.target_names().collect();
        out.extend(self.groups().map(|g| g.name.as_str()));
        out
    }

    /// `unknown target `NAME``, with did-you-mean over every name.
    pub fn unknown(&self, name: &str) -> (String, String) {
        let names = self.names();
        let help = suggest::help_did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
            format!(
                "the targets are {}; add another service with `--target-file`",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        (format!("unknown target `{name}`"), help)
    }
}

/// What the names of `for` blocks mean in a run: its targets, and its
/// groups expanded to their members.
impl crate::resolve::TargetNames for Registry {
    fn expand(&self, name: &str) -> Option<(Vec<crate::model::TargetId>, bool)> {
        let id = |t: &Target| crate::model::TargetId::new(&t.name);
        match self.find(name)? {
            Found::Target(t) => Some((vec![id(t)], false)),
            Found::Group(_, members) => Some((members.into_iter().map(id).collect(), true)),
        }
    }

    fn unknown(&self, name: &str, at: crate::model::Origin) -> crate::finding::Finding {
        super::unknown_target(self, name, at.source, at.span)
    }
}
