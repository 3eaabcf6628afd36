//! The settings catalog: every setting ward knows, described once.
//!
//! Lowering, validation, merging, diffing, the JSON Schemas, the generated
//! documentation and editor completion all read [`SETTINGS`]; none of them
//! lists setting names again. Adding a row here adds the setting everywhere.
//!
//! Code that means one setting names its constant, spelt as the setting is
//! ([`session::idle_timeout`]), so a typo or a renamed row breaks the build
//! instead of silently turning a rule off:
//!
//! ```compile_fail,E0425
//! let _ = ward::catalog::session::idle_timout;
//! ```
//!
//! The cross-setting rules that compare two settings are a table beside the
//! settings ([`rules`]).

mod key;
pub mod rules;
mod table;

pub(crate) use key::display_segment;
pub use key::SettingKey;

pub use table::*;

use crate::value::{Keyword, Value};
use std::cmp::Ordering;

/// One setting of the catalog: `catalog::session::idle_timeout`. Its order
/// is the catalog order.
///
/// Only the catalog makes ids (the field is private), one per row of
/// [`SETTINGS`], so every id indexes a row: [`SettingId::get`] cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SettingId(u16);

impl SettingId {
    pub fn get(self) -> &'static Setting {
        &SETTINGS[self.0 as usize]
    }
}

/// What kind of value a setting holds, and its domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// Whole seconds in `min..=max`.
    Duration {
        min: u64,
        max: u64,
    },
    /// A whole number in `min..=max`.
    Count {
        min: u64,
        max: u64,
    },
    Bool,
    /// One of the names; for ordered settings, listed from loosest to
    /// strictest in the setting's direction (`none < common < breached`).
    Enum(&'static [&'static str]),
    /// A set of the named values.
    EnumList(&'static [&'static str]),
    /// A set of free strings.
    StrList,
}

/// Which way is stricter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A smaller value is stricter.
    Lower,
    /// A larger value is stricter.
    Higher,
    /// Neither way is stricter: parents must agree.
    Neutral,
    /// Fewer members is stricter (lists).
    Subset,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Lower => "lower",
            Direction::Higher => "higher",
            Direction::Neutral => "neutral",
            Direction::Subset => "subset",
        }
    }
}

/// One row of the catalog.
#[derive(Debug)]
pub struct Setting {
    pub id: SettingId,
    /// `session`, `password`, …, `integrations`.
    pub section: &'static str,
    /// The name within its section (for integrations, within one
    /// integration): `idle_timeout`.
    pub name: &'static str,
    pub ty: Type,
    pub keywords: &'static [Keyword],
    pub direction: Direction,
    /// One line, for documentation, schemas and editor hover text.
    pub description: &'static str,
}

impl Setting {
    /// The section a user names an instance of (`integrations.NAME.x`)?
    pub fn is_instanced(&self) -> bool {
        self.section == INSTANCED_SECTION
    }

    /// `session.idle_timeout`, or `integrations.NAME.enabled`.
    pub fn path(&self) -> String {
        if self.is_instanced() {
            format!("{}.NAME.{}", self.section, self.name)
        } else {
            format!("{}.{}", self.section, self.name)
        }
    }

    pub fn id(&self) -> SettingId {
        self.id
    }

    /// Does the setting order its values (so `>=` and `<=` make sense)?
    pub fn is_ordered(&self) -> bool {
        !matches!(self.direction, Direction::Neutral | Direction::Subset)
    }

    pub(crate) fn is_duration(&self) -> bool {
        matches!(self.ty, Type::Duration { .. })
    }

    /// Compares two values of this setting in value order: durations and
    /// counts by magnitude with keywords above every number, `false < true`,
    /// enums by their position in the catalog. `None` for lists and for
    /// values of different kinds.
    pub(crate) fn value_cmp(&self, a: &Value, b: &Value) -> Option<Ordering> {
        Some(self.rank(a)?.cmp(&self.rank(b)?))
    }

    fn rank(&self, v: &Value) -> Option<(u8, u64)> {
        match v {
            Value::Duration(n) | Value::Count(n) => Some((0, *n)),
            Value::Keyword(_) => Some((1, 0)),
            Value::Bool(b) => Some((0, u64::from(*b))),
            Value::Enum(name) => match self.ty {
                Type::Enum(names) => names.iter().position(|n| n == name).map(|i| (0, i as u64)),
                _ => None,
            },
            Value::List(_) => None,
        }
    }

