//! The target descriptor: a service described as data, in TOML.
//!
//! A descriptor names the service, cites the vendor documentation its facts
//! come from, and lists one `[[settings]]` row per output field: which policy
//! setting feeds it, how the value is encoded, the service's own limits,
//! recommendations, defaults and fixed behaviours. [`Descriptor`] is the
//! file as written (serde + schemars, so `ward schema` can describe it);
//! [`Target::parse`] checks it against the catalog and turns it into a
//! [`Target`] whose literals are typed [`Value`]s. Problems are diagnostics
//! with spans into the TOML, never panics.
//!
//! ```toml
//! name  = "miro"
//! title = "Miro"
//! sources = ["https://help.miro.com/hc/en-us/articles/360017571454"]
//!
//! [[settings]]
//! setting  = "session.idle_timeout"
//! field    = "idle_session_timeout"
//! encoding = "value_unit"
//! units    = ["minutes", "hours", "days"]
//! count    = [1, 9999]
//! min = "1h"
//! max = "14d"
//! ```

use super::literal::{literal, LiteralError};
use super::{Encoding, Row, Special, Target};
use crate::catalog::{self, Type};
use crate::diag::{codes, suggest, Diagnostic};
use crate::source::{SourceId, Span};
use crate::value::{Keyword, Unit, Value};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A target descriptor file, as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Descriptor {
    /// The name used in `targets` lines and `--target`: `[a-z][a-z0-9._-]*`.
    pub name: String,
    /// The service's name for people: `Keycloak`.
    pub title: String,
    /// Who makes the service.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Vendor documentation the facts in this file come from (URLs).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Anything an administrator should know about the output.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Output shaping that data cannot express, done in code.
    #[serde(default)]
    pub special: Option<Special>,
    /// The service replaces its whole configuration on every update (AWS
    /// IAM): every row is emitted, an unset setting as the service default.
    #[serde(default)]
    pub complete: bool,
    /// One row per output field, in output order.
    #[serde(default)]
    #[schemars(with = "Vec<RawRow>")]
    pub settings: Vec<Spanned<RawRow>>,
}

/// How a row's value is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EncodingKind {
    /// A whole number: a count, or a duration in `unit`.
    Integer,
    /// `{"value": N, "unit": "hours"}`: the largest exact unit of `units`.
    ValueUnit,
    /// An ISO 8601 duration string: `PT8H`, `P1DT12H`.
    Iso8601,
    /// A .NET-style time span string: `08:00:00`, `1.12:00:00`.
    Timespan,
    /// A boolean (`invert = true` for "disable…" fields).
    Boolean,
    /// A count written as a boolean "require at least one".
    AtLeastOne,
    /// An enum value mapped through `values`.
    Enum,
    /// A list whose members are mapped through `values`.
    List,
    /// A `term(N)` of a policy string joined with ` and ` (Keycloak).
    Term,
}

/// A duration unit a service counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitName {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl UnitName {
    pub fn unit(self) -> Unit {
        match self {
            UnitName::Seconds => Unit::Second,
            UnitName::Minutes => Unit::Minute,
            UnitName::Hours => Unit::Hour,
            UnitName::Days => Unit::Day,
        }
    }
}

/// One `[[settings]]` row, as written. Literal values (`min`, `default`, …)
/// are written as in a policy: durations as strings (`"8h"`), counts as
/// integers, keywords and enum values as strings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// The policy setting: `session.idle_timeout`.
    #[schemars(with = "String")]
    pub setting: Spanned<String>,
    /// Output field; dots nest (`brute.force`). No field: checked, not
    /// emitted (a fixed behaviour).
    #[serde(default)]
    pub field: Option<String>,
    /// Defaults by type: durations `integer` in seconds, counts `integer`,
    /// booleans `boolean`, enums `enum`, lists `list`.
    #[serde(default)]
    pub encoding: Option<EncodingKind>,
    /// The unit of an `integer` or `term` duration.
    #[serde(default)]
    pub unit: Option<UnitName>,
    /// The units a `value_unit` field offers.
    #[serde(default)]
    pub units: Vec<UnitName>,
    /// Inclusive range of the number the field holds, in its unit.
    #[serde(default)]
    pub count: Option<[u64; 2]>,
    /// Key names of a `value_unit` object (default `value`, `unit`).
    #[serde(default)]
    pub value_key: Option<String>,
    #[serde(default)]
    pub unit_key: Option<String>,
    /// How each unit is spelled in a `value_unit` object (default: the
    /// unit's name, `minutes`).
    #[serde(default)]
    pub unit_names: BTreeMap<String, String>,
    /// Policy enum or list value → service value.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub values: BTreeMap<String, toml::Value>,
    /// Name of a `term` (`length` → `length(12)`).
    #[serde(default)]
    pub term: Option<String>,
    /// Argument written for a `true` boolean term (`notUsername(undefined)`).
    #[serde(default)]
    pub term_arg: Option<String>,
    /// Write the negation of a boolean.
    #[serde(default)]
    pub invert: bool,
    /// Seconds added to a duration before it is written (Keycloak: -120).
    #[serde(default)]
    pub offset: i64,
    /// Policy values expressed by leaving the field out (`"never"`, `0`).
    #[serde(default)]
    #[schemars(with = "Vec<serde_json::Value>")]
    pub omit: Vec<Spanned<toml::Value>>,
    /// Keyword → the service's sentinel value (`unlimited = -1`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub keywords: BTreeMap<String, toml::Value>,
    /// The service's own limits, in policy terms: errors beyond them.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub min: Option<Spanned<toml::Value>>,
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub max: Option<Spanned<toml::Value>>,
    /// The vendor's recommendation: warnings beyond it.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub recommend_min: Option<Spanned<toml::Value>>,
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub recommend_max: Option<Spanned<toml::Value>>,
    /// Why the vendor recommends it, shown with the warning.
    #[serde(default)]
    pub recommend_because: Option<String>,
    /// What the service does when the field is not configured.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub default: Option<Spanned<toml::Value>>,
    /// A value the service imposes and no one can change.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub fixed: Option<Spanned<toml::Value>>,
    /// What the service does, as a sentence fragment for diagnostics:
    /// "uses a fixed 2h token for IdP-initiated SAML sign-in".
    #[serde(default)]
    pub behaviour: Option<String>,
    /// A warning shown whenever the policy sets this setting.
    #[serde(default)]
    pub caveat: Option<String>,
    /// Anything else, for `ward targets NAME` and the docs.
    #[serde(default)]
    pub note: Option<String>,
}

