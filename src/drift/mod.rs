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

// The findings are data of the findings layer, below every phase that
// reads them (`finding::describe`, the report, `allow`).
pub use crate::finding::drift::{At, Finding, Held, Kind};
