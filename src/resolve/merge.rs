//! Merging parents and applying a file's own statements (steps 2–4 of
//! resolution).
//!
//! Parents merge setting by setting: the strictest value wins (by the
//! setting's direction; lists intersect), bounds intersect, and differing
//! neutral values conflict unless the child sets its own. Then the file's
//! bounds narrow what it inherited (a looser one is a warning, an empty
//! intersection an error) and its values replace inherited ones. Nothing is
//! ever clamped. Per-target values merge and apply the same way, target by
//! target, in [`super::per_target`].

use super::doc::Doc;
use super::per_target;
use crate::catalog::Setting;
use crate::finding::Finding;
use crate::model::{
    Assigned, Bound, BoundOp, Bounds, Limits, Origin, Parent, Resolved, SettingKey, TargetId,
};
use crate::source::{SourceId, SourceMap, Span};
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Resolves one lowered file against its already-resolved parents; the
/// names of its `for` blocks mean what `names` says.
pub(crate) fn resolve_doc(
    doc: &Doc,
    src: SourceId,
    parents: Vec<Parent>,
    sources: &SourceMap,
    names: &dyn per_target::TargetNames,
) -> (Resolved, Vec<Finding>) {
    let mut m = Merger {
        src,
        sources,
        found: Vec::new(),
    };
    let own_values: Vec<&SettingKey> = doc.values.iter().map(|a| &a.key).collect();
    let (mut values, mut bounds) = m.merge_parents(&parents, &own_values);
    let own_for = per_target::own(doc, src, names, &mut m.found);
    let child_sets = |t: &TargetId, key: &SettingKey| {
        own_values.contains(&key) || own_for.values.get(t).is_some_and(|m| m.contains_key(key))
    };
    let mut for_targets = per_target::merge_parents(&parents, &child_sets, src, &mut m.found);
    let inherited: BTreeMap<SettingKey, Value> = own_values
        .iter()
        .filter_map(|k| Some(((*k).clone(), values.get(*k)?.value.clone())))
        .collect();
    for b in &doc.bounds {
        m.narrow(
            bounds.entry(b.key.clone()).or_default(),
            &b.key,
            b.in_file(src),
        );
    }
    // A setting written several times in one file (E0213) keeps its last
    // value, and the earlier ones are what it overrode, newest first. The
    // file's assignments are sorted by key (stably: in file order within a
    // key), so each setting's chain is one run, built once: 100,000 repeats
    // stay linear, and a large file's settings go into the map in order.
    let mut order: Vec<usize> = (0..doc.values.len()).collect();
    order.sort_by(|&a, &b| doc.values[a].key.cmp(&doc.values[b].key));
    let origin = |span| crate::model::Origin { source: src, span };
    for run in order.chunk_by(|&a, &b| doc.values[a].key == doc.values[b].key) {
        let Some((&last, earlier)) = run.split_last() else {
            continue;
        };
        let last = &doc.values[last];
        let mut overrode: Vec<_> = earlier
            .iter()
            .rev()
            .map(|&i| (doc.values[i].value.clone(), origin(doc.values[i].span)))
            .collect();
        if let Some(old) = values.remove(&last.key) {
            overrode.push((old.value, old.origin));
            overrode.extend(old.overrode);
        }
        let assigned = Assigned {
            value: last.value.clone(),
            origin: origin(last.span),
            overrode,
            merged_from: Vec::new(),
        };
        values.insert(last.key.clone(), assigned);
    }
    per_target::apply(
        &mut for_targets,
        per_target::Child {
            inherited: &inherited,
            general: &values,
            own: &own_for,
            src,
        },
        &mut m.found,
    );
    bounds.retain(|_, b| !b.is_empty());
    let resolved = Resolved {
        name: doc.name.node.clone(),
        name_span: doc.name.span,
        source: Some(src),
        values,
        bounds,
        targets: doc.targets.clone(),
        targets_line: doc.targets_line,
        for_targets,
        for_blocks: own_for.blocks,
        parents,
    };
    (resolved, m.found)
}

/// Merges whole policies as parents of a synthetic child that sets nothing
/// (`ward merge`): values by strictness, bounds intersected, neutral
/// conflicts reported against `src` (a source naming the inputs, with each
/// parent's `via` span in it; `name` is placed in it too). The caller
/// validates the result.
pub fn merge_policies(
    name: crate::source::Spanned<String>,
    src: SourceId,
    parents: Vec<Parent>,
    sources: &SourceMap,
) -> (Resolved, Vec<Finding>) {
    let doc = Doc {
        name,
        ..Doc::default()
    };
    resolve_doc(&doc, src, parents, sources, &per_target::AnyName)
}

/// Merges the parent's value `a` of `key` into `cur`: the strictest wins
/// (a list setting takes the intersection), and the loser is remembered.
/// False when neither is stricter (a neutral setting set differently):
/// `cur` is kept, and the caller decides whether that is a conflict.
pub(super) fn fold(key: &SettingKey, cur: &mut Assigned, a: &Assigned) -> bool {
    match key.setting().strictest(&cur.value, &a.value) {
        Some(v) => {
            if v != cur.value {
                let mut next = a.clone();
                next.value = v;
                next.merged_from.push((cur.value.clone(), cur.origin));
                *cur = next;
            } else {
                cur.merged_from.push((a.value.clone(), a.origin));
            }
            true
        }
        None => false,
    }
}

struct Merger<'a> {
    src: SourceId,
    sources: &'a SourceMap,
    found: Vec<Finding>,
}

