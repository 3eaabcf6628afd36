//! `one_of`: a duration or a count chosen from the service's fixed list,
//! each value written as the service spells it (Salesforce's session
//! timeout `ThirtyMinutes`, its login attempts `FiveAttempts`).
//!
//! ```toml
//! encoding = "one_of"
//! choices  = { "15m" = "FifteenMinutes", "30m" = "ThirtyMinutes", "1h" = "SixtyMinutes" }
//! keywords = { unlimited = "NoLimit" }
//! ```
//!
//! The keys are values as a policy writes them, read with the setting's
//! own rules; keywords stay in `keywords`. A value between two choices
//! cannot be held: the problem offers the nearest choice on the stricter
//! side (45 minutes of idle time → `30m`), or none when every choice is
//! looser (10 minutes, below Salesforce's shortest 15).

use super::grid::bounded;
use super::{Candidate, Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::{Direction, Setting, Type};
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "one_of",
    doc: "A duration or count from the service's fixed list (`choices`), each written as the service spells it; a value between two choices cannot be held.",
    keys: &[KeyDoc::new(
        "choices",
        KeyType::JsonMap,
        "Policy value → the service's value, e.g. `{ \"15m\" = \"FifteenMinutes\", \"30m\" = \"ThirtyMinutes\" }`: every value the service offers (keywords go in `keywords`).",
    )],
    fits: |s| s.is_duration() || matches!(s.ty, Type::Count { .. }),
    read,
};

#[derive(Debug)]
struct OneOf {
    /// In ascending order of the policy value.
    choices: Vec<(Value, Json)>,
    /// Each choice as the descriptor writes it (`90m`, not `1h30m`), for
    /// help text: the service's own steps.
    shown: Vec<String>,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let read = r.literal_map("choices");
    let mut choices: Vec<(Value, Json, String)> = Vec::new();
    for (v, j) in read {
        if matches!(v.node, Value::Keyword(_)) {
            let msg = format!(
                "`{}` is a keyword: write it in `keywords`, such as `keywords = {{ {} = {j} }}`",
                v.node, v.node
            );
            r.e.at(v.span, msg, "a keyword among the choices");
            continue;
        }
        if let Some((_, same, _)) = choices.iter().find(|(c, _, _)| *c == v.node) {
            let msg = format!("`{}` is listed twice (also as {same})", v.node);
            r.e.at(v.span, msg, "again");
            continue;
        }
        if let Some((c, _, _)) = choices.iter().find(|(_, w, _)| *w == j) {
            let msg = format!("{j} is written for both `{c}` and `{}`", v.node);
            r.e.at(v.span, msg, "the service's value again");
            continue;
        }
        let key = r
            .text
            .get(v.span.range())
            .unwrap_or_default()
            .trim_matches(['"', '\''])
            .to_string();
        let shown = if key.is_empty() {
            v.node.to_string()
        } else {
            key
        };
        choices.push((v.node, j, shown));
    }
    if choices.is_empty() {
        r.missing(
            "choices",
            "the values the service offers, e.g. `choices = { \"15m\" = \"FifteenMinutes\" }`",
        );
        return None;
    }
    choices.sort_by_key(|(v, _, _)| amount(v));
    let shown = choices.iter().map(|(_, _, s)| s.clone()).collect();
    let choices = choices.into_iter().map(|(v, j, _)| (v, j)).collect();
    Some(Arc::new(OneOf { choices, shown }))
}

/// Seconds or a count.
fn amount(v: &Value) -> u64 {
    match v {
        Value::Duration(n) | Value::Count(n) => *n,
        _ => 0,
    }
}

impl OneOf {
    /// The choices nearest `n` on the stricter side (both neighbours for a
    /// setting without a direction).
    fn nearest(&self, s: &Setting, n: u64) -> Vec<Candidate> {
        let below = (0..self.choices.len())
            .rev()
            .find(|i| amount(&self.choices[*i].0) < n);
        let above = (0..self.choices.len()).find(|i| amount(&self.choices[*i].0) > n);
        let picks = match s.direction {
            Direction::Lower => vec![below],
            Direction::Higher => vec![above],
            _ => vec![below, above],
        };
        picks
            .into_iter()
            .flatten()
            .map(|i| Candidate {
                amount: amount(&self.choices[i].0),
                text: self.text(i),
            })
            .collect()
    }

    /// Choice `i` as the descriptor writes it.
    fn text(&self, i: usize) -> String {
        self.shown
            .get(i)
            .cloned()
            .unwrap_or_else(|| self.choices[i].0.to_string())
    }

    fn listed(&self) -> String {
        let names: Vec<String> = (0..self.choices.len())
            .map(|i| format!("`{}`", self.text(i)))
            .collect();
        names.join(", ")
    }
}

