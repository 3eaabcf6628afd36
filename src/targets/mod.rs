//! Targets: each service's configuration, emitted from a resolved policy,
//! and a clear refusal of what a service cannot hold.
//!
//! A [`Target`] is data all the way: a TOML descriptor ([`descriptor`])
//! names the fields a service expects, how each is encoded
//! ([`encoding`]: one module per kind), the service's own limits,
//! recommendations, defaults and fixed behaviours, and the file and format
//! it is written in ([`format`]: one writer per format, shared by every
//! target that uses it). The built-ins ([`builtin`]) are parsed once per
//! process; a user adds a service with `--target-file` ([`Target::from_toml`])
//! without writing Rust, and a [`Registry`] answers "which target is this
//! name", groups (`linux`) included.
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
//! Architecture invariant: `check` and `emit` call the same
//! [`Row::encode`], so whatever `check` accepts is exactly what `emit`
//! writes.

pub mod builtin;
pub mod check;
pub mod describe;
pub mod descriptor;
pub mod emit;
pub mod encoding;
pub mod export;
pub mod format;
pub mod matrix;
mod registry;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_check;
#[cfg(test)]
mod tests_descriptor;
#[cfg(test)]
mod tests_hosts;
#[cfg(test)]
mod tests_levels;

pub use builtin::{builtin, builtin_names, builtins};
pub use check::check;
pub(crate) use check::{check_values, target_at, unknown_target};
pub use describe::{describe, describe_group};
pub use descriptor::keys::descriptor_schema;
pub use descriptor::Described;
pub use emit::{emit, render};
pub use matrix::Matrix;
pub use registry::{Found, Registry};

use crate::catalog::{Setting, SettingId};
use crate::model::SettingKey;
use crate::source::{SourceId, Span};
use crate::value::{Keyword, Value};
use encoding::Codec;
use format::Writer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which setting a row feeds: a plain setting, or an integration setting
/// for every integration (`integrations.*.enabled`) or one
/// (`integrations.outlook_calendar.enabled`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    pub id: SettingId,
    pub instance: Instance,
}

/// The integration part of a [`Selector`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instance {
    /// A setting outside `integrations`.
    Plain,
    /// Every integration the policy configures.
    Any,
    /// One integration.
    Named(Arc<str>),
}

impl Selector {
    /// Does the row feed on this key?
    pub fn matches(&self, key: &SettingKey) -> bool {
        self.id == key.id
            && match (&self.instance, &key.instance) {
                (Instance::Plain, None) | (Instance::Any, Some(_)) => true,
                (Instance::Named(a), Some(b)) => a == b,
                _ => false,
            }
    }

    /// As a descriptor writes it: `integrations.*.enabled`.
    pub fn path(&self) -> String {
        let s = self.id.get();
        match &self.instance {
            Instance::Plain => format!("{}.{}", s.section, s.name),
            Instance::Any => format!("{}.*.{}", s.section, s.name),
            Instance::Named(n) => format!(
                "{}.{}.{}",
                s.section,
                crate::model::display_segment(n),
                s.name
            ),
        }
    }
}

/// One output field of a target, fed by one policy setting.
#[derive(Clone, Debug)]
pub struct Row {
    pub selector: Selector,
    /// The output field (dots nest, `{name}` is the integration's name);
    /// `None`: checked, not written (a fixed behaviour).
    pub field: Option<String>,
    pub encoding: Arc<dyn Codec>,
    /// Seconds added to a duration before encoding.
    pub offset: i64,
    /// A template the written value is put into (`4,{}`).
    pub text: Option<String>,
    /// Policy values written by leaving the field out.
    pub omit: Vec<Value>,
    /// Keyword → the service's sentinel.
    pub keywords: BTreeMap<Keyword, serde_json::Value>,
    /// What is written when the policy leaves the setting unset.
    pub when_unset: Option<Value>,
    /// The least the service enforces (looser values are raised to it).
    pub floor: Option<Value>,
    pub floor_behaviour: Option<String>,
    pub min: Option<Value>,
    pub max: Option<Value>,
    /// Why the limits are what they are.
    pub limit_because: Option<String>,
    pub recommend_min: Option<Value>,
    pub recommend_max: Option<Value>,
    pub recommend_because: Option<String>,
    pub default: Option<Value>,
    pub fixed: Option<Value>,
    pub behaviour: Option<String>,
    pub caveat: Option<String>,
    pub note: Option<String>,
    /// How the field is read back from the service's export.
    pub reading: export::Reading,
    /// The row in its descriptor (its `[[settings]]` header).
    pub span: Span,
}

impl Row {
    /// The catalog row of the setting.
    pub fn setting(&self) -> &'static Setting {
        self.selector.id.get()
    }

    /// The setting as the descriptor names it.
    pub(crate) fn setting_path(&self) -> String {
        self.selector.path()
    }

    /// The field as written in the descriptor.
    pub(crate) fn field_name(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The row's default as `ward targets` shows it: the policy value, or,
    /// for a row whose field does not hold the value itself (a `constant`
    /// or a `level` field), what the field holds when absent (Keycloak's
    /// `bruteForceStrategy` is `MULTIPLE`, not `1m`).
    pub(crate) fn default_text(&self) -> Option<String> {
        let d = self.default.as_ref()?;
        if let Some(level) = self.encoding.levels().and_then(|l| l.default_level()) {
            return Some(json_text(level));
        }
        if self.encoding.kind() == "constant" {
            return match self.encode(d) {
                Ok(encoding::Encoded::Json(j)) => Some(json_text(&j)),
                _ => None,
            };
        }
        Some(d.to_string())
    }

    /// The field for one key: `{name}` replaced by the integration's name.
    pub fn field_for(&self, key: &SettingKey) -> Option<String> {
        let f = self.field.as_deref()?;
        Some(match &key.instance {
            Some(name) => f.replace("{name}", name),
            None => f.to_string(),
        })
    }
}

