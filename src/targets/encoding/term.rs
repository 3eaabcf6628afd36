//! `term`: one `term(N)` of a policy string whose terms are joined with
//! ` and ` (Keycloak's `passwordPolicy`: `length(12) and digits(1)`).
//! Durations are written in whole `unit`s; a `true` boolean writes
//! `term(term_arg)` and `false` nothing. All the term rows of one field are
//! one string, so their schema is one pattern ([`joined_schema`]).

use super::grid::exact;
use super::{Codec, Encoded, FieldSchema, Kind, Problem, SchemaCx, TermInfo};
use crate::catalog::Type;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::RowRead;
use crate::targets::Row;
use crate::value::{Unit, Value};
use serde_json::{json, Value as Json};
use std::sync::Arc;

pub(crate) const KIND: Kind = Kind {
    name: "term",
    doc: "A `term(N)` of a policy string joined with ` and ` (Keycloak's `passwordPolicy`).",
    keys: &[
        KeyDoc::new(
            "term",
            KeyType::Str,
            "The term's name: `length` writes `length(12)`.",
        ),
        KeyDoc::new(
            "term_arg",
            KeyType::Str,
            "What a `true` boolean writes between the parentheses (`notUsername(undefined)`).",
        ),
        KeyDoc::new(
            "unit",
            KeyType::Unit,
            "The unit of a duration term: `seconds`, `minutes`, `hours` or `days`.",
        ),
    ],
    fits: |s| s.is_duration() || matches!(s.ty, Type::Count { .. } | Type::Bool),
    read,
};

#[derive(Debug)]
struct Term {
    term: String,
    unit: Option<Unit>,
    arg: Option<String>,
}

fn read(r: &mut RowRead<'_, '_>) -> Option<Arc<dyn Codec>> {
    let term = r.string("term");
    let arg = r.string("term_arg");
    let unit = r.unit("unit");
    if unit.is_some() && !r.setting.is_duration() {
        r.not_for_counts("unit");
    }
    if arg.is_some() && r.setting.ty != Type::Bool {
        r.error_at(
            "term_arg",
            "`term_arg` is what a `true` boolean writes, and this setting is not a boolean",
        );
    }
    let Some(term) = term else {
        r.missing("term", "the term's name, e.g. `term = \"length\"`");
        return None;
    };
    if term.is_empty() || !term.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        r.error_at("term", "a term name is letters, digits and `_`");
    }
    let unit = r
        .setting
        .is_duration()
        .then(|| unit.unwrap_or(Unit::Second));
    Some(Arc::new(Term { term, unit, arg }))
}

impl Codec for Term {
    fn kind(&self) -> &'static str {
        KIND.name
    }

    fn encode(&self, row: &Row, v: &Value) -> Result<Encoded, Problem> {
        let term = &self.term;
        match (v, self.unit) {
            (Value::Duration(s), Some(u)) => {
                let (n, _) = exact(row.setting(), row.offset, *s, &[(u, 1, u64::MAX)], false)?;
                Ok(Encoded::Term(format!("{term}({n})")))
            }
            (Value::Count(n), _) => Ok(Encoded::Term(format!("{term}({n})"))),
            (Value::Bool(true), _) => Ok(Encoded::Term(format!(
                "{term}({})",
                self.arg.as_deref().unwrap_or("")
            ))),
            (Value::Bool(false), _) => Ok(Encoded::Omit),
            (v, _) => Err(Problem::Inexpressible {
                what: format!("`{v}`"),
                choices: Vec::new(),
            }),
        }
    }

    fn decode(&self, row: &Row, j: &Json) -> Option<Value> {
        let found = j.as_str()?.split(" and ").find_map(|t| {
            t.trim()
                .strip_prefix(self.term.as_str())?
                .strip_prefix('(')?
                .strip_suffix(')')
        });
        match row.setting().ty {
            Type::Bool => Some(Value::Bool(found.is_some())),
            Type::Count { .. } => found?.parse().ok().map(Value::Count),
            _ => {
                let n: u64 = found?.parse().ok()?;
                let secs =
                    i128::from(n.checked_mul(self.unit?.seconds())?) - i128::from(row.offset);
                u64::try_from(secs).ok().map(Value::Duration)
            }
        }
    }

    fn schema(&self, _: &Row, _: &SchemaCx) -> FieldSchema {
        FieldSchema {
            schema: json!({ "type": "string" }),
            text: String::new(),
        }
    }

    fn describe(&self) -> String {
        let unit = self
            .unit
            .map(|u| format!(" in {}", u.plural()))
            .unwrap_or_default();
        format!("policy term {}(N){unit}", self.term)
    }

    fn term(&self) -> Option<TermInfo<'_>> {
        Some(TermInfo {
            name: &self.term,
            arg: self.arg.as_deref(),
            unit: self.unit,
        })
    }
}

/// `a and b`, keeping a term out if it is already there.
pub(crate) fn join_terms(existing: &str, term: &str) -> String {
    if existing.is_empty() {
        term.to_string()
    } else if existing.split(" and ").any(|t| t == term) {
        existing.to_string()
    } else {
        format!("{existing} and {term}")
    }
}

/// The schema of one policy string made of `rows`' terms: a pattern.
pub(crate) fn joined_schema(rows: &[&Row]) -> Json {
    let mut alternatives = Vec::new();
    let mut parts = Vec::new();
    for row in rows {
        let Some(TermInfo {
            name: term,
            arg,
            unit,
        }) = row.encoding.term()
        else {
            continue;
        };
        let (arg_re, arg_text) = match (row.setting().ty, unit) {
            (Type::Bool, _) => {
                let a = arg.unwrap_or("");
                (escape(a), a.to_string())
            }
            (_, Some(u)) => ("[0-9]+".to_string(), u.plural().to_string()),
            _ => ("[0-9]+".to_string(), "N".to_string()),
        };
        let alt = format!("{}\\({arg_re}\\)", escape(term));
        if !alternatives.contains(&alt) {
            alternatives.push(alt);
        }
        parts.push(format!("`{term}({arg_text})` for `{}`", row.setting_path()));
    }
    let one = format!("(?:{})", alternatives.join("|"));
    json!({
        "type": "string",
        "pattern": format!("^{one}(?: and {one})*$"),
        "description": format!("Terms joined with ` and `: {}.", parts.join(", ")),
    })
}

/// `s` with regular-expression metacharacters escaped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::join_terms;

    #[test]
    fn joins_terms_once() {
        assert_eq!(join_terms("", "digits(1)"), "digits(1)");
        assert_eq!(
            join_terms("length(12)", "digits(1)"),
            "length(12) and digits(1)"
        );
        assert_eq!(
            join_terms("length(12) and digits(1)", "digits(1)"),
            "length(12) and digits(1)"
        );
    }
}