impl Codec for OneOf {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        if let Some((_, j)) = self.choices.iter().find(|(c, _)| c == v) {
            return Ok(Encoded::Json(j.clone()));
        }
        match v {
            Value::Duration(n) | Value::Count(n) => Err(Problem::Inexact {
                grain: format!("the steps of a fixed list ({})", self.listed()),
                nearest: self.nearest(row.setting(), *n),
            }),
            v => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: self.choices.iter().map(|(c, _)| c.to_string()).collect(),
            }),
        }
    }

    fn decode(&self, _: &Row, j: &Json) -> Option<Value> {
        // An XML or key/value file reads numbers back as numbers: compare
        // as text too.
        let text = |x: &Json| match x {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.choices
            .iter()
            .find(|(_, w)| w == j || text(w) == text(j))
            .map(|(v, _)| v.clone())
    }

    fn schema(&self, _: &Row, cx: &SchemaCx) -> FieldSchema {
        let values: Vec<Json> = self
            .choices
            .iter()
            .filter(|(v, _)| (cx.lo..=cx.hi).contains(&amount(v)))
            .map(|(_, j)| j.clone())
            .collect();
        let mut schema = json!({ "enum": values });
        if values.iter().all(Json::is_string) {
            schema["type"] = "string".into();
        } else if values.iter().all(Json::is_u64) {
            let lo = values.iter().filter_map(Json::as_u64).min().unwrap_or(0);
            let hi = values.iter().filter_map(Json::as_u64).max().unwrap_or(0);
            schema = bounded(lo, hi);
            schema["enum"] = values.clone().into();
        }
        let pairs: Vec<String> = (0..self.choices.len())
            .map(|i| format!("`{}` as {}", self.text(i), self.choices[i].1))
            .collect();
        FieldSchema {
            schema,
            text: format!("One of the service's fixed values: {}.", pairs.join(", ")),
        }
    }

    fn describe(&self) -> String {
        let pairs: Vec<String> = (0..self.choices.len())
            .map(|i| format!("{} → {}", self.text(i), self.choices[i].1))
            .collect();
        format!("one of {}", pairs.join(", "))
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // a test fails by panicking
mod tests {
    use crate::targets::encoding::Problem;
    use crate::targets::Target;
    use crate::value::Value;

    const DESCRIPTOR: &str = r#"
name = "fixed-list"
title = "Fixed list"

[[settings]]
setting = "session.idle_timeout"
field = "timeout"
encoding = "one_of"
choices = { "30m" = "ThirtyMinutes", "15m" = "FifteenMinutes", "1h" = "SixtyMinutes" }
keywords = { unlimited = "Never" }

[[settings]]
setting = "password.history"
field = "history"
encoding = "one_of"
choices = { "3" = "Three", "5" = "Five" }
"#;

    fn target() -> Target {
        let mut sources = crate::source::SourceMap::default();
        match Target::from_toml(&mut sources, "fixed.toml", DESCRIPTOR) {
            Ok(t) => t,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn listed_values_are_written_as_the_service_spells_them() {
        let t = target();
        let idle = &t.rows[0];
        let written = idle.encode(&Value::Duration(1800));
        assert_eq!(
            written,
            Ok(super::Encoded::Json("ThirtyMinutes".into())),
            "{written:?}"
        );
        assert_eq!(
            idle.decode(Some(&"SixtyMinutes".into())),
            Some(Value::Duration(3600))
        );
        assert_eq!(
            idle.decode(Some(&"Never".into())),
            Some(Value::Keyword(crate::value::Keyword::Unlimited))
        );
        assert_eq!(idle.decode(Some(&"FortyFiveMinutes".into())), None);
    }

    #[test]
    fn a_value_between_two_choices_offers_the_stricter_neighbour_or_none() {
        let t = target();
        let nearest = |row: usize, v: Value| match t.rows[row].encode(&v) {
            Err(Problem::Inexact { nearest, grain }) => {
                let listed = if row == 0 {
                    "`15m`, `30m`, `1h`"
                } else {
                    "`3`, `5`"
                };
                assert!(grain.contains(listed), "{grain}");
                nearest.into_iter().map(|c| c.text).collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        // Idle time: shorter is stricter.
        assert_eq!(nearest(0, Value::Duration(45 * 60)), ["30m"]);
        assert_eq!(nearest(0, Value::Duration(10 * 60)), Vec::<String>::new());
        assert_eq!(nearest(0, Value::Duration(5 * 3600)), ["1h"]);
        // History: more is stricter.
        let history = |n| nearest(1, Value::Count(n));
        assert_eq!(history(4), ["5"]);
        assert_eq!(history(6), Vec::<String>::new());
    }

    #[test]
    fn keywords_and_repeats_among_the_choices_are_refused() {
        let mut sources = crate::source::SourceMap::default();
        let text = "name = \"x\"\ntitle = \"X\"\n[[settings]]\nsetting = \"lockout.threshold\"\nfield = \"n\"\nencoding = \"one_of\"\nchoices = { \"unlimited\" = \"NoLimit\", \"3\" = \"A\", \"5\" = \"A\" }\n";
        let Err(diags) = Target::from_toml(&mut sources, "x.toml", text) else {
            panic!("accepted");
        };
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("is a keyword")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("written for both `3` and `5`")),
            "{messages:?}"
        );
    }
}
