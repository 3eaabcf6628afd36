//! One `[[settings]]` row: its setting, its encoding (which reads and
//! checks its own keys through [`RowRead`]), the keys every row shares,
//! and the checks one row can make on its own: limits the right way round,
//! a default within them, an offset that leaves a value to write, a field
//! the output format can hold.

use super::keys;
use super::literal::literal;
use super::reader::{span_of, Errors, Table};
use crate::catalog::{self, Setting, Type};
use crate::diag::suggest;
use crate::source::{Span, Spanned};
use crate::targets::encoding::{self, grid::MAX_EXACT, Codec, KINDS};
use crate::targets::format::Writer;
use crate::targets::{Instance, Row, Selector};
use crate::value::{Keyword, Unit, Value};
use serde_json::Value as Json;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What an encoding's `read` gets: the row's table, its setting, and a
/// place for problems.
pub(crate) struct RowRead<'r, 'a> {
    pub table: &'r Table<'a>,
    pub e: &'r mut Errors,
    pub setting: &'static Setting,
    /// The setting as the row names it.
    pub path: String,
    /// The descriptor's text, for values read as policies read them.
    pub text: &'r str,
}

impl RowRead<'_, '_> {
    pub fn string(&mut self, key: &str) -> Option<String> {
        self.table.string(key, self.e).map(|s| s.node)
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        self.table.bool(key, self.e)
    }

    /// Any value, as JSON.
    pub fn json(&mut self, key: &str) -> Option<Json> {
        self.table.value(key, self.e).map(|(_, v)| to_json(v))
    }

    /// A problem with the value of `key`.
    pub(crate) fn error_at(&mut self, key: &str, message: &str) {
        let span = self.table.span_of(key);
        self.e.at(span, message.to_string(), "here");
    }

    /// A key the encoding needs and the row lacks.
    pub fn missing(&mut self, key: &str, what: &str) {
        self.e.help(
            self.table.span,
            format!("this row of `{}` needs `{key}`", self.path),
            format!("no `{key}`"),
            format!("add `{key}`: {what}"),
        );
    }

    /// A duration key given for a setting that is not a duration.
    pub(crate) fn not_for_counts(&mut self, key: &str) {
        let span = self.table.span_of(key);
        self.e.at(
            span,
            format!(
                "`{key}` applies to durations only, and `{}` is not one",
                self.path
            ),
            "not a duration setting",
        );
    }

    /// A name that is not one of `choices`.
    pub(crate) fn unknown_choice(
        &mut self,
        name: &Spanned<String>,
        what: &str,
        choices: Vec<&str>,
    ) {
        let help = suggest::help_did_you_mean(&name.node, choices.iter().copied())
            .unwrap_or_else(|| format!("the choices are {}", ticks(&choices)));
        self.e.help(
            name.span,
            format!("`{}` is not {what}", name.node),
            "not one of the choices",
            help,
        );
    }

    /// A unit name: `seconds`, `minutes`, `hours` or `days`.
    pub fn unit(&mut self, key: &str) -> Option<Unit> {
        let s = self.table.string(key, self.e)?;
        self.unit_of(&s)
    }

    fn unit_of(&mut self, s: &Spanned<String>) -> Option<Unit> {
        const UNITS: [Unit; 4] = [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day];
        match UNITS.into_iter().find(|u| u.plural() == s.node) {
            Some(u) => Some(u),
            None => {
                self.unknown_choice(s, "a unit", UNITS.iter().map(|u| u.plural()).collect());
                None
            }
        }
    }

    /// An array of units, each once.
    pub fn units(&mut self, key: &str) -> Vec<Unit> {
        let mut out = Vec::new();
        for s in self.table.strings(key, self.e) {
            if let Some(u) = self.unit_of(&s) {
                if out.contains(&u) {
                    self.e
                        .at(s.span, format!("`{}` is listed twice", s.node), "again");
                } else {
                    out.push(u);
                }
            }
        }
        out
    }

