//! `timespan`: a duration as a .NET `TimeSpan` string, `08:00:00`,
//! `1.12:00:00`. Always exact (it counts seconds).

use super::grid::offset;
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// What [`timespan`] writes.
pub const PATTERN: &str = r"^(?:[0-9]+\.)?[0-9]{2}:[0-9]{2}:[0-9]{2}$";

pub(crate) const KIND: Kind = Kind {
    name: "timespan",
    doc: "A .NET-style time span string: `08:00:00`, `1.12:00:00`.",
    keys: &[],
    fits: |s| s.is_duration(),
    read,
};

#[derive(Debug)]
struct Timespan;

fn read(_: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    Some(Arc::new(Timespan))
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

/// Seconds of what [`timespan`] writes.
fn parse(text: &str) -> Option<u64> {
    let (days, clock) = match text.split_once('.') {
        Some((d, c)) => (d.parse::<u64>().ok()?, c),
        None => (0, text),
    };
    let mut parts = clock.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || h > 23 || m > 59 || s > 59 {
        return None;
    }
    days.checked_mul(86_400)?
        .checked_add(h * 3_600 + m * 60 + s)
}

impl Codec for Timespan {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Duration(s) => Ok(Encoded::Json(timespan(offset(*s, row.offset)?).into())),
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let secs = i128::from(parse(j.as_str()?)?) - i128::from(row.offset);
        Some(Value::Duration(u64::try_from(secs).ok()?))
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        FieldSchema {
            schema: json!({ "type": "string", "pattern": PATTERN }),
            text: "A time span `[d.]hh:mm:ss` (`08:00:00`, `1.12:00:00`).".into(),
        }
    }

    fn describe(&self) -> String {
        "time span d.hh:mm:ss".into()
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, timespan};

    #[test]
    fn writes_and_reads_back() {
        for s in [0, 61, 8 * 3600, 86_400 + 43_200 + 61] {
            assert_eq!(parse(&timespan(s)), Some(s), "{}", timespan(s));
        }
        assert_eq!(timespan(86_400 + 43_200 + 61), "1.12:01:01");
        assert_eq!(parse("25:00:00"), None);
    }
}