fn invalid(source: SourceId, span: std::ops::Range<usize>, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(codes::INVALID_DESCRIPTOR, msg).at(
        source,
        Span::new(span.start, span.end),
        "in this target descriptor",
    )
}

impl Target {
    /// Reads a descriptor already stored as `source`. Every problem is
    /// reported, with spans into the TOML.
    pub fn parse(source: SourceId, text: &str) -> Result<Target, Vec<Diagnostic>> {
        let raw: Descriptor = match toml::from_str(text) {
            Ok(d) => d,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_lowercase();
                return Err(vec![invalid(
                    source,
                    span,
                    format!("invalid target descriptor: {msg}"),
                )]);
            }
        };
        let mut errors = Vec::new();
        let valid_name = raw.name.starts_with(|c: char| c.is_ascii_lowercase())
            && raw.name.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if !valid_name {
            let at = text.find("name").unwrap_or(0);
            errors.push(
                invalid(source, at..at + 4, format!("invalid target name `{}`", raw.name))
                    .help("a target name is lowercase letters, digits, `.`, `_` and `-`, starting with a letter"),
            );
        }
        let mut rows = Vec::new();
        for spanned in raw.settings {
            let span = spanned.span();
            match lower_row(source, spanned.into_inner()) {
                Ok(row) => rows.push(Row {
                    span: Span::new(span.start, span.end),
                    ..row
                }),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Target {
            name: raw.name,
            title: raw.title,
            vendor: raw.vendor,
            sources: raw.sources,
            notes: raw.notes,
            special: raw.special,
            complete: raw.complete,
            rows,
            source: Some(source),
        })
    }
}

