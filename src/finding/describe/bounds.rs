//! Bounds (`03xx`, and `E0406`): a value outside a bound, bounds that
//! contradict or do nothing, bounds that cannot be verified.

use crate::catalog::SettingKey;
use crate::diag::{codes, Code, Diagnostic, Severity};
use crate::model::{canonical_note, shown, Bound, BoundOp, Origin};
use crate::source::SourceMap;
use crate::value::Value;

/// `value` of `key` breaks `b` (`E0301`, `W0301`, `E0406`).
pub(super) fn broken(
    code: Code,
    key: &SettingKey,
    value: &Value,
    at: Origin,
    b: &Bound,
    sources: &SourceMap,
) -> Diagnostic {
    let because = b.because.as_deref();
    let canonical = canonical_note(value, at, sources);
    let value = shown(value, at, sources);
    let bound = b.shown(sources);
    let which = if b.severity == Severity::Warning {
        "a warning bound"
    } else {
        "a bound"
    };
    let mut d = Diagnostic::new(
        code,
        format!(
            "`{}` is `{value}`, but {which} requires `{bound}`{}",
            key.path(),
            because.map(|t| format!(": {t}")).unwrap_or_default()
        ),
    )
    .at(at.source, at.span, format!("`{value}` set here"));
    let label = match because {
        Some(t) => format!("bound `{bound}`: {t}"),
        None => format!("bound `{bound}` declared here"),
    };
    d = d
        .label(b.origin.source, b.origin.span, label)
        .maybe_note(canonical);
    if code == codes::MERGED_OUT_OF_BOUNDS {
        d = d.note("the value and the bound come from two different parents; nothing is clamped");
    }
    d.help(fix_hint(key, b, sources))
}

fn fix_hint(key: &SettingKey, b: &Bound, sources: &SourceMap) -> String {
    let path = key.path();
    let v = b.value_shown(sources);
    match b.op {
        BoundOp::Ge => format!("set `{path}` to `{v}` or more"),
        BoundOp::Le => format!("set `{path}` to `{v}` or less"),
        BoundOp::Eq => format!("set `{path}` to `{v}`"),
    }
}

/// `std:pci-dss-4.0`'s `because`, for messages: ` (PCI DSS v4.0 8.3.6: …)`.
fn because_suffix(b: &Bound) -> String {
    b.because
        .as_ref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default()
}

fn bound_label(b: &Bound, sources: &SourceMap) -> String {
    match &b.because {
        Some(t) => format!("`{}`: {t}", b.shown(sources)),
        None => format!(
            "`{}` in `{}`",
            b.shown(sources),
            sources.get(b.origin.source).name
        ),
    }
}

/// No value of `key` satisfies both `a` and `b` (`E0302`). A bound written
/// at the primary place is not labelled again.
pub(super) fn conflict(
    key: &SettingKey,
    at: Origin,
    a: &Bound,
    b: &Bound,
    sources: &SourceMap,
) -> Diagnostic {
    let kind = if a.severity == Severity::Warning {
        "warning bounds"
    } else {
        "bounds"
    };
    let mut d = Diagnostic::new(
        codes::BOUNDS_CONFLICT,
        format!(
            "no value of `{}` satisfies both `{}`{} and `{}`{}",
            key.path(),
            a.shown(sources),
            because_suffix(a),
            b.shown(sources),
            because_suffix(b)
        ),
    )
    .at(at.source, at.span, format!("these {kind} cannot both hold"));
    for x in [a, b] {
        if x.origin != at {
            d = d.label(x.origin.source, x.origin.span, bound_label(x, sources));
        }
    }
    d.help("the requirements contradict each other: drop one of the references or bounds, or record the exception in the policy that combines them")
}

/// `b` has no effect: `stricter` is inherited (`W0302`).
pub(super) fn looser(
    key: &SettingKey,
    b: &Bound,
    stricter: &Bound,
    sources: &SourceMap,
) -> Diagnostic {
    Diagnostic::new(
        codes::LOOSER_BOUND,
        format!(
            "bound `{} {}` has no effect: `{}` from `{}` is already as strict",
            key.path(),
            b.shown(sources),
            stricter.shown(sources),
            sources.get(stricter.origin.source).name
        ),
    )
    .at(
        b.origin.source,
        b.origin.span,
        "looser than or equal to the inherited bound",
    )
    .label(
        stricter.origin.source,
        stricter.origin.span,
        bound_label(stricter, sources),
    )
    .help("bounds only narrow: remove this bound, or make it stricter than the inherited one")
}

/// Bounds on settings nothing sets (`W0303`), one warning per place.
pub(super) fn unverified(
    at: Origin,
    own: bool,
    list: &[(SettingKey, Bound)],
    sources: &SourceMap,
) -> Diagnostic {
    let describe = |key: &SettingKey, b: &Bound| format!("`{} {}`", key.path(), b.shown(sources));
    let mut d = if let [(key, b)] = list {
        Diagnostic::new(
            codes::UNVERIFIED_BOUND,
            format!(
                "`{}` is never set, so the bound {} cannot be verified",
                key.path(),
                describe(key, b)
            ),
        )
    } else {
        let mut settings: Vec<String> = list
            .iter()
            .map(|(k, _)| format!("`{}`", k.path()))
            .collect();
        settings.dedup();
        Diagnostic::new(
            codes::UNVERIFIED_BOUND,
            format!(
                "{} bounded settings are never set, so their bounds cannot be verified: {}",
                settings.len(),
                settings.join(", ")
            ),
        )
    };
    if own {
        d = d.at(at.source, at.span, "bound on an unset setting");
    } else {
        d = d.at(
            at.source,
            at.span,
            format!(
                "brings in {} unverifiable bound{}",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            ),
        );
        for (key, b) in list {
            let label = match &b.because {
                Some(t) => format!("{}: {t}", describe(key, b)),
                None => describe(key, b),
            };
            d = d.label(b.origin.source, b.origin.span, label);
        }
    }
    let Some((key, b)) = list.first() else {
        return d;
    };
    let set = if list.len() == 1 {
        "set it"
    } else {
        "set each one"
    };
    let example =
        super::form(Some(at.source), sources).assignment(&key.path(), &b.value_shown(sources));
    d.help(format!(
        "{set}, for example `{example}`, or list targets whose defaults ward can check"
    ))
}
