//! Checks a resolved policy against its targets.
//!
//! For every set value and every target row it feeds: a fixed behaviour is
//! a warning when at least as strict as the policy and an error when looser;
//! a value beyond the service's own limits is an error naming the limit; a
//! value the encoding cannot hold exactly is an error whose help names the
//! nearest values the service can hold on the stricter side; a vendor
//! recommendation is a warning. A setting none of the targets supports is
//! one warning, not one per target. For a setting the policy leaves unset,
//! a target that replaces its whole configuration warns what it will apply,
//! and a bound on that setting is checked against the target's default.
//!
//! Primary spans point at the user's value; when the problem is about an
//! unset setting, at the target's name in the `targets` line.

use super::encode::{encode, Problem};
use super::{builtin_names, Encoding, Row, Target};
use crate::catalog::{Direction, Setting};
use crate::finding::{Finding, TargetProblem};
use crate::model::{Assigned, Origin, Resolved, SettingKey, TargetId};
use crate::source::{SourceId, Span};
use crate::validate::breaks;
use crate::value::Value;
use std::cmp::Ordering;

/// Every problem `targets` have with `policy`.
pub fn check(policy: &Resolved, targets: &[&Target]) -> Vec<Finding> {
    let mut out = Found::default();
    unsupported(policy, targets, &mut out);
    for t in targets {
        for (key, assigned) in &policy.values {
            if key.instance.is_some() {
                continue;
            }
            for row in t.rows_for(key.id) {
                check_value(t, row, key, assigned, &mut out);
            }
        }
        unset(policy, t, &mut out);
    }
    out.list
}

/// Findings in the order found, each once: a target that writes one
/// setting into several fields (Keycloak's remember-me timeouts) finds the
/// same thing for each.
#[derive(Default)]
struct Found {
    list: Vec<Finding>,
    seen: std::collections::HashSet<Finding>,
}

impl Found {
    fn push(&mut self, f: Finding) {
        if self.seen.insert(f.clone()) {
            self.list.push(f);
        }
    }

    /// What `t` says about the value `a` of `key`.
    fn value(&mut self, t: &Target, key: &SettingKey, a: &Assigned, problem: TargetProblem) {
        self.push(Finding::Target {
            target: TargetId::new(&t.name),
            key: key.clone(),
            value: Some(a.value.clone()),
            at: Some(a.origin),
            problem,
        });
    }
}

/// An unknown name in a `targets` line, with did-you-mean over the built-ins.
pub fn unknown_target(name: &str, source: SourceId, span: Span) -> Finding {
    Finding::UnknownTarget {
        name: name.to_string(),
        at: Some(Origin { source, span }),
        known: builtin_names(),
    }
}

fn unsupported(policy: &Resolved, targets: &[&Target], out: &mut Found) {
    if targets.is_empty() {
        return;
    }
    let names: Vec<TargetId> = targets.iter().map(|t| TargetId::new(&t.name)).collect();
    for (key, a) in &policy.values {
        let supported = key.instance.is_none() && targets.iter().any(|t| t.supports(key.id));
        if !supported {
            out.push(Finding::Unsupported {
                key: key.clone(),
                at: a.origin,
                targets: names.clone(),
            });
        }
    }
}

fn check_value(t: &Target, row: &Row, key: &SettingKey, a: &Assigned, out: &mut Found) {
    let setting = key.setting();
    let v = &a.value;

    if let Some(fixed) = &row.fixed {
        let path = key.path();
        let does = row
            .behaviour
            .clone()
            .unwrap_or_else(|| format!("always uses `{path} = {fixed}`"));
        let holds = matches!(
            setting.strictness_cmp(fixed, v),
            Some(Ordering::Greater | Ordering::Equal)
        );
        let problem = TargetProblem::Fixed {
            fixed: fixed.clone(),
            does,
            holds,
        };
        out.value(t, key, a, problem);
        return;
    }
    if let Some(caveat) = &row.caveat {
        let caveat = caveat.clone();
        out.value(t, key, a, TargetProblem::Caveat { caveat });
    }
    if let (Encoding::AtLeastOne, Value::Count(n)) = (&row.encoding, v) {
        if *n > 1 {
            let field = row.field.clone().unwrap_or_else(|| "its field".to_string());
            let problem = TargetProblem::AtLeastOne { field, count: *n };
            out.value(t, key, a, problem);
            return;
        }
    }
    let special = row.omit.contains(v) || matches!(v, Value::Keyword(_));
    if !special && !check_limits(t, row, setting, key, a, out) {
        return;
    }
    match encode(row, setting, v) {
        Ok(_) => {}
        Err(Problem::Inexact { grain, nearest }) => {
            let nearest = nearest
                .into_iter()
                .filter(|c| within(row, setting, &amount(v, c.amount)))
                .map(|c| c.text)
                .collect();
            let ordered = matches!(setting.direction, Direction::Lower | Direction::Higher);
            let problem = TargetProblem::Inexact {
                grain,
                nearest,
                ordered,
            };
            out.value(t, key, a, problem);
        }
        Err(Problem::Inexpressible { what }) => {
            let choices = match &row.encoding {
                Encoding::Enum(m) | Encoding::List(m) => m.keys().cloned().collect(),
                _ => Vec::new(),
            };
            out.value(t, key, a, TargetProblem::Inexpressible { what, choices });
        }
        Err(Problem::OffsetTooLarge { smallest }) => {
            let grace = row.offset.unsigned_abs();
            out.value(t, key, a, TargetProblem::Grace { grace, smallest });
        }
    }
    if special {
        return;
    }
    let because = row.recommend_because.clone();
    let rec = |bound: &Option<Value>, bad: Ordering, at_least: bool| {
        let r = bound.as_ref()?;
        (setting.value_cmp(v, r)? == bad).then(|| TargetProblem::Recommendation {
            recommended: r.clone(),
            at_least,
            because: because.clone(),
        })
    };
    if let Some(p) = rec(&row.recommend_min, Ordering::Less, true) {
        out.value(t, key, a, p);
    }
    if let Some(p) = rec(&row.recommend_max, Ordering::Greater, false) {
        out.value(t, key, a, p);
    }
}

