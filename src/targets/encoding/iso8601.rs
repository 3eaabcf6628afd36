//! `iso8601`: a duration as an ISO 8601 string, `PT8H`, `P1DT12H`, `PT0S`.
//! Always exact (it counts seconds).

use super::grid::offset;
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// What [`iso8601`] writes.
pub const PATTERN: &str = r"^P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$";

pub(crate) const KIND: Kind = Kind {
    name: "iso8601",
    doc: "An ISO 8601 duration string: `PT8H`, `P1DT12H`.",
    keys: &[],
    fits: |s| s.is_duration(),
    read,
};

#[derive(Debug)]
struct Iso8601;

fn read(_: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    Some(Arc::new(Iso8601))
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

/// Seconds of what [`iso8601`] writes.
fn parse(text: &str) -> Option<u64> {
    let rest = text.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total: u64 = 0;
    for (part, units) in [
        (days, &[('D', 86_400)][..]),
        (time, &[('H', 3_600), ('M', 60), ('S', 1)][..]),
    ] {
        let mut rest = part;
        for (c, secs) in units {
            if let Some((n, after)) = rest.split_once(*c) {
                total = total.checked_add(n.parse::<u64>().ok()?.checked_mul(*secs)?)?;
                rest = after;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(total)
}

impl Codec for Iso8601 {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        match v {
            Value::Duration(s) => Ok(Encoded::Json(iso8601(offset(*s, row.offset)?).into())),
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
            text: "An ISO 8601 duration (`PT8H`, `P1DT12H`).".into(),
        }
    }

    fn describe(&self) -> String {
        "ISO 8601 duration".into()
    }
}

#[cfg(test)]
mod tests {
    use super::{iso8601, parse};

    #[test]
    fn writes_and_reads_back() {
        for s in [0, 61, 8 * 3600, 86_400 + 43_200, 90 * 86_400 + 1] {
            assert_eq!(parse(&iso8601(s)), Some(s), "{}", iso8601(s));
        }
        assert_eq!(iso8601(86_400 + 43_200), "P1DT12H");
        assert_eq!(parse("PT8X"), None);
    }
}
