//! Merging parents and applying a file's own statements (steps 2–4 of
//! resolution).
//!
//! Parents merge setting by setting: the strictest value wins (by the
//! setting's direction; lists intersect), bounds intersect, and differing
//! neutral values conflict unless the child sets its own. Then the file's
//! bounds narrow what it inherited (a looser one is a warning, an empty
//! intersection an error) and its values replace inherited ones. Nothing is
//! ever clamped.

use super::doc::Doc;
use crate::catalog::Setting;
use crate::diag::{codes, Diagnostic, Severity};
use crate::model::{Assigned, Bound, BoundOp, Bounds, Limits, Parent, Resolved, SettingKey};
use crate::source::{SourceId, SourceMap, Span};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Resolves one lowered file against its already-resolved parents.
pub fn resolve_doc(
    doc: &Doc,
    src: SourceId,
    parents: Vec<Parent>,
    sources: &SourceMap,
) -> (Resolved, Vec<Diagnostic>) {
    let mut m = Merger {
        src,
        sources,
        diags: Vec::new(),
    };
    let own_values: Vec<&SettingKey> = doc.values.iter().map(|a| &a.key).collect();
    let (mut values, mut bounds) = m.merge_parents(&parents, &own_values);
    for (key, bound) in &doc.bounds {
        m.narrow(bounds.entry(key.clone()).or_default(), key, bound.clone());
    }
    // A setting written several times in one file (E0213) keeps its last
    // value, and the earlier ones are what it overrode, newest first. Each
    // setting's chain is built once, so 100,000 repeats stay linear.
    let mut own: BTreeMap<&SettingKey, Vec<&crate::resolve::doc::Assignment>> = BTreeMap::new();
    for a in &doc.values {
        own.entry(&a.key).or_default().push(a);
    }
    let origin = |span| crate::model::Origin { source: src, span };
    for (key, written) in own {
        let Some((last, earlier)) = written.split_last() else {
            continue;
        };
        let mut overrode: Vec<_> = earlier
            .iter()
            .rev()
            .map(|a| (a.value.clone(), origin(a.span)))
            .collect();
        if let Some(old) = values.remove(key) {
            overrode.push((old.value, old.origin));
            overrode.extend(old.overrode);
        }
        let assigned = Assigned {
            value: last.value.clone(),
            origin: origin(last.span),
            overrode,
            merged_from: Vec::new(),
        };
        values.insert(key.clone(), assigned);
    }
    bounds.retain(|_, b| !b.is_empty());
    let resolved = Resolved {
        name: doc.name.node.clone(),
        name_span: doc.name.span,
        source: Some(src),
        values,
        bounds,
        targets: doc.targets.clone(),
        allowed: doc.allow.clone(),
        parents,
    };
    (resolved, m.diags)
}

/// Merges whole policies as parents of a synthetic child that sets nothing
/// (`ward merge`): values by strictness, bounds intersected, neutral
/// conflicts reported against `src` (a source naming the inputs, with each
/// parent's `via` span in it). The caller validates the result.
pub fn merge_policies(
    name: &str,
    src: SourceId,
    parents: Vec<Parent>,
    sources: &SourceMap,
) -> (Resolved, Vec<Diagnostic>) {
    let doc = Doc {
        source: Some(src),
        name: crate::source::Spanned::new(name.to_string(), Span::default()),
        ..Doc::default()
    };
    resolve_doc(&doc, src, parents, sources)
}

struct Merger<'a> {
    src: SourceId,
    sources: &'a SourceMap,
    diags: Vec<Diagnostic>,
}

/// `std:pci-dss-4.0`'s `because`, for messages: ` (PCI DSS v4.0 8.3.6: …)`.
pub fn because_suffix(b: &Bound) -> String {
    b.because
        .as_ref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default()
}

