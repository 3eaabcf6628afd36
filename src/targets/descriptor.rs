//! The target descriptor: a service described as data, in TOML.
//!
//! A descriptor names the service, cites the vendor documentation its facts
//! come from, and lists one `[[settings]]` row per output field: which policy
//! setting feeds it, how the value is encoded, the service's own limits,
//! recommendations, defaults and fixed behaviours. [`Descriptor`] is the
//! file as written (serde + schemars, so `ward schema` can describe it);
//! [`Target::parse`](super::Target::parse) (in `lower.rs`) checks it against the catalog and turns it into a
//! `Target` whose literals are typed values. Problems are diagnostics
//! with spans into the TOML, never panics.
//!
//! ```toml
//! name  = "miro"
//! title = "Miro"
//! sources = ["https://help.miro.com/hc/en-us/articles/360017571454"]
//!
//! [[settings]]
//! setting  = "session.idle_timeout"
//! field    = "idle_session_timeout"
//! encoding = "value_unit"
//! units    = ["minutes", "hours", "days"]
//! count    = [1, 9999]
//! min = "1h"
//! max = "14d"
//! ```

use super::Special;
use crate::value::Unit;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A target descriptor file, as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Descriptor {
    /// The name used in `targets` lines and `--target`: `[a-z][a-z0-9._-]*`.
    pub name: String,
    /// The service's name for people: `Keycloak`.
    pub title: String,
    /// Who makes the service.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Vendor documentation the facts in this file come from (URLs).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Anything an administrator should know about the output.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Output shaping that data cannot express, done in code.
    #[serde(default)]
    pub special: Option<Special>,
    /// The service replaces its whole configuration on every update (AWS
    /// IAM): every row is emitted, an unset setting as the service default.
    #[serde(default)]
    pub complete: bool,
    /// One row per output field, in output order.
    #[serde(default)]
    #[schemars(with = "Vec<RawRow>")]
    pub settings: Vec<Spanned<RawRow>>,
}

/// How a row's value is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EncodingKind {
    /// A whole number: a count, or a duration in `unit`.
    Integer,
    /// `{"value": N, "unit": "hours"}`: the largest exact unit of `units`.
    ValueUnit,
    /// An ISO 8601 duration string: `PT8H`, `P1DT12H`.
    Iso8601,
    /// A .NET-style time span string: `08:00:00`, `1.12:00:00`.
    Timespan,
    /// A boolean (`invert = true` for "disable…" fields).
    Boolean,
    /// A count written as a boolean "require at least one".
    AtLeastOne,
    /// An enum value mapped through `values`.
    Enum,
    /// A list whose members are mapped through `values`.
    List,
    /// A `term(N)` of a policy string joined with ` and ` (Keycloak).
    Term,
}

/// A duration unit a service counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitName {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl UnitName {
    pub fn unit(self) -> Unit {
        match self {
            UnitName::Seconds => Unit::Second,
            UnitName::Minutes => Unit::Minute,
            UnitName::Hours => Unit::Hour,
            UnitName::Days => Unit::Day,
        }
    }
}

/// One `[[settings]]` row, as written. Literal values (`min`, `default`, …)
/// are written as in a policy: durations as strings (`"8h"`), counts as
/// integers, keywords and enum values as strings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// The policy setting: `session.idle_timeout`.
    #[schemars(with = "String")]
    pub setting: Spanned<String>,
    /// Output field; dots nest (`brute.force`). No field: checked, not
    /// emitted (a fixed behaviour).
    #[serde(default)]
    pub field: Option<String>,
    /// Defaults by type: durations `integer` in seconds, counts `integer`,
    /// booleans `boolean`, enums `enum`, lists `list`.
    #[serde(default)]
    pub encoding: Option<EncodingKind>,
    /// The unit of an `integer` or `term` duration.
    #[serde(default)]
    pub unit: Option<UnitName>,
    /// The units a `value_unit` field offers.
    #[serde(default)]
    pub units: Vec<UnitName>,
    /// Inclusive range of the number the field holds, in its unit.
    #[serde(default)]
    pub count: Option<[u64; 2]>,
    /// Key names of a `value_unit` object (default `value`, `unit`).
    #[serde(default)]
    pub value_key: Option<String>,
    #[serde(default)]
    pub unit_key: Option<String>,
    /// How each unit is spelled in a `value_unit` object (default: the
    /// unit's name, `minutes`).
    #[serde(default)]
    pub unit_names: BTreeMap<String, String>,
    /// Policy enum or list value → service value.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub values: BTreeMap<String, toml::Value>,
    /// Name of a `term` (`length` → `length(12)`).
    #[serde(default)]
    pub term: Option<String>,
    /// Argument written for a `true` boolean term (`notUsername(undefined)`).
    #[serde(default)]
    pub term_arg: Option<String>,
    /// Write the negation of a boolean.
    #[serde(default)]
    pub invert: bool,
    /// Seconds added to a duration before it is written (Keycloak: -120).
    #[serde(default)]
    pub offset: i64,
    /// Policy values expressed by leaving the field out (`"never"`, `0`).
    #[serde(default)]
    #[schemars(with = "Vec<serde_json::Value>")]
    pub omit: Vec<Spanned<toml::Value>>,
    /// Keyword → the service's sentinel value (`unlimited = -1`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub keywords: BTreeMap<String, toml::Value>,
    /// The service's own limits, in policy terms: errors beyond them.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub min: Option<Spanned<toml::Value>>,
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub max: Option<Spanned<toml::Value>>,
    /// The vendor's recommendation: warnings beyond it.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub recommend_min: Option<Spanned<toml::Value>>,
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub recommend_max: Option<Spanned<toml::Value>>,
    /// Why the vendor recommends it, shown with the warning.
    #[serde(default)]
    pub recommend_because: Option<String>,
    /// What the service does when the field is not configured.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub default: Option<Spanned<toml::Value>>,
    /// A value the service imposes and no one can change.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub fixed: Option<Spanned<toml::Value>>,
    /// What the service does, as a sentence fragment for diagnostics:
    /// "uses a fixed 2h token for IdP-initiated SAML sign-in".
    #[serde(default)]
    pub behaviour: Option<String>,
    /// A warning shown whenever the policy sets this setting.
    #[serde(default)]
    pub caveat: Option<String>,
    /// Anything else, for `ward targets NAME` and the docs.
    #[serde(default)]
    pub note: Option<String>,
}
