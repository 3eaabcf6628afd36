//! Findings: what resolution, validation and the target checks found, as
//! data.
//!
//! A [`Finding`] says what is wrong in the terms of the model (which
//! setting, which value and where it was written, which bound, which
//! target), not in words. Every phase after parsing reports findings; the
//! compliance report, `allow`, the language server and drift read them as
//! they are, and [`Finding::diagnostic`] (in [`describe`]) is the one place
//! a finding becomes a [`Diagnostic`] with a message, labels and help. So
//! nothing downstream ever reads a rendered message or matches a span to
//! learn what happened.
//!
//! Parsing (syntax and lowering) is the exception: its problems are about
//! the text alone, nothing reads them as data, and it reports
//! [`Diagnostic`]s directly.
//!
//! Two properties are held by the types:
//!
//! - A side of a cross-setting rule is a value the policy wrote
//!   ([`Side::Policy`]) or a target's default standing in for an unset
//!   setting ([`Side::TargetDefault`]); a rule between two stand-ins is never
//!   a finding ([`Sides::new`] refuses it).
//! - A finding that tells the user to remove a setting
//!   ([`Finding::WithoutEffect`]) holds a [`Written`] value, which only a
//!   value the policy set can make: a target's default never leads to advice
//!   to remove a setting nobody wrote.

mod describe;
pub mod drift;

use crate::catalog::{SettingId, SettingKey};
use crate::diag::{codes, Code, Diagnostic, Severity};
use crate::model::{Assigned, Bound, Origin, TargetId};
use crate::value::Value;

/// A value the policy wrote, where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Written {
    key: SettingKey,
    value: Value,
    at: Origin,
}

impl Written {
    /// The policy's value of `key`. This is the only way to make one.
    pub fn of(key: &SettingKey, a: &Assigned) -> Written {
        Written {
            key: key.clone(),
            value: a.value.clone(),
            at: a.origin,
        }
    }

    pub fn key(&self) -> &SettingKey {
        &self.key
    }

    pub fn value(&self) -> &Value {
        &self.value
    }

    pub fn at(&self) -> Origin {
        self.at
    }
}

/// One side of a cross-setting rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// A value the policy sets.
    Policy(Written),
    /// What `target` does for a setting the policy leaves unset; `at` is the
    /// target's name in the `targets` line.
    TargetDefault {
        key: SettingKey,
        value: Value,
        target: TargetId,
        at: Origin,
    },
}

impl Side {
    pub fn key(&self) -> &SettingKey {
        match self {
            Side::Policy(w) => &w.key,
            Side::TargetDefault { key, .. } => key,
        }
    }

    pub fn value(&self) -> &Value {
        match self {
            Side::Policy(w) => &w.value,
            Side::TargetDefault { value, .. } => value,
        }
    }

    pub fn at(&self) -> Origin {
        match self {
            Side::Policy(w) => w.at,
            Side::TargetDefault { at, .. } => *at,
        }
    }

    pub(crate) fn is_policy(&self) -> bool {
        matches!(self, Side::Policy(_))
    }

    /// The target a stand-in comes from.
    pub fn target(&self) -> Option<&TargetId> {
        match self {
            Side::Policy(_) => None,
            Side::TargetDefault { target, .. } => Some(target),
        }
    }
}

/// The two sides of a broken rule, at least one of them the policy's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sides {
    left: Side,
    right: Side,
}

impl Sides {
    /// `None` when both sides are stand-ins: two defaults of a service never
    /// make a rule the policy broke.
    pub fn new(left: Side, right: Side) -> Option<Sides> {
        (left.is_policy() || right.is_policy()).then_some(Sides { left, right })
    }

    pub fn left(&self) -> &Side {
        &self.left
    }

    pub fn right(&self) -> &Side {
        &self.right
    }

    pub fn iter(&self) -> impl Iterator<Item = &Side> {
        [&self.left, &self.right].into_iter()
    }
}

