//! Targets (`06xx`): what a service cannot hold, imposes or recommends.
//! The primary place is the user's value, or, for an unset setting, the
//! target's name in the `targets` line.

use crate::catalog::SettingKey;
use crate::diag::{codes, suggest, Code, Diagnostic};
use crate::finding::TargetProblem;
use crate::model::{Origin, TargetId};
use crate::value::{format_duration, Value};

pub(super) fn problem(
    code: Code,
    target: &TargetId,
    key: &SettingKey,
    value: Option<&Value>,
    at: Option<Origin>,
    problem: &TargetProblem,
) -> Diagnostic {
    let name = target.as_str();
    let path = key.path();
    let v = value.map(Value::to_string).unwrap_or_default();
    let here = |d: Diagnostic, label: String| super::at(d, at, label);
    match problem {
        TargetProblem::Fixed {
            fixed,
            does,
            holds: true,
        } => here(
            Diagnostic::new(code, format!("`{name}` {does}")).note(format!(
                "`{fixed}` is at least as strict as the policy's `{path} = {v}`, so the policy holds"
            )),
            "fixed by the service".into(),
        ),
        TargetProblem::Fixed { fixed, does, .. } => here(
            Diagnostic::new(
                code,
                format!("`{name}` {does}, which does not meet `{path} = {v}`"),
            )
            .help(format!(
                "`{name}` cannot be configured otherwise: accept `{path} = {fixed}` or remove `{name}` from `targets`"
            )),
            "the service cannot do this".into(),
        ),
        TargetProblem::Caveat { caveat } => here(
            Diagnostic::new(code, format!("`{name}`: {caveat}")),
            "see the service's behaviour".into(),
        ),
        TargetProblem::Weaker { enforced, why } => here(
            Diagnostic::new(
                code,
                format!("`{name}` can only require at least one: {why}, so `{path} = {v}` would be enforced as {enforced}"),
            )
            .help(format!("set `{path} = {enforced}` for `{name}`, or enforce the stricter rule by other means and remove `{name}` from `targets`")),
            "more than the service can require".into(),
        ),
        TargetProblem::Limit {
            limit,
            maximum,
            min,
            max,
            field,
            stricter,
            because,
        } => {
            let word = if *maximum { "maximum" } else { "minimum" };
            let range = match (min, max) {
                (Some(lo), Some(hi)) => format!("`{name}` accepts `{path}` from `{lo}` to `{hi}`"),
                (Some(lo), None) => format!("`{name}` accepts `{path}` from `{lo}`"),
                (None, Some(hi)) => format!("`{name}` accepts `{path}` up to `{hi}`"),
                (None, None) => String::new(),
            };
            let field = field
                .as_deref()
                .map(|f| format!(" (`{f}`)"))
                .unwrap_or_default();
            let help = if *stricter {
                format!("the nearest stricter value `{name}` accepts is `{limit}`")
            } else {
                format!("the strictest value `{name}` accepts is `{limit}`, looser than the policy: loosen `{path}` to `{limit}` for it, or remove `{name}` from `targets`")
            };
            let mut d = here(
                Diagnostic::new(
                    code,
                    format!("`{name}` cannot hold `{path} = {v}`: its {word} is `{limit}`"),
                )
                .help(help)
                .note(format!("{range}{field}")),
                format!("beyond `{name}`'s {word}"),
            );
            if let Some(why) = because {
                d = d.note(why.clone());
            }
            d
        }
        TargetProblem::Exceeds {
            other,
            other_value,
            other_at,
            value_unset,
            because,
        } => {
            let o = other.path();
            let mut d = Diagnostic::new(
                code,
                format!("`{name}` requires `{path}` to be at most `{o}`, and `{path} = {v}` is longer than `{o} = {other_value}`"),
            )
            .help(format!("shorten `{path}` to `{other_value}` or less for `{name}`, or lengthen `{o}`"));
            if let Some(why) = because {
                d = d.note(why.clone());
            }
            if *value_unset {
                d = here(d, "shorter than the other".into())
                    .note(format!("`{path}` is unset: `{name}` keeps its default `{v}`"));
            } else {
                d = here(d, "longer than the other".into());
                d = match other_at {
                    Some(o_at) => d.label(o_at.source, o_at.span, format!("`{o}` set here")),
                    None => d.note(format!("`{o}` is unset: `{name}` keeps its default `{other_value}`")),
                };
            }
            d
        }
        TargetProblem::Grace { grace, smallest } => {
            let grace = format_duration(*grace);
            here(
                Diagnostic::new(
                    code,
                    format!("`{name}` cannot enforce `{path} = {v}`: it adds {grace} of grace, so its setting must be longer than {grace}"),
                )
                .help(format!(
                    "the shortest value `{name}` can enforce is `{}`",
                    format_duration(*smallest)
                )),
                "too short for the service".into(),
            )
        }
        TargetProblem::Inexact {
            grain,
            nearest,
            ordered,
        } => {
            let side = if *ordered { "stricter " } else { "" };
            let nearest: Vec<String> = nearest.iter().map(|c| format!("`{c}`")).collect();
            let refs: Vec<&str> = nearest.iter().map(String::as_str).collect();
            let tail = match refs.as_slice() {
                [] => format!("no {side}value fits"),
                [one] => format!("nearest {side}value: {one}"),
                _ => format!("nearest {side}values are {}", suggest::join_or(&refs)),
            };
            here(
                Diagnostic::new(code, format!("`{name}` cannot hold `{path} = {v}` exactly"))
                    .help(format!("`{name}` counts `{path}` in {grain}; {tail}")),
                "not representable".into(),
            )
        }
        TargetProblem::Inexpressible { what, choices } => {
            let choices = if choices.is_empty() {
                format!("choose a value `{name}` can hold")
            } else {
                let ticked: Vec<String> = choices.iter().map(|c| format!("`{c}`")).collect();
                let refs: Vec<&str> = ticked.iter().map(String::as_str).collect();
                format!("`{name}` supports {}", suggest::join_or(&refs))
            };
            here(
                Diagnostic::new(
                    code,
                    format!("`{name}` has no way to express {what} for `{path}`"),
                )
                .help(format!("{choices}, or remove `{name}` from `targets`")),
                "not expressible".into(),
            )
        }
        TargetProblem::Recommendation {
            recommended,
            at_least,
            because,
        } => {
            let word = if *at_least { "at least" } else { "at most" };
            let mut d = here(
                Diagnostic::new(
                    code,
                    format!("`{name}` recommends `{path}` of {word} `{recommended}`; the policy sets `{v}`"),
                )
                .help(format!(
                    "consider `{path} = {recommended}`, or `allow W0602` if `{v}` is intended"
                )),
                "against the vendor's recommendation".into(),
            );
            if let Some(why) = because {
                d = d.note(why.clone());
            }
            d
        }
        TargetProblem::ResetsUnset { written } => here(
            Diagnostic::new(
                code,
                format!("`{path}` is unset, so `{name}` applies its default: {written}"),
            )
            .help(format!("`{name}` replaces its whole configuration on every update; set `{path}` to choose the value")),
            format!("`{name}` checked here"),
        ),
        TargetProblem::DefaultBreaksBound {
            value,
            fixed,
            field,
            bound,
        } => {
            let field = field
                .as_deref()
                .map(|f| format!(" for `{f}`"))
                .unwrap_or_default();
            let how = if *fixed {
                "uses its fixed value"
            } else {
                "keeps its default"
            };
            let mut d = here(
                Diagnostic::new(
                    code,
                    format!(
                        "`{path}` is unset, so `{name}` {how} `{value}`{field}, which breaks `{path} {}`",
                        bound.describe()
                    ),
                ),
                format!("`{name}` checked here"),
            )
            .label(bound.origin.source, bound.origin.span, "bound set here")
            .help(format!("set `{path}` to a value within the bound"));
            if let Some(why) = &bound.because {
                d = d.note(format!("the bound says: {why}"));
            }
            d
        }
    }
}

