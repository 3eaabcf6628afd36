//! Lowering values: a written value, read against one setting's type.
//!
//! This is where units, keywords, enum values, domains and overflow are
//! checked, and where the most common mistakes get their help: a bare number
//! where a duration belongs (60 seconds instead of 60 minutes), `1.5h`,
//! months, `8 hrs`.

use crate::catalog::{Setting, Type};
use crate::diag::{codes, suggest, Here, Local};
use crate::source::Span;
use crate::syntax::ast::{self, Number, ValueKind};
use crate::syntax::Form;
use crate::value::{format_duration, rejected_unit, Keyword, Unit, Value};
use std::collections::BTreeSet;

/// Reads `value` as a value of `setting`, whose path as written is `path`,
/// in a file written in `form` (help proposes that form's syntax).
pub fn lower_value(
    src: Here,
    form: Form,
    setting: &'static Setting,
    path: &str,
    value: &ast::Value,
) -> Result<Value, Local> {
    let cx = Cx {
        src,
        form,
        setting,
        path,
    };
    let v = match (&setting.ty, &value.kind) {
        (_, ValueKind::Ident(word)) => cx.ident(word, value.span)?,
        (Type::Duration { .. }, ValueKind::Quantity(terms)) => {
            Value::Duration(cx.duration(terms, value.span)?)
        }
        (Type::Count { .. }, ValueKind::Quantity(terms)) => {
            Value::Count(cx.count(terms, value.span)?)
        }
        (Type::Bool, ValueKind::Bool(b)) => Value::Bool(*b),
        (Type::EnumList(names), ValueKind::List(items)) => cx.list(items, Some(names))?,
        (Type::StrList, ValueKind::List(items)) => cx.list(items, None)?,
        _ => return Err(cx.wrong_type(value)),
    };
    cx.check_domain(&v, value)?;
    Ok(v)
}

struct Cx<'a> {
    src: Here,
    form: Form,
    setting: &'static Setting,
    path: &'a str,
}

