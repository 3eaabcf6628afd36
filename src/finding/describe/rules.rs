//! Cross-setting rules (`05xx`). Every diagnostic points at both settings;
//! the primary place is a value the user wrote, in the checked policy's own
//! file when it can be; a side that a target's default stands in for says
//! whose default it is.

use crate::catalog::{lockout, rules, session, SettingId};
use crate::diag::{codes, Code, Diagnostic};
use crate::finding::{Side, Sides, Written};
use crate::source::{SourceId, SourceMap};

/// `` `session.idle_timeout` is `12h` ``, and whose value a stand-in is.
fn label(side: &Side) -> String {
    let path = side.key().path();
    match side {
        Side::Policy(w) => format!("`{path}` is `{}`", w.value()),
        Side::TargetDefault { value, target, .. } => {
            format!("`{path}` is `{value}`, what `{target}` does when it is not set")
        }
    }
}

/// A diagnostic on both sides, the primary one chosen as described above.
fn on_sides(
    code: Code,
    message: String,
    help: String,
    sides: &Sides,
    checked_in: Option<SourceId>,
    sources: &SourceMap,
) -> Diagnostic {
    let pick = |s: &Side| s.is_policy() && !sources.get(s.at().source).is_builtin();
    let (a, b) = (sides.left(), sides.right());
    let (first, second) = if pick(a) && (Some(a.at().source) == checked_in || !pick(b)) {
        (a, b)
    } else {
        (b, a)
    };
    let (fa, sa) = (first.at(), second.at());
    let mut d = Diagnostic::new(code, message).at(fa.source, fa.span, label(first));
    if sa != fa {
        d = d.label(sa.source, sa.span, label(second));
    }
    d.help(help)
}

/// A rule between two settings is broken.
pub(super) fn broken(
    code: Code,
    sides: &Sides,
    checked_in: Option<SourceId>,
    sources: &SourceMap,
) -> Diagnostic {
    let (l, r) = (sides.left(), sides.right());
    let (message, help) = match rules::rule(code) {
        Some(rule) => (
            format!(
                "{}: `{}` is `{}`, `{}` is `{}`",
                rule.problem,
                l.key().path(),
                l.value(),
                r.key().path(),
                r.value()
            ),
            rule.fix.to_string(),
        ),
        None if code == codes::RENEWAL_DEFEATS_IDLE_BOUND => (
            format!(
                "a client renewing every `{}` never goes idle, so the upper bound on `{}` is not enforced while it is open",
                l.value(),
                r.key().path()
            ),
            "this is how the service works; record it with `allow W0505` if it is accepted"
                .to_string(),
        ),
        None => (
            format!(
                "`{}` = {} can be cycled through at once, since `{}` is `0s`",
                l.key().path(),
                l.value(),
                r.key().path()
            ),
            format!(
                "set `{}` to `1d` or more so the history means something",
                r.key().path()
            ),
        ),
    };
    on_sides(code, message, help, sides, checked_in, sources)
}

/// The character classes need more than a length allows.
pub(super) fn classes(
    code: Code,
    classes: &[(SettingId, u64)],
    required: u64,
    sides: &Sides,
    checked_in: Option<SourceId>,
    sources: &SourceMap,
) -> Diagnostic {
    let list = classes
        .iter()
        .map(|(id, n)| format!("{n} {}", id.get().name.trim_start_matches("min_")))
        .collect::<Vec<_>>()
        .join(", ");
    let length = sides.right();
    let (path, value) = (length.key().path(), length.value());
    let (message, help) = if code == codes::CLASSES_EXCEED_MAX_LENGTH {
        (
            format!("the required characters ({list}: {required} in all) do not fit in `{path}` = {value}"),
            format!("no password could be accepted: lower the class minimums or raise `{path}`"),
        )
    } else {
        (
            format!(
                "the required characters ({list}: {required} in all) exceed `{path}` = {value}"
            ),
            format!(
                "the real minimum length is {required}: raise `{path}` to {required} to say so"
            ),
        )
    };
    on_sides(code, message, help, sides, checked_in, sources)
}

/// `setting` has no effect because of `cause`, or because a setting it
/// needs is missing.
pub(super) fn without_effect(
    code: Code,
    setting: &Written,
    cause: Option<&Side>,
    checked_in: Option<SourceId>,
    sources: &SourceMap,
) -> Diagnostic {
    let path = setting.key().path();
    let own = Side::Policy(setting.clone());
    if code == codes::LOCKOUT_SETTINGS_UNUSED {
        let threshold = cause.map_or_else(|| lockout::threshold.get().path(), |c| c.key().path());
        let message =
            format!("`{path}` has no effect: `{threshold}` is `unlimited`, so accounts never lock");
        let help = format!("remove `{path}`, or set a finite `{threshold}`");
        let other = cause.cloned().unwrap_or_else(|| own.clone());
        if let Some(sides) = Sides::new(own, other) {
            return on_sides(code, message, help, &sides, checked_in, sources);
        }
    }
    let at = setting.at();
    let limit = session::max_concurrent.get().path();
    Diagnostic::new(
        code,
        format!("`{path}` is set, but `{limit}` is not, so there is no limit to reach"),
    )
    .at(at.source, at.span, label(&Side::Policy(setting.clone())))
    .help(format!("set `{limit}`, or remove `{path}`"))
}
