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

use super::emit::inputs;
use super::encoding::{Encoded, Problem};
use super::{Instance, Registry, Row, Target};
use crate::catalog::{Direction, Setting};
use crate::finding::{Finding, TargetProblem};
use crate::model::{Assigned, Origin, Resolved, SettingKey, TargetId};
use crate::source::{SourceId, Span};
use crate::validate::breaks;
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Every problem `targets` have with `policy`.
pub fn check(policy: &Resolved, targets: &[&Target]) -> Vec<Finding> {
    let mut out = Findings::default();
    unsupported(policy, targets, &mut out);
    for t in targets {
        // Each target is checked against its own values.
        let view = policy.seen_by(&t.name);
        let policy: &Resolved = &view;
        for (key, assigned) in &policy.values {
            for row in t.rows_for(key) {
                check_value(t, row, key, assigned, &mut out);
            }
        }
        unset(policy, t, &mut out);
        whole_fields(policy, t, &mut out);
        constraints(policy, t, &mut out);
    }
    out.list
}

/// What `target` finds in the values `values` alone (its limits, fixed
/// behaviours, encodings, recommendations): a file's per-target values for
/// a target it is not otherwise checked against.
pub fn check_values<'a>(
    target: &Target,
    values: impl Iterator<Item = (&'a SettingKey, &'a Assigned)>,
) -> Vec<Finding> {
    let mut out = Findings::default();
    for (key, assigned) in values {
        for row in target.rows_for(key) {
            check_value(target, row, key, assigned, &mut out);
        }
    }
    out.list
}

/// Findings in the order found, each once: a target that writes one
/// setting into several fields (Keycloak's remember-me timeouts) finds the
/// same thing for each.
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    seen: HashSet<Finding>,
}

