//! Resolved values: what a setting holds once units and keywords are known.
//!
//! Durations are whole seconds, so `90m` and `1h30m` are the same value.
//! This module also owns the duration units, their spellings and the
//! canonical way to print a duration back (`1h30m`).
//!
//! **Messages show values as the user wrote them** ([`Value::shown`]): a
//! value keeps the span it was written at (its `Origin` in the model), and
//! the text there is shown (`12345m`, `48h`, `61s`, `90 min`) as long as it
//! means the value, which a merged or computed value may not; the canonical
//! form is for values nobody wrote (a target's default, a merge's result,
//! ward's own suggestions) and for the outputs.

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

    /// The value as a message shows it: `written`, the text at the place
    /// it was written, when that text means this value (`12345m` stays
    /// `12345m`, never `8d13h45m`); else the canonical form. A list is
    /// always canonical (sorted, quoted), so its order says nothing.
    pub(crate) fn shown(&self, written: Option<&str>) -> String {
        match written.map(str::trim) {
            Some(text) if !text.is_empty() && self.means(text) => text.to_string(),
            _ => self.to_string(),
        }
    }

    /// What a duration shown as written comes to, for a message that
    /// compares it with another value, where that adds information:
    /// `` `12345m` is `8d13h45m` ``, `` `61s` is `1m1s` ``. `None` when the
    /// text is the canonical form but for spacing and spelling (`1h 30 min`),
    /// and for every other kind of value.
    pub(crate) fn canonical_note(&self, written: Option<&str>) -> Option<String> {
        let Value::Duration(_) = self else {
            return None;
        };
        let shown = self.shown(written);
        let canonical = self.to_string();
        let respelled: Option<String> = duration_terms(&shown).map(|terms| {
            terms
                .iter()
                .map(|(n, u)| format!("{n}{}", u.short()))
                .collect()
        });
        (respelled.as_deref() != Some(canonical.as_str()) && shown != canonical)
            .then(|| format!("`{shown}` is `{canonical}`"))
    }

    /// Does `text`, as written in a policy, stand for this value?
    fn means(&self, text: &str) -> bool {
        match self {
            Value::Duration(n) => parse_duration(text) == Some(*n),
            Value::Count(n) => {
                !text.starts_with('_') && text.replace('_', "").parse::<u64>().ok() == Some(*n)
            }
            Value::Bool(b) => text == if *b { "true" } else { "false" },
            Value::Enum(s) => text == *s,
            Value::Keyword(k) => text == k.as_str(),
            Value::List(_) => false,
        }
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

/// The seconds a duration written as `text` stands for (`1h 30min`,
/// `12345m`, `2 weeks`), if it is one a policy accepts: terms of digits (with
/// `_` between them) and a unit, largest first, each unit once.
pub(crate) fn parse_duration(text: &str) -> Option<u64> {
    duration_terms(text)?
        .into_iter()
        .try_fold(0u64, |total, (n, unit)| {
            total.checked_add(n.checked_mul(unit.seconds())?)
        })
}

/// The terms of a duration as written: `1h 30 min` is `[(1, h), (30, m)]`.
fn duration_terms(text: &str) -> Option<Vec<(u64, Unit)>> {
    let mut rest = text.trim();
    let mut terms: Vec<(u64, Unit)> = Vec::new();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        let number: u64 = rest.get(..digits)?.replace('_', "").parse().ok()?;
        rest = rest.get(digits..)?.trim_start_matches([' ', '\t']);
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = Unit::parse(rest.get(..letters)?)?;
        if terms.last().is_some_and(|&(_, l)| l <= unit) {
            return None;
        }
        terms.push((number, unit));
        rest = rest.get(letters..)?.trim_start();
    }
    (!terms.is_empty()).then_some(terms)
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
    fn values_are_shown_as_written_when_the_text_means_them() {
        let d = |n| Value::Duration(n);
        assert_eq!(d(740_700).shown(Some("12345m")), "12345m");
        assert_eq!(d(172_800).shown(Some("48h")), "48h");
        assert_eq!(d(61).shown(Some("61s")), "61s");
        assert_eq!(d(5_400).shown(Some("1h 30 min")), "1h 30 min");
        assert_eq!(d(1_209_600).shown(Some("2 weeks")), "2 weeks");
        // Text that does not mean the value (a merge's result, a span on a
        // `targets` line) gives the canonical form.
        assert_eq!(d(5_400).shown(Some("1h")), "1h30m");
        assert_eq!(d(5_400).shown(Some("miro")), "1h30m");
        assert_eq!(d(5_400).shown(None), "1h30m");
        assert_eq!(d(90).shown(Some("30s 1m")), "1m30s");
        assert_eq!(Value::Count(10_000).shown(Some("10_000")), "10_000");
        assert_eq!(Value::Count(10).shown(Some("12")), "10");
        assert_eq!(Value::Keyword(Keyword::Never).shown(Some("never")), "never");
        let list = Value::List(["b".to_string(), "a".to_string()].into());
        assert_eq!(list.shown(Some("[\"b\", \"a\"]")), "[\"a\", \"b\"]");
    }

    #[test]
    fn the_canonical_form_is_noted_only_where_it_adds_information() {
        let d = |n| Value::Duration(n);
        assert_eq!(
            d(740_700).canonical_note(Some("12345m")).as_deref(),
            Some("`12345m` is `8d13h45m`")
        );
        assert_eq!(
            d(61).canonical_note(Some("61s")).as_deref(),
            Some("`61s` is `1m1s`")
        );
        assert_eq!(
            d(172_800).canonical_note(Some("48h")).as_deref(),
            Some("`48h` is `2d`")
        );
        assert_eq!(d(5_400).canonical_note(Some("1h30m")), None);
        assert_eq!(d(5_400).canonical_note(Some("1h 30 min")), None);
        assert_eq!(d(5_400).canonical_note(None), None);
        assert_eq!(Value::Count(10_000).canonical_note(Some("10_000")), None);
    }

    #[test]
    fn written_durations_parse_as_policies_write_them() {
        assert_eq!(parse_duration("1d 12h"), Some(129_600));
        assert_eq!(parse_duration("10_000s"), Some(10_000));
        assert_eq!(parse_duration("15 min"), Some(900));
        assert_eq!(parse_duration("1h1h"), None);
        assert_eq!(parse_duration("8 hrs"), None);
        assert_eq!(parse_duration("60"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("99999999999999999999w"), None);
    }

    #[test]
    fn quotes_control_characters() {
        assert_eq!(quote("a\"b\u{7}"), "\"a\\\"b\\u{7}\"");
    }
}
