//! Numbers on a service's grid: the arithmetic the numeric encodings share.
//!
//! A duration of `s` seconds is written as `(s + offset) / unit`; it is
//! exact when that is a whole number within the field's `count`. When it is
//! not, [`exact`] offers the nearest values the service can hold on the
//! stricter side (Miro's `12345m` → `9999m`, `205h`, `8d`). For schemas,
//! [`in_unit`] turns a policy-side interval into the interval of numbers a
//! field holds, and [`bounded`] writes it as JSON Schema.

use super::{Candidate, Problem};
use crate::catalog::{Direction, Setting};
use crate::value::{format_duration, Unit};
use serde_json::{Map, Value as Json};

/// The largest integer JSON readers hold exactly (2^53 - 1): no field is
/// ever written beyond it.
pub(crate) const MAX_EXACT: u64 = (1 << 53) - 1;

/// Applies a row's offset; nothing left is a problem.
pub fn offset(s: u64, offset: i64) -> Result<u64, Problem> {
    let n = i128::from(s) + i128::from(offset);
    // With no offset every value passes through, `0s` included; an offset
    // that takes a value to zero or below cannot be met.
    if offset != 0 && n <= 0 {
        let smallest = u64::try_from(1 - i128::from(offset)).unwrap_or(u64::MAX);
        return Err(Problem::OffsetTooLarge { smallest });
    }
    u64::try_from(n).map_err(|_| Problem::OffsetTooLarge { smallest: 0 })
}

/// One unit a field counts in, and the range of numbers it takes.
pub(crate) type Grid = (Unit, u64, u64);

/// The count and unit of the largest exact grid for `s` seconds, or the
/// nearest stricter values every grid offers. `unit_texts` writes candidates
/// in their own unit (`205h`) rather than canonically (`8d13h`).
pub fn exact(
    setting: &Setting,
    off: i64,
    s: u64,
    grids: &[Grid],
    unit_texts: bool,
) -> Result<(u64, Unit), Problem> {
    let n = offset(s, off)?;
    let mut by_size: Vec<&Grid> = grids.iter().collect();
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
    let names: Vec<&str> = grids.iter().map(|(u, _, _)| u.plural()).collect();
    let mut grain = format!("whole {}", super::join_or(&names));
    if let Some((_, _, hi)) = grids.first().filter(|(_, _, hi)| *hi < MAX_EXACT) {
        grain.push_str(&format!(" (at most {hi} of a unit)"));
    }
    Err(Problem::Inexact { grain, nearest })
}

/// The nearest count within `lo..=hi`, if it is on the stricter side.
pub(crate) fn count_nearest(setting: &Setting, n: u64, lo: u64, hi: u64) -> Vec<Candidate> {
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

/// Seconds `lo..=hi` (policy terms) as whole `unit`s after `offset`,
/// within `range`; `None` if no whole number fits. With an offset the
/// encoder never writes a zero or negative duration, so the result starts
/// at 1; without one, `0s` passes through as 0.
pub fn in_unit(lo: u64, hi: u64, offset: i64, unit: Unit, range: (u64, u64)) -> Option<(u64, u64)> {
    let us = i128::from(unit.seconds());
    let least = if offset == 0 { 0 } else { 1 };
    let lo = (i128::from(lo) + i128::from(offset)).max(least);
    let hi = i128::from(hi) + i128::from(offset);
    let a = u64::try_from((lo + us - 1) / us).ok()?.max(range.0);
    let b = u64::try_from(hi.div_euclid(us)).ok()?.min(range.1);
    (a <= b).then_some((a, b))
}

/// `{"type": "integer", "minimum": a, "maximum": b}`.
pub fn bounded(a: u64, b: u64) -> Json {
    let mut m = Map::new();
    m.insert("type".into(), "integer".into());
    m.insert("minimum".into(), a.into());
    if b < u64::MAX {
        m.insert("maximum".into(), b.into());
    }
    Json::Object(m)
}

/// `the policy's value minus 120s`, for schema texts.
pub(crate) fn offset_text(offset: i64) -> String {
    if offset == 0 {
        return String::new();
    }
    format!(
        " (the policy's value {} {}s)",
        if offset < 0 { "minus" } else { "plus" },
        offset.unsigned_abs()
    )
}
