//! Per-target values (`for TARGET { … }`): a finding about one target's
//! values, a setting given twice for one target, a general value that
//! replaces a stricter exception, and `for` blocks that reach no target of
//! the file.

use crate::catalog::SettingKey;
use crate::diag::{codes, Diagnostic};
use crate::model::{Origin, TargetId};
use crate::source::SourceMap;
use crate::value::Value;

/// `` `miro` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
pub(super) fn names(targets: &[TargetId]) -> String {
    let ticked: Vec<String> = targets.iter().map(|t| format!("`{t}`")).collect();
    match ticked.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// `inner`, said of the values of `targets`: `for `miro`: …`.
pub(super) fn for_targets(targets: &[TargetId], inner: Diagnostic) -> Diagnostic {
    let mut d = inner;
    d.message = format!("for {}: {}", names(targets), d.message);
    d
}

/// `key` given twice for `target` in one file (`E0213`).
pub(super) fn duplicate(
    key: &SettingKey,
    target: &TargetId,
    first: Origin,
    second: Origin,
) -> Diagnostic {
    Diagnostic::new(
        codes::DUPLICATE_SETTING,
        format!("`{}` is set twice for `{target}`", key.path()),
    )
    .at(second.source, second.span, "set again here")
    .label(first.source, first.span, "first set here")
    .help(format!(
        "keep one of the two: within a file a setting has one value for `{target}` (a target's own `for` block wins over a group's, but two blocks of the same kind conflict)"
    ))
}

/// A child's general value replaces a stricter per-target value it
/// inherits (`W0401`).
pub(super) fn replaces_stricter(
    key: &SettingKey,
    targets: &[TargetId],
    value: &Value,
    at: Origin,
    replaced: &(Value, Origin),
    sources: &SourceMap,
) -> Diagnostic {
    let path = key.path();
    let file = &sources.get(replaced.1.source).name;
    let old = &replaced.0;
    let first = targets.first().map(|t| t.to_string()).unwrap_or_default();
    Diagnostic::new(
        codes::REPLACES_STRICTER,
        format!(
            "`{path} = {value}` replaces the stricter `{old}` inherited for {}",
            names(targets)
        ),
    )
    .at(at.source, at.span, format!("`{value}` for every target"))
    .label(
        replaced.1.source,
        replaced.1.span,
        format!("the per-target value `{old}`, in `{file}`"),
    )
    .help(format!(
        "a general value replaces the per-target values it inherits; to keep `{old}`, write `for {first} {{ {path} = {old} }}` in this file"
    ))
}

/// `for NAME` outside the file's `targets` line (`W0606`).
pub(super) fn outside_targets(name: &str, at: Origin, line: Origin) -> Diagnostic {
    Diagnostic::new(
        codes::FOR_OUTSIDE_TARGETS,
        format!("`for {name}` gives values to a target this file is not checked against"),
    )
    .at(at.source, at.span, format!("`{name}` is not in `targets`"))
    .label(line.source, line.span, "the file's targets")
    .help(format!(
        "add `{name}` to the `targets` line, or remove the block if the file no longer serves it (after a switch of target, move its values to the new target's block)"
    ))
}

/// A per-target value of a setting none of its targets supports (`W0607`).
pub(super) fn unsupported(key: &SettingKey, at: Origin, targets: &[TargetId]) -> Diagnostic {
    let which = if targets.len() == 1 {
        "this target does not support it"
    } else {
        "none of these targets supports it"
    };
    Diagnostic::new(
        codes::FOR_UNSUPPORTED,
        format!(
            "`{}` for {} has no effect: {which}",
            key.path(),
            names(targets)
        ),
    )
    .at(at.source, at.span, "never written")
    .help("remove it from the `for` block; `ward targets NAME` lists what a target supports")
}
