//! Targets: each service's configuration, emitted from a resolved policy,
//! and a clear refusal of what a service cannot hold.
//!
//! A [`Target`] is data: a TOML descriptor ([`descriptor`]) naming the
//! fields a service expects, their encodings, the service's own limits,
//! recommendations, defaults and fixed behaviours. Six are built in
//! ([`builtin`]); a user adds a service with `--target-file`
//! ([`Target::from_toml`]) without writing Rust. What data cannot express
//! well (Keycloak's brute-force switches) is code selected by
//! `special = "..."` ([`keycloak`]).
//!
//! The phase reads only the resolved model:
//!
//! - [`check`] reports every value a target cannot hold exactly, values
//!   beyond its limits, fixed behaviours, recommendations, settings no
//!   target supports, and unset settings whose target default breaks a bound;
//! - [`emit`] writes the configuration an administrator of the service
//!   would recognise, assuming `check` passed (and never panicking if not);
//! - [`describe`] is the text of `ward targets NAME`.
//!
//! Architecture invariant: `check` and `emit` read the same [`encode`]
//! functions, so whatever `check` accepts is exactly what `emit` writes.

pub mod builtin;
pub mod check;
pub mod describe;
pub mod descriptor;
pub mod emit;
pub mod encode;
pub mod keycloak;
pub mod literal;
mod lower;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_check;

pub use builtin::{builtin, builtin_names, builtins};
pub use check::{check, target_at, unknown_target};
pub use describe::describe;
pub use emit::emit;
pub use lower::toml_to_json;

use crate::catalog::SettingId;
use crate::diag::Diagnostic;
use crate::model::SettingKey;
use crate::source::{SourceId, SourceMap, Span};
use crate::value::{Keyword, Unit, Value};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Output shaping done in code, selected by `special = "..."`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Special {
    /// `bruteForceProtected` and `permanentLockout` from the lockout settings.
    Keycloak,
}

/// How a value is written into its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Encoding {
    /// A whole number; durations in `unit` (seconds if `None`). `range` is
    /// the number's inclusive range.
    Integer {
        unit: Option<Unit>,
        range: Option<(u64, u64)>,
    },
    /// `{"value": 8, "unit": "hours"}` in the largest exact unit.
    ValueUnit {
        units: Vec<Unit>,
        range: (u64, u64),
        value_key: String,
        unit_key: String,
        unit_names: BTreeMap<String, String>,
    },
    Iso8601,
    Timespan,
    Boolean {
        invert: bool,
    },
    /// A count written as "require at least one": `true` from 1.
    AtLeastOne,
    Enum(BTreeMap<String, serde_json::Value>),
    List(BTreeMap<String, serde_json::Value>),
    /// `term(N)` joined into a policy string with ` and `.
    Term {
        term: String,
        unit: Option<Unit>,
        arg: Option<String>,
    },
}

/// One output field of a target, fed by one policy setting.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: SettingId,
    pub field: Option<String>,
    pub encoding: Encoding,
    /// Seconds added to a duration before encoding.
    pub offset: i64,
    /// Policy values written by leaving the field out.
    pub omit: Vec<Value>,
    /// Keyword → the service's sentinel.
    pub keywords: BTreeMap<Keyword, serde_json::Value>,
    pub min: Option<Value>,
    pub max: Option<Value>,
    pub recommend_min: Option<Value>,
    pub recommend_max: Option<Value>,
    pub recommend_because: Option<String>,
    pub default: Option<Value>,
    pub fixed: Option<Value>,
    pub behaviour: Option<String>,
    pub caveat: Option<String>,
    pub note: Option<String>,
    /// The row in its descriptor.
    pub span: Span,
}

/// A service ward can configure.
#[derive(Clone, Debug)]
pub struct Target {
    pub name: String,
    pub title: String,
    pub vendor: Option<String>,
    pub sources: Vec<String>,
    pub notes: Vec<String>,
    pub special: Option<Special>,
    /// Every field is written on every update (the service resets omitted
    /// fields to their defaults).
    pub complete: bool,
    pub rows: Vec<Row>,
    /// The descriptor file, when it is in the run's source map.
    pub source: Option<SourceId>,
}

impl Target {
    /// Reads a user's descriptor: stores it in `sources` under
    /// `display_name` (so diagnostics can point into it) and parses it.
    pub fn from_toml(
        sources: &mut SourceMap,
        display_name: &str,
        text: &str,
    ) -> Result<Target, Vec<Diagnostic>> {
        let id = sources.add(display_name, text);
        Target::parse(id, text)
    }

    /// The rows fed by a setting, in output order.
    pub fn rows_for(&self, id: SettingId) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.id == id)
    }

    /// Does the target hold this setting at all?
    pub fn supports(&self, id: SettingId) -> bool {
        self.rows.iter().any(|r| r.id == id)
    }

    /// What the service does when the setting is not configured.
    pub fn default_value(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let id = key.into().0?;
        self.rows_for(id).find_map(|r| r.default.clone())
    }

    /// The value the service imposes, whatever the policy says.
    pub fn fixed_value(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let id = key.into().0?;
        self.rows_for(id).find_map(|r| r.fixed.clone())
    }

    /// What the service does for an unset setting: its fixed value, else its
    /// default. The cross-setting rules stand this in for an unset side.
    pub fn effective_unset(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let r = key.into();
        self.fixed_value(r).or_else(|| self.default_value(r))
    }
}

/// A setting as [`Target::default_value`] accepts it: an id, or a key (an
/// integration's settings have no target defaults).
#[derive(Clone, Copy, Debug)]
pub struct SettingRef(Option<SettingId>);

impl From<SettingId> for SettingRef {
    fn from(id: SettingId) -> SettingRef {
        SettingRef(Some(id))
    }
}

impl From<&SettingKey> for SettingRef {
    fn from(key: &SettingKey) -> SettingRef {
        SettingRef(key.instance.is_none().then_some(key.id))
    }
}

/// The JSON Schema (draft 2020-12) of a target descriptor file.
pub fn descriptor_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(descriptor::Descriptor);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}
