//! Validation of a resolved policy: values against the effective bounds
//! (step 5 of resolution) and the cross-setting rules.
//!
//! Domains and types were checked when the file was lowered; here every
//! value meets every bound that applies to it, wherever each was written.
//! The primary span is always the value in the user's own file; the bound
//! is a label, with its `because` text.
//!
//! Every bound applies to every value: the general one and each target's
//! (section 10 of the language reference). Each target with values of its
//! own is checked as it sees the policy, its values together for the
//! cross-setting rules; what it finds that the general values did not is a
//! [`Finding::ForTargets`], one per problem with every target that has it.

mod bounds;
pub(crate) mod rules;

pub use bounds::breaks;
pub(crate) use bounds::{check_bounds, unverified_bounds, user_span};
pub(crate) use rules::{check_rules, Facts};

use crate::finding::Finding;
use crate::model::{Resolved, TargetId};
use crate::source::SourceMap;

/// Every check on one resolved policy that needs nothing but the policy.
pub fn check(policy: &Resolved, sources: &SourceMap) -> Vec<Finding> {
    let general = check_one(policy, sources);
    let mut per_target: Vec<(Finding, Vec<TargetId>)> = Vec::new();
    for target in policy.for_targets.keys() {
        let view = policy.for_target(target);
        for f in check_one(&view, sources) {
            if general.contains(&f) {
                continue;
            }
            match per_target.iter_mut().find(|(g, _)| *g == f) {
                Some((_, targets)) => targets.push(target.clone()),
                None => per_target.push((f, vec![target.clone()])),
            }
        }
    }
    let mut found = general;
    found.extend(
        per_target
            .into_iter()
            .map(|(finding, targets)| Finding::ForTargets {
                targets,
                finding: Box::new(finding),
            }),
    );
    found
}

/// The bounds and the rules on the values `policy` has.
fn check_one(policy: &Resolved, sources: &SourceMap) -> Vec<Finding> {
    let mut found = check_bounds(policy, sources);
    found.extend(check_rules(&Facts::of(policy), policy));
    found
}