    /// `[low, high]`, checked: the right way round, within what JSON holds.
    pub fn count(&mut self, key: &str) -> Option<(u64, u64)> {
        let (entry, v) = self.table.value(key, self.e)?;
        let span = entry.span();
        let pair: Option<Vec<u64>> = v.as_array().filter(|a| a.len() == 2).and_then(|a| {
            a.iter()
                .map(|x| x.as_integer().and_then(|i| u64::try_from(i).ok()))
                .collect()
        });
        let Some([lo, hi]) = pair.as_deref().map(|p| [p[0], p[1]]) else {
            self.e.help(
                span,
                format!("`{key}` must be two whole numbers `[low, high]`"),
                "expected `[low, high]`",
                "write the inclusive range of the number written, such as `count = [1, 9999]`",
            );
            return None;
        };
        if lo > hi {
            self.e.help(
                span,
                format!("`{key}` is reversed: `[{lo}, {hi}]`"),
                "low is above high",
                format!("write `{key} = [{hi}, {lo}]`"),
            );
            return None;
        }
        if hi > MAX_EXACT {
            self.e.help(
                span,
                format!(
                    "`{key}` goes beyond {MAX_EXACT}, the largest number JSON readers hold exactly"
                ),
                "too large",
                format!("write at most `{MAX_EXACT}`"),
            );
            return None;
        }
        Some((lo, hi))
    }

    /// A table of strings: `unit_names = { hours = "HOURS" }`.
    pub(crate) fn string_map(&mut self, key: &str) -> Vec<(Spanned<String>, String)> {
        let Some(t) = self.table.map(key, "a table", self.e) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in t.entries() {
            match entry.item.as_value().and_then(|v| v.as_str()) {
                Some(s) => out.push((
                    Spanned::new(entry.key.to_string(), entry.key_span),
                    s.to_string(),
                )),
                None => self.e.at(
                    entry.span(),
                    format!("`{key}.{}` must be a string", entry.key),
                    "expected a string",
                ),
            }
        }
        out
    }

    /// `choices = { "15m" = "FifteenMinutes" }`: each key a value of the
    /// setting written as a policy writes it, each value what the service
    /// writes for it, in descriptor order.
    pub fn literal_map(&mut self, key: &str) -> Vec<(Spanned<Value>, Json)> {
        let Some(t) = self.table.map(key, "a table", self.e) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in t.entries() {
            let Some(v) = entry.item.as_value() else {
                self.e.at(
                    entry.span(),
                    format!("`{key}.{}` must be a value", entry.key),
                    "a table",
                );
                continue;
            };
            let written = toml_edit::Value::from(entry.key);
            let lit = literal(
                self.e,
                self.text,
                self.setting,
                &self.path,
                key,
                &written,
                entry.key_span,
            );
            if let Some(value) = lit {
                out.push((Spanned::new(value, entry.key_span), to_json(v)));
            }
        }
        out
    }

    /// `values = { csv = "CSV" }`: each key a value of the setting.
    pub(crate) fn value_map(&mut self, key: &str) -> BTreeMap<String, Json> {
        let Some(t) = self.table.map(key, "a table", self.e) else {
            return BTreeMap::new();
        };
        let names: &[&str] = match self.setting.ty {
            Type::Enum(n) | Type::EnumList(n) => n,
            _ => &[],
        };
        let mut out = BTreeMap::new();
        for entry in t.entries() {
            if !names.is_empty() && !names.contains(&entry.key) {
                let what = format!("a value of `{}`", self.path);
                self.unknown_choice(
                    &Spanned::new(entry.key.to_string(), entry.key_span),
                    &what,
                    names.to_vec(),
                );
                continue;
            }
            match entry.item.as_value() {
                Some(v) => {
                    out.insert(entry.key.to_string(), to_json(v));
                }
                None => self.e.at(
                    entry.span(),
                    format!("`{key}.{}` must be a value", entry.key),
                    "a table",
                ),
            }
        }
        out
    }
}