    /// Is `a` stricter than `b`? `Greater` means `a` is stricter, `Less`
    /// looser. For `Subset`, a proper subset is stricter; incomparable sets
    /// give `None`, as do neutral settings.
    pub fn strictness_cmp(&self, a: &Value, b: &Value) -> Option<Ordering> {
        match self.direction {
            Direction::Lower => self.value_cmp(a, b).map(Ordering::reverse),
            Direction::Higher => self.value_cmp(a, b),
            Direction::Neutral => (a == b).then_some(Ordering::Equal),
            Direction::Subset => match (a, b) {
                (Value::List(x), Value::List(y)) if x == y => Some(Ordering::Equal),
                (Value::List(x), Value::List(y)) if x.is_subset(y) => Some(Ordering::Greater),
                (Value::List(x), Value::List(y)) if y.is_subset(x) => Some(Ordering::Less),
                _ => None,
            },
        }
    }

    /// The strictest of two values: by direction, the intersection for
    /// subset settings, `None` for a neutral setting whose values differ.
    pub fn strictest(&self, a: &Value, b: &Value) -> Option<Value> {
        match self.direction {
            Direction::Subset => match (a, b) {
                (Value::List(x), Value::List(y)) => {
                    Some(Value::List(x.intersection(y).cloned().collect()))
                }
                _ => None,
            },
            _ => match self.strictness_cmp(a, b)? {
                Ordering::Less => Some(b.clone()),
                _ => Some(a.clone()),
            },
        }
    }

    /// The smallest and largest finite value the domain allows.
    pub fn domain(&self) -> Option<(u64, u64)> {
        match self.ty {
            Type::Duration { min, max } | Type::Count { min, max } => Some((min, max)),
            _ => None,
        }
    }
}

/// The one section whose second path segment is a name the user chooses.
pub(crate) const INSTANCED_SECTION: &str = "integrations";

/// Every section name, in catalog order.
pub fn sections() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in SETTINGS {
        if !out.contains(&s.section) {
            out.push(s.section);
        }
    }
    out
}

/// The setting named `name` in `section`, as a user wrote them. Code that
/// means one setting names its constant instead (`session::idle_timeout`).
pub fn find(section: &str, name: &str) -> Option<SettingId> {
    SETTINGS
        .iter()
        .find(|s| s.section == section && s.name == name)
        .map(|s| s.id)
}

/// Every setting, with its id.
pub fn all() -> impl Iterator<Item = (SettingId, &'static Setting)> {
    SETTINGS.iter().map(|s| (s.id, s))
}

/// The settings of one section, in catalog order.
pub(crate) fn in_section(
    section: &str,
) -> impl Iterator<Item = (SettingId, &'static Setting)> + '_ {
    all().filter(move |(_, s)| s.section == section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_identifiers_with_descriptions() {
        let mut seen = std::collections::BTreeSet::new();
        for s in SETTINGS {
            assert!(seen.insert((s.section, s.name)), "duplicate {}", s.path());
            assert!(!s.description.is_empty(), "{} has no description", s.path());
            for part in [s.section, s.name] {
                assert!(part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
            }
        }
        assert!(SETTINGS.len() < u16::MAX as usize);
    }

    #[test]
    fn domains_are_not_empty_and_bounds_only_on_ordered_settings() {
        for s in SETTINGS {
            if let Some((lo, hi)) = s.domain() {
                assert!(lo <= hi, "{}", s.path());
            }
            if matches!(s.ty, Type::EnumList(_) | Type::StrList) {
                assert!(
                    matches!(s.direction, Direction::Neutral | Direction::Subset),
                    "{} is a list ordered by magnitude",
                    s.path()
                );
            }
        }
    }

    #[test]
    fn every_row_has_its_own_id_and_constant() {
        for (i, s) in SETTINGS.iter().enumerate() {
            assert_eq!(s.id.0 as usize, i, "{}", s.path());
            assert_eq!(s.id.get().name, s.name);
        }
        assert_eq!(CONSTANTS.len(), SETTINGS.len());
        for (section, name, id) in CONSTANTS {
            assert_eq!((id.get().section, id.get().name), (*section, *name));
            assert_eq!(find(section, name), Some(*id));
        }
        assert_eq!(session::idle_timeout.get().path(), "session.idle_timeout");
        assert_eq!(
            integrations::cache_ttl.get().path(),
            "integrations.NAME.cache_ttl"
        );
    }

    #[test]
    fn strictness_follows_direction() {
        let idle = session::idle_timeout.get();
        assert_eq!(
            idle.strictness_cmp(&Value::Duration(60), &Value::Duration(120)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            idle.strictness_cmp(&Value::Keyword(Keyword::Unlimited), &Value::Duration(120)),
            Some(Ordering::Less)
        );
        let bl = password::blocklist.get();
        assert_eq!(
            bl.strictest(&Value::Enum("common"), &Value::Enum("breached")),
            Some(Value::Enum("breached"))
        );
    }
}
