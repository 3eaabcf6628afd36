//! `level`: one field written from several settings, as the weakest of the
//! service's fixed levels that holds all of them (Salesforce's password
//! `complexity`, one value for every character class).
//!
//! ```toml
//! [[settings]]
//! settings = ["password.min_upper", "password.min_lower", "password.min_digit"]
//! field    = "passwordPolicies.complexity"
//! encoding = "level"
//! default  = "AlphaNumeric"
//!
//! [settings.levels]
//! NoRestriction = {}
//! AlphaNumeric  = { "password.min_letter" = 1, "password.min_digit" = 1 }
//! ```
//!
//! A level is the service's value and what it guarantees of each setting
//! (a count the policy may ask for at most; an unnamed setting: none). The
//! field is written once, from every setting of the row the policy sets
//! (an unset one asks nothing): the first level, in descriptor order, that
//! holds each of them, which is the weakest when the levels are listed
//! from the weakest, as the service lists them. The descriptor is refused
//! unless one level holds what every other does, so a policy whose values
//! each fit some level always fits one: a value no level holds is the only
//! thing that cannot be written, and it is refused on its own setting, as
//! a fixed list refuses a value between its steps, with no stricter value
//! to offer. Each setting is read back from the field as what its level
//! guarantees.
//!
//! The descriptor side ([`read_levels`]) is called by
//! `descriptor::joint`, which lowers a row of several `settings` into one
//! [`Row`] per setting sharing this codec, so that checks, defaults and
//! drift stay per setting.

use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx};
use crate::catalog::{Direction, Setting, SettingId, Type};
use crate::source::Spanned;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::literal::literal;
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::Value;
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "level",
    doc: "One field written from several `settings` (counts a policy asks at least of): the first of the service's `levels` that holds every one of them; a value no level holds cannot be written.",
    keys: &[KeyDoc::new(
        "levels",
        KeyType::JsonMap,
        "The service's values, from the weakest, each with what it guarantees: `{ AlphaNumeric = { \"password.min_letter\" = 1, \"password.min_digit\" = 1 } }`; one level must guarantee what every other does.",
    )],
    fits,
    read,
};

/// Counts a policy asks at least of (a class minimum).
fn fits(s: &Setting) -> bool {
    matches!(s.ty, Type::Count { .. }) && s.direction == Direction::Higher
}

/// A row of one `setting`: a level row names its `settings`.
fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let msg = "`level` writes one field from several settings: name them in `settings = [...]` instead of `setting`";
    r.error_at("encoding", msg);
    let _ = r.table.entry("levels");
    None
}

/// The service's levels for the settings of one field.
#[derive(Debug)]
pub struct Levels {
    field: String,
    /// The row's settings, in the order it names them.
    settings: Vec<SettingId>,
    /// Weakest first: the service's value, and what it guarantees of each
    /// setting (by index into `settings`).
    levels: Vec<(Json, Vec<u64>)>,
    /// The level the service uses when the field is not configured.
    default: Option<usize>,
}

impl Levels {
    fn index(&self, id: SettingId) -> Option<usize> {
        self.settings.iter().position(|s| *s == id)
    }

    /// The settings the field is written from.
    pub(crate) fn settings(&self) -> &[SettingId] {
        &self.settings
    }

    /// The first level holding every count asked (by setting index).
    fn choose(&self, asked: &[u64]) -> Option<usize> {
        self.levels
            .iter()
            .position(|(_, g)| g.iter().zip(asked).all(|(have, want)| have >= want))
    }

    /// The field's value for the policy's values of its settings (`None`
    /// for an unset one); `None` when none is set, or no level holds them.
    pub(crate) fn write(&self, values: &[Option<&Value>]) -> Option<Json> {
        if values.iter().all(Option::is_none) {
            return None;
        }
        let mut asked = vec![0; self.settings.len()];
        for (slot, v) in asked.iter_mut().zip(values) {
            match v {
                None => {}
                Some(Value::Count(n)) => *slot = *n,
                Some(_) => return None,
            }
        }
        self.choose(&asked).map(|i| self.levels[i].0.clone())
    }

    /// What level `i` guarantees of the setting at `index`.
    fn guarantee(&self, i: usize, index: usize) -> u64 {
        self.levels[i].1.get(index).copied().unwrap_or(0)
    }

    /// The default level's guarantee for `id`, as the row's `default`.
    pub(crate) fn default_of(&self, id: SettingId) -> Option<Value> {
        let (d, i) = (self.default?, self.index(id)?);
        Some(Value::Count(self.guarantee(d, i)))
    }

    /// The service's default level, as it writes it.
    pub(crate) fn default_level(&self) -> Option<&Json> {
        self.default.map(|d| &self.levels[d].0)
    }

