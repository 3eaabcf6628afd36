//! Values against bounds, and bounds that nothing sets.
//!
//! A value outside an error bound is `E0301` (or `E0406` when the value and
//! the bound came from two different parents: the merge itself failed); a
//! value outside a warning bound is `W0301`. A bound on a setting that stays
//! unset cannot be verified: `W0303`, reported on the policies that are
//! checked as entries, not on the parents they share.

use crate::catalog::Setting;
use crate::diag::{codes, Diagnostic, Severity};
use crate::model::{Bound, BoundOp, Origin, Resolved, SettingKey};
use crate::source::{SourceId, SourceMap, Span};
use crate::value::Value;
use std::cmp::Ordering;

/// Where to point for something that came from `origin`: the origin itself
/// when it is in a user's file, else the reference in `policy`'s own file
/// that brought it in (a `std:` profile is never the primary place).
pub fn user_span(policy: &Resolved, origin: Origin, sources: &SourceMap) -> (SourceId, Span) {
    if !sources.get(origin.source).is_builtin() {
        return (origin.source, origin.span);
    }
    let own = policy.source.unwrap_or(origin.source);
    for p in &policy.parents {
        if p.policy.source == Some(origin.source) || contains_origin(&p.policy, origin) {
            return (own, p.via);
        }
    }
    (own, Span::default())
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

pub fn check_bounds(policy: &Resolved, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (key, a) in &policy.values {
        let Some(bounds) = policy.bounds.get(key) else {
            continue;
        };
        for b in bounds.iter() {
            if !breaks(key.setting(), &a.value, b) {
                continue;
            }
            let from_parents = match (
                parent_of(policy, key, a.origin),
                parent_of(policy, key, b.origin),
            ) {
                (Some(x), Some(y)) => x != y,
                _ => false,
            };
            let code = match (b.severity, from_parents) {
                (Severity::Warning, _) => codes::WARN_BOUND_VIOLATED,
                (Severity::Error, true) => codes::MERGED_OUT_OF_BOUNDS,
                (Severity::Error, false) => codes::BOUND_VIOLATED,
            };
            diags.push(violation(policy, key, &a.value, a.origin, b, code, sources));
        }
    }
    diags
}

/// `value` of `key`, set at `origin`, breaks `b`.
pub fn violation(
    policy: &Resolved,
    key: &SettingKey,
    value: &Value,
    origin: Origin,
    b: &Bound,
    code: crate::diag::Code,
    sources: &SourceMap,
) -> Diagnostic {
    let (src, span) = user_span(policy, origin, sources);
    let because = b.because.as_deref();
    let mut d = Diagnostic::new(
        code,
        format!(
            "`{}` is `{value}`, but {} requires `{}`{}",
            key.path(),
            if b.severity == Severity::Warning {
                "a warning bound"
            } else {
                "a bound"
            },
            b.describe(),
            because.map(|t| format!(": {t}")).unwrap_or_default()
        ),
    )
    .at(src, span, format!("`{value}` set here"));
    let label = match because {
        Some(t) => format!("bound `{}`: {t}", b.describe()),
        None => format!("bound `{}` declared here", b.describe()),
    };
    d = d.label(b.origin.source, b.origin.span, label);
    if code == codes::MERGED_OUT_OF_BOUNDS {
        d = d.note("the value and the bound come from two different parents; nothing is clamped");
    }
    d.help(fix_hint(key, b))
}

fn fix_hint(key: &SettingKey, b: &Bound) -> String {
    let path = key.path();
    match b.op {
        BoundOp::Ge => format!("set `{path}` to `{}` or more", b.value),
        BoundOp::Le => format!("set `{path}` to `{}` or less", b.value),
        BoundOp::Eq => format!("set `{path} = {}`", b.value),
    }
}

/// `W0303`: bounds on settings `policy` leaves unset. Bounds the policy
/// states itself are reported one by one; bounds brought in by one `extends`
/// reference are reported together, at that reference, one label each, so a
/// profile of twenty requirements is one warning, not twenty.
/// `has_stand_in` says when something else (a target's default) stands in
/// for the unset value, so the bound is checked after all.
pub fn unverified_bounds(
    policy: &Resolved,
    has_stand_in: &dyn Fn(&SettingKey) -> bool,
) -> Vec<Diagnostic> {
    let mut groups: Vec<(Place, Vec<(&SettingKey, &Bound)>)> = Vec::new();
    for (key, bounds) in &policy.bounds {
        if policy.values.contains_key(key) || has_stand_in(key) {
            continue;
        }
        for b in bounds.iter() {
            let at = via_reference(policy, key, b).unwrap_or((b.origin.source, b.origin.span));
            match groups.iter_mut().find(|(g, _)| *g == at) {
                Some((_, list)) => list.push((key, b)),
                None => groups.push((at, vec![(key, b)])),
            }
        }
    }
    groups
        .into_iter()
        .map(|((src, span), list)| unverified(policy, src, span, &list))
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

fn unverified(
    policy: &Resolved,
    src: SourceId,
    span: Span,
    list: &[(&SettingKey, &Bound)],
) -> Diagnostic {
    let describe = |key: &SettingKey, b: &Bound| format!("`{} {}`", key.path(), b.describe());
    let own = Some(src) == policy.source && list.iter().all(|(_, b)| b.origin.source == src);
    let mut d = if let [(key, b)] = list {
        Diagnostic::new(
            codes::UNVERIFIED_BOUND,
            format!(
                "`{}` is never set, so the bound {} cannot be verified",
                key.path(),
                describe(key, b)
            ),
        )
    } else {
        let mut settings: Vec<String> = list
            .iter()
            .map(|(k, _)| format!("`{}`", k.path()))
            .collect();
        settings.dedup();
        Diagnostic::new(
            codes::UNVERIFIED_BOUND,
            format!(
                "{} bounded settings are never set, so their bounds cannot be verified: {}",
                settings.len(),
                settings.join(", ")
            ),
        )
    };
    if own {
        d = d.at(src, span, "bound on an unset setting");
    } else {
        d = d.at(
            src,
            span,
            format!(
                "brings in {} unverifiable bound{}",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            ),
        );
        for (key, b) in list {
            let label = match &b.because {
                Some(t) => format!("{}: {t}", describe(key, b)),
                None => describe(key, b),
            };
            d = d.label(b.origin.source, b.origin.span, label);
        }
    }
    let (key, b) = list[0];
    let set = if list.len() == 1 {
        "set it"
    } else {
        "set each one"
    };
    d.help(format!(
        "{set}, for example `{} = {}`, or list targets whose defaults ward can check",
        key.path(),
        b.value
    ))
}
