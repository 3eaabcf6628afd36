//! Cross-setting rules (section 5): settings that must agree with each other.
//!
//! Each rule applies when both sides are known. A side is known when the
//! policy sets it or, with `targets`, when a target's default or fixed value
//! stands in for it ([`Facts`]). Every diagnostic points at both settings.

use crate::catalog;
use crate::diag::{codes, Code, Diagnostic};
use crate::model::{Resolved, SettingKey};
use crate::source::{SourceId, SourceMap, Span};
use crate::value::{Keyword, Value};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// What is known of a setting, and where to point for it.
#[derive(Clone, Debug)]
pub struct Fact {
    pub value: Value,
    pub source: SourceId,
    pub span: Span,
    /// For a stand-in: whose value it is (`the default of `miro``).
    pub stand_in: Option<String>,
}

/// The known settings of one policy (plain settings only: no rule involves
/// integrations).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub known: BTreeMap<SettingKey, Fact>,
}

impl Facts {
    pub fn of(policy: &Resolved) -> Facts {
        let mut known = BTreeMap::new();
        for (key, a) in &policy.values {
            if key.instance.is_none() {
                known.insert(
                    key.clone(),
                    Fact {
                        value: a.value.clone(),
                        source: a.origin.source,
                        span: a.origin.span,
                        stand_in: None,
                    },
                );
            }
        }
        Facts { known }
    }

    fn get(&self, section: &str, name: &str) -> Option<&Fact> {
        let id = catalog::find(section, name)?;
        self.known.get(&SettingKey::plain(id))
    }
}

fn secs(v: &Value) -> Option<u64> {
    match v {
        Value::Duration(n) | Value::Count(n) => Some(*n),
        _ => None,
    }
}

/// `a` compared with `b` where keywords are larger than every number.
fn cmp(a: &Value, b: &Value) -> Ordering {
    match (secs(a), secs(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

struct Ctx<'a> {
    facts: &'a Facts,
    policy: &'a Resolved,
    sources: &'a SourceMap,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn label_for(&self, path: &str, f: &Fact) -> String {
        match &f.stand_in {
            Some(who) => format!("`{path}` is `{}`, {who}", f.value),
            None => format!("`{path}` is `{}`", f.value),
        }
    }

    /// Reports a rule broken by settings `a` and `b`.
    fn report(
        &mut self,
        code: Code,
        a: (&str, &Fact),
        b: (&str, &Fact),
        message: String,
        help: String,
    ) {
        // The primary place is a value the user wrote, preferring this file.
        let own = self.policy.source;
        let pick = |f: &Fact| f.stand_in.is_none() && !self.sources.get(f.source).is_builtin();
        let (first, second) = if pick(a.1) && (Some(a.1.source) == own || !pick(b.1)) {
            (a, b)
        } else {
            (b, a)
        };
        let mut d = Diagnostic::new(code, message).at(
            first.1.source,
            first.1.span,
            self.label_for(first.0, first.1),
        );
        if !(second.1.source == first.1.source && second.1.span == first.1.span) {
            d = d.label(
                second.1.source,
                second.1.span,
                self.label_for(second.0, second.1),
            );
        }
        self.diags.push(d.help(help));
    }
}

/// Checks every cross-setting rule.
pub fn check_rules(facts: &Facts, policy: &Resolved, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        facts,
        policy,
        sources,
        diags: Vec::new(),
    };
    ordered_pairs(&mut cx);
    character_classes(&mut cx);
    conditional(&mut cx);
    cx.diags
}