    /// `AlphaNumeric` (`password.min_letter` 1, `password.min_digit` 1).
    fn level_text(&self, i: usize) -> String {
        let (value, g) = &self.levels[i];
        let held: Vec<String> = g
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("`{}` {n}", self.settings[k].get().path()))
            .collect();
        let what = if held.is_empty() {
            "nothing".to_string()
        } else {
            held.join(", ")
        };
        format!("{} ({what})", plain(value))
    }

    fn all_levels(&self) -> String {
        self.lines().join("; ")
    }

    /// Each level and what it guarantees, weakest first: `AlphaNumeric
    /// (`password.min_letter` 1, `password.min_digit` 1)`.
    pub(crate) fn lines(&self) -> Vec<String> {
        (0..self.levels.len()).map(|i| self.level_text(i)).collect()
    }

    fn setting_list(&self) -> String {
        let names: Vec<String> = self
            .settings
            .iter()
            .map(|s| format!("`{}`", s.get().path()))
            .collect();
        names.join(", ")
    }
}

/// A service value as text: `AlphaNumeric`, not `"AlphaNumeric"`.
fn plain(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Codec for Levels {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    /// The level this value alone needs; the field itself is written from
    /// every setting at once ([`Levels::write`]).
    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        let (Some(index), Value::Count(n)) = (self.index(row.selector.id), v) else {
            return Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            });
        };
        let mut asked = vec![0; self.settings.len()];
        asked[index] = *n;
        match self.choose(&asked) {
            Some(i) => Ok(Encoded::Json(self.levels[i].0.clone())),
            None => {
                let most = (0..self.levels.len())
                    .map(|i| self.guarantee(i, index))
                    .max()
                    .unwrap_or(0);
                let names: Vec<String> = self
                    .levels
                    .iter()
                    .map(|(j, _)| format!("`{}`", plain(j)))
                    .collect();
                Err(Problem::Inexact {
                    grain: format!(
                        "the levels of `{}` ({}), which require at most {most}",
                        self.field,
                        names.join(", ")
                    ),
                    nearest: Vec::new(),
                })
            }
        }
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let index = self.index(row.selector.id)?;
        let i = self
            .levels
            .iter()
            .position(|(w, _)| w == j || plain(w) == plain(j))?;
        Some(Value::Count(self.guarantee(i, index)))
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        let values: Vec<Json> = self.levels.iter().map(|(j, _)| j.clone()).collect();
        let mut schema = json!({ "enum": values });
        if values.iter().all(Json::is_string) {
            schema["type"] = "string".into();
        }
        FieldSchema {
            schema,
            text: format!(
                "One value for {}: the weakest of the service's levels that holds every one the policy sets: {}.",
                self.setting_list(),
                self.all_levels()
            ),
        }
    }

    fn describe(&self) -> String {
        format!(
            "level: the weakest of {} holding {} together",
            self.levels.len(),
            self.setting_list()
        )
    }

    fn levels(&self) -> Option<&Levels> {
        Some(self)
    }
}

/// Reads `levels` (and `default`, a level's value) of a row writing
/// `field` from `settings`; `None` after reporting a problem.
pub(crate) fn read_levels(
    t: &Table<'_>,
    text: &str,
    field: &str,
    settings: &[Spanned<SettingId>],
    default: Option<&Spanned<String>>,
    e: &mut Errors,
) -> Option<Levels> {
    let before = e.list.len();
    let Some(map) = t.map("levels", "`levels`", e) else {
        if !t.has("levels") {
            e.help(
                t.span,
                "this `level` row needs `levels`",
                "no `levels`",
                "list the service's values from the weakest, each with what it guarantees: `[settings.levels]` then `NoRestriction = {}`",
            );
        }
        return None;
    };
    let ids: Vec<SettingId> = settings.iter().map(|s| s.node).collect();
    let mut levels: Vec<(Json, Vec<u64>)> = Vec::new();
    let mut spans = Vec::new();
    for entry in map.entries() {
        let mut g = vec![0; ids.len()];
        let inner = match entry.item {
            toml_edit::Item::Value(toml_edit::Value::InlineTable(it)) => {
                Table::of_inline(it, "a level", entry.key_span)
            }
            toml_edit::Item::Table(tb) => Table::of(tb, "a level", entry.key_span),
            _ => {
                e.help(
                    entry.whole(),
                    format!("the level `{}` must be a table of what it guarantees", entry.key),
                    "not a table",
                    format!("write `{} = {{ \"password.min_digit\" = 1 }}`, or `{{}}` for a level that guarantees nothing", entry.key),
                );
                continue;
            }
        };
        for guarantee in inner.entries() {
            let Some(k) = settings
                .iter()
                .position(|s| s.node.get().path() == guarantee.key)
            else {
                let names: Vec<String> = ids
                    .iter()
                    .map(|s| format!("`{}`", s.get().path()))
                    .collect();
                e.help(
                    guarantee.key_span,
                    format!("`{}` is not one of this row's `settings`", guarantee.key),
                    "not written by this field",
                    format!("a level guarantees some of {}; add the setting to `settings` if the field holds it", names.join(", ")),
                );
                continue;
            };
            let setting = ids[k].get();
            let Some(v) = guarantee.item.as_value() else {
                continue;
            };
            let span = guarantee.span();
            if let Some(Value::Count(n)) =
                literal(e, text, setting, guarantee.key, "levels", v, span)
            {
                g[k] = n;
            }
        }
        levels.push((Json::String(entry.key.to_string()), g));
        spans.push(entry.key_span);
    }
    if levels.is_empty() && e.list.len() == before {
        e.at(map.span, "`levels` lists no level", "empty");
        return None;
    }
    // One level must hold what every other does.
    let top = levels.iter().position(|(_, g)| {
        levels
            .iter()
            .all(|(_, o)| g.iter().zip(o).all(|(a, b)| a >= b))
    });
    if top.is_none() && !levels.is_empty() {
        let most: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let n = levels.iter().map(|(_, g)| g[k]).max().unwrap_or(0);
                format!("`{}` {n}", s.get().path())
            })
            .collect();
        e.help(
            map.span,
            "no level of `levels` guarantees what every other level does",
            "no strictest level",
            format!("ward refuses only a value no level holds, so one level must hold every level's guarantees ({}); list the service's strictest level with all of them", most.join(", ")),
        );
    }
    let default = match default {
        Some(d) => match levels.iter().position(|(j, _)| plain(j) == d.node) {
            Some(i) => Some(i),
            None => {
                let names: Vec<String> = levels
                    .iter()
                    .map(|(j, _)| format!("`{}`", plain(j)))
                    .collect();
                e.help(
                    d.span,
                    format!("the default `{}` is not one of the `levels`", d.node),
                    "no such level",
                    format!(
                        "name the level the service uses when the field is not configured: {}",
                        names.join(", ")
                    ),
                );
                None
            }
        },
        None => None,
    };
    if e.list.len() > before {
        return None;
    }
    Some(Levels {
        field: field.to_string(),
        settings: ids,
        levels,
        default,
    })
}