impl Cx<'_> {
    /// A value, quoted as help in this file's form writes it: `` `60m` ``,
    /// or `` `"60m"` `` in TOML and JSON.
    fn code(&self, value: &str) -> String {
        format!("`{}`", self.form.value(value))
    }

    /// What the setting expects, for messages: `a duration such as `15m``.
    fn expected(&self) -> String {
        let kws = self.keyword_names();
        let base = match self.setting.ty {
            Type::Duration { .. } => "a duration such as `15m`".to_string(),
            Type::Count { .. } => "a whole number".to_string(),
            Type::Bool => "`true` or `false`".to_string(),
            Type::Enum(names) => format!("one of {}", ticks(names)),
            Type::EnumList(names) => format!("a list of {}", ticks(names)),
            Type::StrList => "a list of strings such as `[\"sales\"]`".to_string(),
        };
        if kws.is_empty() {
            base
        } else {
            format!("{base} or {}", ticks(&kws))
        }
    }

    fn keyword_names(&self) -> Vec<&'static str> {
        self.setting.keywords.iter().map(|k| k.as_str()).collect()
    }

    fn wrong_type(&self, value: &ast::Value) -> Local {
        let found = match &value.kind {
            ValueKind::Quantity(t) if t.iter().any(|t| t.unit.is_some()) => "a duration",
            ValueKind::Quantity(_) => "a number",
            ValueKind::Str(_) => "a string",
            ValueKind::Ident(_) => "a word",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::List(_) => "a list",
        };
        let mut d = Local::new(
            codes::WRONG_TYPE,
            format!("`{}` expects {}, found {found}", self.path, self.expected()),
        )
        .at(self.src, value.span, format!("this is {found}"));
        d = match (&self.setting.ty, &value.kind) {
            (Type::Count { .. }, ValueKind::Quantity(_)) => {
                d.help("a count has no unit: remove it")
            }
            (Type::Bool, ValueKind::Quantity(_) | ValueKind::Str(_)) => {
                d.help("write `true` or `false`")
            }
            (Type::Enum(_), ValueKind::Str(s)) if self.enum_names().contains(&s.as_str()) => d
                .help(format!("enum values are written without quotes: `{s}`"))
                .suggest(value.span, s.clone()),
            (Type::StrList | Type::EnumList(_), _) => {
                d.help("write a list in brackets: `[\"a\", \"b\"]`")
            }
            (Type::Duration { .. }, ValueKind::Str(s)) => d
                .help(format!("durations are written without quotes: `{s}`"))
                .suggest(value.span, s.clone()),
            _ => d,
        };
        d
    }

    fn enum_names(&self) -> &'static [&'static str] {
        match self.setting.ty {
            Type::Enum(n) | Type::EnumList(n) => n,
            _ => &[],
        }
    }

    fn ident(&self, word: &str, span: Span) -> Result<Value, Local> {
        if let Some(k) = Keyword::parse(word) {
            if self.setting.keywords.contains(&k) {
                return Ok(Value::Keyword(k));
            }
        }
        if let Type::Enum(names) = self.setting.ty {
            if let Some(n) = names.iter().find(|n| **n == word) {
                return Ok(Value::Enum(n));
            }
        }
        let mut accepted: Vec<&'static str> = self.keyword_names();
        if let Type::Enum(names) = self.setting.ty {
            accepted.extend(names.iter().copied());
        }
        if accepted.is_empty() {
            let fix = match (self.setting.ty, word) {
                (Type::Bool, "yes" | "on" | "enabled") => Some("true"),
                (Type::Bool, "no" | "off" | "disabled") => Some("false"),
                _ => None,
            };
            let help = fix.map(|f| format!("write `{f}`"));
            let d = Local::new(
                codes::WRONG_TYPE,
                format!(
                    "`{}` expects {}, found `{word}`",
                    self.path,
                    self.expected()
                ),
            )
            .at(self.src, span, "not a value this setting takes")
            .maybe_help(help);
            return Err(match fix {
                Some(f) => d.suggest(span, f),
                None => d,
            });
        }
        let near = suggest::did_you_mean(word, accepted.iter().copied());
        let mut help = near.map(|c| format!("did you mean `{c}`?"));
        if help.is_none() {
            if let Some(k) = Keyword::parse(word) {
                help = Some(format!(
                    "`{}` does not take `{}`; it accepts {}",
                    self.path,
                    k.as_str(),
                    self.expected()
                ));
            }
        }
        let d = Local::new(
            codes::UNKNOWN_VALUE,
            format!("`{word}` is not a value of `{}`", self.path),
        )
        .at(self.src, span, format!("expected {}", self.expected()))
        .help(help.unwrap_or_else(|| format!("`{}` accepts {}", self.path, ticks(&accepted))));
        Err(match near {
            Some(c) => d.suggest(span, c),
            None => d,
        })
    }

    fn int(&self, digits: &str, span: Span) -> Result<u64, Local> {
        digits.parse::<u64>().map_err(|_| {
            Local::new(codes::NUMBER_TOO_LARGE, format!("`{digits}` is too large"))
                .at(self.src, span, "does not fit in 64 bits")
                .help(format!("`{}` accepts {}", self.path, self.domain_text()))
        })
    }

    fn count(&self, terms: &[ast::Term], span: Span) -> Result<u64, Local> {
        let [term] = terms else {
            let has_unit = terms.iter().any(|t| t.unit.is_some());
            let (found, label) = if has_unit {
                ("a duration", "a count has no unit")
            } else {
                ("several numbers", "more than one number")
            };
            return Err(Local::new(
                codes::WRONG_TYPE,
                format!("`{}` expects one whole number, found {found}", self.path),
            )
            .at(self.src, span, label)
            .help("write a single whole number"));
        };
        match &term.number.node {
            Number::Decimal(text) => Err(Local::new(
                codes::DECIMAL_NUMBER,
                format!("`{}` expects a whole number, found `{text}`", self.path),
            )
            .at(self.src, term.number.span, "not a whole number")
            .help("counts are whole numbers")),
            Number::Int(digits) => {
                if let Some(unit) = &term.unit {
                    return Err(Local::new(
                        codes::WRONG_TYPE,
                        format!("`{}` is a count, not a duration", self.path),
                    )
                    .at(self.src, unit.span, "remove this unit")
                    .help(format!("write {}", self.code(digits)))
                    .suggest(term.span, digits.clone()));
                }
                self.int(digits, term.number.span)
            }
        }
    }

    fn duration(&self, terms: &[ast::Term], span: Span) -> Result<u64, Local> {
        let mut total: u64 = 0;
        let mut last: Option<(Unit, Span)> = None;
        for term in terms {
            let Some(unit_text) = &term.unit else {
                return Err(self.missing_unit(term, terms.len() == 1));
            };
            let unit = self.unit(unit_text)?;
            if let Number::Decimal(text) = &term.number.node {
                return Err(self.decimal(text, unit, term.span));
            }
            if let Some((prev, prev_span)) = last {
                if unit >= prev {
                    let what = if unit == prev {
                        "repeats"
                    } else {
                        "is larger than"
                    };
                    return Err(Local::new(
                        codes::UNIT_ORDER,
                        format!(
                            "in a duration, `{}` {what} the unit before it",
                            unit_text.node
                        ),
                    )
                    .at(self.src, unit_text.span, "out of order")
                    .label(self.src, prev_span, "the unit before")
                    .help(format!(
                        "write each unit once, largest first: {}, {}",
                        self.code("1d 12h"),
                        self.code("1h30m")
                    )));
                }
            }
            last = Some((unit, unit_text.span));
            let Number::Int(digits) = &term.number.node else {
                continue;
            };
            let n = self.int(digits, term.number.span)?;
            total = n
                .checked_mul(unit.seconds())
                .and_then(|s| total.checked_add(s))
                .ok_or_else(|| {
                    Local::new(codes::NUMBER_TOO_LARGE, "duration is too large".to_string())
                        .at(self.src, span, "more seconds than fit in 64 bits")
                        .help(format!("`{}` accepts {}", self.path, self.domain_text()))
                })?;
        }
        Ok(total)
    }

    fn unit(&self, written: &crate::source::Spanned<String>) -> Result<Unit, Local> {
        let text = written.node.as_str();
        if let Some(u) = Unit::parse(text) {
            return Ok(u);
        }
        if let Some(what) = rejected_unit(text) {
            let help = match what {
                "milliseconds" => {
                    format!(
                        "ward counts whole seconds: write {} or more",
                        self.code("1s")
                    )
                }
                "months" => format!(
                    "months differ in length: write days, such as {} or {}",
                    self.code("30d"),
                    self.code("90d")
                ),
                _ => format!(
                    "years differ in length: write days, such as {}",
                    self.code("365d")
                ),
            };
            // `mo` (months), but not `months` (months).
            let lower = text.to_ascii_lowercase();
            let named = lower == what || format!("{lower}s") == what;
            let meaning = if named {
                String::new()
            } else {
                format!(" ({what})")
            };
            return Err(Local::new(
                codes::UNSUPPORTED_UNIT,
                format!("`{text}`{meaning} is not a unit ward accepts"),
            )
            .at(self.src, written.span, "unsupported unit")
            .help(help));
        }
        // Suggest the unit's canonical spelling, whichever of its spellings
        // was the near miss, and name the others so `hrs` finds `h` and `hr`.
        let near = suggest::did_you_mean(text, Unit::all_spellings()).and_then(Unit::parse);
        let help = near
            .map(|u| {
                let others: Vec<String> = u.spellings()[1..]
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect();
                format!(
                    "did you mean `{}`? {} also mean {}",
                    u.short(),
                    join_and(&others),
                    u.plural()
                )
            })
            .unwrap_or_else(|| {
            "units are `s`, `m`, `h`, `d`, `w` (or `sec`, `min`, `hour`, `day`, `week` and their plurals)"
                .to_string()
        });
        let d = Local::new(
            codes::UNKNOWN_UNIT,
            format!("unknown duration unit `{text}`"),
        )
        .at(self.src, written.span, "not a unit")
        .help(help);
        Err(match near {
            Some(u) => d.suggest(written.span, u.short()),
            None => d,
        })
    }

    fn missing_unit(&self, term: &ast::Term, alone: bool) -> Local {
        let written = match &term.number.node {
            Number::Int(d) | Number::Decimal(d) => d.clone(),
        };
        let unit = self.likely_unit();
        let mut help = format!(
            "add a unit: {} means {written} {}",
            self.code(&format!("{written}{}", unit.short())),
            unit.plural()
        );
        if alone && unit != Unit::Second {
            help.push_str(&format!(
                "; {} would be {written} seconds",
                self.code(&format!("{written}s"))
            ));
        }
        Local::new(
            codes::MISSING_UNIT,
            format!("`{}` is a duration, but `{written}` has no unit", self.path),
        )
        .at(self.src, term.span, "missing unit")
        .help(help)
        .suggest(term.span, format!("{written}{}", unit.short()))
    }

    /// The unit a bare number most likely meant: minutes for most settings,
    /// days for settings counted in days.
    fn likely_unit(&self) -> Unit {
        match self.setting.ty {
            Type::Duration { min, .. } if min >= Unit::Day.seconds() => Unit::Day,
            _ => Unit::Minute,
        }
    }

    fn decimal(&self, text: &str, unit: Unit, span: Span) -> Local {
        let exact = decimal_seconds(text, unit.seconds());
        let whole = exact.filter(|&secs| secs > 0).map(format_duration);
        let help = match &whole {
            Some(w) => format!("write whole units: {}", self.code(w)),
            None => format!(
                "write whole units, such as {} for an hour and a half",
                self.code("1h30m")
            ),
        };
        let d = Local::new(
            codes::DECIMAL_NUMBER,
            format!(
                "decimal durations such as `{text}{}` are not accepted",
                unit.short()
            ),
        )
        .at(self.src, span, "decimal number")
        .help(help);
        match whole {
            Some(w) => d.suggest(span, w),
            None => d,
        }
    }

    fn list(
        &self,
        items: &[ast::Value],
        names: Option<&'static [&'static str]>,
    ) -> Result<Value, Local> {
        let mut seen: Vec<(String, Span)> = Vec::new();
        for item in items {
            let text = match (&item.kind, names) {
                (ValueKind::Str(s), None) => s.clone(),
                (ValueKind::Str(s) | ValueKind::Ident(s), Some(names)) => {
                    if !names.contains(&s.as_str()) {
                        return Err(Local::new(
                            codes::UNKNOWN_VALUE,
                            format!("`{s}` is not a value of `{}`", self.path),
                        )
                        .at(
                            self.src,
                            item.span,
                            format!("expected one of {}", ticks(names)),
                        )
                        .help(
                            suggest::help_did_you_mean(s, names.iter().copied()).unwrap_or_else(
                                || format!("`{}` takes {}", self.path, ticks(names)),
                            ),
                        )
                        .maybe_suggest(
                            item.span,
                            suggest::did_you_mean(s, names.iter().copied()),
                        ));
                    }
                    s.clone()
                }
                _ => {
                    return Err(Local::new(
                        codes::WRONG_TYPE,
                        format!("`{}` expects {}", self.path, self.expected()),
                    )
                    .at(self.src, item.span, "not a string")
                    .help("write each item in quotes: `[\"sales\", \"support\"]`"))
                }
            };
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == text) {
                return Err(Local::new(
                    codes::DUPLICATE_LIST_ITEM,
                    format!("`{text}` appears twice in `{}`", self.path),
                )
                .at(self.src, item.span, "again here")
                .label(self.src, *first, "first here")
                .help("a list is a set: remove the repeat"));
            }
            seen.push((text, item.span));
        }
        Ok(Value::List(
            seen.into_iter().map(|(s, _)| s).collect::<BTreeSet<_>>(),
        ))
    }

    fn domain_text(&self) -> String {
        let range = match self.setting.ty {
            Type::Duration { min, max } => {
                format!("{} to {}", format_duration(min), format_duration(max))
            }
            Type::Count { min, max } => format!("{min} to {max}"),
            _ => return self.expected(),
        };
        let kws = self.keyword_names();
        if kws.is_empty() {
            range
        } else {
            format!("{range}, or {}", ticks(&kws))
        }
    }

    fn check_domain(&self, v: &Value, written: &ast::Value) -> Result<(), Local> {
        let (Value::Duration(n) | Value::Count(n)) = v else {
            return Ok(());
        };
        let Some((min, max)) = self.setting.domain() else {
            return Ok(());
        };
        if (min..=max).contains(n) {
            return Ok(());
        }
        let text = written_text(written);
        let shown = v.shown(text.as_deref());
        let side = if *n < min { "below" } else { "above" };
        let mut help = format!("`{}` accepts {}", self.path, self.domain_text());
        if *n < min && min >= Unit::Day.seconds() && writes_minutes(written) {
            help.push_str(&format!(
                "; `m` means minutes: for months, write days such as {}",
                self.code("90d")
            ));
        }
        Err(Local::new(
            codes::OUT_OF_DOMAIN,
            format!("`{shown}` is {side} the range of `{}`", self.path),
        )
        .at(
            self.src,
            written.span,
            format!("{side} {}", self.domain_text()),
        )
        .help(help)
        .maybe_note(v.canonical_note(text.as_deref())))
    }
}

