//! The edge: each [`Finding`] as the [`Diagnostic`] a user reads.
//!
//! This is the one place findings get words: messages (lowercase, user
//! input in backticks), labels on each place involved, help and notes. One
//! file per phase of codes.

mod bounds;
mod drift;
mod files;
mod per_target;
mod rules;
mod targets;

use super::Finding;
use crate::diag::Diagnostic;
use crate::source::SourceMap;

/// The diagnostic `f` is shown as.
pub(super) fn diagnostic(f: &Finding, sources: &SourceMap) -> Diagnostic {
    match f {
        Finding::BoundBroken {
            key,
            value,
            at,
            bound,
            ..
        } => bounds::broken(f.code(), key, value, *at, bound),
        Finding::BoundsConflict { key, at, a, b } => bounds::conflict(key, *at, a, b, sources),
        Finding::LooserBound {
            key,
            bound,
            stricter,
        } => bounds::looser(key, bound, stricter, sources),
        Finding::UnverifiedBounds { at, own, bounds } => bounds::unverified(*at, *own, bounds),
        Finding::CannotRead {
            file,
            reason,
            at,
            how,
        } => files::cannot_read(file, reason, *at, how),
        Finding::ExtendsCycle { links } => files::cycle(links, sources),
        Finding::ExtendsTooDeep { at, limit } => files::too_deep(*at, *limit),
        Finding::AbsoluteReference { reference, at } => files::absolute(reference, *at),
        Finding::OutsideRoot {
            reference,
            resolved,
            at,
        } => files::outside_root(reference, resolved, *at),
        Finding::UnknownProfile {
            reference,
            at,
            in_profile,
            suggestion,
        } => files::unknown_profile(reference, *at, *in_profile, *suggestion),
        Finding::MergeConflict {
            key,
            at,
            first,
            second,
        } => files::merge_conflict(key, *at, first, second),
        Finding::RuleBroken {
            rule,
            sides,
            checked_in,
        } => rules::broken(*rule, sides, *checked_in, sources),
        Finding::ClassesExceedLength {
            rule,
            classes,
            required,
            sides,
            checked_in,
        } => rules::classes(*rule, classes, *required, sides, *checked_in, sources),
        Finding::WithoutEffect {
            rule,
            setting,
            cause,
            checked_in,
        } => rules::without_effect(*rule, setting, cause.as_ref(), *checked_in, sources),
        Finding::Target {
            target,
            key,
            value,
            at,
            problem,
        } => targets::problem(f.code(), target, key, value.as_ref(), *at, problem),
        Finding::Unsupported {
            at,
            targets,
            settings,
        } => targets::unsupported(*at, targets, settings),
        Finding::UnusedAllow {
            code,
            at,
            on,
            targets,
        } => files::unused_allow(*code, *at, on, targets),
        Finding::WholeFieldDrops {
            target,
            field,
            lost,
            at,
        } => targets::whole_field(target, field, lost, *at),
        Finding::Drift(d) => drift::diagnostic(d),
        Finding::UnknownTarget {
            name,
            at,
            help,
            suggestion,
        } => targets::unknown(name, *at, help, suggestion.as_deref()),
        Finding::ForTargets { targets, finding } => {
            per_target::for_targets(targets, diagnostic(finding, sources))
        }
        Finding::DuplicateForValue {
            key,
            target,
            first,
            second,
        } => per_target::duplicate(key, target, *first, *second),
        Finding::ReplacesStricter {
            key,
            targets,
            value,
            at,
            replaced,
        } => per_target::replaces_stricter(key, targets, value, *at, replaced, sources),
        Finding::ForOutsideTargets { name, at, line } => {
            per_target::outside_targets(name, *at, *line)
        }
        Finding::ForUnsupported { key, at, targets } => per_target::unsupported(key, *at, targets),
    }
}

/// Sets the primary place, when there is one.
fn at(d: Diagnostic, place: Option<crate::model::Origin>, label: impl Into<String>) -> Diagnostic {
    match place {
        Some(o) => d.at(o.source, o.span, label),
        None => d,
    }
}
