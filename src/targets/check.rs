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
use super::encoding::{join_or, Encoded, Problem};
use super::{Instance, Registry, Row, Target};
use crate::catalog::{Direction, Setting};
use crate::diag::{codes, Diagnostic, Severity};
use crate::model::{Assigned, Resolved, SettingKey};
use crate::source::{SourceId, Span};
use crate::validate::breaks;
use crate::value::{format_duration, Value};
use std::cmp::Ordering;
use std::collections::HashSet;

/// Every problem `targets` have with `policy`.
pub fn check(policy: &Resolved, targets: &[&Target]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    unsupported(policy, targets, &mut out);
    for t in targets {
        for (key, assigned) in &policy.values {
            for row in t.rows_for(key) {
                check_value(t, row, key, assigned, &mut out);
            }
        }
        unset(policy, t, &mut out);
        whole_fields(policy, t, &mut out);
    }
    // Targets that write one setting into several fields (Keycloak's
    // remember-me timeouts) would otherwise repeat the same diagnostic.
    let mut seen = HashSet::new();
    out.retain(|d| seen.insert(d.clone()));
    out
}

/// An unknown name in a `targets` line, with did-you-mean over every
/// target and group the run knows.
pub fn unknown_target(registry: &Registry, name: &str, source: SourceId, span: Span) -> Diagnostic {
    let (message, help) = registry.unknown(name);
    Diagnostic::new(codes::UNKNOWN_TARGET, message)
        .at(source, span, "no such target")
        .help(help)
}

fn unsupported(policy: &Resolved, targets: &[&Target], out: &mut Vec<Diagnostic>) {
    if targets.is_empty() {
        return;
    }
    let names = targets
        .iter()
        .map(|t| format!("`{}`", t.name))
        .collect::<Vec<_>>();
    for (key, a) in &policy.values {
        let supported = targets.iter().any(|t| t.supports(key));
        if !supported {
            out.push(
                Diagnostic::new(
                    codes::UNSUPPORTED_SETTING,
                    format!(
                        "none of this file's targets ({}) supports `{}`",
                        names.join(", "),
                        key.path()
                    ),
                )
                .at(a.origin.source, a.origin.span, "not written to any target")
                .help("the value stays in the resolved configuration, but no target output carries it; configure it by other means or add a target that supports it"),
            );
        }
    }
}