impl Merger<'_> {
    fn name(&self, s: SourceId) -> &str {
        &self.sources.get(s).name
    }

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
                let s = key.setting();
                match s.strictest(&cur.value, &a.value) {
                    Some(v) => {
                        if v != cur.value {
                            let mut next = a.clone();
                            next.value = v;
                            next.merged_from.push((cur.value.clone(), cur.origin));
                            *cur = next;
                        } else {
                            cur.merged_from.push((a.value.clone(), a.origin));
                        }
                    }
                    None if own_values.contains(&key) => {}
                    None => {
                        let first = first_parent.get(key).copied().unwrap_or(p.via);
                        self.diags.push(
                            Diagnostic::new(
                                codes::MERGE_CONFLICT,
                                format!(
                                    "parents set `{}` differently: `{}` and `{}`",
                                    key.path(),
                                    cur.value,
                                    a.value
                                ),
                            )
                            .at(self.src, p.via.to(first), "these parents disagree")
                            .label(
                                cur.origin.source,
                                cur.origin.span,
                                format!("`{}` here", cur.value),
                            )
                            .label(
                                a.origin.source,
                                a.origin.span,
                                format!("`{}` here", a.value),
                            )
                            .help(format!(
                                "neither value is stricter; set `{}` in this file to choose",
                                key.path()
                            )),
                        );
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
                    let d = self.conflict(key, cur, b, self.src, via);
                    self.diags.push(d);
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
                Some(cur) if cur.value != b.value => {
                    let d = self.conflict(key, cur, &b, b.origin.source, b.origin.span);
                    self.diags.push(d);
                }
                Some(cur) if cur.origin.source != b.origin.source => {
                    let d = self.no_effect(key, &b, cur);
                    self.diags.push(d);
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
                let d = self.no_effect(key, &b, stricter);
                self.diags.push(d);
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
        let (primary_src, primary_span) = if self.sources.get(src).is_builtin() {
            (self.src, span)
        } else {
            (src, span)
        };
        let mut d = self.conflict(key, lo, hi, primary_src, primary_span);
        if primary_span == lo.origin.span || primary_span == hi.origin.span {
            d.labels
                .retain(|x| x.span != primary_span || x.source != primary_src);
        }
        self.diags.push(d);
        // Keep the inherited end, so later checks are against one consistent
        // (if contradictory) pair and do not cascade.
    }

    fn conflict(
        &self,
        key: &SettingKey,
        a: &Bound,
        b: &Bound,
        src: SourceId,
        span: Span,
    ) -> Diagnostic {
        let kind = if a.severity == Severity::Warning {
            "warning bounds"
        } else {
            "bounds"
        };
        Diagnostic::new(
            codes::BOUNDS_CONFLICT,
            format!(
                "no value of `{}` satisfies both `{}`{} and `{}`{}",
                key.path(),
                a.describe(),
                because_suffix(a),
                b.describe(),
                because_suffix(b)
            ),
        )
        .at(src, span, format!("these {kind} cannot both hold"))
        .label(a.origin.source, a.origin.span, self.bound_label(a))
        .label(b.origin.source, b.origin.span, self.bound_label(b))
        .help("the requirements contradict each other: drop one of the references or bounds, or record the exception in the policy that combines them")
    }

    fn bound_label(&self, b: &Bound) -> String {
        match &b.because {
            Some(t) => format!("`{}`: {t}", b.describe()),
            None => format!("`{}` in `{}`", b.describe(), self.name(b.origin.source)),
        }
    }

    fn no_effect(&self, key: &SettingKey, b: &Bound, stricter: &Bound) -> Diagnostic {
        Diagnostic::new(
            codes::LOOSER_BOUND,
            format!(
                "bound `{} {}` has no effect: `{}` from `{}` is already as strict",
                key.path(),
                b.describe(),
                stricter.describe(),
                self.name(stricter.origin.source)
            ),
        )
        .at(
            b.origin.source,
            b.origin.span,
            "looser than or equal to the inherited bound",
        )
        .label(
            stricter.origin.source,
            stricter.origin.span,
            self.bound_label(stricter),
        )
        .help("bounds only narrow: remove this bound, or make it stricter than the inherited one")
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
