//! An entry against its targets: which targets, what each cannot hold or
//! imposes, and the cross-setting rules again with each target's default
//! standing in for a setting the policy leaves unset.

use crate::finding::{Finding, Side};
use crate::model::{Origin, Resolved, SettingKey, TargetId};
use crate::targets::{Registry, Target};

/// The targets a policy is checked against: its own `targets` line (or,
/// when `extra` names any, `extra` instead: `--target` replaces the line),
/// groups expanded, each target once. Unknown names in the file are
/// findings; unknown names in `extra` are the command line's to report.
pub fn targets_of<'r>(
    policy: &Resolved,
    registry: &'r Registry,
    extra: &[String],
) -> (Vec<&'r Target>, Vec<Finding>) {
    let mut out: Vec<&Target> = Vec::new();
    let mut found = Vec::new();
    let mut add = |ts: Vec<&'r Target>| {
        for t in ts {
            if !out.iter().any(|o| o.name == t.name) {
                out.push(t);
            }
        }
    };
    for name in &policy.targets {
        match registry.expand(&name.node) {
            Some(ts) if extra.is_empty() => add(ts),
            Some(_) => {}
            None => {
                if let Some(src) = policy.source {
                    found.push(crate::targets::unknown_target(
                        registry, &name.node, src, name.span,
                    ));
                }
            }
        }
    }
    for name in extra {
        if let Some(ts) = registry.expand(name) {
            add(ts);
        }
    }
    (out, found)
}

/// Everything `targets` find in `policy`: the target checks, then the rules
/// a target's default takes part in.
pub fn check(policy: &Resolved, targets: &[&Target]) -> Vec<Finding> {
    if targets.is_empty() {
        return Vec::new();
    }
    let mut found = crate::targets::check(policy, targets);
    found.extend(rules_with_stand_ins(policy, targets));
    found
}

/// The cross-setting rules again, on each target's values, with its default
/// or fixed value standing in for a setting the policy leaves unset. Only the findings a
/// stand-in takes part in are new: the others were found with the policy.
fn rules_with_stand_ins(policy: &Resolved, targets: &[&Target]) -> Vec<Finding> {
    use crate::validate::{check_rules, Facts};
    let mut out = Vec::new();
    for t in targets {
        let Some((source, span)) = crate::targets::target_at(policy, t) else {
            continue;
        };
        // The target's own values, with its defaults for the rest.
        let view = policy.seen_by(&t.name);
        let policy: &Resolved = &view;
        let mut facts = Facts::of(policy);
        let mut stood_in = false;
        for (id, _) in crate::catalog::all() {
            let key = SettingKey::plain(id);
            if facts.knows(&key) {
                continue;
            }
            if let Some(value) = t.effective_unset(id) {
                stood_in = true;
                facts.stand_in(Side::TargetDefault {
                    key,
                    value,
                    target: TargetId::new(&t.name),
                    at: Origin { source, span },
                });
            }
        }
        if stood_in {
            out.extend(
                check_rules(&facts, policy)
                    .into_iter()
                    .filter(Finding::has_stand_in),
            );
        }
    }
    out
}