/// Rules of the form `A <= B` (or `<`, `>=`).
fn ordered_pairs(cx: &mut Ctx<'_>) {
    // (code, a, b, ok when cmp(a, b) is one of, message, help)
    type Pair = (
        Code,
        (&'static str, &'static str),
        (&'static str, &'static str),
        &'static [Ordering],
        &'static str,
        &'static str,
    );
    const LE: &[Ordering] = &[Ordering::Less, Ordering::Equal];
    const LT: &[Ordering] = &[Ordering::Less];
    const GE: &[Ordering] = &[Ordering::Greater, Ordering::Equal];
    const PAIRS: &[Pair] = &[
        (codes::IDLE_EXCEEDS_LIFETIME, ("session", "idle_timeout"), ("session", "absolute_lifetime"), LE,
         "the idle timeout is longer than the absolute lifetime",
         "a session ends at its absolute lifetime anyway: make the idle timeout at most the lifetime"),
        (codes::MIN_EXCEEDS_MAX_LENGTH, ("password", "min_length"), ("password", "max_length"), LE,
         "the minimum password length is above the maximum",
         "no password could be accepted: raise `password.max_length` or lower `password.min_length`"),
        (codes::MIN_AGE_NOT_BELOW_MAX_AGE, ("password", "min_age"), ("password", "max_age"), LT,
         "the minimum password age is not below the maximum age",
         "users could never change the password before it expires: make `password.min_age` shorter than `password.max_age`"),
        (codes::REFRESH_SHORTER_THAN_TOKEN, ("token", "refresh_lifetime"), ("token", "lifetime"), GE,
         "the refresh token expires before the access token it renews",
         "make `token.refresh_lifetime` at least `token.lifetime`"),
        (codes::FEDERATED_EXCEEDS_TOKEN, ("token", "federated_lifetime"), ("token", "lifetime"), LE,
         "federated (SAML) sign-in gets a longer-lived token than ordinary sign-in",
         "make `token.federated_lifetime` at most `token.lifetime`"),
        (codes::TOKEN_EXCEEDS_SESSION, ("token", "lifetime"), ("session", "absolute_lifetime"), LE,
         "an access token outlives the session it was issued in",
         "make `token.lifetime` at most `session.absolute_lifetime`, or the token keeps working after the session ends"),
    ];
    for (code, (s1, n1), (s2, n2), ok, msg, help) in PAIRS {
        let (Some(a), Some(b)) = (cx.facts.get(s1, n1), cx.facts.get(s2, n2)) else {
            continue;
        };
        if !ok.contains(&cmp(&a.value, &b.value)) {
            let (a, b) = (a.clone(), b.clone());
            let (pa, pb) = (format!("{s1}.{n1}"), format!("{s2}.{n2}"));
            let message = format!("{msg}: `{pa}` is `{}`, `{pb}` is `{}`", a.value, b.value);
            cx.report(*code, (&pa, &a), (&pb, &b), message, help.to_string());
        }
    }
    renewal(cx);
}

fn renewal(cx: &mut Ctx<'_>) {
    let (Some(r), Some(i)) = (
        cx.facts.get("session", "renewal_interval"),
        cx.facts.get("session", "idle_timeout"),
    ) else {
        return;
    };
    let (r, i) = (r.clone(), i.clone());
    let (pr, pi) = ("session.renewal_interval", "session.idle_timeout");
    if cmp(&r.value, &i.value) != Ordering::Less {
        cx.report(
            codes::RENEWAL_NOT_BELOW_IDLE,
            (pr, &r),
            (pi, &i),
            format!(
                "open clients are signed out between renewals: `{pr}` is `{}`, `{pi}` is `{}`",
                r.value, i.value
            ),
            format!("make `{pr}` shorter than `{pi}`"),
        );
        return;
    }
    let idle_key = catalog::find("session", "idle_timeout").map(SettingKey::plain);
    let bounded = idle_key
        .and_then(|k| cx.policy.bounds.get(&k))
        .is_some_and(|b| {
            b.iter()
                .any(|b| matches!(b.op, crate::model::BoundOp::Le | crate::model::BoundOp::Eq))
        });
    if bounded {
        cx.report(
            codes::RENEWAL_DEFEATS_IDLE_BOUND,
            (pr, &r),
            (pi, &i),
            format!("a client renewing every `{}` never goes idle, so the upper bound on `{pi}` is not enforced while it is open", r.value),
            "this is how the service works; record it with `allow W0505` if it is accepted".to_string(),
        );
    }
}

