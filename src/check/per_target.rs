//! An entry's own per-target values (`for TARGET { … }`) against the
//! targets they are for, beyond what the target checks of its `targets`
//! line see:
//!
//! - values for a target outside the file's targets are still checked
//!   against that target's limits (section 10 of the language reference);
//! - a `for` block none of whose targets is in the file's `targets` line is
//!   `W0606` (a switch of target must not drop exceptions silently);
//! - a per-target value of a setting none of its targets supports is
//!   `W0607`.

use crate::finding::Finding;
use crate::model::{Origin, Resolved, SettingKey, TargetId};
use crate::targets::{Registry, Target};
use std::collections::BTreeMap;

/// What `policy`'s own per-target values find; `checked` are the targets
/// the entry is checked against in full.
pub fn check(policy: &Resolved, checked: &[&Target], registry: &Registry) -> Vec<Finding> {
    let Some(src) = policy.source else {
        return Vec::new();
    };
    let mut found = outside_targets(policy, registry);
    // Each own per-target value: the targets it is for, and whether any
    // of them supports its setting.
    let mut reach: BTreeMap<(SettingKey, Origin), (Vec<TargetId>, bool)> = BTreeMap::new();
    for (target, values) in &policy.for_targets {
        let Some(t) = registry.target(target.as_str()) else {
            continue;
        };
        let own = values.iter().filter(|(_, a)| a.origin.source == src);
        for (key, a) in own.clone() {
            let r = reach.entry((key.clone(), a.origin)).or_default();
            r.0.push(target.clone());
            r.1 |= t.supports(key);
        }
        if !checked.iter().any(|c| c.name == t.name) {
            found.extend(crate::targets::check_values(t, own));
        }
    }
    found.extend(
        reach
            .into_iter()
            .filter(|(_, (_, supported))| !supported)
            .map(|((key, at), (targets, _))| Finding::ForUnsupported { key, at, targets }),
    );
    found
}

/// `W0606`: each own `for` block that reaches no target of the file's own
/// `targets` line.
fn outside_targets(policy: &Resolved, registry: &Registry) -> Vec<Finding> {
    let (Some(src), Some(line)) = (policy.source, policy.targets_line) else {
        return Vec::new();
    };
    let listed: Vec<&str> = policy
        .targets
        .iter()
        .filter_map(|n| registry.expand(&n.node))
        .flatten()
        .map(|t| t.name.as_str())
        .collect();
    policy
        .for_blocks
        .iter()
        .filter(|b| !b.targets.is_empty())
        .filter(|b| !b.targets.iter().any(|t| listed.contains(&t.as_str())))
        .map(|b| Finding::ForOutsideTargets {
            name: b.name.node.clone(),
            at: Origin {
                source: src,
                span: b.name.span,
            },
            line: Origin {
                source: src,
                span: line,
            },
        })
        .collect()
}