/// A service's value as text: `MULTIPLE`, `false`, `0`.
fn json_text(j: &serde_json::Value) -> String {
    match j {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Where and how a target is written.
#[derive(Clone, Debug)]
pub struct Output {
    pub writer: Arc<dyn Writer>,
    /// The file name, without directories.
    pub file: String,
}

/// A service ward can configure.
#[derive(Clone, Debug)]
pub struct Target {
    pub name: String,
    pub title: String,
    pub vendor: Option<String>,
    pub sources: Vec<String>,
    pub notes: Vec<String>,
    /// Every field is written on every update (the service resets omitted
    /// fields to their defaults).
    pub complete: bool,
    /// Fields the service replaces as a whole when they are written.
    pub whole_fields: Vec<String>,
    pub output: Output,
    /// How the service's own export is read back.
    pub export: Arc<export::Export>,
    pub rows: Vec<Row>,
    /// Rules between two settings the service imposes.
    pub constraints: Vec<Constraint>,
    /// The built-in target this one extends.
    pub extends: Option<String>,
    /// The descriptor file, when it is in the run's source map.
    pub source: Option<SourceId>,
    /// Where the descriptor names the target.
    pub name_span: Span,
}

/// A rule between two settings a service imposes: `setting` may not exceed
/// `at_most` (Windows: the lockout counter's reset time may not exceed the
/// lockout duration).
#[derive(Clone, Debug)]
pub struct Constraint {
    pub setting: crate::catalog::SettingId,
    pub at_most: crate::catalog::SettingId,
    pub because: Option<String>,
}

/// A name standing for several targets (`linux`).
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub title: String,
    pub notes: Vec<String>,
    pub members: Vec<String>,
    pub source: Option<SourceId>,
    pub name_span: Span,
}

impl Target {
    /// Reads a user's descriptor of one target: stores it in `sources`
    /// under `display_name` (so diagnostics can point into it) and parses
    /// it; `extends` may name a built-in. A group is refused here (a
    /// [`Registry`] takes both).
    pub fn from_toml(
        sources: &mut crate::source::SourceMap,
        display_name: &str,
        text: &str,
    ) -> Result<Target, Vec<crate::diag::Diagnostic>> {
        let id = sources.add(display_name, text);
        let base = |name: &str| builtin(name).cloned();
        let stamp = |diags: Vec<crate::diag::Local>| {
            diags.into_iter().map(|d| d.stamp(id)).collect::<Vec<_>>()
        };
        match descriptor::parse(text, &base).map_err(stamp)? {
            Described::Target(mut t) => {
                t.source = Some(id);
                Ok(t)
            }
            Described::Group(g) => Err(vec![crate::diag::Diagnostic::new(
                crate::diag::codes::INVALID_DESCRIPTOR,
                format!("`{}` is a group, not a target", g.name),
            )
            .at(id, g.name_span, "a group")]),
        }
    }

    /// The rows fed by a key, in output order. Rows for one named
    /// integration take the place of rows for every integration.
    pub(crate) fn rows_for<'a>(
        &'a self,
        key: &'a SettingKey,
    ) -> impl Iterator<Item = &'a Row> + 'a {
        let named = self
            .rows
            .iter()
            .any(|r| matches!(r.selector.instance, Instance::Named(_)) && r.selector.matches(key));
        self.rows.iter().filter(move |r| {
            r.selector.matches(key) && !(named && r.selector.instance == Instance::Any)
        })
    }

    /// Does the target hold this setting at all?
    pub fn supports(&self, key: &SettingKey) -> bool {
        self.rows.iter().any(|r| r.selector.matches(key))
    }

    /// What the service does when the setting is not configured.
    pub fn default_value(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let key = key.into().0;
        let found = self.rows_for(&key).find_map(|r| r.default.clone());
        found
    }

    /// The value the service imposes, whatever the policy says.
    pub(crate) fn fixed_value(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let key = key.into().0;
        let found = self.rows_for(&key).find_map(|r| r.fixed.clone());
        found
    }

    /// What the service does for an unset setting: its fixed value, else its
    /// default. The cross-setting rules stand this in for an unset side.
    pub(crate) fn effective_unset(&self, key: impl Into<SettingRef>) -> Option<Value> {
        let key = key.into();
        self.fixed_value(key.clone())
            .or_else(|| self.default_value(key))
    }
}

/// A setting as [`Target::default_value`] accepts it: an id, or a key.
#[derive(Clone, Debug)]
pub struct SettingRef(SettingKey);

impl From<SettingId> for SettingRef {
    fn from(id: SettingId) -> SettingRef {
        SettingRef(SettingKey::plain(id))
    }
}

impl From<&SettingKey> for SettingRef {
    fn from(key: &SettingKey) -> SettingRef {
        SettingRef(key.clone())
    }
}
