//! The check stage: everything after resolution, in one order.
//!
//! 1. **validate**: each resolved policy once (values against bounds, the
//!    cross-setting rules), parents included, so a parent shared by many
//!    entries is checked once;
//! 2. **targets**: each entry against its own targets ([`targets`]): what a
//!    target cannot hold, fixed behaviours, settings none supports, and the
//!    rules again with a target's default standing in for an unset side;
//! 3. **whole run**: bounds on settings nothing sets, on the entries no
//!    other entry extends;
//! 4. **shown** ([`shown`]): `allow`, one report per problem, ordering and
//!    caps: the one place findings become the diagnostics a run shows.
//!
//! Every finding remembers the policy it was found in; an entry reaches the
//! findings of every policy in its `extends` closure, which is what `allow`
//! needs (section 3 of the language reference: the entry's file and the
//! file holding the primary span may silence a warning).

mod allow;
mod per_target;
pub mod shown;
pub mod targets;

pub use targets::targets_of;

use crate::diag::Diagnostic;
use crate::finding::Finding;
use crate::model::Resolved;
use crate::resolve::doc::AllowRule;
use crate::source::{SourceId, SourceMap};
use crate::targets::{Registry, Target};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What the check stage reads.
pub struct Input<'a> {
    pub sources: &'a SourceMap,
    /// Every policy resolution produced, each once.
    pub policies: &'a [Arc<Resolved>],
    /// The entries: the policies the run was asked to check.
    pub entries: &'a [Arc<Resolved>],
    /// What resolution found, with the policy it was found in.
    pub found: Vec<(SourceId, Finding)>,
    /// Problems in the text of the files (syntax, lowering).
    pub parsed: Vec<Diagnostic>,
    /// Each file's `allow` lines.
    pub allows: Vec<(SourceId, Vec<AllowRule>)>,
    pub registry: &'a Registry,
    /// `--target`: replaces every entry's `targets` line.
    pub targets: &'a [String],
}

/// What the check stage found and shows.
pub(crate) struct Checked {
    /// What is shown, in order.
    pub diags: Vec<Diagnostic>,
    /// Every finding of the run (before `allow`), each once.
    pub findings: Vec<Finding>,
}

/// Runs the stages above.
pub fn check(input: Input<'_>) -> Checked {
    let mut found = input.found;
    for p in input.policies {
        if let Some(src) = p.source {
            let checked = crate::validate::check(p, input.sources);
            found.extend(checked.into_iter().map(|f| (src, f)));
        }
    }
    let mut stand_ins: HashMap<SourceId, Vec<&Target>> = HashMap::new();
    for p in input.entries {
        let Some(src) = p.source else { continue };
        let (ts, unknown) = targets_of(p, input.registry, input.targets);
        found.extend(unknown.into_iter().map(|f| (src, f)));
        found.extend(targets::check(p, &ts).into_iter().map(|f| (src, f)));
        let own = per_target::check(p, &ts, input.registry);
        found.extend(own.into_iter().map(|f| (src, f)));
        stand_ins.insert(src, ts);
    }
    // Bounds on settings nothing sets, on the entries no other entry
    // extends (a baseline that only states bounds is not warned about).
    let extended: BTreeSet<SourceId> = input
        .entries
        .iter()
        .flat_map(|p| p.parents.iter().filter_map(|x| x.policy.source))
        .collect();
    for p in input.entries {
        let Some(src) = p.source.filter(|s| !extended.contains(s)) else {
            continue;
        };
        let ts = stand_ins.get(&src);
        let has_stand_in = |key: &crate::model::SettingKey| {
            ts.is_some_and(|ts| ts.iter().any(|t| t.effective_unset(key).is_some()))
        };
        let unverified = crate::validate::unverified_bounds(p, &has_stand_in);
        found.extend(unverified.into_iter().map(|f| (src, f)));
    }
    shown::shown(shown::Shown {
        sources: input.sources,
        entries: input.entries,
        found,
        parsed: input.parsed,
        allows: input.allows,
        registry: input.registry,
    })
}
