//! Literal values in descriptors: `"8h"`, `24`, `"never"`, `true`, `"deny_new"`.
//!
//! A descriptor writes limits, defaults and fixed values the way a policy
//! would, so `min = "1h"` means what `session.idle_timeout >= 1h` means. Only
//! the canonical duration forms are read here (`1h30m`, `15 min`, `2 weeks`);
//! the full duration grammar belongs to the policy parser.

use crate::catalog::{Setting, Type};
use crate::value::{Keyword, Unit, Value};

/// Why a literal does not fit its setting, as a lowercase phrase.
#[derive(Debug, PartialEq, Eq)]
pub struct LiteralError(pub String);

/// Reads a literal as a value of `setting`.
pub fn literal(setting: &Setting, v: &toml::Value) -> Result<Value, LiteralError> {
    if let toml::Value::String(s) = v {
        if let Some(k) = Keyword::parse(s) {
            return if setting.keywords.contains(&k) {
                Ok(Value::Keyword(k))
            } else {
                Err(LiteralError(format!("the setting does not accept `{s}`")))
            };
        }
    }
    match (setting.ty, v) {
        (Type::Duration { .. }, toml::Value::String(s)) => {
            parse_duration(s).map(Value::Duration).ok_or_else(|| {
                LiteralError(format!("`{s}` is not a duration such as `15m` or `1h30m`"))
            })
        }
        (Type::Duration { .. }, toml::Value::Integer(_)) => Err(LiteralError(
            "a duration needs a unit: write it as a string such as `\"15m\"`".into(),
        )),
        (Type::Count { .. }, toml::Value::Integer(i)) => u64::try_from(*i)
            .map(Value::Count)
            .map_err(|_| LiteralError(format!("`{i}` is negative"))),
        (Type::Bool, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
        (Type::Enum(names), toml::Value::String(s)) => names
            .iter()
            .find(|n| **n == s.as_str())
            .map(|n| Value::Enum(n))
            .ok_or_else(|| LiteralError(format!("`{s}` is not one of {}", list_names(names)))),
        (Type::EnumList(_) | Type::StrList, toml::Value::Array(items)) => {
            let mut out = std::collections::BTreeSet::new();
            for item in items {
                match item {
                    toml::Value::String(s) => {
                        out.insert(s.clone());
                    }
                    _ => return Err(LiteralError("list members are strings".into())),
                }
            }
            Ok(Value::List(out))
        }
        _ => Err(LiteralError(format!(
            "a {} value was expected",
            match setting.ty {
                Type::Duration { .. } => "duration",
                Type::Count { .. } => "count",
                Type::Bool => "boolean",
                Type::Enum(_) => "enum",
                Type::EnumList(_) | Type::StrList => "list",
            }
        ))),
    }
}

fn list_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whole seconds of `1h30m`, `15 min`, `2 weeks`, `0s`; `None` for anything
/// else or on overflow.
pub fn parse_duration(s: &str) -> Option<u64> {
    let mut rest = s.trim();
    if rest.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut last: Option<Unit> = None;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start_matches([' ', '\t']);
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = Unit::parse(&rest[..letters])?;
        if last.is_some_and(|l| l <= unit) {
            return None;
        }
        last = Some(unit);
        total = total.checked_add(n.checked_mul(unit.seconds())?)?;
        rest = rest[letters..].trim_start();
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn reads_canonical_durations() {
        assert_eq!(parse_duration("1h30m"), Some(5_400));
        assert_eq!(parse_duration("15 min"), Some(900));
        assert_eq!(parse_duration("2 weeks"), Some(1_209_600));
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("30m1h"), None);
        assert_eq!(parse_duration("8 hrs"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
        assert_eq!(parse_duration(""), None);
    }
}
