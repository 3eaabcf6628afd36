//! Lowering a descriptor: checks each `[[settings]]` row against the
//! catalog, types its literals, and builds the [`Target`].
//!
//! Every problem is reported (not only the first), as an `E0607`
//! diagnostic whose span points into the TOML: an unknown setting gets a
//! did-you-mean, a literal of the wrong kind says what was expected.

use super::descriptor::{Descriptor, EncodingKind, RawRow, UnitName};
use super::literal::{literal, LiteralError};
use super::{Encoding, Row, Target};
use crate::catalog::{self, Type};
use crate::diag::{codes, suggest, Diagnostic};
use crate::source::{SourceId, Span};
use crate::value::{Keyword, Unit, Value};
use std::collections::BTreeMap;
use toml::Spanned;

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