/// A TOML value as JSON, for sentinels and mapped values.
pub(crate) fn to_json(v: &toml_edit::Value) -> Json {
    use toml_edit::Value as T;
    match v {
        T::String(s) => s.value().clone().into(),
        T::Integer(i) => (*i.value()).into(),
        T::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Json::Null, Json::Number),
        T::Boolean(b) => (*b.value()).into(),
        T::Datetime(d) => d.value().to_string().into(),
        T::Array(a) => a.iter().map(to_json).collect(),
        T::InlineTable(t) => t
            .iter()
            .map(|(k, v)| (k.to_string(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn ticks(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The setting a row names: `session.idle_timeout`,
/// `integrations.*.enabled`, `integrations.outlook_calendar.enabled`,
/// `integrations."ms-teams".enabled`. The path is read as policies write one
/// ([`crate::syntax::parse_path`]); `*` for the integration means any.
pub(super) fn selector(path: &str) -> Result<Selector, Option<String>> {
    let section = catalog::INSTANCED_SECTION;
    let text = match path.strip_prefix(&format!("{section}.*.")) {
        Some(name) => format!("{section}.\"*\".{name}"),
        None => path.to_string(),
    };
    let parsed = crate::syntax::parse_path(&text, 0).map_err(|_| None)?;
    let names: Vec<&str> = parsed.segments.iter().map(|s| s.node.as_str()).collect();
    let Some(key) = catalog::SettingKey::of_segments(&names) else {
        return Err(match names.as_slice() {
            [s, _, name] if *s == section => Some(format!("{section}.*.{name}")),
            _ => None,
        });
    };
    let instance = match key.instance.as_deref() {
        None => Instance::Plain,
        Some("*") => Instance::Any,
        Some(n) if !n.is_empty() => Instance::Named(n.into()),
        Some(_) => return Err(None),
    };
    Ok(Selector {
        id: key.id,
        instance,
    })
}

/// Every path a row may name, for did-you-mean.
pub(super) fn all_paths() -> Vec<String> {
    catalog::all()
        .map(|(_, s)| {
            if s.is_instanced() {
                format!("{}.*.{}", s.section, s.name)
            } else {
                s.path()
            }
        })
        .collect()
}

/// Every key a row of some encoding takes.
fn all_row_keys() -> Vec<&'static str> {
    let mut out = keys::names(keys::ROW);
    for k in KINDS {
        for key in k.keys {
            if !out.contains(&key.name) {
                out.push(key.name);
            }
        }
    }
    out
}

/// Reads one row: the row and the span of its `field` (or header).
pub(super) fn read(
    t: &Table<'_>,
    text: &str,
    writer: Option<&dyn Writer>,
    e: &mut Errors,
) -> Option<(Row, Span)> {
    let Some(path) = t.string("setting", e) else {
        if !t.has("setting") {
            e.help(
                t.span,
                "this `[[settings]]` row has no `setting`",
                "no `setting`",
                "name the policy setting it writes: `setting = \"session.idle_timeout\"`",
            );
        }
        t.finish(&all_row_keys(), &|_| None, e);
        return None;
    };
    let sel = match selector(&path.node) {
        Ok(s) => s,
        Err(_) => {
            let paths = all_paths();
            let help = suggest::help_did_you_mean(&path.node, paths.iter().map(String::as_str))
                .unwrap_or_else(|| "`ward explain-code E0201` lists how settings are named; integration settings are written `integrations.*.NAME`".into());
            e.help(
                path.span,
                format!("unknown setting `{}` in target descriptor", path.node),
                "no such setting",
                help,
            );
            t.finish(&all_row_keys(), &|_| None, e);
            return None;
        }
    };
    let setting = sel.id.get();
    let shown = sel.path().replace(".*.", ".NAME.");
    let before = e.list.len();

    let enc = t.string("encoding", e);
    let kind = match &enc {
        Some(k) => match encoding::kind(&k.node) {
            Some(kind) => Some(kind),
            None => {
                let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
                let help = suggest::help_did_you_mean(&k.node, names.iter().copied())
                    .unwrap_or_else(|| format!("the encodings are {}", ticks(&names)));
                e.help(
                    k.span,
                    format!("unknown encoding `{}`", k.node),
                    "no such encoding",
                    help,
                );
                None
            }
        },
        None => Some(encoding::default_kind(setting)),
    };
    if let (Some(kind), Some(k)) = (kind, &enc) {
        if !(kind.fits)(setting) {
            // The encoding's own keys are not the problem: one report.
            for key in kind.keys {
                let _ = t.entry(key.name);
            }
            e.help(
                k.span,
                format!("encoding `{}` does not fit `{shown}`", kind.name),
                format!("`{shown}` is {}", type_name(setting)),
                format!("the encodings that fit are {}", ticks(&fitting(setting))),
            );
        }
    }
    let codec: Option<Arc<dyn Codec>> = kind.filter(|k| (k.fits)(setting)).and_then(|kind| {
        let mut r = RowRead {
            table: t,
            e: &mut *e,
            setting,
            path: shown.clone(),
            text,
        };
        (kind.read)(&mut r)
    });

    let lit = |key: &str, e: &mut Errors| -> Option<Value> {
        let (entry, v) = t.value(key, e)?;
        literal(e, text, setting, &shown, key, v, entry.span())
    };
    let min = lit("min", e);
    let max = lit("max", e);
    let recommend_min = lit("recommend_min", e);
    let recommend_max = lit("recommend_max", e);
    let default = lit("default", e);
    let fixed = lit("fixed", e);
    let when_unset = lit("when_unset", e);
    let floor = lit("floor", e);
    let unconfigured = lit("unconfigured", e);
    let mut reading = crate::targets::export::read_row(t, setting.keywords, &shown, e);
    reading.unconfigured = unconfigured;
    let omit = omitted(t, text, setting, &shown, e);
    let keywords = keyword_map(t, setting, &shown, e);
    let floor_behaviour = t.string("floor_behaviour", e);
    let limit_because = t.string("limit_because", e);
    let field = t.string("field", e);
    let offset = t.int("offset", e);
    let template = t.string("text", e);
    let recommend_because = t.string("recommend_because", e);
    let behaviour = t.string("behaviour", e);
    let caveat = t.string("caveat", e).map(|s| s.node);
    let note = t.string("note", e).map(|s| s.node);

    let known: Vec<&str> = keys::names(keys::ROW)
        .into_iter()
        .chain(
            kind.map(|k| k.keys.iter().map(|x| x.name).collect::<Vec<_>>())
                .unwrap_or_default(),
        )
        .collect();
    let this = kind.map_or("", |k| k.name);
    t.finish(&known, &|key: &str| elsewhere(key, this), e);

    let limits = Limits {
        t,
        setting,
        shown: &shown,
    };
    limits.ordered("min", &min, "max", &max, e);
    limits.ordered(
        "recommend_min",
        &recommend_min,
        "recommend_max",
        &recommend_max,
        e,
    );
    if !default.as_ref().is_some_and(|d| omit.contains(d)) {
        // A default written by leaving the field out (AWS's `history = 0`)
        // is no number the service holds, so it need not be within limits.
        limits.within("default", &default, &min, &max, e);
    }
    if let (Some(b), None, None) = (&recommend_because, &recommend_min, &recommend_max) {
        e.at(
            b.span,
            "`recommend_because` without `recommend_min` or `recommend_max`",
            "nothing recommended",
        );
    }
    if let (Some(b), None) = (&floor_behaviour, &floor) {
        e.at(
            b.span,
            "`floor_behaviour` describes a `floor`, and this row has none",
            "no `floor`",
        );
    }
    if let (Some(b), None, None) = (&limit_because, &min, &max) {
        e.at(
            b.span,
            "`limit_because` without `min` or `max`",
            "no limit to explain",
        );
    }
    if when_unset.is_some() && sel.instance == Instance::Any {
        e.at(t.span_of("when_unset"), "`when_unset` cannot apply to every integration: an unset integration is not configured at all", "not for `integrations.*`");
    }
    if let (Some(b), None) = (&behaviour, &fixed) {
        e.at(
            b.span,
            "`behaviour` describes a `fixed` value, and this row has none",
            "no `fixed`",
        );
    }
    if let (Some(f), Some(_)) = (&field, &fixed) {
        e.help(
            f.span,
            "a `fixed` row has no `field`",
            "the service takes no value for a fixed behaviour",
            "remove `field`, or `fixed` if the service can be configured",
        );
    }
    let offset = check_offset(offset, setting, &shown, e);
    if let Some(tpl) = &template {
        if tpl.node.matches("{}").count() != 1 {
            e.help(
                tpl.span,
                "`text` must hold `{}` once, where the value goes",
                "no single `{}`",
                "write it as `text = \"4,{}\"`",
            );
        }
    }
    let field_span = field.as_ref().map_or(t.span, |f| f.span);
    if let Some(f) = &field {
        check_field(f, &sel, writer, e);
    }
    if e.list.len() > before {
        return None;
    }
    let row = Row {
        selector: sel,
        field: field.map(|f| f.node),
        encoding: codec?,
        offset,
        text: template.map(|s| s.node),
        omit,
        keywords,
        when_unset,
        floor,
        floor_behaviour: floor_behaviour.map(|s| s.node),
        min,
        max,
        limit_because: limit_because.map(|s| s.node),
        recommend_min,
        recommend_max,
        recommend_because: recommend_because.map(|s| s.node),
        default,
        fixed,
        behaviour: behaviour.map(|s| s.node),
        caveat,
        note,
        reading,
        span: t.span,
    };
    Some((row, field_span))
}

/// Explains a key that belongs to another encoding than the row's.
fn elsewhere(key: &str, this: &str) -> Option<String> {
    let owners: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.keys.iter().any(|x| x.name == key))
        .map(|k| k.name)
        .collect();
    if owners.is_empty() {
        return None;
    }
    Some(format!(
        "`{key}` is a key of the {} encoding; this row's encoding is `{this}`",
        owners
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    ))
}

fn type_name(s: &Setting) -> &'static str {
    match s.ty {
        Type::Duration { .. } => "a duration",
        Type::Count { .. } => "a count",
        Type::Bool => "a boolean",
        Type::Enum(_) => "an enum",
        Type::EnumList(_) | Type::StrList => "a list",
    }
}

fn fitting(s: &Setting) -> Vec<&'static str> {
    KINDS
        .iter()
        .filter(|k| (k.fits)(s))
        .map(|k| k.name)
        .collect()
}

/// `omit = [...]`: values of the setting.
fn omitted(
    t: &Table<'_>,
    text: &str,
    setting: &'static Setting,
    shown: &str,
    e: &mut Errors,
) -> Vec<Value> {
    let Some((entry, v)) = t.value("omit", e) else {
        return Vec::new();
    };
    let Some(items) = v.as_array() else {
        e.help(
            entry.span(),
            "`omit` must be an array of values",
            "expected an array",
            "write `omit = [\"never\"]` or `omit = [0]`",
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            literal(
                e,
                text,
                setting,
                shown,
                "omit",
                item,
                span_of(item.span(), entry.span()),
            )
        })
        .collect()
}

/// `keywords = { unlimited = -1 }`: keywords of the setting.
fn keyword_map(
    t: &Table<'_>,
    setting: &'static Setting,
    shown: &str,
    e: &mut Errors,
) -> BTreeMap<Keyword, Json> {
    let mut out = BTreeMap::new();
    let Some(map) = t.map("keywords", "`keywords`", e) else {
        return out;
    };
    for entry in map.entries() {
        match Keyword::parse(entry.key).filter(|k| setting.keywords.contains(k)) {
            Some(k) => {
                if let Some(v) = entry.item.as_value() {
                    out.insert(k, to_json(v));
                }
            }
            None => {
                let names: Vec<&str> = setting.keywords.iter().map(|k| k.as_str()).collect();
                let help = if names.is_empty() {
                    format!("`{shown}` takes no keyword")
                } else {
                    format!("`{shown}` takes {}", ticks(&names))
                };
                e.help(
                    entry.key_span,
                    format!("`{shown}` has no keyword `{}`", entry.key),
                    "not a keyword of this setting",
                    help,
                );
            }
        }
    }
    out
}

/// A row's limits, checked against each other.
struct Limits<'a, 'b> {
    t: &'a Table<'b>,
    setting: &'static Setting,
    shown: &'a str,
}

impl Limits<'_, '_> {
    fn ordered(
        &self,
        lo_key: &str,
        lo: &Option<Value>,
        hi_key: &str,
        hi: &Option<Value>,
        e: &mut Errors,
    ) {
        let (Some(a), Some(b)) = (lo, hi) else { return };
        if self.setting.value_cmp(a, b) == Some(Ordering::Greater) {
            e.list.push(
                crate::diag::Local::new(
                    crate::diag::codes::INVALID_DESCRIPTOR,
                    format!(
                        "`{lo_key} = {a}` is above `{hi_key} = {b}` for `{}`",
                        self.shown
                    ),
                )
                .at(e.source, self.t.span_of(lo_key), "the lower limit")
                .label(e.source, self.t.span_of(hi_key), "the upper limit")
                .help(format!("swap them: `{lo_key} = {b}`, `{hi_key} = {a}`")),
            );
        }
    }

    fn within(
        &self,
        key: &str,
        v: &Option<Value>,
        min: &Option<Value>,
        max: &Option<Value>,
        e: &mut Errors,
    ) {
        let Some(v) = v else { return };
        if matches!(v, Value::Keyword(_)) {
            return;
        }
        for (limit, word, bad) in [
            (min, "min", Ordering::Less),
            (max, "max", Ordering::Greater),
        ] {
            if let Some(l) = limit {
                if self.setting.value_cmp(v, l) == Some(bad) {
                    e.help(
                        self.t.span_of(key),
                        format!("`{key} = {v}` for `{}` is outside the row's own `{word} = {l}`", self.shown),
                        "outside the service's limits",
                        "a service's default is a value it can hold: correct the default or the limit",
                    );
                }
            }
        }
    }
}

/// `offset`: only for durations, and it must leave a value to write.
fn check_offset(
    offset: Option<Spanned<i64>>,
    setting: &Setting,
    shown: &str,
    e: &mut Errors,
) -> i64 {
    let Some(off) = offset else { return 0 };
    let Some((lo, hi)) = setting.domain().filter(|_| setting.is_duration()) else {
        e.at(
            off.span,
            format!("`offset` applies to durations, and `{shown}` is not one"),
            "not a duration setting",
        );
        return 0;
    };
    let top = i128::from(hi) + i128::from(off.node);
    let bottom = i128::from(lo) + i128::from(off.node);
    if top <= 0 {
        e.help(
            off.span,
            format!(
                "`offset = {}` leaves nothing to write for `{shown}`",
                off.node
            ),
            "takes every value to zero or below",
            format!(
                "`{shown}` is at most {}s; an offset must leave a positive number",
                hi
            ),
        );
    } else if top > i128::from(MAX_EXACT) || bottom > i128::from(MAX_EXACT) {
        e.help(
            off.span,
            format!("`offset = {}` overflows the output of `{shown}`", off.node),
            "too large",
            format!("the number written must stay below {MAX_EXACT}, the largest JSON readers hold exactly"),
        );
    }
    off.node
}

/// `field`: one the format can hold; `{name}` exactly in integration rows
/// for every integration.
pub(super) fn check_field(
    f: &Spanned<String>,
    sel: &Selector,
    writer: Option<&dyn Writer>,
    e: &mut Errors,
) {
    let has_name = f.node.contains("{name}");
    match sel.instance {
        Instance::Any if !has_name => e.help(
            f.span,
            format!("`{}` feeds every integration, so its field needs `{{name}}`", sel.path()),
            "every integration would write this one field",
            format!("write the integration's name into the field: `integrations.{{name}}.{}`", sel.id.get().name),
        ),
        Instance::Plain | Instance::Named(_) if has_name => e.at(
            f.span,
            "`{name}` stands for an integration's name, and this row feeds no integration setting for every integration",
            "nothing to put here",
        ),
        _ => {}
    }
    if let Some(w) = writer {
        let concrete = f.node.replace("{name}", "name");
        if let Err(why) = w.check_field(&concrete) {
            e.at(
                f.span,
                format!(
                    "the `{}` format cannot write `{}`: {why}",
                    w.format(),
                    f.node
                ),
                "not a field of this format",
            );
        }
    }
}
