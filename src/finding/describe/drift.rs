//! Phase 07: a drift finding as the diagnostic the user sees: the message says what
//! the service holds against what the policy decides, the primary span is
//! the policy line that decides it (or the bound broken, or the `targets`
//! line), and a label points at the field in the export.

use crate::diag::Diagnostic;
use crate::finding::drift::{At, Finding, Held, Kind};
use crate::value::Value;

/// `setting = value` written as a policy would.
fn stated(f: &Finding, v: &Value) -> String {
    match &f.key {
        Some(k) => format!("`{} = {v}`", k.path()),
        None => format!("`{v}`"),
    }
}

fn held(h: &Held, policy: &Value) -> String {
    match h {
        Held::Value(v) => format!("`{v}`"),
        Held::NotKeyword => format!("something other than `{policy}`"),
    }
}

/// What the field says, for messages: `ssoSessionIdleTimeout` is `7200`,
/// `passwordPolicy` has `length(8)`.
fn field_is(at: &At) -> String {
    match (&at.term, &at.raw) {
        (Some((_, Some(term))), _) => format!("`{}` has `{term}`", at.field),
        (Some((name, None)), Some(_)) => format!("`{}` has no `{name}` term", at.field),
        (_, Some(raw)) => format!("`{}` is `{raw}`", at.field),
        (_, None) if at.not_in_force.is_some() => {
            let (member, held, written) = at.not_in_force.clone().unwrap_or_default();
            format!(
                "`{}` is in the export but not in force, as its body's `{member}` is `{held}`, not `{written}`",
                at.field
            )
        }
        (_, None) if at.span.is_empty() => format!(
            "the export holds no configuration, so `{}` is the service's default",
            at.field
        ),
        (_, None) => format!("`{}` is not in the export", at.field),
    }
}

/// The field and its value: `` `ssoSessionIdleTimeout` (`"abc"`) ``,
/// `` `length(abc)` in `passwordPolicy` ``.
fn field_shown(at: &At) -> String {
    match (&at.term, &at.raw) {
        (Some((_, Some(term))), _) => format!("`{term}` in `{}`", at.field),
        (_, Some(raw)) => format!("`{}` (`{raw}`)", at.field),
        (_, None) => format!("`{}`", at.field),
    }
}

/// What the field says and, when it reads otherwise in policy terms, that
/// too: `` `ssoSessionIdleTimeout` is `7200` (`2h`) ``.
fn field_reads(at: &At, v: Option<&Value>) -> String {
    let shown = at
        .term
        .as_ref()
        .and_then(|(_, t)| t.clone())
        .or_else(|| at.raw.clone());
    match (v, &at.of_setting) {
        (Some(v), Some(s)) => format!("{} (`{s} = {v}`)", field_is(at)),
        (Some(v), None) if !says(shown.as_deref(), v) => format!("{} (`{v}`)", field_is(at)),
        _ => field_is(at),
    }
}

/// The label on the export.
fn export_label(at: &At, service: Option<&Value>) -> String {
    let realm = at
        .instance
        .as_ref()
        .map(|n| format!("`{n}`: "))
        .unwrap_or_default();
    let shown = at
        .term
        .as_ref()
        .and_then(|(_, t)| t.clone())
        .or_else(|| at.raw.clone());
    let value = match (service, &at.of_setting) {
        (Some(v), Some(s)) => format!(", that is `{s} = {v}`"),
        (Some(v), None) if !says(shown.as_deref(), v) => format!(", that is `{v}`"),
        _ => String::new(),
    };
    match (&at.term, &at.raw) {
        (Some((_, Some(term))), _) => format!("{realm}`{term}` in `{}`{value}", at.field),
        (Some((name, None)), Some(_)) => {
            format!("{realm}no `{name}` term in `{}`{value}", at.field)
        }
        (_, Some(raw)) => format!("{realm}`{}` = {raw}{value}", at.field),
        (_, None) if at.not_in_force.is_some() => {
            let (member, held, _) = at.not_in_force.clone().unwrap_or_default();
            format!(
                "{realm}`{member}` = {held}: not in force, so the service's default applies{value}"
            )
        }
        (_, None) if at.span.is_empty() => {
            format!("{realm}no configuration: the service's defaults apply{value}")
        }
        (_, None) => format!(
            "{realm}no `{}` here: the service's default applies{value}",
            at.field
        ),
    }
}

