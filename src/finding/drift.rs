//! What `ward drift` finds (`crate::drift` makes them): one field of one
//! service's export that is not in sync with the policy. The types live
//! here, in the findings layer, so that what reads findings (the one edge
//! in [`super::describe`], the report, `allow`) sits below the phase that
//! makes them.

use crate::diag::{codes, Code, Severity};
use crate::model::{Bound, SettingKey, TargetId};
use crate::source::{SourceId, Span};
use crate::value::Value;

/// Where a field is in an export.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct At {
    /// The export file.
    pub source: SourceId,
    /// The field's value, or, for an absent field, the start of the
    /// configuration that lacks it.
    pub span: Span,
    /// The configuration's name when an export holds several (a realm).
    pub instance: Option<String>,
    /// The field, as the descriptor names it (`ssoSessionIdleTimeout`).
    pub field: String,
    /// The field's value as the export writes it (`7200`); `None` when the
    /// field is absent.
    pub raw: Option<String>,
    /// For a term of a policy string: its name, and the term as the export
    /// writes it (`length(8)`), if it has one.
    pub term: Option<(String, Option<String>)>,
    /// For an absent field whose body is in the export but not in force:
    /// the member that says so and what it holds against what ward writes
    /// (`state`, `"enabledForReportingButNotEnforced"`, `"enabled"`).
    pub not_in_force: Option<(String, String, String)>,
    /// The setting read from the field, when the field holds several
    /// (Salesforce's complexity): what it reads is said of that setting.
    pub of_setting: Option<String>,
}

/// What the service holds, in policy terms.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Held {
    Value(Value),
    /// Some value that is not a keyword (a switch that is on).
    NotKeyword,
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Stricter {
        policy: Value,
        service: Held,
    },
    Looser {
        policy: Value,
        service: Held,
    },
    /// A neutral setting with another value: what the policy declares is
    /// not in effect.
    Changed {
        policy: Value,
        service: Value,
    },
    BreaksBound {
        service: Value,
        bound: Bound,
    },
    /// The policy leaves the setting unset and the service replaces its
    /// whole configuration: a build would write `build` over `service`.
    WouldReset {
        service: Option<Value>,
        build: Option<Value>,
        written: Option<String>,
    },
    /// A term of a whole field (`digits(2)`) a build would not write;
    /// `setting` is the setting whose term it is, when ward has one.
    WouldDrop {
        term: String,
        setting: Option<(SettingKey, Value)>,
    },
    /// The field holds something its encoding never writes.
    Unreadable {
        policy: Option<Value>,
    },
    /// The field is absent and the descriptor does not say what the
    /// service does then.
    Unknown,
}

/// One field of one export that is not in sync with the policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub target: TargetId,
    /// The setting the field holds (`None` for a term ward does not map).
    pub key: Option<SettingKey>,
    /// The place in the user's policy: the line that decides the value, the
    /// bound broken, or the `targets` line.
    pub decided: Option<(SourceId, Span)>,
    pub at: At,
    pub kind: Kind,
}

impl Finding {
    /// The stable code of its diagnostic.
    pub fn code(&self) -> Code {
        match &self.kind {
            Kind::Looser { .. } => codes::DRIFT_LOOSER,
            Kind::Stricter { .. } => codes::DRIFT_STRICTER,
            Kind::Changed { .. } => codes::DRIFT_CHANGED,
            Kind::BreaksBound { bound, .. } => match bound.severity {
                Severity::Error => codes::DRIFT_BREAKS_BOUND,
                Severity::Warning => codes::DRIFT_BREAKS_WARN_BOUND,
            },
            Kind::WouldReset { .. } | Kind::WouldDrop { .. } => codes::DRIFT_WOULD_RESET,
            Kind::Unreadable { .. } => codes::DRIFT_UNREADABLE_VALUE,
            Kind::Unknown => codes::DRIFT_UNKNOWN_DEFAULT,
        }
    }

    /// Is it an error (exit status 1 without `--exact`)?
    pub fn is_error(&self) -> bool {
        self.code().severity() == Severity::Error
    }
}