/// The settings none of the file's targets supports (`W0603`): one
/// warning at the `targets` line, a label on each such setting the file
/// itself sets.
pub(super) fn unsupported(
    at: Origin,
    targets: &[TargetId],
    settings: &[(SettingKey, Option<Origin>)],
) -> Diagnostic {
    let names: Vec<String> = targets.iter().map(|t| format!("`{t}`")).collect();
    let paths: Vec<String> = settings
        .iter()
        .map(|(k, _)| format!("`{}`", k.path()))
        .collect();
    let message = match paths.as_slice() {
        [one] => format!(
            "none of this file's targets ({}) supports {one}",
            names.join(", ")
        ),
        _ => format!(
            "none of this file's targets ({}) supports {} settings: {}",
            names.join(", "),
            paths.len(),
            paths.join(", ")
        ),
    };
    let them = if paths.len() == 1 { "it" } else { "them" };
    let all = match paths.len() {
        1 => "it".to_string(),
        n => format!("all {n}"),
    };
    let lacking = match names.as_slice() {
        [init @ .., last] if !init.is_empty() => {
            format!("each of {} and {last} lacks {all}", init.join(", "))
        }
        _ => format!("{} lacks {all}", names.join(", ")),
    };
    let mut d = Diagnostic::new(codes::UNSUPPORTED_SETTING, message).at(
        at.source,
        at.span,
        format!("no target here writes {them}"),
    );
    for (_, place) in settings {
        if let Some(o) = place {
            d = d.label(o.source, o.span, "not written to any target");
        }
    }
    let stay = if paths.len() == 1 {
        "the value stays"
    } else {
        "the values stay"
    };
    d.help(format!(
        "{lacking}: {stay} in the resolved configuration, but no target output carries {them}; configure {them} by other means, add a target that supports {them}, or accept {them} with `allow W0603 on PATH`"
    ))
}

/// A field replaced as a whole loses what the policy leaves unset (`W0604`).
pub(super) fn whole_field(
    target: &TargetId,
    field: &str,
    lost: &[String],
    at: Option<Origin>,
) -> Diagnostic {
    let listed: Vec<String> = lost.iter().map(|p| format!("`{p}`")).collect();
    let d = Diagnostic::new(
        codes::TARGET_RESETS_UNSET,
        format!(
            "`{target}` replaces its whole `{field}`, so what the policy leaves unset is dropped from it: {}",
            listed.join(", ")
        ),
    )
    .help(format!(
        "set these settings to keep them in `{field}`, or `allow W0604` if `{target}` should not enforce them"
    ))
    .note(format!(
        "anything else the service's `{field}` holds today is dropped too: ward writes only what `ward targets {target}` lists"
    ));
    super::at(d, at, format!("`{target}` checked here"))
}

/// A name that is no target (`E0608`).
pub(super) fn unknown(
    name: &str,
    at: Option<Origin>,
    help: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(codes::UNKNOWN_TARGET, format!("unknown target `{name}`"));
    let d = super::at(d, at, "no such target").help(help);
    match at {
        Some(o) => d.maybe_suggest(o.span, suggestion),
        None => d,
    }
}