pub(super) fn diagnostic(f: &Finding) -> Diagnostic {
    let t = &f.target;
    let path = f.key.as_ref().map(|k| k.path()).unwrap_or_default();
    let (message, primary, help, service): (String, String, Option<String>, Option<Value>) = match &f.kind {
        Kind::Looser { policy, service } => (
            format!(
                "`{t}` is looser than the policy: {}, the policy says `{policy}`",
                field_reads_held(&f.at, service, policy)
            ),
            format!("the policy decides `{policy}` here"),
            Some(format!(
                "apply the policy to the service (`ward build --target {t}` writes it), or change {} here if {} is intended",
                stated(f, policy),
                held(service, policy)
            )),
            held_value(service),
        ),
        Kind::Stricter { policy, service } => (
            format!(
                "`{t}` is stricter than the policy: {}, the policy says `{policy}`",
                field_reads_held(&f.at, service, policy)
            ),
            format!("the policy decides `{policy}` here"),
            Some(match service {
                Held::Value(v) => format!(
                    "the service holds more than the policy asks: write {} if that is intended, or apply the policy; `--exact` fails on any drift",
                    stated(f, v)
                ),
                _ => "the service holds more than the policy asks; `--exact` fails on any drift".into(),
            }),
            held_value(service),
        ),
        Kind::Changed { policy, service } => (
            format!(
                "`{t}` does not hold the policy's `{path}`: {}, the policy says `{policy}`",
                field_reads(&f.at, Some(service))
            ),
            format!("the policy declares `{policy}` here"),
            Some(format!(
                "`{path}` has no stricter side, so any other value means the policy is not in effect: apply it, or write {}",
                stated(f, service)
            )),
            Some(service.clone()),
        ),
        Kind::BreaksBound { service, bound } => {
            (
                format!(
                    "`{t}` breaks `{path} {}`: {}",
                    bound.describe(),
                    field_reads(&f.at, Some(service))
                ),
                "bound set here".into(),
                Some(format!(
                    "set the service within the bound; `ward build --target {t}` writes the policy's value"
                )),
                Some(service.clone()),
            )
        }
        Kind::WouldReset {
            service,
            build,
            written,
        } => {
            let from = match &f.at.raw {
                Some(raw) => format!(" from `{raw}`"),
                None => String::new(),
            };
            let to = match (written, build) {
                (Some(w), _) => format!(" to `{w}`"),
                (None, Some(b)) => format!(" to `{b}` by leaving it out"),
                _ => String::new(),
            };
            (
                format!(
                    "a build for `{t}` would reset `{}`{from}{to}, its default: the policy does not set `{path}`",
                    f.at.field
                ),
                format!("`{t}` replaces its whole configuration"),
                Some(match service {
                    Some(v) => format!("to keep what the service holds, write {} in the policy", stated(f, v)),
                    None => format!("set `{path}` in the policy to decide it"),
                }),
                service.clone(),
            )
        }
        Kind::WouldDrop { term, setting } => (
            format!(
                "a build for `{t}` would drop `{term}` from `{}`, which it replaces as a whole",
                f.at.field
            ),
            format!("`{t}` is written from here"),
            Some(match setting {
                Some((key, v)) => format!(
                    "to keep it, write `{} = {v}` in the policy",
                    key.path()
                ),
                None => format!(
                    "ward has no setting for `{term}`: a build removes it from the service; keep it by configuring it outside ward, after each build"
                ),
            }),
            setting.as_ref().map(|(_, v)| v.clone()),
        ),
        Kind::Unreadable { policy } => (
            format!(
                "cannot read {} as `{path}` for `{t}`",
                field_shown(&f.at)
            ),
            match policy {
                Some(p) => format!("the policy decides `{p}` here"),
                None => "the policy bounds it here".into(),
            },
            Some("the field holds no value ward writes there: correct it in the service, or check that the export is of this target".into()),
            None,
        ),
        Kind::Unknown => {
            let (lacks, what) = match &f.at.term {
                Some((name, _)) => (
                    format!("`{}` has no `{name}` term", f.at.field),
                    format!("a `{name}` term"),
                ),
                None => (
                    format!("the export has no `{}`", f.at.field),
                    format!("`{}`", f.at.field),
                ),
            };
            (
                format!(
                    "{lacks}, and ward does not know what `{t}` does without {what}, so `{path}` cannot be compared"
                ),
                "decided here".into(),
                Some(format!(
                    "check `{path}` in the service by hand, or export the whole configuration (an unedited export has {what} when the service is configured)"
                )),
                None,
            )
        }
    };
    let mut d = Diagnostic::new(f.code(), message).maybe_help(help);
    if let Some((src, span)) = f.decided {
        d = d.at(src, span, primary);
    }
    d = d.label(
        f.at.source,
        f.at.span,
        export_label(&f.at, service.as_ref()),
    );
    if let Kind::BreaksBound { bound, .. } = &f.kind {
        if let Some(why) = &bound.because {
            d = d.note(format!("the bound says: {why}"));
        }
    }
    d
}

fn field_reads_held(at: &At, h: &Held, policy: &Value) -> String {
    match h {
        Held::Value(v) => field_reads(at, Some(v)),
        Held::NotKeyword => format!("{} ({})", field_is(at), held(h, policy)),
    }
}

/// Does the field as written already say `v` (`30`, `length(30)`)?
fn says(shown: Option<&str>, v: &Value) -> bool {
    let v = v.to_string();
    shown.is_some_and(|s| s == v || s.ends_with(&format!("({v})")))
}

fn held_value(h: &Held) -> Option<Value> {
    match h {
        Held::Value(v) => Some(v.clone()),
        _ => None,
    }
}
