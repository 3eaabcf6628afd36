//! Per-target values in resolution (section 10 of the language reference).
//!
//! For target T, a file's value of a setting is its own `for T` value, else
//! its own general value, else the value for T it inherits from its
//! parents. So:
//!
//! 1. [`own`]: the file's `for` blocks, groups expanded to their members; a
//!    member's own block wins over a group's, and the same setting given
//!    twice for one target (two blocks of the same kind) is `E0213`;
//! 2. [`merge_parents`]: for each target any parent has per-target values
//!    for, each such setting's value is the strictest of the parents'
//!    values for that target (each parent's per-target value, else its
//!    general one; an unset side takes no part); neutral settings set
//!    differently conflict (`E0405`) unless the child sets its own;
//! 3. [`apply`]: the file's general values replace the inherited per-target
//!    values of the settings they set (a stricter one replaced is `W0401`),
//!    then its own `for` values take their place.
//!
//! Provenance is kept as for general values: each per-target value
//! remembers where it was written, what it overrode and what it was merged
//! with.

use super::doc::{Assignment, Doc};
use super::merge::fold;
use crate::finding::Finding;
use crate::model::{Assigned, ForBlock, Origin, Parent, SettingKey, TargetId};
use crate::source::{SourceId, Span};
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// What the names of `for` blocks mean: the run's targets and groups.
/// The target layer implements it (`targets::Registry`); resolution knows
/// only names.
pub trait TargetNames {
    /// The targets `name` stands for, and whether it is a group (whose
    /// members' own blocks win over its); `None` when it is no target.
    fn expand(&self, name: &str) -> Option<(Vec<TargetId>, bool)>;
    /// The finding for a name that is no target (with did-you-mean).
    fn unknown(&self, name: &str, at: Origin) -> Finding;
}

/// Every name is a target of its own, and there are no groups: what a
/// session knows before the run's targets are set.
pub struct AnyName;

impl TargetNames for AnyName {
    fn expand(&self, name: &str) -> Option<(Vec<TargetId>, bool)> {
        Some((vec![TargetId::new(name)], false))
    }

    fn unknown(&self, name: &str, at: Origin) -> Finding {
        Finding::UnknownTarget {
            name: name.to_string(),
            at: Some(at),
            help: "no target of this run has that name".to_string(),
            suggestion: None,
        }
    }
}

/// Per-target values: for each target, each setting's value.
pub(super) type PerTarget = BTreeMap<TargetId, BTreeMap<SettingKey, Assigned>>;

/// A file's own `for` blocks, groups expanded.
pub(super) struct Own<'d> {
    pub blocks: Vec<ForBlock>,
    /// For each target, the assignment that counts for each setting.
    pub values: BTreeMap<TargetId, BTreeMap<SettingKey, &'d Assignment>>,
}

/// The `for` blocks of `doc` (the file `src`), their names looked up in
/// `names`: an unknown one is `E0608` (its values are dropped).
pub(super) fn own<'d>(
    doc: &'d Doc,
    src: SourceId,
    names: &dyn TargetNames,
    found: &mut Vec<Finding>,
) -> Own<'d> {
    let mut blocks = Vec::new();
    // Each (target, setting) with every assignment of it, in file order,
    // and whether it was written in the target's own block.
    let mut written: BTreeMap<(TargetId, SettingKey), Vec<(&Assignment, bool)>> = BTreeMap::new();
    for b in &doc.for_blocks {
        let (targets, direct) = match names.expand(&b.target.node) {
            Some((targets, group)) => (targets, !group),
            None => {
                let at = Origin {
                    source: src,
                    span: b.target.span,
                };
                found.push(names.unknown(&b.target.node, at));
                (Vec::new(), true)
            }
        };
        for t in &targets {
            for a in &b.values {
                written
                    .entry((t.clone(), a.key.clone()))
                    .or_default()
                    .push((a, direct));
            }
        }
        blocks.push(ForBlock {
            name: b.target.clone(),
            head: b.head,
            targets,
        });
    }
    let origin = |span: Span| Origin { source: src, span };
    let mut reported: BTreeSet<(Span, Span)> = BTreeSet::new();
    let mut values: BTreeMap<TargetId, BTreeMap<SettingKey, &Assignment>> = BTreeMap::new();
    for ((target, key), list) in written {
        let direct: Vec<&Assignment> = list.iter().filter(|(_, d)| *d).map(|(a, _)| *a).collect();
        // A target's own block wins over its groups'.
        let counted: Vec<&Assignment> = if direct.is_empty() {
            list.iter().map(|(a, _)| *a).collect()
        } else {
            direct
        };
        for pair in counted.windows(2) {
            let (first, second) = (pair[0], pair[1]);
            // A group's duplicate is one problem, not one per member.
            if reported.insert((first.span, second.span)) {
                found.push(Finding::DuplicateForValue {
                    key: key.clone(),
                    target: target.clone(),
                    first: origin(first.path_span.to(first.span)),
                    second: origin(second.path_span.to(second.span)),
                });
            }
        }
        if let Some(last) = counted.last() {
            values.entry(target).or_default().insert(key, *last);
        }
    }
    Own { blocks, values }
}