fn check_value(t: &Target, row: &Row, key: &SettingKey, a: &Assigned, out: &mut Vec<Diagnostic>) {
    let setting = key.setting();
    let path = key.path();
    let v = &a.value;
    let name = &t.name;
    let at = |d: Diagnostic, label: &str| d.at(a.origin.source, a.origin.span, label);

    if let Some(fixed) = &row.fixed {
        let does = row
            .behaviour
            .clone()
            .unwrap_or_else(|| format!("always uses `{path} = {fixed}`"));
        match setting.strictness_cmp(fixed, v) {
            Some(Ordering::Greater | Ordering::Equal) => out.push(at(
                Diagnostic::new(codes::TARGET_FIXED, format!("`{name}` {does}"))
                    .note(format!(
                        "`{fixed}` is at least as strict as the policy's `{path} = {v}`, so the policy holds"
                    )),
                "fixed by the service",
            )),
            _ => out.push(at(
                Diagnostic::new(
                    codes::TARGET_FIXED_LOOSER,
                    format!("`{name}` {does}, which does not meet `{path} = {v}`"),
                )
                .help(format!(
                    "`{name}` cannot be configured otherwise: accept `{path} = {fixed}` or remove `{name}` from `targets`"
                )),
                "the service cannot do this",
            )),
        }
        return;
    }
    if let Some(caveat) = &row.caveat {
        out.push(at(
            Diagnostic::new(codes::TARGET_FIXED, format!("`{name}`: {caveat}")),
            "see the service's behaviour",
        ));
    }
    let special = row.omit.contains(v) || matches!(v, Value::Keyword(_));
    if !special && !check_limits(t, row, setting, &path, a, out) {
        return;
    }
    match row.encode(v) {
        Ok(_) => {}
        Err(Problem::Weaker { enforced, why }) => {
            out.push(at(
                Diagnostic::new(
                    codes::TARGET_WEAKER,
                    format!("`{name}` can only require at least one: {why}, so `{path} = {v}` would be enforced as {enforced}"),
                )
                .help(format!("set `{path} = {enforced}` for `{name}`, or enforce the stricter rule by other means and remove `{name}` from `targets`")),
                "more than the service can require",
            ));
            return;
        }
        Err(Problem::Inexact { grain, nearest }) => {
            let nearest: Vec<String> = nearest
                .into_iter()
                .filter(|c| within(row, setting, &amount(v, c.amount)))
                .map(|c| format!("`{}`", c.text))
                .collect();
            let side = if matches!(setting.direction, Direction::Lower | Direction::Higher) {
                "stricter "
            } else {
                ""
            };
            let nearest_refs: Vec<&str> = nearest.iter().map(String::as_str).collect();
            let tail = match nearest.len() {
                0 => format!("no {side}value fits"),
                1 => format!("nearest {side}value: {}", nearest[0]),
                _ => format!("nearest {side}values are {}", join_or(&nearest_refs)),
            };
            out.push(at(
                Diagnostic::new(
                    codes::TARGET_INEXACT,
                    format!("`{name}` cannot hold `{path} = {v}` exactly"),
                )
                .help(format!("`{name}` counts `{path}` in {grain}; {tail}")),
                "not representable",
            ));
        }
        Err(Problem::Inexpressible { what, choices }) => {
            let choices = if choices.is_empty() {
                format!("choose a value `{name}` can hold")
            } else {
                let ticked: Vec<String> = choices.iter().map(|k| format!("`{k}`")).collect();
                let refs: Vec<&str> = ticked.iter().map(String::as_str).collect();
                format!("`{name}` supports {}", join_or(&refs))
            };
            out.push(at(
                Diagnostic::new(
                    codes::TARGET_INEXPRESSIBLE,
                    format!("`{name}` has no way to express {what} for `{path}`"),
                )
                .help(format!("{choices}, or remove `{name}` from `targets`")),
                "not expressible",
            ));
        }
        Err(Problem::OffsetTooLarge { smallest }) => {
            let grace = format_duration(row.offset.unsigned_abs());
            out.push(at(
                Diagnostic::new(
                    codes::TARGET_LIMIT,
                    format!("`{name}` cannot enforce `{path} = {v}`: it adds {grace} of grace, so its setting must be longer than {grace}"),
                )
                .help(format!(
                    "the shortest value `{name}` can enforce is `{}`",
                    format_duration(smallest)
                )),
                "too short for the service",
            ));
        }
    }
    if special {
        return;
    }
    let rec = |bound: &Option<Value>, bad: Ordering, word: &str| {
        let r = bound.as_ref()?;
        (setting.value_cmp(v, r)? == bad).then(|| {
            let mut d = at(
                Diagnostic::new(
                    codes::TARGET_RECOMMENDATION,
                    format!("`{name}` recommends `{path}` of {word} `{r}`; the policy sets `{v}`"),
                )
                .help(format!(
                    "consider `{path} = {r}`, or `allow W0602` if `{v}` is intended"
                )),
                "against the vendor's recommendation",
            );
            if let Some(why) = &row.recommend_because {
                d = d.note(why.clone());
            }
            d
        })
    };
    out.extend(rec(&row.recommend_min, Ordering::Less, "at least"));
    out.extend(rec(&row.recommend_max, Ordering::Greater, "at most"));
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
    path: &str,
    a: &Assigned,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let v = &a.value;
    let name = &t.name;
    let (limit, word) = match (&row.min, &row.max) {
        (Some(m), _) if setting.value_cmp(v, m) == Some(Ordering::Less) => (m, "minimum"),
        (_, Some(m)) if setting.value_cmp(v, m) == Some(Ordering::Greater) => (m, "maximum"),
        _ => return true,
    };
    let range = match (&row.min, &row.max) {
        (Some(lo), Some(hi)) => format!("`{name}` accepts `{path}` from `{lo}` to `{hi}`"),
        (Some(lo), None) => format!("`{name}` accepts `{path}` from `{lo}`"),
        (None, Some(hi)) => format!("`{name}` accepts `{path}` up to `{hi}`"),
        (None, None) => String::new(),
    };
    let field = row
        .field
        .as_deref()
        .map(|f| format!(" (`{f}`)"))
        .unwrap_or_default();
    let help = if setting.strictness_cmp(limit, v) == Some(Ordering::Greater) {
        format!("the nearest stricter value `{name}` accepts is `{limit}`")
    } else {
        format!("the strictest value `{name}` accepts is `{limit}`, looser than the policy: loosen `{path}` to `{limit}` for it, or remove `{name}` from `targets`")
    };
    out.push(
        Diagnostic::new(
            codes::TARGET_LIMIT,
            format!("`{name}` cannot hold `{path} = {v}`: its {word} is `{limit}`"),
        )
        .at(
            a.origin.source,
            a.origin.span,
            format!("beyond `{name}`'s {word}"),
        )
        .help(help)
        .note(format!("{range}{field}")),
    );
    false
}

