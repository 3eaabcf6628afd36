//! The resolved model: a policy after `extends`, merging and narrowing.
//!
//! Emitters, targets, `explain`, `diff` and the schemas read only this, never
//! the syntax tree. Every value and bound remembers where it was written
//! ([`Origin`]) and what it replaced, so diagnostics and `ward explain` can
//! point at the user's own text.
//!
//! Per-target values (`for TARGET { … }`, section 10 of the language
//! reference) are [`Resolved::for_targets`]: for each target, the settings
//! whose value for that target comes from a `for` block somewhere in the
//! chain. A target's value of a setting is its entry there, else the
//! general value ([`Resolved::value_for`]); [`Resolved::for_target`] is the
//! policy as one target sees it, which is what the target checks and
//! emitters read.

pub(crate) use crate::catalog::display_segment;
use crate::catalog::SettingId;
pub use crate::catalog::SettingKey;
use crate::diag::Severity;
use crate::source::{SourceId, Span, Spanned};
use crate::value::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A target, by its name (`miro`, `keycloak`, a `--target-file`'s name).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TargetId(Arc<str>);

impl TargetId {
    pub fn new(name: &str) -> TargetId {
        TargetId(Arc::from(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TargetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where something was written: the file and the span of the value or bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub source: SourceId,
    pub span: Span,
}

/// A setting's value with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assigned {
    pub value: Value,
    pub origin: Origin,
    /// The values this one replaced, nearest first (a parent's value that the
    /// child overrode, and what that one overrode in turn).
    pub overrode: Vec<(Value, Origin)>,
    /// Other parents that set the same value and lost nothing by the merge.
    pub merged_from: Vec<(Value, Origin)>,
}

/// `>=`, `<=` or `==`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoundOp {
    Ge,
    Le,
    Eq,
}

impl BoundOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BoundOp::Ge => ">=",
            BoundOp::Le => "<=",
            BoundOp::Eq => "==",
        }
    }
}

/// One bound, as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bound {
    /// The operator the user wrote (an `in` range gives a `>=` and a `<=`).
    pub op: BoundOp,
    pub value: Value,
    pub severity: Severity,
    pub because: Option<String>,
    pub origin: Origin,
}

impl Bound {
    /// `>= 12h`, for messages.
    pub fn describe(&self) -> String {
        format!("{} {}", self.op.as_str(), self.value)
    }
}

/// The effective bounds of one severity on one setting. For ordered
/// settings `==` narrows both ends; for neutral and list settings only `eq`
/// is used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub eq: Option<Bound>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        self.lower.is_none() && self.upper.is_none() && self.eq.is_none()
    }

    /// Every bound, lower first.
    pub fn iter(&self) -> impl Iterator<Item = &Bound> {
        self.lower
            .iter()
            .chain(self.upper.iter())
            .chain(self.eq.iter())
    }
}

/// Error bounds and warning bounds of one setting, kept apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    pub error: Limits,
    pub warn: Limits,
}

impl Bounds {
    pub fn get(&self, severity: Severity) -> &Limits {
        match severity {
            Severity::Error => &self.error,
            Severity::Warning => &self.warn,
        }
    }

    pub(crate) fn get_mut(&mut self, severity: Severity) -> &mut Limits {
        match severity {
            Severity::Error => &mut self.error,
            Severity::Warning => &mut self.warn,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.error.is_empty() && self.warn.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Bound> {
        self.error.iter().chain(self.warn.iter())
    }
}

/// A policy after resolution.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// The policy's name as written in its file.
    pub name: String,
    /// Where the name is written: the place for problems of the whole policy.
    pub name_span: Span,
    /// The file this policy was resolved from.
    pub source: Option<SourceId>,
    pub values: BTreeMap<SettingKey, Assigned>,
    pub bounds: BTreeMap<SettingKey, Bounds>,
    /// The services this file is checked against (not inherited).
    pub targets: Vec<Spanned<String>>,
    /// The file's `targets` line, when it has one.
    pub targets_line: Option<Span>,
    /// Per-target values, inherited and the file's own: for each target,
    /// the settings whose value for it is not simply the general one.
    /// Groups are expanded: the keys are targets.
    pub for_targets: BTreeMap<TargetId, BTreeMap<SettingKey, Assigned>>,
    /// The file's own `for` blocks, in order.
    pub for_blocks: Vec<ForBlock>,
    /// The policies this one extends, directly, in order.
    pub parents: Vec<Parent>,
}

/// One `for NAME { … }` block of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForBlock {
    /// The target or group as written, where it is written.
    pub name: Spanned<String>,
    /// `for NAME`.
    pub head: Span,
    /// The targets it stands for (a group's members); empty when the name
    /// is no target the run knows.
    pub targets: Vec<TargetId>,
}

/// One `extends` reference, followed.
#[derive(Clone, Debug)]
pub struct Parent {
    /// The span of the reference in the child's file.
    pub via: Span,
    pub policy: Arc<Resolved>,
}

impl Resolved {
    pub fn value(&self, key: &SettingKey) -> Option<&Value> {
        self.values.get(key).map(|a| &a.value)
    }

    /// The value of a plain (not per-integration) setting.
    pub fn get(&self, id: SettingId) -> Option<&Assigned> {
        self.values.get(&SettingKey::plain(id))
    }

    /// The value of `key` for `target`: its per-target value, else the
    /// general one.
    pub fn value_for(&self, target: &TargetId, key: &SettingKey) -> Option<&Assigned> {
        self.for_targets
            .get(target)
            .and_then(|m| m.get(key))
            .or_else(|| self.values.get(key))
    }

    /// The policy as `target` sees it: its values are the target's values,
    /// and it has no per-target values of its own.
    pub fn for_target(&self, target: &TargetId) -> Resolved {
        let mut view = self.clone();
        if let Some(own) = self.for_targets.get(target) {
            for (key, a) in own {
                view.values.insert(key.clone(), a.clone());
            }
        }
        view.for_targets = BTreeMap::new();
        view
    }

    /// [`Resolved::for_target`] when `target` has per-target values, else
    /// the policy itself (no copy).
    pub fn seen_by(&self, target: &str) -> std::borrow::Cow<'_, Resolved> {
        let id = TargetId::new(target);
        if self.for_targets.contains_key(&id) {
            std::borrow::Cow::Owned(self.for_target(&id))
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    /// The per-target values whose value differs from the general one, by
    /// target (sorted), then setting: what the resolved configuration's
    /// `for` key holds and what `diff` and `merge` compare.
    pub fn differing(&self) -> BTreeMap<&TargetId, BTreeMap<&SettingKey, &Assigned>> {
        let mut out = BTreeMap::new();
        for (t, m) in &self.for_targets {
            let settings: BTreeMap<&SettingKey, &Assigned> = m
                .iter()
                .filter(|(k, a)| self.value(k) != Some(&a.value))
                .collect();
            if !settings.is_empty() {
                out.insert(t, settings);
            }
        }
        out
    }
}