/// Why a policy file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unreadable {
    /// A file named on the command line was refused as a policy (too
    /// large): a problem with the input, not with the command.
    Refused,
    /// The file an `extends` reference names exists but cannot be read.
    Extended,
    /// The path an `extends` reference names cannot be followed.
    Reference,
    /// A file `ward.toml` names (a target descriptor) cannot be read.
    Named,
}

/// What a target has to say about one setting.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TargetProblem {
    /// The service always does `fixed`; `holds` when that is at least as
    /// strict as the policy's value. `does` completes "`miro` …".
    Fixed {
        fixed: Value,
        does: String,
        holds: bool,
    },
    /// A behaviour of the service the policy should know of.
    Caveat { caveat: String },
    /// The service would enforce less than the value: `enforced` is what
    /// it would enforce, `why` how its field works ("require at least
    /// one").
    Weaker { enforced: String, why: String },
    /// The value is beyond the service's own limit `limit` (its maximum when
    /// `maximum`); `min` and `max` are the service's range.
    Limit {
        limit: Value,
        maximum: bool,
        min: Option<Value>,
        max: Option<Value>,
        field: Option<String>,
        /// The limit is stricter than the value (else the service can only
        /// enforce something looser).
        stricter: bool,
        /// Why the service's limits are what they are.
        because: Option<String>,
    },
    /// The service requires the setting to be at most `other`, and the
    /// value is above `other_value` (written at `other_at`, or the
    /// service's default when the policy leaves it unset). `value_unset`:
    /// the value is the service's default, and the finding points at
    /// `other`.
    Exceeds {
        other: SettingKey,
        other_value: Value,
        other_at: Option<Origin>,
        value_unset: bool,
        because: Option<String>,
    },
    /// The service adds `grace` seconds, so it cannot enforce values up to
    /// it; `smallest` is the least it can.
    Grace { grace: u64, smallest: u64 },
    /// The value is not a whole number of the service's units; `nearest`
    /// are values it can hold, as written, on the stricter side when
    /// `ordered`.
    Inexact {
        grain: String,
        nearest: Vec<String>,
        ordered: bool,
    },
    /// The service has no way to say `what`; `choices` are what it can say.
    Inexpressible { what: String, choices: Vec<String> },
    /// Against the vendor's recommendation of at least (or at most) `value`.
    Recommendation {
        recommended: Value,
        at_least: bool,
        because: Option<String>,
    },
    /// An unset setting that a target replacing its whole configuration
    /// resets: `written` is what it will write.
    ResetsUnset { written: String },
    /// The service's default (or fixed value, `fixed`) for an unset setting
    /// breaks `bound`; `field` names the field when the setting is written
    /// to several with different defaults.
    DefaultBreaksBound {
        value: Value,
        fixed: bool,
        field: Option<String>,
        bound: Bound,
    },
}

/// Bounds on `key` that a finding says are not enforced: every bound, or
/// only the upper ones (`<=`, `==`).
#[derive(Clone, Copy, Debug)]
pub struct Unenforced<'a> {
    pub key: &'a SettingKey,
    pub upper_only: bool,
}

impl Unenforced<'_> {
    /// Is `bound`, on `key`, one of them?
    pub fn covers(&self, key: &SettingKey, bound: &Bound) -> bool {
        key == self.key
            && (!self.upper_only
                || matches!(
                    bound.op,
                    crate::model::BoundOp::Le | crate::model::BoundOp::Eq
                ))
    }
}

