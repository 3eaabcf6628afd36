//! `integer`: a whole number. A count as it is; a duration in the row's
//! `unit` (seconds by default), exact only when it is a whole number of
//! that unit within `count`.
//!
//! ```toml
//! encoding = "integer"
//! unit = "minutes"
//! count = [1, 20160]
//! ```

use super::grid::{bounded, count_nearest, exact, in_unit, offset_text, MAX_EXACT};
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::{Setting, Type};
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::{format_duration, Unit, Value};
use serde_json::Value as Json;
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "integer",
    doc: "A whole number: a count, or a duration in `unit` (seconds by default).",
    keys: &[
        KeyDoc::new(
            "unit",
            KeyType::Unit,
            "The unit of a duration: `seconds`, `minutes`, `hours` or `days`.",
        ),
        KeyDoc::new(
            "count",
            KeyType::Pair,
            "`[low, high]`: the inclusive range of the number written, in its unit.",
        ),
    ],
    fits: |s| s.is_duration() || matches!(s.ty, Type::Count { .. }),
    read,
};

#[derive(Debug)]
struct Integer {
    /// For durations; `None` for counts.
    unit: Option<Unit>,
    range: (u64, u64),
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let unit = r.unit("unit");
    let range = r.count("count").unwrap_or((0, MAX_EXACT));
    let unit = if r.setting.is_duration() {
        Some(unit.unwrap_or(Unit::Second))
    } else {
        if unit.is_some() {
            r.not_for_counts("unit");
        }
        None
    };
    Some(Arc::new(Integer { unit, range }))
}

impl Codec for Integer {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        let (lo, hi) = self.range;
        let s: &Setting = row.setting();
        match (self.unit, v) {
            (Some(u), Value::Duration(secs)) => {
                let (n, _) = exact(s, row.offset, *secs, &[(u, lo, hi)], false)?;
                Ok(Encoded::Json(n.into()))
            }
            (None, Value::Count(n)) if (lo..=hi).contains(n) => Ok(Encoded::Json((*n).into())),
            (None, Value::Count(n)) => Err(Problem::Inexact {
                grain: format!("from {lo} to {hi}"),
                nearest: count_nearest(s, *n, lo, hi),
            }),
            (_, v) => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let n = j.as_u64()?;
        match self.unit {
            Some(u) => {
                let secs = i128::from(n.checked_mul(u.seconds())?) - i128::from(row.offset);
                Some(Value::Duration(u64::try_from(secs).ok()?))
            }
            None => Some(Value::Count(n)),
        }
    }

    fn schema(&self, row: &Row, cx: &SchemaCx) -> FieldSchema {
        let range = self.range;
        match self.unit {
            Some(u) => {
                let (a, b) = in_unit(cx.lo, cx.hi, row.offset, u, range).unwrap_or((1, 0));
                FieldSchema {
                    schema: bounded(a, b),
                    text: format!(
                        "Whole {}, from {a} to {b}{}; the policy allows `{}` to `{}`.",
                        u.plural(),
                        offset_text(row.offset),
                        format_duration(cx.lo),
                        format_duration(cx.hi)
                    ),
                }
            }
            None => {
                let (a, b) = (cx.lo.max(range.0), cx.hi.min(range.1));
                FieldSchema {
                    schema: bounded(a, b),
                    text: format!("A whole number from {a} to {b}."),
                }
            }
        }
    }

    fn describe(&self) -> String {
        let unit = self
            .unit
            .map(|u| format!(" {}", u.plural()))
            .unwrap_or_default();
        if self.range == (0, MAX_EXACT) {
            format!("integer{unit}")
        } else {
            format!("integer{unit}, {}..{}", self.range.0, self.range.1)
        }
    }
}
