//! Drift: a service's real configuration, as the service exports it,
//! compared with what ward would write for it (section 11 of the language
//! reference).
//!
//! The phase reads a resolved policy, one target and that service's
//! export, and knows nothing about any particular service: how an export
//! is read ([`read`]: the target's format, `[export]` in its descriptor)
//! and how each field is read back into policy terms
//! (`Row::read_back`: the row's encoding, its keywords, `also_reads`,
//! `fallback`, `unconfigured`) are the target's data. So a new target
//! needs a descriptor, never code here.
//!
//! [`compare`] makes one typed [`Finding`] per field that is not in sync:
//!
//! | the policy… | the service's field | finding |
//! |---|---|---|
//! | sets the setting | holds the value ward writes, or one equal in policy terms | none |
//! | sets it | stricter by the setting's direction | [`Kind::Stricter`] (warning) |
//! | sets it | looser; for a list a superset or an incomparable set | [`Kind::Looser`] (error) |
//! | sets a neutral setting | another value | [`Kind::Changed`] (error) |
//! | bounds it | a value that breaks the bound, whatever the policy's value | [`Kind::BreaksBound`] (the bound's severity) |
//! | leaves it unset, on a service that replaces its whole configuration | not what a build would write | [`Kind::WouldReset`] (warning) |
//! | — | a term of a whole field (`passwordPolicy`) a build would drop | [`Kind::WouldDrop`] (warning) |
//! | decides it | a value the field cannot hold | [`Kind::Unreadable`] (error) |
//! | decides it | absent, with no known service default | [`Kind::Unknown`] (warning) |
//!
//! A setting written to several fields gets a finding per field; a field
//! ward leaves out for the policy's value (Keycloak's `failureFactor` when
//! `lockout.threshold = unlimited`) is not compared when another field of
//! the setting already holds the value (`bruteForceProtected = false`).
//! A finding is data (`crate::finding::Finding::Drift`); the one place
//! findings get words (`finding::describe`) turns it into the diagnostic
//! the user sees (phase `07`), with the primary span on the policy line
//! that decides the value and a label on the field in the export. [`run`]
//! is the whole command.

mod compare;
pub mod read;
mod run;

pub use compare::compare;
pub use read::{read_export, Export, Instance};
pub use run::{drift, DriftOutcome, From};

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