/// One problem found in a resolved policy, as data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Finding {
    // 03: bounds
    /// `value` of `key`, written at `value_at`, breaks `bound`. `at` is
    /// where to point (the user's own file: the `extends` that brought in a
    /// value from a profile). `merged`: the value and the bound came from
    /// two different parents, so the merge itself failed.
    BoundBroken {
        key: SettingKey,
        value: Value,
        value_at: Origin,
        at: Origin,
        bound: Bound,
        merged: bool,
    },
    /// No value of `key` satisfies both `a` and `b`.
    BoundsConflict {
        key: SettingKey,
        at: Origin,
        a: Bound,
        b: Bound,
    },
    /// `bound` has no effect: the inherited `stricter` is at least as strict.
    LooserBound {
        key: SettingKey,
        bound: Bound,
        stricter: Bound,
    },
    /// Bounds on settings that stay unset, reported together at `at`: the
    /// bounds themselves when `own`, else the reference that brought them.
    UnverifiedBounds {
        at: Origin,
        own: bool,
        bounds: Vec<(SettingKey, Bound)>,
    },

    // 04: extends, merge, files
    /// A file that cannot be read; `at` is the reference that names it.
    CannotRead {
        file: String,
        reason: String,
        at: Option<Origin>,
        how: Unreadable,
    },
    ExtendsCycle {
        /// Each file's reference to the next, in order.
        links: Vec<Origin>,
    },
    /// The `extends` chain goes on past `limit` files at `at`.
    ExtendsTooDeep { at: Origin, limit: usize },
    /// An absolute path in `extends`.
    AbsoluteReference { reference: String, at: Origin },
    /// A reference that resolves to `resolved`, outside the root.
    OutsideRoot {
        reference: String,
        resolved: String,
        at: Origin,
    },
    /// `std:NAME` that is not a built-in profile, with the profile it is
    /// nearest to; `in_profile` when a profile names a file.
    UnknownProfile {
        reference: String,
        at: Origin,
        in_profile: bool,
        suggestion: Option<&'static str>,
    },
    /// Two parents set the neutral `key` differently.
    MergeConflict {
        key: SettingKey,
        at: Origin,
        first: (Value, Origin),
        second: (Value, Origin),
    },

    // 05: cross-setting rules
    /// A rule between two settings is broken (the table's rules, `W0505`,
    /// `W0506`). `checked_in` is the file of the policy checked: its own
    /// values are the preferred primary place.
    RuleBroken {
        rule: Code,
        sides: Sides,
        checked_in: Option<crate::source::SourceId>,
    },
    /// The character classes `classes` (each class and its minimum) need
    /// `required` characters, more than `length` allows (`E0503`: the
    /// maximum, `W0501`: the minimum); `first` is the first class.
    ClassesExceedLength {
        rule: Code,
        classes: Vec<(SettingId, u64)>,
        required: u64,
        sides: Sides,
        checked_in: Option<crate::source::SourceId>,
    },
    /// `setting` has no effect (`W0507`, `W0508`), because of `cause` (none:
    /// a setting that is missing).
    WithoutEffect {
        rule: Code,
        setting: Written,
        cause: Option<Side>,
        checked_in: Option<crate::source::SourceId>,
    },

    // 01: `allow`
    /// An `allow` code that silenced nothing in the run; `on` and `targets`
    /// are the line's scope, as written.
    UnusedAllow {
        code: Code,
        at: Origin,
        on: Vec<String>,
        targets: Vec<String>,
    },

    // 06: targets
    /// What `target` has to say about `key`. `at` is the value in the
    /// user's file, or, for an unset setting, the target in the `targets`
    /// line (none when the target came from the command line and the policy
    /// has no file).
    Target {
        target: TargetId,
        key: SettingKey,
        value: Option<Value>,
        at: Option<Origin>,
        problem: TargetProblem,
    },
    /// The settings that none of the file's `targets` supports: one finding
    /// per file, at its `targets` line (`at`). Each setting comes with its
    /// value's place when the file itself sets it (inherited settings are
    /// not labelled one by one).
    Unsupported {
        at: Origin,
        targets: Vec<TargetId>,
        settings: Vec<(SettingKey, Option<Origin>)>,
    },
    /// `target` replaces `field` as a whole, so the settings `lost` (paths)
    /// that the policy leaves unset are dropped from it.
    WholeFieldDrops {
        target: TargetId,
        field: String,
        lost: Vec<String>,
        at: Option<Origin>,
    },
    /// A name in a `targets` line or a `for` block that is no target;
    /// `help` is the did-you-mean over the targets the run knows.
    UnknownTarget {
        name: String,
        at: Option<Origin>,
        help: String,
        /// The known name closest to `name`, if one is close.
        suggestion: Option<String>,
    },

    // Per-target values (`for TARGET { … }`)
    /// `finding` is about the values of `targets` (sorted): a bound or a
    /// cross-setting rule that their per-target values break.
    ForTargets {
        targets: Vec<TargetId>,
        finding: Box<Finding>,
    },
    /// `key` is given twice for `target` in one file, directly or through
    /// groups (`E0213`); `second` is the one that counts.
    DuplicateForValue {
        key: SettingKey,
        target: TargetId,
        first: Origin,
        second: Origin,
    },
    /// The general value `value` (at `at`) of a child replaces the value
    /// `replaced` that `targets` inherit, which is stricter (`W0401`).
    ReplacesStricter {
        key: SettingKey,
        targets: Vec<TargetId>,
        value: Value,
        at: Origin,
        replaced: (Value, Origin),
    },
    /// `for NAME` (at `at`) names no target of the file's `targets` line
    /// (`line`) nor of its groups (`W0606`).
    ForOutsideTargets {
        name: String,
        at: Origin,
        line: Origin,
    },
    /// A per-target value of `key` (at `at`) that none of its `targets`
    /// supports (`W0607`).
    ForUnsupported {
        key: SettingKey,
        at: Origin,
        targets: Vec<TargetId>,
    },
    // 07: services' exports
    /// A field of a service's export not in sync with the policy
    /// (`ward drift`).
    Drift(Box<drift::Finding>),
}

