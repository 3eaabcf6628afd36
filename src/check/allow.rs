//! `allow`: which warnings a file's `allow` lines silence, and which lines
//! silenced nothing.
//!
//! A line matches a warning when it names the warning's code, when its `on`
//! list (if any) covers a setting the warning is about (a section covers its
//! settings; a rule between two settings matches when either side does), and
//! when its `for` list (if any, groups expanded) names a target the warning
//! is about. A warning that lists settings (the unsupported settings, the
//! bounds nothing verifies) loses the settings a matching line covers, and is
//! silenced when none is left. Errors are never silenced.

use crate::diag::Severity;
use crate::finding::Finding;
use crate::model::Origin;
use crate::resolve::doc::AllowRule;
use crate::source::{SourceId, SourceMap};
use crate::targets::Registry;
use std::collections::HashMap;

/// One `allow` line, its `for` list expanded, and which of its codes have
/// silenced something.
struct Line {
    rule: AllowRule,
    targets: Vec<String>,
    used: Vec<bool>,
}

/// Every file's `allow` lines.
pub(super) struct Allows {
    files: HashMap<SourceId, Vec<Line>>,
}

impl Allows {
    /// The lines of each file, with a finding for each name in a `for` list
    /// that is no target.
    pub fn new(
        allows: Vec<(SourceId, Vec<AllowRule>)>,
        registry: &Registry,
    ) -> (Allows, Vec<Finding>) {
        let mut unknown = Vec::new();
        let mut files: HashMap<SourceId, Vec<Line>> = HashMap::new();
        for (source, rules) in allows {
            for rule in rules {
                let mut targets = Vec::new();
                for t in &rule.targets {
                    match registry.expand(&t.node) {
                        Some(ts) => targets.extend(ts.into_iter().map(|t| t.name.clone())),
                        None => unknown.push(crate::targets::unknown_target(
                            registry, &t.node, source, t.span,
                        )),
                    }
                }
                let used = vec![false; rule.codes.len()];
                files.entry(source).or_default().push(Line {
                    rule,
                    targets,
                    used,
                });
            }
        }
        (Allows { files }, unknown)
    }

    /// Has `file` any `allow` line? If not, [`Allows::apply`] gives back
    /// every finding as it is.
    pub fn has_lines(&self, file: SourceId) -> bool {
        self.files.get(&file).is_some_and(|l| !l.is_empty())
    }

    /// `f` after the `allow` lines of `file`: `None` when they silence it,
    /// else what is left of it. Marks the codes that silenced something.
    pub fn apply(&mut self, file: SourceId, f: Finding) -> Option<Finding> {
        if f.severity() != Severity::Warning {
            return Some(f);
        }
        let Some(lines) = self.files.get_mut(&file) else {
            return Some(f);
        };
        let mut cur = f;
        for line in lines {
            let Some(i) = line.rule.codes.iter().position(|c| c.node == cur.code()) else {
                continue;
            };
            let targets = cur.targets();
            if !line.targets.is_empty()
                && !targets
                    .iter()
                    .any(|t| line.targets.iter().any(|n| n == t.as_str()))
            {
                continue;
            }
            match narrow(&cur, &line.rule) {
                Narrowed::Untouched => continue,
                Narrowed::Silenced => {
                    line.used[i] = true;
                    return None;
                }
                Narrowed::Left(rest) => {
                    line.used[i] = true;
                    cur = *rest;
                }
            }
        }
        Some(cur)
    }

    /// A finding for each code of an `allow` line that silenced nothing in
    /// the run (built-in profiles are not the user's to fix).
    pub(crate) fn unused(&self, sources: &SourceMap) -> Vec<Finding> {
        let mut out = Vec::new();
        for (source, lines) in &self.files {
            if sources.get(*source).is_builtin() {
                continue;
            }
            for line in lines {
                for (code, used) in line.rule.codes.iter().zip(&line.used) {
                    if *used {
                        continue;
                    }
                    out.push(Finding::UnusedAllow {
                        code: code.node,
                        at: Origin {
                            source: *source,
                            span: code.span,
                        },
                        on: line.rule.on.iter().map(|p| p.node.clone()).collect(),
                        targets: line.rule.targets.iter().map(|t| t.node.clone()).collect(),
                    });
                }
            }
        }
        out
    }
}

/// What an `allow` line's `on` list does to a finding.
enum Narrowed {
    /// Not about any setting the line covers.
    Untouched,
    Silenced,
    /// A warning that lists settings, without the ones the line covers.
    Left(Box<Finding>),
}

fn narrow(f: &Finding, rule: &AllowRule) -> Narrowed {
    if rule.on.is_empty() {
        return Narrowed::Silenced;
    }
    let covered = |path: &str| rule.covers_path(path);
    match f {
        Finding::Unsupported {
            at,
            targets,
            settings,
        } => {
            let rest: Vec<_> = settings
                .iter()
                .filter(|(k, _)| !covered(&k.path()))
                .cloned()
                .collect();
            left(rest.len(), settings.len(), || Finding::Unsupported {
                at: *at,
                targets: targets.clone(),
                settings: rest.clone(),
            })
        }
        Finding::UnverifiedBounds { at, own, bounds } => {
            let rest: Vec<_> = bounds
                .iter()
                .filter(|(k, _)| !covered(&k.path()))
                .cloned()
                .collect();
            left(rest.len(), bounds.len(), || Finding::UnverifiedBounds {
                at: *at,
                own: *own,
                bounds: rest.clone(),
            })
        }
        _ if f.setting_paths().iter().any(|p| covered(p)) => Narrowed::Silenced,
        _ => Narrowed::Untouched,
    }
}

fn left(rest: usize, all: usize, make: impl Fn() -> Finding) -> Narrowed {
    match rest {
        0 => Narrowed::Silenced,
        n if n == all => Narrowed::Untouched,
        _ => Narrowed::Left(Box::new(make())),
    }
}
