//! Resolved values: what a setting holds once units and keywords are known.
//!
//! Durations are whole seconds, so `90m` and `1h30m` are the same value.
//! This module also owns the duration units, their spellings and the
//! canonical way to print a duration back (`1h30m`).

use std::collections::BTreeSet;
use std::fmt;

/// The words that stand for "no limit" in some settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Never,
    Unlimited,
    UntilUnlocked,
}

impl Keyword {
    pub const ALL: [Keyword; 3] = [Keyword::Never, Keyword::Unlimited, Keyword::UntilUnlocked];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Never => "never",
            Keyword::Unlimited => "unlimited",
            Keyword::UntilUnlocked => "until_unlocked",
        }
    }

    pub fn parse(s: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A setting's value, in canonical units.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// Whole seconds.
    Duration(u64),
    Count(u64),
    Bool(bool),
    /// An enum value, as named in the catalog.
    Enum(&'static str),
    /// `never`, `unlimited`, `until_unlocked`: larger than every number.
    Keyword(Keyword),
    /// A set; written out sorted.
    List(BTreeSet<String>),
}

impl Value {
    /// The value as a user would write it: `1h30m`, `15`, `never`,
    /// `["a", "b"]`.
    pub fn human(&self) -> String {
        self.to_string()
    }

    /// The value in the resolved output: seconds, counts, booleans, names,
    /// sorted arrays.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Duration(n) | Value::Count(n) => serde_json::Value::from(*n),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Enum(s) => serde_json::Value::from(*s),
            Value::Keyword(k) => serde_json::Value::from(k.as_str()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(|s| s.as_str().into()).collect())
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Duration(n) => f.write_str(&format_duration(*n)),
            Value::Count(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Enum(s) => f.write_str(s),
            Value::Keyword(k) => f.write_str(k.as_str()),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", quote(item))?;
                }
                f.write_str("]")
            }
        }
    }
}

/// A string as ward source would write it, with control characters escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A duration unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
}

impl Unit {
    /// Largest first, the order compound durations are written in.
    pub(crate) const DESCENDING: [Unit; 5] = [
        Unit::Week,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
        Unit::Second,
    ];

    pub fn seconds(self) -> u64 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
            Unit::Week => 604_800,
        }
    }

    /// Every accepted spelling; the first is the canonical short one.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Unit::Second => &["s", "sec", "second", "seconds"],
            Unit::Minute => &["m", "min", "minute", "minutes"],
            Unit::Hour => &["h", "hr", "hour", "hours"],
            Unit::Day => &["d", "day", "days"],
            Unit::Week => &["w", "week", "weeks"],
        }
    }

    pub fn short(self) -> &'static str {
        self.spellings()[0]
    }

    /// The plural name: `minutes`.
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Second => "seconds",
            Unit::Minute => "minutes",
            Unit::Hour => "hours",
            Unit::Day => "days",
            Unit::Week => "weeks",
        }
    }

    /// The unit a spelling names, exactly (units are case-sensitive).
    pub fn parse(s: &str) -> Option<Unit> {
        Unit::DESCENDING
            .into_iter()
            .find(|u| u.spellings().contains(&s))
    }

    /// Every spelling of every unit, for did-you-mean.
    pub fn all_spellings() -> impl Iterator<Item = &'static str> {
        Unit::DESCENDING
            .into_iter()
            .flat_map(|u| u.spellings().iter().copied())
    }
}

/// Spellings ward refuses on purpose, with what they would have meant.
pub(crate) fn rejected_unit(s: &str) -> Option<&'static str> {
    match s.to_ascii_lowercase().as_str() {
        "mo" | "mon" | "month" | "months" => Some("months"),
        "y" | "yr" | "yrs" | "year" | "years" => Some("years"),
        "ms" | "msec" | "millisecond" | "milliseconds" => Some("milliseconds"),
        _ => None,
    }
}

/// Prints seconds the way a person writes them, largest units first, never
/// using weeks: `90` → `1m30s`, `93600` → `1d2h`, `0` → `0s`.
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    let mut rest = secs;
    for unit in [Unit::Day, Unit::Hour, Unit::Minute, Unit::Second] {
        let n = rest / unit.seconds();
        if n > 0 {
            out.push_str(&format!("{n}{}", unit.short()));
            rest -= n * unit.seconds();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_in_largest_units() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(90), "1m30s");
        assert_eq!(format_duration(5_400), "1h30m");
        assert_eq!(format_duration(86_400 * 14), "14d");
        assert_eq!(format_duration(86_400 + 7_200), "1d2h");
        assert!(!format_duration(u64::MAX).is_empty());
    }

    #[test]
    fn parses_every_spelling_and_rejects_months() {
        assert_eq!(Unit::parse("min"), Some(Unit::Minute));
        assert_eq!(Unit::parse("weeks"), Some(Unit::Week));
        assert_eq!(Unit::parse("hrs"), None);
        assert_eq!(rejected_unit("months"), Some("months"));
        assert_eq!(rejected_unit("ms"), Some("milliseconds"));
        assert_eq!(rejected_unit("h"), None);
    }

    #[test]
    fn quotes_control_characters() {
        assert_eq!(quote("a\"b\u{7}"), "\"a\\\"b\\u{7}\"");
    }
}