fn character_classes(cx: &mut Ctx<'_>) {
    let get = |n: &str| {
        cx.facts
            .get("password", n)
            .and_then(|f| secs(&f.value).map(|v| (v, f.clone())))
    };
    let classes: Vec<(&str, u64, Fact)> = [
        "min_upper",
        "min_lower",
        "min_letter",
        "min_digit",
        "min_symbol",
    ]
    .into_iter()
    .filter_map(|n| get(n).map(|(v, f)| (n, v, f)))
    .collect();
    let val = |n: &str| classes.iter().find(|c| c.0 == n).map(|c| c.1).unwrap_or(0);
    let letters = (val("min_upper") + val("min_lower")).max(val("min_letter"));
    let required = letters + val("min_digit") + val("min_symbol");
    let Some((_, first)) = classes.iter().find(|c| c.1 > 0).map(|c| (c.0, c.2.clone())) else {
        return;
    };
    let first_path = format!(
        "password.{}",
        classes.iter().find(|c| c.1 > 0).map(|c| c.0).unwrap_or("")
    );
    let sum_text = classes
        .iter()
        .filter(|c| c.1 > 0)
        .map(|c| format!("{} {}", c.1, c.0.trim_start_matches("min_")))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some((max, f)) = get("max_length") {
        if required > max {
            cx.report(
                codes::CLASSES_EXCEED_MAX_LENGTH,
                (&first_path, &first),
                ("password.max_length", &f),
                format!("the required characters ({sum_text}: {required} in all) do not fit in `password.max_length` = {max}"),
                "no password could be accepted: lower the class minimums or raise `password.max_length`".to_string(),
            );
            return;
        }
    }
    if let Some((min, f)) = get("min_length") {
        if required > min {
            cx.report(
                codes::CLASSES_EXCEED_MIN_LENGTH,
                (&first_path, &first),
                ("password.min_length", &f),
                format!("the required characters ({sum_text}: {required} in all) exceed `password.min_length` = {min}"),
                format!("the real minimum length is {required}: raise `password.min_length` to {required} to say so"),
            );
        }
    }
}

fn conditional(cx: &mut Ctx<'_>) {
    let f = |s: &str, n: &str| cx.facts.get(s, n).cloned();
    if let (Some(h), Some(a)) = (f("password", "history"), f("password", "min_age")) {
        if secs(&h.value).is_some_and(|n| n > 0) && secs(&a.value) == Some(0) {
            cx.report(
                codes::HISTORY_WITHOUT_MIN_AGE,
                ("password.history", &h),
                ("password.min_age", &a),
                format!("`password.history` = {} can be cycled through at once, since `password.min_age` is `0s`", h.value),
                "set `password.min_age` to `1d` or more so the history means something".to_string(),
            );
        }
    }
    if let Some(t) = f("lockout", "threshold") {
        if t.value == Value::Keyword(Keyword::Unlimited) {
            for n in ["window", "duration"] {
                if let Some(o) = f("lockout", n) {
                    let p = format!("lockout.{n}");
                    cx.report(
                        codes::LOCKOUT_SETTINGS_UNUSED,
                        (&p, &o),
                        ("lockout.threshold", &t),
                        format!("`{p}` has no effect: `lockout.threshold` is `unlimited`, so accounts never lock"),
                        format!("remove `{p}`, or set a finite `lockout.threshold`"),
                    );
                }
            }
        }
    }
    if let Some(o) = f("session", "on_limit") {
        if f("session", "max_concurrent").is_none() {
            cx.report(
                codes::ON_LIMIT_WITHOUT_LIMIT,
                ("session.on_limit", &o),
                ("session.on_limit", &o),
                "`session.on_limit` is set, but `session.max_concurrent` is not, so there is no limit to reach".to_string(),
                "set `session.max_concurrent`, or remove `session.on_limit`".to_string(),
            );
        }
    }
}
