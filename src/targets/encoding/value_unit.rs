//! `value_unit`: a duration as an object of a number and a unit,
//! `{"value": 8, "unit": "hours"}`, in the largest of `units` that is exact
//! (Miro's idle timeout).
//!
//! ```toml
//! encoding = "value_unit"
//! units = ["minutes", "hours", "days"]
//! count = [1, 9999]
//! unit_names = { hours = "HOURS" }   # optional spellings
//! ```

use super::grid::{bounded, exact, in_unit, Grid, MAX_EXACT};
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::{format_duration, Unit, Value};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "value_unit",
    doc: "`{\"value\": N, \"unit\": \"hours\"}`: a duration in the largest exact unit of `units`.",
    keys: &[
        KeyDoc::new(
            "units",
            KeyType::Units,
            "The units the field offers, e.g. `[\"minutes\", \"hours\", \"days\"]`.",
        ),
        KeyDoc::new(
            "count",
            KeyType::Pair,
            "`[low, high]`: the inclusive range of the number, in any unit (Miro: `[1, 9999]`).",
        ),
        KeyDoc::new(
            "value_key",
            KeyType::Str,
            "The key of the number (default `value`).",
        ),
        KeyDoc::new(
            "unit_key",
            KeyType::Str,
            "The key of the unit (default `unit`).",
        ),
        KeyDoc::new(
            "unit_names",
            KeyType::StrMap,
            "How each unit is spelled, e.g. `{ hours = \"HOURS\" }` (default: the unit's plural name).",
        ),
    ],
    fits: |s| s.is_duration(),
    read,
};

#[derive(Debug)]
struct ValueUnit {
    units: Vec<Unit>,
    range: (u64, u64),
    value_key: String,
    unit_key: String,
    unit_names: BTreeMap<Unit, String>,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let units = r.units("units");
    let range = r.count("count").unwrap_or((1, MAX_EXACT));
    let value_key = r.string("value_key").unwrap_or_else(|| "value".into());
    let unit_key = r.string("unit_key").unwrap_or_else(|| "unit".into());
    let mut unit_names = BTreeMap::new();
    for (name, spelled) in r.string_map("unit_names") {
        match units.iter().find(|u| u.plural() == name.node) {
            Some(u) => {
                unit_names.insert(*u, spelled);
            }
            None => r.unknown_choice(
                &name,
                "a unit this row offers",
                units.iter().map(|u| u.plural()).collect(),
            ),
        }
    }
    if value_key == unit_key {
        r.error_at("unit_key", "`value_key` and `unit_key` name the same key");
    }
    if units.is_empty() {
        r.missing(
            "units",
            "the units the field offers, e.g. `units = [\"minutes\", \"hours\"]`",
        );
        return None;
    }
    Some(Arc::new(ValueUnit {
        units,
        range,
        value_key,
        unit_key,
        unit_names,
    }))
}

impl ValueUnit {
    fn spelled(&self, u: Unit) -> String {
        self.unit_names
            .get(&u)
            .cloned()
            .unwrap_or_else(|| u.plural().to_string())
    }
}

impl Codec for ValueUnit {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        let Value::Duration(s) = v else {
            return Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            });
        };
        let grids: Vec<Grid> = self
            .units
            .iter()
            .map(|u| (*u, self.range.0, self.range.1))
            .collect();
        let (n, u) = exact(row.setting(), row.offset, *s, &grids, true)?;
        let mut m = Map::new();
        m.insert(self.value_key.clone(), n.into());
        m.insert(self.unit_key.clone(), self.spelled(u).into());
        Ok(Encoded::Json(m.into()))
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let n = j.get(&self.value_key)?.as_u64()?;
        let name = j.get(&self.unit_key)?.as_str()?;
        let u = self.units.iter().find(|u| self.spelled(**u) == name)?;
        let secs = i128::from(n.checked_mul(u.seconds())?) - i128::from(row.offset);
        Some(Value::Duration(u64::try_from(secs).ok()?))
    }

    fn schema(&self, row: &Row, cx: &SchemaCx) -> FieldSchema {
        let (value_key, unit_key) = (self.value_key.as_str(), self.unit_key.as_str());
        let mut names = Vec::new();
        let mut branches = Vec::new();
        let mut texts = Vec::new();
        for u in &self.units {
            let Some((a, b)) = in_unit(cx.lo, cx.hi, row.offset, *u, self.range) else {
                continue;
            };
            let name = self.spelled(*u);
            texts.push(format!("{a} to {b} `{name}`"));
            branches.push(json!({
                "type": "object",
                "properties": { value_key: bounded(a, b), unit_key: { "const": name } },
            }));
            names.push(name);
        }
        let schema = json!({
            "type": "object",
            "properties": {
                value_key: { "type": "integer", "minimum": self.range.0, "maximum": self.range.1 },
                unit_key: { "type": "string", "enum": names },
            },
            "required": [value_key, unit_key],
            "additionalProperties": false,
            "anyOf": branches,
        });
        let text = format!(
            "An object `{{\"{value_key}\": N, \"{unit_key}\": UNIT}}` in the largest exact unit: {}; the policy allows `{}` to `{}`.",
            texts.join(", "),
            format_duration(cx.lo),
            format_duration(cx.hi)
        );
        FieldSchema { schema, text }
    }

    fn describe(&self) -> String {
        let names: Vec<&str> = self.units.iter().map(|u| u.plural()).collect();
        format!(
            "value {}..{} with unit {}",
            self.range.0,
            self.range.1,
            names.join("|")
        )
    }
}
