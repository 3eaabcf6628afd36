//! What a run shows: the one place that applies `allow`, reports each
//! problem once, orders the diagnostics and caps repeats.
//!
//! A warning is silenced when the entry file being checked allows it, or the
//! file holding its primary span does (section 3 of the language
//! reference); a warning reached through several entries is shown once if
//! any of them does not allow it. Findings become diagnostics here
//! ([`Finding::diagnostic`]), and identical diagnostics are one report.

use super::allow::Allows;
use crate::diag::{Code, Diagnostic};
use crate::finding::Finding;
use crate::model::Resolved;
use crate::resolve::doc::AllowRule;
use crate::source::{SourceId, SourceMap};
use crate::targets::Registry;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// How many diagnostics of one code are shown for one file. A file that
/// sets one setting 100,000 times gets this many `E0213`s and a count of
/// the rest, not 100,000 reports.
pub const MAX_REPEATS: usize = 50;

/// What [`shown`] reads.
pub(super) struct Shown<'a> {
    pub sources: &'a SourceMap,
    pub entries: &'a [Arc<Resolved>],
    /// Every finding, with the policy it was found in.
    pub found: Vec<(SourceId, Finding)>,
    pub parsed: Vec<Diagnostic>,
    pub allows: Vec<(SourceId, Vec<AllowRule>)>,
    pub registry: &'a Registry,
}

/// The diagnostics a run shows, and every finding (each once).
pub(super) fn shown(s: Shown<'_>) -> super::Checked {
    let reach = reach(s.entries);
    // Each problem once, as first found (parents are checked before the
    // files that extend them), with every entry that reaches it: `order[i]`
    // is reached by `by[i]`, and `index` gives each identity's `i`.
    let mut order: Vec<Finding> = Vec::new();
    let mut by: Vec<BTreeSet<SourceId>> = Vec::new();
    let mut index: HashMap<Finding, usize> = HashMap::new();
    for (from, f) in s.found {
        let i = match index.entry(f.identity()) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                e.insert(order.len());
                order.push(f);
                by.push(BTreeSet::new());
                order.len() - 1
            }
        };
        match reach.get(&from) {
            Some(es) => by[i].extend(es),
            None => {
                by[i].insert(from);
            }
        }
    }
    drop(index);
    let (mut allows, unknown) = Allows::new(s.allows, s.registry);
    let mut diags = s.parsed;
    for (f, reached) in order.iter().zip(&by) {
        let described = f.diagnostic(s.sources);
        let primary = described.source();
        // Usually no file involved has an `allow` line: the finding is
        // shown as it is, once.
        if !reached.is_empty() && !reached.iter().chain(&primary).any(|&e| allows.has_lines(e)) {
            diags.push(described);
            continue;
        }
        let mut kept: Vec<Finding> = Vec::new();
        for e in reached {
            let mut left = allows.apply(*e, f.clone());
            if let (Some(p), Some(rest)) = (primary.filter(|p| p != e), left.clone()) {
                left = allows.apply(p, rest);
            }
            if let Some(rest) = left {
                if !kept.contains(&rest) {
                    kept.push(rest);
                }
            }
        }
        // Usually no `allow` changed the finding: its diagnostic is the
        // one already made.
        let mut described = Some(described);
        diags.extend(kept.iter().map(|k| match described.take() {
            Some(d) if k == f => d,
            _ => k.diagnostic(s.sources),
        }));
    }
    let extra: Vec<Finding> = unknown
        .into_iter()
        .chain(allows.unused(s.sources))
        .collect();
    diags.extend(extra.iter().map(|f| f.diagnostic(s.sources)));
    order_and_cap(&mut diags, s.sources);
    order.extend(extra);
    super::Checked {
        diags,
        findings: order,
    }
}

/// Puts diagnostics in their one order (file, position, code), drops exact
/// repeats and caps repeats of one code in one file: what every list of
/// diagnostics a run shows goes through last.
pub(crate) fn order_and_cap(diags: &mut Vec<Diagnostic>, sources: &SourceMap) {
    crate::diag::sort_and_dedup(diags, |id| sources.get(id).name.clone());
    cap_repeats(diags);
}

/// For each policy file, the entries whose `extends` closure holds it.
fn reach(entries: &[Arc<Resolved>]) -> HashMap<SourceId, BTreeSet<SourceId>> {
    let mut out: HashMap<SourceId, BTreeSet<SourceId>> = HashMap::new();
    for e in entries {
        let Some(entry) = e.source else { continue };
        let mut stack: Vec<&Resolved> = vec![e];
        let mut seen: BTreeSet<SourceId> = BTreeSet::new();
        while let Some(p) = stack.pop() {
            let Some(src) = p.source else { continue };
            if !seen.insert(src) {
                continue;
            }
            out.entry(src).or_default().insert(entry);
            stack.extend(p.parents.iter().map(|x| &*x.policy));
        }
    }
    out
}

/// Keeps the first [`MAX_REPEATS`] diagnostics of each code in each file
/// (the list is sorted, so the first by position) and notes on the last
/// one kept how many more there were.
fn cap_repeats(diags: &mut Vec<Diagnostic>) {
    let mut count: HashMap<(Option<SourceId>, Code), usize> = HashMap::new();
    for d in diags.iter() {
        *count.entry((d.source(), d.code)).or_default() += 1;
    }
    if count.values().all(|&n| n <= MAX_REPEATS) {
        return;
    }
    let mut seen: HashMap<(Option<SourceId>, Code), usize> = HashMap::new();
    let mut kept = Vec::with_capacity(diags.len());
    for mut d in diags.drain(..) {
        let key = (d.source(), d.code);
        let n = seen.entry(key).or_default();
        *n += 1;
        let total = count.get(&key).copied().unwrap_or(0);
        if *n > MAX_REPEATS {
            continue;
        }
        if *n == MAX_REPEATS && total > MAX_REPEATS {
            let more = total - MAX_REPEATS;
            let what = if d.primary.is_some() {
                "in this file"
            } else {
                "without a place"
            };
            let code = d.code.as_str();
            d = d.note(format!("and {more} more {code} {what}, not shown"));
        }
        kept.push(d);
    }
    *diags = kept;
}
