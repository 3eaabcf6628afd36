//! Validation of a resolved policy: values against the effective bounds
//! (step 5 of resolution) and the cross-setting rules.
//!
//! Domains and types were checked when the file was lowered; here every
//! value meets every bound that applies to it, wherever each was written.
//! The primary span is always the value in the user's own file; the bound
//! is a label, with its `because` text.

mod bounds;
pub(crate) mod rules;

pub use bounds::breaks;
pub(crate) use bounds::{check_bounds, unverified_bounds, user_span};
pub(crate) use rules::{check_rules, Facts};

use crate::finding::Finding;
use crate::model::Resolved;
use crate::source::SourceMap;

/// Every check on one resolved policy that needs nothing but the policy.
pub fn check(policy: &Resolved, sources: &SourceMap) -> Vec<Finding> {
    let mut found = check_bounds(policy, sources);
    found.extend(check_rules(&Facts::of(policy), policy));
    found
}
