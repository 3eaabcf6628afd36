//! The check stage: everything after resolution, in one order.
//!
//! 1. **validate**: each resolved policy once (values against bounds, the
//!    cross-setting rules), parents included, so a parent shared by many
//!    entries is checked once;
//! 2. **targets**: each entry against its own targets ([`targets`]): what a
//!    target cannot hold, fixed behaviours, settings none supports, and the
//!    rules again with a target's default standing in for an unset side;
//! 3. **whole run**: bounds on settings nothing sets, on the entries no
//!    other entry extends, except where a value could not be read;
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

use crate::diag::{codes, Diagnostic};
use crate::finding::Finding;
use crate::model::{Resolved, SettingKey};
use crate::resolve::doc::AllowRule;
use crate::source::{SourceId, SourceMap};
use crate::targets::{Registry, Target};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Errors after which a file's statements were not all read.
const UNPARSED: [crate::diag::Code; 4] = [
    codes::SYNTAX,
    codes::INVALID_UTF8,
    codes::NESTING_TOO_DEEP,
    codes::INVALID_ESCAPE,
];

/// The files of `p` and of every policy it extends.
fn files_of(p: &Resolved) -> BTreeSet<SourceId> {
    let mut files = BTreeSet::new();
    let mut stack = vec![p];
    while let Some(p) = stack.pop() {
        if let Some(src) = p.source {
            if !files.insert(src) {
                continue;
            }
        }
        stack.extend(p.parents.iter().map(|x| x.policy.as_ref()));
    }
    files
}

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
    /// Each file's settings given a value that could not be read.
    pub unread: Vec<(SourceId, Vec<SettingKey>)>,
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
    // No "never set" where ward could not read what might set it: for the
    // settings given a value that could not be read, and for every setting
    // of a policy whose files (its own or a parent's) have statements that
    // could not be parsed.
    let unparsed: BTreeSet<SourceId> = input
        .parsed
        .iter()
        .filter(|d| UNPARSED.contains(&d.code))
        .filter_map(Diagnostic::source)
        .collect();
    let unread: HashMap<SourceId, &[SettingKey]> = input
        .unread
        .iter()
        .map(|(s, k)| (*s, k.as_slice()))
        .collect();
    for p in input.entries {
        let Some(src) = p.source.filter(|s| !extended.contains(s)) else {
            continue;
        };
        let files = files_of(p);
        if files.iter().any(|f| unparsed.contains(f)) {
            continue;
        }
        let unread: BTreeSet<&SettingKey> = files
            .iter()
            .filter_map(|f| unread.get(f))
            .flat_map(|k| k.iter())
            .collect();
        let ts = stand_ins.get(&src);
        let has_stand_in = |key: &SettingKey| {
            unread.contains(key)
                || ts.is_some_and(|ts| ts.iter().any(|t| t.effective_unset(key).is_some()))
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