impl Findings {
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

/// An unknown name in a `targets` line, with did-you-mean over every
/// target and group the run knows.
pub(crate) fn unknown_target(
    registry: &Registry,
    name: &str,
    source: SourceId,
    span: Span,
) -> Finding {
    let (_, help) = registry.unknown(name);
    Finding::UnknownTarget {
        name: name.to_string(),
        at: Some(Origin { source, span }),
        help,
        suggestion: crate::diag::suggest::did_you_mean(name, registry.names()).map(String::from),
    }
}

/// The settings none of `targets` supports: one finding for the file, at
/// its `targets` line (or its name, when the targets came from the command
/// line), the file's own values labelled.
fn unsupported(policy: &Resolved, targets: &[&Target], out: &mut Findings) {
    let Some(source) = policy.source else { return };
    if targets.is_empty() {
        return;
    }
    let settings: Vec<(SettingKey, Option<Origin>)> = policy
        .values
        .iter()
        .filter(|(key, _)| !targets.iter().any(|t| t.supports(key)))
        .map(|(key, a)| {
            let own = (a.origin.source == source).then_some(a.origin);
            (key.clone(), own)
        })
        .collect();
    if settings.is_empty() {
        return;
    }
    let span = policy.targets_line.unwrap_or(policy.name_span);
    out.push(Finding::Unsupported {
        at: Origin { source, span },
        targets: targets.iter().map(|t| TargetId::new(&t.name)).collect(),
        settings,
    });
}

fn check_value(t: &Target, row: &Row, key: &SettingKey, a: &Assigned, out: &mut Findings) {
    let setting = key.setting();
    let v = &a.value;

    if let Some(fixed) = &row.fixed {
        let does = row
            .behaviour
            .clone()
            .unwrap_or_else(|| format!("always uses `{} = {fixed}`", key.path()));
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
    if let Some(floor) = &row.floor {
        // The service raises a looser value to its floor: stricter.
        if setting.strictness_cmp(floor, v) == Some(Ordering::Greater) {
            let does = row
                .floor_behaviour
                .clone()
                .unwrap_or_else(|| format!("enforces at least `{} = {floor}`", key.path()));
            let problem = TargetProblem::Fixed {
                fixed: floor.clone(),
                does,
                holds: true,
            };
            out.value(t, key, a, problem);
        }
    }
    if let Some(caveat) = &row.caveat {
        let caveat = caveat.clone();
        out.value(t, key, a, TargetProblem::Caveat { caveat });
    }
    let special = row.omit.contains(v) || matches!(v, Value::Keyword(_));
    if !special && !check_limits(t, row, setting, key, a, out) {
        return;
    }
    match row.encode(v) {
        Ok(_) => {}
        Err(Problem::Weaker { enforced, why }) => {
            out.value(t, key, a, TargetProblem::Weaker { enforced, why });
            return;
        }
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
        Err(Problem::Inexpressible { what, choices }) => {
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
    out: &mut Findings,
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
        because: row.limit_because.clone(),
    };
    out.value(t, key, a, problem);
    false
}

/// Where to point for a problem about the target itself: its name in the
/// `targets` line, if the file names it there.
/// Where to point for a target: its name in the `targets` line, or the
/// policy's name when the target was named on the command line.
pub(crate) fn target_at(policy: &Resolved, t: &Target) -> Option<(SourceId, Span)> {
    let source = policy.source?;
    let span = policy
        .targets
        .iter()
        .find(|s| s.node == t.name)
        .map(|s| s.span)
        .unwrap_or(policy.name_span);
    Some((source, span))
}

/// The keys a row could feed that the policy leaves unset: its plain or
/// named setting, or every integration a bound names.
fn unset_keys(policy: &Resolved, row: &Row) -> Vec<SettingKey> {
    let keys: Vec<SettingKey> = match &row.selector.instance {
        Instance::Plain => vec![SettingKey::plain(row.selector.id)],
        Instance::Named(n) => vec![SettingKey {
            id: row.selector.id,
            instance: Some(n.clone()),
        }],
        Instance::Any => policy
            .bounds
            .keys()
            .filter(|k| row.selector.matches(k))
            .cloned()
            .collect(),
    };
    keys.into_iter()
        .filter(|k| !policy.values.contains_key(k))
        .collect()
}

fn unset(policy: &Resolved, t: &Target, out: &mut Findings) {
    let at = target_at(policy, t).map(|(source, span)| Origin { source, span });
    let mut reset: HashSet<SettingKey> = HashSet::new();
    let mut stood_in: HashSet<(SettingKey, Value)> = HashSet::new();
    for row in &t.rows {
        for key in unset_keys(policy, row) {
            let found = |problem| Finding::Target {
                target: TargetId::new(&t.name),
                key: key.clone(),
                value: None,
                at,
                problem,
            };
            if t.complete && key.instance.is_none() && reset.insert(key.clone()) {
                if let (Some(field), Some(d)) = (&row.field, &row.default) {
                    let written = match row.encode(d) {
                        Ok(Encoded::Json(j)) => format!("`{field} = {j}`"),
                        _ => format!("no `{field}` (`{} = {d}`)", key.path()),
                    };
                    out.push(found(TargetProblem::ResetsUnset { written }));
                }
            }
            let Some(bounds) = policy.bounds.get(&key) else {
                continue;
            };
            let (value, fixed) = match (&row.fixed, &row.default) {
                (Some(f), _) => (f.clone(), true),
                (None, Some(d)) => (d.clone(), false),
                (None, None) => continue,
            };
            if !stood_in.insert((key.clone(), value.clone())) {
                continue;
            }
            // A setting written to several fields with different defaults
            // (Keycloak's offline sessions), or into a field of several
            // settings (Salesforce's complexity), names the field.
            let several = t
                .rows_for(&key)
                .filter_map(|r| r.default.as_ref())
                .any(|d| *d != value)
                || row.encoding.levels().is_some();
            let field = row.field.clone().filter(|_| several);
            for b in bounds.iter() {
                if breaks(key.setting(), &value, b) {
                    out.push(found(TargetProblem::DefaultBreaksBound {
                        value: value.clone(),
                        fixed,
                        field: field.clone(),
                        bound: b.clone(),
                    }));
                }
            }
        }
    }
}

/// A field the service replaces as a whole (Keycloak's `passwordPolicy`):
/// when the policy writes it, what the policy leaves unset is dropped.
fn whole_fields(policy: &Resolved, t: &Target, out: &mut Findings) {
    for field in &t.whole_fields {
        let rows: Vec<&Row> = t
            .rows
            .iter()
            .filter(|r| r.field.as_deref() == Some(field.as_str()))
            .collect();
        let written = rows.iter().any(|r| {
            inputs(policy, t, r).iter().any(|(_, v)| {
                v.is_some_and(|v| matches!(r.encode(v), Ok(Encoded::Json(_) | Encoded::Term(_))))
            })
        });
        if !written {
            continue;
        }
        let mut lost: Vec<String> = Vec::new();
        for r in &rows {
            let unset = inputs(policy, t, r).iter().all(|(_, v)| v.is_none());
            let path = r.setting_path();
            if unset && !lost.contains(&path) {
                lost.push(path);
            }
        }
        if lost.is_empty() {
            continue;
        }
        out.push(Finding::WholeFieldDrops {
            target: TargetId::new(&t.name),
            field: field.clone(),
            lost,
            at: target_at(policy, t).map(|(source, span)| Origin { source, span }),
        });
    }
}

/// A rule between two settings the service imposes (Windows: the reset
/// time of the lockout counter may not exceed the lockout duration), with
/// the target's default standing in for an unset side.
fn constraints(policy: &Resolved, t: &Target, out: &mut Findings) {
    for c in &t.constraints {
        let (key, other) = (SettingKey::plain(c.setting), SettingKey::plain(c.at_most));
        let (a, b) = (policy.values.get(&key), policy.values.get(&other));
        if a.is_none() && b.is_none() {
            continue;
        }
        let value = a
            .map(|x| x.value.clone())
            .or_else(|| t.effective_unset(c.setting));
        let other_value = b
            .map(|x| x.value.clone())
            .or_else(|| t.effective_unset(c.at_most));
        let (Some(value), Some(other_value)) = (value, other_value) else {
            continue;
        };
        // Keywords (`until_unlocked`) are above every number.
        if c.setting.get().value_cmp(&value, &other_value) != Some(Ordering::Greater) {
            continue;
        }
        out.push(Finding::Target {
            target: TargetId::new(&t.name),
            key,
            value: Some(value),
            at: a.or(b).map(|x| x.origin),
            problem: TargetProblem::Exceeds {
                other,
                other_value,
                other_at: b.filter(|_| a.is_some()).map(|x| x.origin),
                value_unset: a.is_none(),
                because: c.because.clone(),
            },
        });
    }
}