/// The parents' per-target values, merged target by target. `child_sets`
/// says when the child sets a setting for a target itself (generally or in
/// its own `for` block), which settles a neutral conflict.
pub(super) fn merge_parents(
    parents: &[Parent],
    child_sets: &dyn Fn(&TargetId, &SettingKey) -> bool,
    src: SourceId,
    found: &mut Vec<Finding>,
) -> PerTarget {
    let mut wanted: BTreeMap<&TargetId, BTreeSet<&SettingKey>> = BTreeMap::new();
    for p in parents {
        for (t, m) in &p.policy.for_targets {
            wanted.entry(t).or_default().extend(m.keys());
        }
    }
    let mut out = PerTarget::new();
    for (target, keys) in wanted {
        let mut merged = BTreeMap::new();
        for key in keys {
            let mut cur: Option<(Assigned, Span, bool)> = None;
            for p in parents {
                let own = p.policy.for_targets.get(target).and_then(|m| m.get(key));
                let Some(a) = own.or_else(|| p.policy.values.get(key)) else {
                    continue;
                };
                let Some((c, first_via, per_target)) = &mut cur else {
                    cur = Some((a.clone(), p.via, own.is_some()));
                    continue;
                };
                if fold(key, c, a) {
                    *per_target |= own.is_some();
                    continue;
                }
                // Two general values that differ are the general merge's
                // conflict, reported once there.
                if (*per_target || own.is_some()) && !child_sets(target, key) {
                    found.push(Finding::ForTargets {
                        targets: vec![target.clone()],
                        finding: Box::new(Finding::MergeConflict {
                            key: key.clone(),
                            at: Origin {
                                source: src,
                                span: p.via.to(*first_via),
                            },
                            first: (c.value.clone(), c.origin),
                            second: (a.value.clone(), a.origin),
                        }),
                    });
                }
            }
            if let Some((a, _, _)) = cur {
                merged.insert(key.clone(), a);
            }
        }
        if !merged.is_empty() {
            out.insert(target.clone(), merged);
        }
    }
    out
}

/// What the child file contributes, for [`apply`].
pub(super) struct Child<'a> {
    /// The general values it inherited, of the settings it sets itself.
    pub inherited: &'a BTreeMap<SettingKey, Value>,
    /// Its general values, its own applied.
    pub general: &'a BTreeMap<SettingKey, Assigned>,
    pub own: &'a Own<'a>,
    pub src: SourceId,
}

/// Applies the child's own values to the per-target values it inherits.
pub(super) fn apply(for_targets: &mut PerTarget, child: Child<'_>, found: &mut Vec<Finding>) {
    // A general value replaces what every target inherits for that setting.
    let mut replaced: BTreeMap<(SettingKey, Origin), (Value, Vec<TargetId>)> = BTreeMap::new();
    for (key, general) in child
        .general
        .iter()
        .filter(|(_, a)| a.origin.source == child.src)
    {
        for (target, m) in for_targets.iter_mut() {
            if child
                .own
                .values
                .get(target)
                .is_some_and(|o| o.contains_key(key))
            {
                continue;
            }
            let Some(old) = m.remove(key) else { continue };
            let stricter =
                key.setting().strictness_cmp(&old.value, &general.value) == Some(Ordering::Greater);
            // Only an exception: a per-target value equal to the general
            // value it inherited was no exception.
            let exception = child.inherited.get(key) != Some(&old.value);
            if stricter && exception {
                replaced
                    .entry((key.clone(), old.origin))
                    .or_insert_with(|| (old.value.clone(), Vec::new()))
                    .1
                    .push(target.clone());
            }
        }
    }
    for ((key, origin), (value, targets)) in replaced {
        if let Some(general) = child.general.get(&key) {
            found.push(Finding::ReplacesStricter {
                value: general.value.clone(),
                at: general.origin,
                key,
                targets,
                replaced: (value, origin),
            });
        }
    }
    // Then the child's own `for` values, over its general value or what the
    // target inherits.
    for (target, own) in &child.own.values {
        let m = for_targets.entry(target.clone()).or_default();
        for (key, a) in own {
            let general = child.general.get(key);
            let own_general = general.filter(|g| g.origin.source == child.src);
            let inherited = m.remove(key);
            let before = own_general
                .cloned()
                .or(inherited)
                .or_else(|| general.cloned());
            let mut overrode = Vec::new();
            if let Some(b) = before {
                overrode.push((b.value, b.origin));
                overrode.extend(b.overrode);
            }
            m.insert(
                key.clone(),
                Assigned {
                    value: a.value.clone(),
                    origin: Origin {
                        source: child.src,
                        span: a.span,
                    },
                    overrode,
                    merged_from: Vec::new(),
                },
            );
        }
    }
    for_targets.retain(|_, m| !m.is_empty());
}
