//! Files and references (`04xx`): what cannot be read or followed, cycles,
//! and parents that disagree.

use crate::catalog::SettingKey;
use crate::diag::{codes, Diagnostic};
use crate::finding::Unreadable;
use crate::model::{shown, Origin};
use crate::source::SourceMap;
use crate::value::Value;

/// The one "cannot read a policy file" diagnostic (`E0401`), for every way
/// a policy file is reached. (A path on the command line that cannot be used
/// is a command-line error, `E0802`.)
pub(super) fn cannot_read(
    file: &str,
    reason: &str,
    at: Option<Origin>,
    how: &Unreadable,
) -> Diagnostic {
    let d = Diagnostic::new(
        codes::CANNOT_READ,
        format!("cannot read `{file}`: {reason}"),
    );
    let label = match how {
        Unreadable::Named => "named here",
        _ => "referenced here",
    };
    let d = super::at(d, at, label);
    match how {
        Unreadable::Refused => d,
        Unreadable::Named => {
            d.help("paths in `ward.toml` are relative to the directory that holds it")
        }
        Unreadable::Extended => {
            d.help("`extends` names a policy file, relative to the file that contains it")
        }
        Unreadable::Reference => d.help("the path is relative to the file that contains it"),
    }
}

/// The cycle through `links`, started at the file whose name sorts first so
/// that it reads the same from every entry (`E0402`).
pub(super) fn cycle(links: &[Origin], sources: &SourceMap) -> Diagnostic {
    let mut links = links.to_vec();
    let first = (0..links.len())
        .min_by_key(|&i| sources.get(links[i].source).name.clone())
        .unwrap_or(0);
    links.rotate_left(first);
    let names: Vec<String> = links
        .iter()
        .map(|o| format!("`{}`", sources.get(o.source).name))
        .collect();
    let chain = match names.first() {
        Some(start) => format!("{} → {start}", names.join(" → ")),
        None => String::new(),
    };
    let mut d = Diagnostic::new(codes::EXTENDS_CYCLE, format!("`extends` cycle: {chain}"));
    d = super::at(d, links.first().copied(), "this reference starts the cycle");
    for (i, o) in links.iter().enumerate().skip(1) {
        d = d.label(
            o.source,
            o.span,
            format!("link {} of {}", i + 1, links.len()),
        );
    }
    d.help("remove one of these references; a policy cannot extend itself")
}

pub(super) fn too_deep(at: Origin, limit: usize) -> Diagnostic {
    Diagnostic::new(
        codes::EXTENDS_TOO_DEEP,
        format!("`extends` chain is longer than {limit} files"),
    )
    .at(at.source, at.span, "the chain goes on here")
    .help("flatten the chain: extend a shared parent directly")
}

pub(super) fn absolute(reference: &str, at: Origin) -> Diagnostic {
    Diagnostic::new(
        codes::OUTSIDE_ROOT,
        format!("`extends` takes a relative path, not `{reference}`"),
    )
    .at(at.source, at.span, "absolute path")
    .help("write the path relative to this file, such as `\"../baseline.ward\"`")
}

pub(super) fn outside_root(reference: &str, resolved: &str, at: Origin) -> Diagnostic {
    Diagnostic::new(
        codes::OUTSIDE_ROOT,
        format!("`{reference}` leads outside the root directory"),
    )
    .at(at.source, at.span, format!("resolves to `{resolved}`"))
    .help(
        "policies may only extend files under the root directory (the git work tree, or `--root DIR`)",
    )
}

pub(super) fn unknown_profile(
    reference: &str,
    at: Origin,
    in_profile: bool,
    suggestion: Option<&str>,
) -> Diagnostic {
    if in_profile {
        return Diagnostic::new(
            codes::UNKNOWN_PROFILE,
            format!(
                "a built-in profile may only extend other built-in profiles, not `{reference}`"
            ),
        )
        .at(at.source, at.span, "not a built-in profile");
    }
    let help = suggestion
        .map(|n| format!("did you mean `std:{n}`?"))
        .unwrap_or_else(|| "`ward profiles` lists the built-in profiles".to_string());
    Diagnostic::new(
        codes::UNKNOWN_PROFILE,
        format!("unknown built-in profile `{reference}`"),
    )
    .at(at.source, at.span, "no such profile")
    .help(help)
    .maybe_suggest(at.span, suggestion.map(|n| format!("std:{n}")))
}

/// Two parents set the neutral `key` differently (`E0405`).
pub(super) fn merge_conflict(
    key: &SettingKey,
    at: Origin,
    first: &(Value, Origin),
    second: &(Value, Origin),
    sources: &SourceMap,
) -> Diagnostic {
    let (a, b) = (
        shown(&first.0, first.1, sources),
        shown(&second.0, second.1, sources),
    );
    Diagnostic::new(
        codes::MERGE_CONFLICT,
        format!("parents set `{}` differently: `{a}` and `{b}`", key.path()),
    )
    .at(at.source, at.span, "these parents disagree")
    .label(first.1.source, first.1.span, format!("`{a}` here"))
    .label(second.1.source, second.1.span, format!("`{b}` here"))
    .help(format!(
        "neither value is stricter; set `{}` in this file to choose",
        key.path()
    ))
}

/// An `allow` code that silenced nothing (`W0102`).
pub(super) fn unused_allow(
    code: crate::diag::Code,
    at: Origin,
    on: &[String],
    targets: &[String],
) -> Diagnostic {
    // Worded alike in every form (not `allow W0302 on …`, which is only
    // how a `.ward` file spells it).
    let ticks = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut scope = String::new();
    if !on.is_empty() {
        scope.push_str(&format!(" on {}", ticks(on)));
    }
    if !targets.is_empty() {
        scope.push_str(&format!(" for {}", ticks(targets)));
    }
    Diagnostic::new(
        codes::UNUSED_ALLOW,
        format!("allowing `{code}`{scope} silences nothing"),
    )
    .at(at.source, at.span, "no such warning")
    .help("remove it, so a future warning is not hidden")
}