/// Checks one row against the catalog and types its literals.
fn lower_row(source: SourceId, raw: RawRow) -> Result<Row, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let path = raw.setting.get_ref().as_str();
    let sspan = raw.setting.span();
    let id = path
        .split_once('.')
        .and_then(|(section, name)| catalog::find(section, name))
        .filter(|id| !id.get().is_instanced());
    let Some(id) = id else {
        let names: Vec<String> = catalog::all()
            .filter(|(_, s)| !s.is_instanced())
            .map(|(_, s)| s.path())
            .collect();
        let help = suggest::help_did_you_mean(path, names.iter().map(String::as_str));
        return Err(vec![invalid(
            source,
            sspan,
            format!("unknown setting `{path}` in target descriptor"),
        )
        .maybe_help(help)]);
    };
    let setting = id.get();
    let mut lit = |v: &Option<Spanned<toml::Value>>, what: &str| -> Option<Value> {
        let v = v.as_ref()?;
        match literal(setting, v.get_ref()) {
            Ok(x) => Some(x),
            Err(LiteralError(msg)) => {
                errors.push(invalid(
                    source,
                    v.span(),
                    format!("invalid `{what}` for `{path}`: {msg}"),
                ));
                None
            }
        }
    };
    let min = lit(&raw.min, "min");
    let max = lit(&raw.max, "max");
    let recommend_min = lit(&raw.recommend_min, "recommend_min");
    let recommend_max = lit(&raw.recommend_max, "recommend_max");
    let default = lit(&raw.default, "default");
    let fixed = lit(&raw.fixed, "fixed");
    let omit: Vec<Value> = raw
        .omit
        .iter()
        .filter_map(|v| lit(&Some(v.clone()), "omit"))
        .collect();

    let mut keywords = BTreeMap::new();
    for (k, v) in &raw.keywords {
        match Keyword::parse(k).filter(|kw| setting.keywords.contains(kw)) {
            Some(kw) => {
                keywords.insert(kw, toml_to_json(v));
            }
            None => errors.push(invalid(
                source,
                sspan.clone(),
                format!("`{path}` has no keyword `{k}`"),
            )),
        }
    }

    let kind = raw.encoding.unwrap_or(match setting.ty {
        Type::Duration { .. } | Type::Count { .. } => EncodingKind::Integer,
        Type::Bool => EncodingKind::Boolean,
        Type::Enum(_) => EncodingKind::Enum,
        Type::EnumList(_) | Type::StrList => EncodingKind::List,
    });
    let is_duration = setting.is_duration();
    let is_count = matches!(setting.ty, Type::Count { .. });
    let fits = match kind {
        EncodingKind::Integer | EncodingKind::Term => {
            is_duration || is_count || (kind == EncodingKind::Term && setting.ty == Type::Bool)
        }
        EncodingKind::ValueUnit | EncodingKind::Iso8601 | EncodingKind::Timespan => is_duration,
        EncodingKind::Boolean => setting.ty == Type::Bool,
        EncodingKind::AtLeastOne => is_count,
        EncodingKind::Enum => matches!(setting.ty, Type::Enum(_)),
        EncodingKind::List => matches!(setting.ty, Type::EnumList(_) | Type::StrList),
    };
    if !fits {
        errors.push(invalid(
            source,
            sspan.clone(),
            format!("encoding `{kind:?}` does not fit `{path}`").to_lowercase(),
        ));
    }
    let range = raw.count.map(|[lo, hi]| (lo, hi));
    let encoding = match kind {
        EncodingKind::Integer => Encoding::Integer {
            unit: raw.unit.map(UnitName::unit).filter(|_| is_duration),
            range,
        },
        EncodingKind::ValueUnit => {
            if raw.units.is_empty() {
                errors.push(invalid(
                    source,
                    sspan.clone(),
                    format!("`value_unit` encoding of `{path}` needs `units`"),
                ));
            }
            let mut units: Vec<Unit> = raw.units.iter().map(|u| u.unit()).collect();
            units.dedup();
            Encoding::ValueUnit {
                units,
                range: range.unwrap_or((1, u64::MAX)),
                value_key: raw.value_key.clone().unwrap_or_else(|| "value".into()),
                unit_key: raw.unit_key.clone().unwrap_or_else(|| "unit".into()),
                unit_names: raw.unit_names.clone(),
            }
        }
        EncodingKind::Iso8601 => Encoding::Iso8601,
        EncodingKind::Timespan => Encoding::Timespan,
        EncodingKind::Boolean => Encoding::Boolean { invert: raw.invert },
        EncodingKind::AtLeastOne => Encoding::AtLeastOne,
        EncodingKind::Enum | EncodingKind::List => {
            let names: Vec<&str> = match setting.ty {
                Type::Enum(n) | Type::EnumList(n) => n.to_vec(),
                _ => Vec::new(),
            };
            let mut map = BTreeMap::new();
            for (k, v) in &raw.values {
                if !names.is_empty() && !names.contains(&k.as_str()) {
                    let help = suggest::help_did_you_mean(k, names.iter().copied());
                    errors.push(
                        invalid(
                            source,
                            sspan.clone(),
                            format!("`{path}` has no value `{k}`"),
                        )
                        .maybe_help(help),
                    );
                }
                map.insert(k.clone(), toml_to_json(v));
            }
            if kind == EncodingKind::Enum {
                Encoding::Enum(map)
            } else {
                Encoding::List(map)
            }
        }
        EncodingKind::Term => match raw.term.clone() {
            Some(term) => Encoding::Term {
                term,
                unit: raw.unit.map(UnitName::unit).filter(|_| is_duration),
                arg: raw.term_arg.clone(),
            },
            None => {
                errors.push(invalid(
                    source,
                    sspan.clone(),
                    format!("`term` encoding of `{path}` needs `term`"),
                ));
                Encoding::Iso8601
            }
        },
    };
    if raw.unit.is_some() && !is_duration {
        errors.push(invalid(
            source,
            sspan.clone(),
            format!("`unit` applies to durations only, and `{path}` is not one"),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Row {
        id,
        field: raw.field,
        encoding,
        offset: raw.offset,
        omit,
        keywords,
        min,
        max,
        recommend_min,
        recommend_max,
        recommend_because: raw.recommend_because,
        default,
        fixed,
        behaviour: raw.behaviour,
        caveat: raw.caveat,
        note: raw.note,
        span: Span::default(),
    })
}

/// A TOML literal as JSON, for sentinel and mapped values.
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), toml_to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