impl Merger<'_> {
    fn merge_parents(
        &mut self,
        parents: &[Parent],
        own_values: &[&SettingKey],
    ) -> (BTreeMap<SettingKey, Assigned>, BTreeMap<SettingKey, Bounds>) {
        let mut values: BTreeMap<SettingKey, Assigned> = BTreeMap::new();
        let mut bounds: BTreeMap<SettingKey, Bounds> = BTreeMap::new();
        let mut first_parent: BTreeMap<SettingKey, Span> = BTreeMap::new();
        for p in parents {
            for (key, a) in &p.policy.values {
                let Some(cur) = values.get_mut(key) else {
                    values.insert(key.clone(), a.clone());
                    first_parent.insert(key.clone(), p.via);
                    continue;
                };
                match fold(key, cur, a) {
                    true => {}
                    false if own_values.contains(&key) => {}
                    false => {
                        let first = first_parent.get(key).copied().unwrap_or(p.via);
                        self.found.push(Finding::MergeConflict {
                            key: key.clone(),
                            at: Origin {
                                source: self.src,
                                span: p.via.to(first),
                            },
                            first: (cur.value.clone(), cur.origin),
                            second: (a.value.clone(), a.origin),
                        });
                    }
                }
            }
            for (key, b) in &p.policy.bounds {
                let into = bounds.entry(key.clone()).or_default();
                for bound in b.iter() {
                    self.intersect(into.get_mut(bound.severity), key, bound, p.via);
                }
            }
        }
        (values, bounds)
    }

    /// Adds a parent's bound to the merged limits: the stricter wins, without
    /// a warning (merging is not narrowing).
    fn intersect(&mut self, into: &mut Limits, key: &SettingKey, b: &Bound, via: Span) {
        let s = key.setting();
        if !s.is_ordered() {
            match &into.eq {
                Some(cur) if cur.value != b.value => {
                    let at = Origin {
                        source: self.src,
                        span: via,
                    };
                    self.conflict(key, cur, b, at);
                }
                Some(_) => {}
                None => into.eq = Some(b.clone()),
            }
            return;
        }
        let (is_lower, is_upper) = sides(b.op);
        if is_lower && tighter(s, &b.value, into.lower.as_ref(), Ordering::Greater) {
            into.lower = Some(b.clone());
        }
        if is_upper && tighter(s, &b.value, into.upper.as_ref(), Ordering::Less) {
            into.upper = Some(b.clone());
        }
        self.check_empty(into, key, self.src, via);
    }

    /// Applies one of the file's own bounds to what it inherited.
    fn narrow(&mut self, all: &mut Bounds, key: &SettingKey, b: Bound) {
        let s = key.setting();
        let into = all.get_mut(b.severity);
        if !s.is_ordered() {
            match &into.eq {
                Some(cur) if cur.value != b.value => self.conflict(key, cur, &b, b.origin),
                Some(cur) if cur.origin.source != b.origin.source => {
                    self.no_effect(key, &b, cur);
                }
                _ => into.eq = Some(b),
            }
            return;
        }
        let (is_lower, is_upper) = sides(b.op);
        let lower_tighter =
            is_lower && tighter(s, &b.value, into.lower.as_ref(), Ordering::Greater);
        let upper_tighter = is_upper && tighter(s, &b.value, into.upper.as_ref(), Ordering::Less);
        if !lower_tighter && !upper_tighter {
            // Inherited bounds at least as strict on every side this bound has.
            let stricter = if is_lower {
                into.lower.as_ref()
            } else {
                into.upper.as_ref()
            };
            if let Some(stricter) = stricter.filter(|s| s.origin.source != b.origin.source) {
                self.no_effect(key, &b, stricter);
            }
            return;
        }
        if lower_tighter {
            into.lower = Some(b.clone());
        }
        if upper_tighter {
            into.upper = Some(b.clone());
        }
        self.check_empty(into, key, b.origin.source, b.origin.span);
    }

    /// After narrowing: an error if no value satisfies both ends.
    fn check_empty(&mut self, l: &mut Limits, key: &SettingKey, src: SourceId, span: Span) {
        let s = key.setting();
        let (Some(lo), Some(hi)) = (&l.lower, &l.upper) else {
            return;
        };
        if s.value_cmp(&lo.value, &hi.value) != Some(Ordering::Greater) {
            return;
        }
        let source = if self.sources.get(src).is_builtin() {
            self.src
        } else {
            src
        };
        let (lo, hi) = (lo.clone(), hi.clone());
        self.conflict(key, &lo, &hi, Origin { source, span });
        // Keep the inherited end, so later checks are against one consistent
        // (if contradictory) pair and do not cascade.
    }

    fn conflict(&mut self, key: &SettingKey, a: &Bound, b: &Bound, at: Origin) {
        self.found.push(Finding::BoundsConflict {
            key: key.clone(),
            at,
            a: a.clone(),
            b: b.clone(),
        });
    }

    fn no_effect(&mut self, key: &SettingKey, b: &Bound, stricter: &Bound) {
        self.found.push(Finding::LooserBound {
            key: key.clone(),
            bound: b.clone(),
            stricter: stricter.clone(),
        });
    }
}

fn sides(op: BoundOp) -> (bool, bool) {
    match op {
        BoundOp::Ge => (true, false),
        BoundOp::Le => (false, true),
        BoundOp::Eq => (true, true),
    }
}

/// Is `v` strictly tighter than the current bound on that side? `want` is
/// the ordering a tighter value has against the current one.
fn tighter(s: &Setting, v: &crate::value::Value, cur: Option<&Bound>, want: Ordering) -> bool {
    match cur {
        None => true,
        Some(cur) => s.value_cmp(v, &cur.value) == Some(want),
    }
}