/// The text of a quantity as it was written, from its terms (the spaces
/// between a number and a word unit kept as a policy writes them):
/// `12345m`, `90 min`, `1d 12h`.
fn written_text(v: &ast::Value) -> Option<String> {
    let ValueKind::Quantity(terms) = &v.kind else {
        return None;
    };
    let words: Vec<String> = terms
        .iter()
        .map(|t| {
            let n = match &t.number.node {
                Number::Int(d) | Number::Decimal(d) => d.as_str(),
            };
            match &t.unit {
                Some(u) if u.node.len() > 1 => format!("{n} {}", u.node),
                Some(u) => format!("{n}{}", u.node),
                None => n.to_string(),
            }
        })
        .collect();
    let compact = terms
        .iter()
        .all(|t| t.unit.as_ref().is_some_and(|u| u.node.len() == 1));
    Some(words.join(if compact { "" } else { " " }))
}

fn writes_minutes(v: &ast::Value) -> bool {
    match &v.kind {
        ValueKind::Quantity(terms) => terms
            .iter()
            .any(|t| t.unit.as_ref().is_some_and(|u| u.node == "m")),
        _ => false,
    }
}

/// `1.5` × 3600 → 5400, when the result is a whole number of seconds.
fn decimal_seconds(text: &str, unit: u64) -> Option<u64> {
    let (whole, frac) = text.split_once('.')?;
    let whole: u64 = whole.parse().ok()?;
    let frac = frac.trim_end_matches('0');
    if frac.len() > 12 {
        return None;
    }
    let scale = 10u64.checked_pow(frac.len() as u32)?;
    let f: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let frac_secs = f.checked_mul(unit)?;
    if frac_secs % scale != 0 {
        return None;
    }
    whole.checked_mul(unit)?.checked_add(frac_secs / scale)
}

/// `` `a`, `b` or `c` ``.
pub(crate) fn ticks(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_help_computes_the_compound_form() {
        assert_eq!(decimal_seconds("1.5", 3600), Some(5400));
        assert_eq!(decimal_seconds("0.25", 60), Some(15));
        assert_eq!(decimal_seconds("1.3333", 60), None);
        assert_eq!(decimal_seconds("99999999999999999999.5", 60), None);
    }

    #[test]
    fn ticks_joins_with_or() {
        assert_eq!(ticks(&["a"]), "`a`");
        assert_eq!(ticks(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
