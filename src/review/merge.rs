//! `ward merge`: the strictest combination of several resolved policies.
//!
//! The inputs are merged exactly as the parents of one policy are
//! (section 5 of the language reference; [`crate::resolve::merge_policies`]):
//! a synthetic child that sets nothing extends every input. The synthetic
//! source is the command line itself (`ward merge a.ward b.ward`), so a
//! conflict points at the two arguments and labels both sources.
//!
//! # The algebra
//!
//! Write `a ⊓ b` for the merge. On values and bounds (ignoring provenance):
//!
//! - **commutative**: `a ⊓ b = b ⊓ a`;
//! - **associative**: `(a ⊓ b) ⊓ c = a ⊓ (b ⊓ c) = ⊓(a, b, c)`;
//! - **idempotent**: `a ⊓ a = a`;
//! - **at least as strict as every input**: for each setting an input sets,
//!   `strictness_cmp(merged, input)` is `Greater` or `Equal`; each lower
//!   bound is at least, each upper bound at most, the input's.
//!
//! This holds because per setting the value is a maximum in the strictness
//! order (for `subset` settings, the intersection) and each bound side a
//! maximum (lower) or minimum (upper) in value order: all of them are
//! semilattice joins. Neutral settings have no join: differing values are a
//! conflict (`E0405`) whatever the order. Whether the *result* is valid (a
//! merged value inside the merged bounds, `E0406`) is checked once, on the
//! final result; an intermediate merge in a different grouping may fail
//! where the whole one does not, so `ward merge` always merges all inputs at
//! once. The tests below check every law on generated policies.

use crate::diag::{codes, Diagnostic};
use crate::driver::{self, Options, Outcome};
use crate::finding::Finding;
use crate::model::{Parent, Resolved};
use crate::resolve::loader::FileSystem;
use crate::source::{SourceMap, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// The name a merged policy gets without `--name`.
pub(crate) const DEFAULT_NAME: &str = "merged";

/// What `ward merge` produced.
#[derive(Debug, Default)]
pub struct Merged {
    /// The inputs' diagnostics and the merge's own, with their sources.
    pub outcome: Outcome,
    /// The merged policy; `None` when any error was found.
    pub policy: Option<Resolved>,
}

/// Resolves each file and merges them all. A file named twice (`a.ward
/// ./a.ward`) is one input: merging is idempotent, so `ward merge a.ward
/// a.ward` is `a.ward` itself.
pub fn merge_files(
    files: &[PathBuf],
    name: Option<&str>,
    opts: &Options,
    fs: &dyn FileSystem,
) -> Merged {
    let mut seen = std::collections::BTreeSet::new();
    let files: Vec<PathBuf> = files
        .iter()
        .filter(|f| seen.insert(fs.canonicalize(f).unwrap_or_else(|_| f.to_path_buf())))
        .cloned()
        .collect();
    let mut out = driver::run(&files, opts, fs);
    if !out.fatal.is_empty() || out.policies.len() != files.len() {
        return Merged {
            outcome: out,
            policy: None,
        };
    }
    let labels: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let policies = out.policies.clone();
    let (merged, diags) = merge_resolved(
        name.unwrap_or(DEFAULT_NAME),
        &policies,
        &labels,
        &mut out.sources,
    );
    out.diags
        .extend(diags.iter().map(|f| f.diagnostic(&out.sources)));
    out.findings.extend(diags);
    crate::check::shown::order_and_cap(&mut out.diags, &out.sources);
    let policy = (!out.has_errors()).then_some(merged);
    Merged {
        outcome: out,
        policy,
    }
}

/// Merges resolved policies, `labels[i]` naming `policies[i]` in the
/// synthetic command-line source, and validates the result.
pub(crate) fn merge_resolved(
    name: &str,
    policies: &[Arc<Resolved>],
    labels: &[String],
    sources: &mut SourceMap,
) -> (Resolved, Vec<Finding>) {
    let mut text = String::from("ward merge");
    let mut parents = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        let label = labels.get(i).cloned().unwrap_or_else(|| p.name.clone());
        text.push(' ');
        let start = text.len();
        text.push_str(&label);
        parents.push(Parent {
            via: Span::new(start, text.len()),
            policy: p.clone(),
        });
    }
    let src = sources.add("<command line>", text);
    // The command itself is the merged policy's place.
    let name = crate::source::Spanned::new(name.to_string(), Span::new(0, "ward merge".len()));
    let (merged, mut diags) = crate::resolve::merge_policies(name, src, parents, sources);
    diags.extend(crate::validate::check(&merged, sources));
    (merged, diags)
}

/// The diagnostic for a `--name` that is not a policy name.
pub fn check_name(name: &str) -> Option<Diagnostic> {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    (!ok).then(|| {
        Diagnostic::new(
            codes::USAGE,
            format!("`{name}` is not a policy name"),
        )
        .help("a policy name starts with a lowercase letter and holds lowercase letters, digits, `.`, `_` and `-`")
    })
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