impl Finding {
    /// The stable code of the diagnostic this finding becomes.
    pub fn code(&self) -> Code {
        match self {
            Finding::BoundBroken { bound, merged, .. } => match (bound.severity, merged) {
                (Severity::Warning, _) => codes::WARN_BOUND_VIOLATED,
                (Severity::Error, true) => codes::MERGED_OUT_OF_BOUNDS,
                (Severity::Error, false) => codes::BOUND_VIOLATED,
            },
            Finding::UnusedAllow { .. } => codes::UNUSED_ALLOW,
            Finding::BoundsConflict { .. } => codes::BOUNDS_CONFLICT,
            Finding::LooserBound { .. } => codes::LOOSER_BOUND,
            Finding::UnverifiedBounds { .. } => codes::UNVERIFIED_BOUND,
            Finding::CannotRead { .. } => codes::CANNOT_READ,
            Finding::ExtendsCycle { .. } => codes::EXTENDS_CYCLE,
            Finding::ExtendsTooDeep { .. } => codes::EXTENDS_TOO_DEEP,
            Finding::AbsoluteReference { .. } | Finding::OutsideRoot { .. } => codes::OUTSIDE_ROOT,
            Finding::UnknownProfile { .. } => codes::UNKNOWN_PROFILE,
            Finding::MergeConflict { .. } => codes::MERGE_CONFLICT,
            Finding::RuleBroken { rule, .. }
            | Finding::ClassesExceedLength { rule, .. }
            | Finding::WithoutEffect { rule, .. } => *rule,
            Finding::Target { problem, .. } => match problem {
                TargetProblem::Fixed { holds: true, .. } | TargetProblem::Caveat { .. } => {
                    codes::TARGET_FIXED
                }
                TargetProblem::Fixed { holds: false, .. } => codes::TARGET_FIXED_LOOSER,
                TargetProblem::Weaker { .. } => codes::TARGET_WEAKER,
                TargetProblem::Limit { .. }
                | TargetProblem::Grace { .. }
                | TargetProblem::Exceeds { .. } => codes::TARGET_LIMIT,
                TargetProblem::Inexact { .. } => codes::TARGET_INEXACT,
                TargetProblem::Inexpressible { .. } => codes::TARGET_INEXPRESSIBLE,
                TargetProblem::Recommendation { .. } => codes::TARGET_RECOMMENDATION,
                TargetProblem::ResetsUnset { .. } => codes::TARGET_RESETS_UNSET,
                TargetProblem::DefaultBreaksBound { bound, .. } => match bound.severity {
                    Severity::Error => codes::TARGET_DEFAULT_BREAKS_BOUND,
                    Severity::Warning => codes::TARGET_DEFAULT_BREAKS_WARN_BOUND,
                },
            },
            Finding::Unsupported { .. } => codes::UNSUPPORTED_SETTING,
            Finding::WholeFieldDrops { .. } => codes::TARGET_RESETS_UNSET,
            Finding::UnknownTarget { .. } => codes::UNKNOWN_TARGET,
            Finding::ForTargets { finding, .. } => finding.code(),
            Finding::DuplicateForValue { .. } => codes::DUPLICATE_SETTING,
            Finding::ReplacesStricter { .. } => codes::REPLACES_STRICTER,
            Finding::ForOutsideTargets { .. } => codes::FOR_OUTSIDE_TARGETS,
            Finding::ForUnsupported { .. } => codes::FOR_UNSUPPORTED,
            Finding::Drift(d) => d.code(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.code().severity()
    }

    /// The settings the finding is about (what `allow … on PATH` matches).
    pub fn settings(&self) -> Vec<&SettingKey> {
        match self {
            Finding::BoundBroken { key, .. }
            | Finding::BoundsConflict { key, .. }
            | Finding::LooserBound { key, .. }
            | Finding::MergeConflict { key, .. }
            | Finding::Target { key, .. }
            | Finding::DuplicateForValue { key, .. }
            | Finding::ReplacesStricter { key, .. }
            | Finding::ForUnsupported { key, .. } => vec![key],
            Finding::ForTargets { finding, .. } => finding.settings(),
            Finding::Unsupported { settings, .. } => settings.iter().map(|(k, _)| k).collect(),
            Finding::UnverifiedBounds { bounds, .. } => bounds.iter().map(|(k, _)| k).collect(),
            Finding::RuleBroken { sides, .. } | Finding::ClassesExceedLength { sides, .. } => {
                sides.iter().map(Side::key).collect()
            }
            Finding::WithoutEffect { setting, cause, .. } => {
                let mut keys = vec![setting.key()];
                keys.extend(cause.iter().map(Side::key));
                keys
            }
            Finding::CannotRead { .. }
            | Finding::ExtendsCycle { .. }
            | Finding::ExtendsTooDeep { .. }
            | Finding::AbsoluteReference { .. }
            | Finding::OutsideRoot { .. }
            | Finding::UnknownProfile { .. }
            | Finding::WholeFieldDrops { .. }
            | Finding::UnusedAllow { .. }
            | Finding::ForOutsideTargets { .. }
            | Finding::UnknownTarget { .. } => Vec::new(),
            Finding::Drift(d) => d.key.iter().collect(),
        }
    }

    /// The targets the finding is about (what `allow … for TARGET` matches).
    pub fn targets(&self) -> Vec<&TargetId> {
        match self {
            Finding::Target { target, .. } | Finding::WholeFieldDrops { target, .. } => {
                vec![target]
            }
            Finding::Unsupported { targets, .. } => targets.iter().collect(),
            Finding::Drift(d) => vec![&d.target],
            Finding::RuleBroken { sides, .. } | Finding::ClassesExceedLength { sides, .. } => {
                sides.iter().filter_map(Side::target).collect()
            }
            Finding::WithoutEffect { cause, .. } => cause.iter().filter_map(Side::target).collect(),
            Finding::ForTargets { targets, finding } => {
                let mut out: Vec<&TargetId> = targets.iter().collect();
                out.extend(finding.targets());
                out
            }
            Finding::DuplicateForValue { target, .. } => vec![target],
            Finding::ForUnsupported { targets, .. } | Finding::ReplacesStricter { targets, .. } => {
                targets.iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// The bounds the finding says are broken or contradictory: what the
    /// compliance report reads for `fail` and `warn`.
    pub(crate) fn broken_bounds(&self) -> Vec<&Bound> {
        match self {
            Finding::ForTargets { finding, .. } => finding.broken_bounds(),
            Finding::BoundBroken { bound, .. } => vec![bound],
            Finding::BoundsConflict { a, b, .. } => vec![a, b],
            Finding::Target {
                problem: TargetProblem::DefaultBreaksBound { bound, .. },
                ..
            } => vec![bound],
            Finding::Drift(d) => match &d.kind {
                drift::Kind::BreaksBound { bound, .. } => vec![bound],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The bounds on a setting this finding says are not enforced, though
    /// the value may meet them: a renewing client defeats an upper bound on
    /// the idle timeout (`W0505`); a target cannot hold the value, or fixes
    /// a looser one; no target supports the setting.
    pub fn unenforced(&self) -> Option<Unenforced<'_>> {
        match self {
            Finding::ForTargets { finding, .. } => finding.unenforced(),
            Finding::RuleBroken { rule, sides, .. }
                if *rule == codes::RENEWAL_DEFEATS_IDLE_BOUND =>
            {
                Some(Unenforced {
                    key: sides.right().key(),
                    upper_only: true,
                })
            }
            Finding::Target {
                key,
                problem:
                    TargetProblem::Fixed { holds: false, .. }
                    | TargetProblem::Weaker { .. }
                    | TargetProblem::Limit { .. }
                    | TargetProblem::Exceeds { .. }
                    | TargetProblem::Grace { .. }
                    | TargetProblem::Inexact { .. }
                    | TargetProblem::Inexpressible { .. },
                ..
            } => Some(Unenforced {
                key,
                upper_only: false,
            }),
            _ => None,
        }
    }

    /// The settings a target cannot hold, which no bound on them can be
    /// enforced through (what [`Finding::unenforced`] says, for the
    /// settings a grouped finding lists).
    pub fn unsupported(&self) -> Vec<&SettingKey> {
        match self {
            Finding::Unsupported { settings, .. } => settings.iter().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        }
    }

    /// The canonical paths of the settings the finding is about
    /// (`session.idle_timeout`), what `allow … on PATH` matches: those of
    /// [`Finding::settings`], and the paths a whole-field warning lists.
    pub(crate) fn setting_paths(&self) -> Vec<String> {
        match self {
            Finding::WholeFieldDrops { lost, .. } => lost.clone(),
            Finding::ForTargets { finding, .. } => finding.setting_paths(),
            _ => self.settings().iter().map(|k| k.path()).collect(),
        }
    }

    /// The problem itself, without the policy it was found in: a rule broken
    /// by two values that a parent and each of its children inherit is one
    /// problem, found once per policy. One report per problem is one report
    /// per identity.
    pub fn identity(&self) -> Finding {
        let mut f = self.clone();
        match &mut f {
            Finding::RuleBroken { checked_in, .. }
            | Finding::ClassesExceedLength { checked_in, .. }
            | Finding::WithoutEffect { checked_in, .. } => *checked_in = None,
            Finding::ForTargets { finding, .. } => **finding = finding.identity(),
            _ => {}
        }
        f
    }

    /// Does a target's default stand in for one side of the rule?
    pub fn has_stand_in(&self) -> bool {
        match self {
            Finding::RuleBroken { sides, .. } | Finding::ClassesExceedLength { sides, .. } => {
                sides.iter().any(|s| !s.is_policy())
            }
            Finding::WithoutEffect { cause, .. } => cause.as_ref().is_some_and(|c| !c.is_policy()),
            Finding::ForTargets { finding, .. } => finding.has_stand_in(),
            _ => false,
        }
    }

    /// The diagnostic this finding is shown as. See [`describe`].
    pub fn diagnostic(&self, sources: &crate::source::SourceMap) -> Diagnostic {
        describe::diagnostic(self, sources)
    }
}