/// Where to point for a problem about the target itself: its name in the
/// `targets` line, if the file names it there.
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

fn unset(policy: &Resolved, t: &Target, out: &mut Vec<Diagnostic>) {
    let place = target_at(policy, t);
    let place_it = |d: Diagnostic| match place {
        Some((s, span)) => d.at(s, span, format!("`{}` checked here", t.name)),
        None => d,
    };
    let mut reset: HashSet<SettingKey> = HashSet::new();
    let mut stood_in: HashSet<(SettingKey, Value)> = HashSet::new();
    for row in &t.rows {
        for key in unset_keys(policy, row) {
            let setting = key.setting();
            let path = key.path();
            if t.complete && key.instance.is_none() && reset.insert(key.clone()) {
                if let (Some(field), Some(d)) = (&row.field, &row.default) {
                    let written = match row.encode(d) {
                        Ok(Encoded::Json(j)) => format!("`{field} = {j}`"),
                        _ => format!("no `{field}` (`{path} = {d}`)"),
                    };
                    out.push(place_it(
                        Diagnostic::new(
                            codes::TARGET_RESETS_UNSET,
                            format!("`{path}` is unset, so `{}` applies its default: {written}", t.name),
                        )
                        .help(format!("`{}` replaces its whole configuration on every update; set `{path}` to choose the value", t.name)),
                    ));
                }
            }
            let Some(bounds) = policy.bounds.get(&key) else {
                continue;
            };
            let (value, how) = match (&row.fixed, &row.default) {
                (Some(f), _) => (f.clone(), "uses its fixed value"),
                (None, Some(d)) => (d.clone(), "keeps its default"),
                (None, None) => continue,
            };
            if !stood_in.insert((key.clone(), value.clone())) {
                continue;
            }
            // A setting written to several fields with different defaults
            // (Keycloak's offline sessions) names the field.
            let several = t
                .rows_for(&key)
                .filter_map(|r| r.default.as_ref())
                .any(|d| *d != value);
            let field = match (&row.field, several) {
                (Some(f), true) => format!(" for `{f}`"),
                _ => String::new(),
            };
            for b in bounds.iter() {
                if !breaks(setting, &value, b) {
                    continue;
                }
                let code = match b.severity {
                    Severity::Error => codes::TARGET_DEFAULT_BREAKS_BOUND,
                    Severity::Warning => codes::TARGET_DEFAULT_BREAKS_WARN_BOUND,
                };
                let mut d = place_it(Diagnostic::new(
                    code,
                    format!(
                        "`{path}` is unset, so `{}` {how} `{value}`{field}, which breaks `{path} {}`",
                        t.name,
                        b.describe()
                    ),
                ))
                .label(b.origin.source, b.origin.span, "bound set here")
                .help(format!("set `{path}` to a value within the bound"));
                if let Some(why) = &b.because {
                    d = d.note(format!("the bound says: {why}"));
                }
                out.push(d);
            }
        }
    }
}

/// A field the service replaces as a whole (Keycloak's `passwordPolicy`):
/// when the policy writes it, what the policy leaves unset is dropped.
fn whole_fields(policy: &Resolved, t: &Target, out: &mut Vec<Diagnostic>) {
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
        let listed: Vec<String> = lost.iter().map(|p| format!("`{p}`")).collect();
        let mut d = Diagnostic::new(
            codes::TARGET_RESETS_UNSET,
            format!(
                "`{}` replaces its whole `{field}`, so what the policy leaves unset is dropped from it: {}",
                t.name,
                listed.join(", ")
            ),
        )
        .help(format!(
            "set these settings to keep them in `{field}`, or `allow W0604` if `{}` should not enforce them",
            t.name
        ))
        .note(format!(
            "anything else the service's `{field}` holds today is dropped too: ward writes only what `ward targets {}` lists",
            t.name
        ));
        if let Some((s, span)) = target_at(policy, t) {
            d = d.at(s, span, format!("`{}` checked here", t.name));
        }
        out.push(d);
    }
}
