//! Encoding one value into one field, exactly or not at all.
//!
//! `check` and `emit` both call [`encode`]: a value is written only if the
//! service can hold it exactly. When it cannot, the [`Problem`] says how the
//! service counts and which values it *can* hold nearest on the stricter
//! side, so the diagnostic can offer them: Miro's `12345m` is neither at most
//! 9999 minutes nor a whole number of hours or days, and the nearest stricter
//! values are `9999m`, `205h` and `8d`.
//!
//! Encoders choose the largest unit that is exact: `8h` goes to Miro as
//! `{"value": 8, "unit": "hours"}`, not 480 minutes.

use super::{Encoding, Row};
use crate::catalog::{Direction, Setting};
pub use crate::diag::suggest::join_or;
use crate::value::{format_duration, Unit, Value};

/// What a field receives.
#[derive(Clone, Debug, PartialEq)]
pub enum Encoded {
    /// Leave the field out (`never`, `history = 0` on AWS).
    Omit,
    Json(serde_json::Value),
    /// One `term(N)` of a policy string.
    Term(String),
}

/// A value the service can hold, offered in help text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// In policy terms: seconds or a count.
    pub amount: u64,
    /// As a user would write it: `9999m`, `2h`, `24`.
    pub text: String,
}

/// Why a value cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a whole number of the service's units, or too many of them.
    /// `grain` completes "counts … in": `whole minutes`.
    Inexact {
        grain: String,
        nearest: Vec<Candidate>,
    },
    /// A keyword, enum value or list member the service has no way to say.
    Inexpressible { what: String },
    /// The service's offset leaves nothing to write: `smallest` is the least
    /// policy value it can enforce.
    OffsetTooLarge { smallest: u64 },
}

/// The unit's plural name: `minutes`.
pub fn unit_name(u: Unit) -> &'static str {
    u.plural()
}

/// Writes `v` (a value of `setting`) the way `row` wants it.
pub fn encode(row: &Row, setting: &Setting, v: &Value) -> Result<Encoded, Problem> {
    if row.omit.contains(v) {
        return Ok(Encoded::Omit);
    }
    if let Value::Keyword(k) = v {
        return match row.keywords.get(k) {
            Some(sentinel) => Ok(Encoded::Json(sentinel.clone())),
            None => Err(Problem::Inexpressible {
                what: format!("`{}`", k.as_str()),
            }),
        };
    }
    match (&row.encoding, v) {
        (Encoding::Integer { unit, range }, Value::Duration(s)) => {
            let u = unit.unwrap_or(Unit::Second);
            let (lo, hi) = range.unwrap_or((0, u64::MAX));
            let (n, _) = exact(setting, row.offset, *s, &[(u, lo, hi)], false)?;
            Ok(Encoded::Json(n.into()))
        }
        (Encoding::Integer { range, .. }, Value::Count(n)) => {
            let (lo, hi) = range.unwrap_or((0, u64::MAX));
            if (lo..=hi).contains(n) {
                Ok(Encoded::Json((*n).into()))
            } else {
                Err(Problem::Inexact {
                    grain: format!("from {lo} to {hi}"),
                    nearest: count_nearest(setting, *n, lo, hi),
                })
            }
        }
        (
            Encoding::ValueUnit {
                units,
                range,
                value_key,
                unit_key,
                unit_names,
            },
            Value::Duration(s),
        ) => {
            let grids: Vec<(Unit, u64, u64)> =
                units.iter().map(|u| (*u, range.0, range.1)).collect();
            let (n, u) = exact(setting, row.offset, *s, &grids, true)?;
            let name = unit_name(u);
            let spelled = unit_names.get(name).cloned().unwrap_or_else(|| name.into());
            let mut m = serde_json::Map::new();
            m.insert(value_key.clone(), n.into());
            m.insert(unit_key.clone(), spelled.into());
            Ok(Encoded::Json(m.into()))
        }
        (Encoding::Iso8601, Value::Duration(s)) => {
            Ok(Encoded::Json(iso8601(offset(*s, row.offset)?).into()))
        }
        (Encoding::Timespan, Value::Duration(s)) => {
            Ok(Encoded::Json(timespan(offset(*s, row.offset)?).into()))
        }
        (Encoding::Boolean { invert }, Value::Bool(b)) => Ok(Encoded::Json((b ^ invert).into())),
        (Encoding::AtLeastOne, Value::Count(n)) => Ok(Encoded::Json((*n >= 1).into())),
        (Encoding::Enum(map), Value::Enum(name)) => match map.get(*name) {
            Some(j) => Ok(Encoded::Json(j.clone())),
            None if map.is_empty() => Ok(Encoded::Json((*name).into())),
            None => Err(Problem::Inexpressible {
                what: format!("`{name}`"),
            }),
        },
        (Encoding::List(map), Value::List(items)) => {
            let mut out = Vec::new();
            for item in items {
                match map.get(item) {
                    Some(j) => out.push(j.clone()),
                    None if map.is_empty() => out.push(item.as_str().into()),
                    None => {
                        return Err(Problem::Inexpressible {
                            what: format!("`{item}`"),
                        })
                    }
                }
            }
            Ok(Encoded::Json(out.into()))
        }
        (Encoding::Term { term, unit, .. }, Value::Duration(s)) => {
            let u = unit.unwrap_or(Unit::Second);
            let (n, _) = exact(setting, row.offset, *s, &[(u, 1, u64::MAX)], false)?;
            Ok(Encoded::Term(format!("{term}({n})")))
        }
        (Encoding::Term { term, .. }, Value::Count(n)) => Ok(Encoded::Term(format!("{term}({n})"))),
        (Encoding::Term { term, arg, .. }, Value::Bool(b)) => Ok(if *b {
            Encoded::Term(format!("{term}({})", arg.as_deref().unwrap_or("")))
        } else {
            Encoded::Omit
        }),
        (_, v) => Err(Problem::Inexpressible {
            what: format!("`{v}`"),
        }),
    }
}