/// A candidate as a value of the setting's kind.
fn amount(v: &Value, n: u64) -> Value {
    match v {
        Value::Count(_) => Value::Count(n),
        _ => Value::Duration(n),
    }
}

fn within(row: &Row, setting: &Setting, v: &Value) -> bool {
    let above_min = row
        .min
        .as_ref()
        .is_none_or(|m| setting.value_cmp(v, m) != Some(Ordering::Less));
    let below_max = row
        .max
        .as_ref()
        .is_none_or(|m| setting.value_cmp(v, m) != Some(Ordering::Greater));
    above_min && below_max
}

/// Reports a value beyond the service's limits; `false` if it was.
fn check_limits(
    t: &Target,
    row: &Row,
    setting: &Setting,
    key: &SettingKey,
    a: &Assigned,
    out: &mut Found,
) -> bool {
    let v = &a.value;
    let (limit, maximum) = match (&row.min, &row.max) {
        (Some(m), _) if setting.value_cmp(v, m) == Some(Ordering::Less) => (m, false),
        (_, Some(m)) if setting.value_cmp(v, m) == Some(Ordering::Greater) => (m, true),
        _ => return true,
    };
    let problem = TargetProblem::Limit {
        limit: limit.clone(),
        maximum,
        min: row.min.clone(),
        max: row.max.clone(),
        field: row.field.clone(),
        stricter: setting.strictness_cmp(limit, v) == Some(Ordering::Greater),
    };
    out.value(t, key, a, problem);
    false
}

/// Where to point for a target: its name in the `targets` line, or the
/// policy's name when the target was named on the command line.
pub fn target_at(policy: &Resolved, t: &Target) -> Option<(SourceId, Span)> {
    let source = policy.source?;
    let span = policy
        .targets
        .iter()
        .find(|s| s.node == t.name)
        .map(|s| s.span)
        .unwrap_or(policy.name_span);
    Some((source, span))
}

fn unset(policy: &Resolved, t: &Target, out: &mut Found) {
    let mut seen = Vec::new();
    let at = target_at(policy, t).map(|(source, span)| Origin { source, span });
    for row in &t.rows {
        if seen.contains(&row.id) {
            continue;
        }
        seen.push(row.id);
        let key = SettingKey::plain(row.id);
        if policy.values.contains_key(&key) {
            continue;
        }
        let setting = key.setting();
        let found = |problem| Finding::Target {
            target: TargetId::new(&t.name),
            key: key.clone(),
            value: None,
            at,
            problem,
        };
        if t.complete {
            if let (Some(field), Some(d)) = (&row.field, &row.default) {
                let written = match encode(row, setting, d) {
                    Ok(super::encode::Encoded::Json(j)) => format!("`{field} = {j}`"),
                    _ => format!("no `{field}` (`{} = {d}`)", key.path()),
                };
                out.push(found(TargetProblem::ResetsUnset { written }));
            }
        }
        let Some(bounds) = policy.bounds.get(&key) else {
            continue;
        };
        let (value, fixed) = match (&row.fixed, t.default_value(row.id)) {
            (Some(f), _) => (f.clone(), true),
            (None, Some(d)) => (d, false),
            (None, None) => continue,
        };
        for b in bounds.iter() {
            if breaks(setting, &value, b) {
                out.push(found(TargetProblem::DefaultBreaksBound {
                    value: value.clone(),
                    fixed,
                    bound: b.clone(),
                }));
            }
        }
    }
}