#[cfg(test)]
mod tests {
    use super::Levels;
    use crate::catalog::password;
    use crate::value::Value;
    use serde_json::Value as Json;

    /// Salesforce's levels, as its descriptor lists them.
    fn salesforce() -> Levels {
        let s = |x: &str| Json::String(x.into());
        // upper, lower, letter, digit, symbol
        Levels {
            field: "passwordPolicies.complexity".into(),
            settings: vec![
                password::min_upper,
                password::min_lower,
                password::min_letter,
                password::min_digit,
                password::min_symbol,
            ],
            levels: vec![
                (s("NoRestriction"), vec![0, 0, 0, 0, 0]),
                (s("AlphaNumeric"), vec![0, 0, 1, 1, 0]),
                (s("SpecialCharacters"), vec![0, 0, 1, 1, 1]),
                (s("UpperLowerCaseNumeric"), vec![1, 1, 2, 1, 0]),
                (
                    s("UpperLowerCaseNumericSpecialCharacters"),
                    vec![1, 1, 2, 1, 1],
                ),
                (
                    s("Any3UpperLowerCaseNumericSpecialCharacters"),
                    vec![0, 0, 1, 0, 0],
                ),
            ],
            default: Some(1),
        }
    }

    fn write(l: &Levels, asked: [Option<u64>; 5]) -> Option<String> {
        let values: Vec<Option<Value>> = asked.iter().map(|a| a.map(Value::Count)).collect();
        let refs: Vec<Option<&Value>> = values.iter().map(Option::as_ref).collect();
        l.write(&refs).and_then(|j| j.as_str().map(str::to_string))
    }

    #[test]
    fn the_weakest_level_holding_every_class_is_written() {
        let l = salesforce();
        let cases: &[([Option<u64>; 5], Option<&str>)] = &[
            ([None; 5], None),
            ([Some(0), None, None, None, None], Some("NoRestriction")),
            ([None, None, None, Some(1), None], Some("AlphaNumeric")),
            ([None, None, Some(1), None, None], Some("AlphaNumeric")),
            ([None, None, None, None, Some(1)], Some("SpecialCharacters")),
            (
                [Some(1), None, None, None, None],
                Some("UpperLowerCaseNumeric"),
            ),
            (
                [None, None, Some(2), None, None],
                Some("UpperLowerCaseNumeric"),
            ),
            (
                [Some(1), None, None, None, Some(1)],
                Some("UpperLowerCaseNumericSpecialCharacters"),
            ),
            (
                [Some(1), Some(1), Some(2), Some(1), Some(1)],
                Some("UpperLowerCaseNumericSpecialCharacters"),
            ),
            ([Some(2), None, None, None, None], None),
            ([None, None, Some(3), None, None], None),
        ];
        for (asked, want) in cases {
            assert_eq!(write(&l, *asked).as_deref(), *want, "{asked:?}");
        }
    }

    #[test]
    fn each_class_reads_back_as_its_level_guarantees() {
        let l = salesforce();
        assert_eq!(l.default_of(password::min_digit), Some(Value::Count(1)));
        assert_eq!(l.default_of(password::min_upper), Some(Value::Count(0)));
        assert_eq!(l.guarantee(3, 2), 2);
        assert_eq!(l.choose(&[0, 0, 1, 0, 0]), Some(1));
    }
}