/// Applies a row's offset; nothing left is a problem.
fn offset(s: u64, offset: i64) -> Result<u64, Problem> {
    let n = i128::from(s) + i128::from(offset);
    // With no offset every value passes through, `0s` included; an offset
    // that takes a value to zero or below cannot be met.
    if offset != 0 && n <= 0 {
        let smallest = u64::try_from(1 - i128::from(offset)).unwrap_or(u64::MAX);
        return Err(Problem::OffsetTooLarge { smallest });
    }
    Ok(u64::try_from(n).unwrap_or(u64::MAX))
}

/// The count and unit of the largest exact grid for `s` seconds, or the
/// nearest stricter values every grid offers. `unit_texts` writes candidates
/// in their own unit (`205h`) rather than canonically (`8d13h`).
fn exact(
    setting: &Setting,
    off: i64,
    s: u64,
    grids: &[(Unit, u64, u64)],
    unit_texts: bool,
) -> Result<(u64, Unit), Problem> {
    let n = offset(s, off)?;
    let mut by_size: Vec<&(Unit, u64, u64)> = grids.iter().collect();
    by_size.sort_by_key(|(u, _, _)| std::cmp::Reverse(u.seconds()));
    for (u, lo, hi) in by_size {
        let q = n / u.seconds();
        if n % u.seconds() == 0 && (*lo..=*hi).contains(&q) {
            return Ok((q, *u));
        }
    }
    let mut nearest: Vec<Candidate> = Vec::new();
    for (u, lo, hi) in grids {
        let us = u.seconds();
        let floor = (n / us).min(*hi);
        let ceil = n.div_ceil(us).max(*lo);
        let picks: &[u64] = match setting.direction {
            Direction::Lower => &[floor],
            Direction::Higher => &[ceil],
            _ => &[floor, ceil],
        };
        for &c in picks {
            if c < *lo.max(&1) || c > *hi {
                continue;
            }
            let Some(emitted) = c.checked_mul(us) else {
                continue;
            };
            let policy = i128::from(emitted) - i128::from(off);
            let Ok(amount) = u64::try_from(policy) else {
                continue;
            };
            if amount == 0 || nearest.iter().any(|x| x.amount == amount) {
                continue;
            }
            let text = if unit_texts {
                format!("{c}{}", u.short())
            } else {
                format_duration(amount)
            };
            nearest.push(Candidate { amount, text });
        }
    }
    let names: Vec<&str> = grids.iter().map(|(u, _, _)| unit_name(*u)).collect();
    let mut grain = format!("whole {}", join_or(&names));
    if let Some((_, _, hi)) = grids.first().filter(|(_, _, hi)| *hi < u64::MAX) {
        grain.push_str(&format!(" (at most {hi} of a unit)"));
    }
    Err(Problem::Inexact { grain, nearest })
}

fn count_nearest(setting: &Setting, n: u64, lo: u64, hi: u64) -> Vec<Candidate> {
    let c = n.clamp(lo, hi);
    let stricter = match setting.direction {
        Direction::Lower => c <= n,
        Direction::Higher => c >= n,
        _ => true,
    };
    if stricter {
        vec![Candidate {
            amount: c,
            text: c.to_string(),
        }]
    } else {
        Vec::new()
    }
}

/// ISO 8601 duration: `PT8H`, `P1DT12H`, `PT0S`.
pub fn iso8601(s: u64) -> String {
    if s == 0 {
        return "PT0S".into();
    }
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    let mut out = String::from("P");
    if d > 0 {
        out.push_str(&format!("{d}D"));
    }
    if h + m + sec > 0 {
        out.push('T');
        for (n, c) in [(h, 'H'), (m, 'M'), (sec, 'S')] {
            if n > 0 {
                out.push_str(&format!("{n}{c}"));
            }
        }
    }
    out
}

/// .NET time span: `08:00:00`, `1.12:00:00`.
pub fn timespan(s: u64) -> String {
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    if d > 0 {
        format!("{d}.{h:02}:{m:02}:{sec:02}")
    } else {
        format!("{h:02}:{m:02}:{sec:02}")
    }
}
