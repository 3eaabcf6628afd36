//! Values against bounds, and bounds that nothing sets.
//!
//! A value outside an error bound is `E0301` (or `E0406` when the value and
//! the bound came from two different parents: the merge itself failed); a
//! value outside a warning bound is `W0301`. A bound on a setting that stays
//! unset cannot be verified: `W0303`, reported on the policies that are
//! checked as entries, not on the parents they share.

use crate::catalog::Setting;
use crate::diag::Severity;
use crate::finding::Finding;
use crate::model::{Bound, BoundOp, Origin, Resolved, SettingKey};
use crate::source::{SourceId, SourceMap, Span};
use crate::value::Value;
use std::cmp::Ordering;

/// Where to point for something that came from `origin`: the origin itself
/// when it is in a user's file, else the reference in `policy`'s own file
/// that brought it in (a `std:` profile is never the primary place), or,
/// should no reference hold it, the policy's name.
pub(crate) fn user_span(
    policy: &Resolved,
    origin: Origin,
    sources: &SourceMap,
) -> (SourceId, Span) {
    if !sources.get(origin.source).is_builtin() {
        return (origin.source, origin.span);
    }
    let own = policy.source.unwrap_or(origin.source);
    for p in &policy.parents {
        if p.policy.source == Some(origin.source) || contains_origin(&p.policy, origin) {
            return (own, p.via);
        }
    }
    (own, policy.name_span)
}

fn contains_origin(p: &Resolved, origin: Origin) -> bool {
    p.bounds
        .values()
        .any(|b| b.iter().any(|x| x.origin == origin))
        || p.values.values().any(|a| a.origin == origin)
}

/// A place in a file.
type Place = (SourceId, Span);

/// Does `v`, a value of setting `s`, break `b`?
pub fn breaks(s: &Setting, v: &Value, b: &Bound) -> bool {
    let ord = s.value_cmp(v, &b.value);
    match b.op {
        BoundOp::Ge => ord == Some(Ordering::Less),
        BoundOp::Le => ord == Some(Ordering::Greater),
        BoundOp::Eq => match ord {
            Some(o) => o != Ordering::Equal,
            None => v != &b.value,
        },
    }
}

/// Which direct parent a value or bound came through, if any.
fn parent_of(policy: &Resolved, key: &SettingKey, origin: Origin) -> Option<usize> {
    policy.parents.iter().position(|p| {
        p.policy.values.get(key).is_some_and(|a| a.origin == origin)
            || p.policy
                .bounds
                .get(key)
                .is_some_and(|b| b.iter().any(|x| x.origin == origin))
    })
}

pub(crate) fn check_bounds(policy: &Resolved, sources: &SourceMap) -> Vec<Finding> {
    let mut out = Vec::new();
    for (key, a) in &policy.values {
        let Some(bounds) = policy.bounds.get(key) else {
            continue;
        };
        for b in bounds.iter() {
            if !breaks(key.setting(), &a.value, b) {
                continue;
            }
            let merged = match (
                parent_of(policy, key, a.origin),
                parent_of(policy, key, b.origin),
            ) {
                (Some(x), Some(y)) => x != y,
                _ => false,
            };
            let (source, span) = user_span(policy, a.origin, sources);
            out.push(Finding::BoundBroken {
                key: key.clone(),
                value: a.value.clone(),
                value_at: a.origin,
                at: Origin { source, span },
                bound: b.clone(),
                merged: merged && b.severity == Severity::Error,
            });
        }
    }
    out
}

/// `W0303`: bounds on settings `policy` leaves unset. Bounds the policy
/// states itself are reported one by one; bounds brought in by one `extends`
/// reference are reported together, at that reference, one label each, so a
/// profile of twenty requirements is one warning, not twenty.
/// `has_stand_in` says when something else (a target's default) stands in
/// for the unset value, so the bound is checked after all.
pub(crate) fn unverified_bounds(
    policy: &Resolved,
    has_stand_in: &dyn Fn(&SettingKey) -> bool,
) -> Vec<Finding> {
    let mut groups: Vec<(Place, Vec<(SettingKey, Bound)>)> = Vec::new();
    for (key, bounds) in &policy.bounds {
        if policy.values.contains_key(key) || has_stand_in(key) {
            continue;
        }
        for b in bounds.iter() {
            let at = via_reference(policy, key, b).unwrap_or((b.origin.source, b.origin.span));
            let entry = (key.clone(), b.clone());
            match groups.iter_mut().find(|(g, _)| *g == at) {
                Some((_, list)) => list.push(entry),
                None => groups.push((at, vec![entry])),
            }
        }
    }
    groups
        .into_iter()
        .map(|((source, span), bounds)| Finding::UnverifiedBounds {
            at: Origin { source, span },
            own: Some(source) == policy.source
                && bounds.iter().all(|(_, b)| b.origin.source == source),
            bounds,
        })
        .collect()
}

/// The `extends` reference in `policy`'s own file that brought `b` in.
fn via_reference(policy: &Resolved, key: &SettingKey, b: &Bound) -> Option<(SourceId, Span)> {
    let own = policy.source?;
    if b.origin.source == own {
        return None;
    }
    policy
        .parents
        .iter()
        .find(|p| {
            p.policy
                .bounds
                .get(key)
                .is_some_and(|x| x.iter().any(|x| x == b))
        })
        .map(|p| (own, p.via))
}
