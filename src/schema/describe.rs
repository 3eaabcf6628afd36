//! Human text for the schemas, made from catalog rows: what values a setting
//! takes, which way is stricter, and the section summaries editors show on
//! hover. Nothing here names a setting.

use crate::catalog::{self, Direction, Setting, Type};
use crate::value::format_duration;

/// What values the setting takes, as the authoring form writes them:
/// "a duration from `1m` to `365d`, or `unlimited`".
pub(crate) fn authoring_values(s: &Setting) -> String {
    let base = match s.ty {
        Type::Duration { min, max } => format!(
            "a duration from `{}` to `{}`",
            format_duration(min),
            format_duration(max)
        ),
        Type::Count { min, max } => format!("a whole number from {min} to {max}"),
        Type::Bool => "`true` or `false`".to_string(),
        Type::Enum(names) => format!("one of {}", ticked(names)),
        Type::EnumList(names) => format!("a set of {} (no duplicates)", ticked(names)),
        Type::StrList => "a set of names (no duplicates; `[]` means no one)".to_string(),
    };
    with_keywords(base, s)
}

/// What values the setting takes in the resolved output, where durations
/// are seconds: "seconds, from 60 (1m) to 31536000 (365d), or `unlimited`".
pub(crate) fn resolved_values(s: &Setting) -> String {
    match s.ty {
        Type::Duration { min, max } => with_keywords(
            format!(
                "in seconds, from {min} ({}) to {max} ({})",
                format_duration(min),
                format_duration(max)
            ),
            s,
        ),
        _ => authoring_values(s),
    }
}

fn with_keywords(base: String, s: &Setting) -> String {
    if s.keywords.is_empty() {
        return base;
    }
    let words: Vec<&str> = s.keywords.iter().map(|k| k.as_str()).collect();
    format!("{base}, or {}", ticked(&words))
}

/// "Stricter: lower values." and the like, from the setting's direction.
pub fn direction(s: &Setting) -> String {
    let text = match (s.direction, s.ty) {
        (Direction::Lower, Type::Bool) => "`false` is stricter",
        (Direction::Higher, Type::Bool) => "`true` is stricter",
        (Direction::Higher, Type::Enum(_)) => "values listed later are stricter",
        (Direction::Lower, Type::Enum(_)) => "values listed earlier are stricter",
        (Direction::Lower, _) => "a smaller value is stricter",
        (Direction::Higher, _) => "a larger value is stricter",
        (Direction::Neutral, _) => "neither way is stricter; parents must agree",
        (Direction::Subset, _) => "fewer members is stricter",
    };
    let mut out = upper_first(text);
    if !s.keywords.is_empty() && s.is_ordered() {
        out.push_str(" (keywords count as larger than every number)");
    }
    out.push('.');
    out
}

/// The plain-text description: the catalog line, then the values.
pub fn plain(s: &Setting, values: &str) -> String {
    format!("{} Value: {values}. {}", s.description, direction(s))
}

/// The Markdown description editors show on hover.
pub fn markdown(s: &Setting, values: &str, example: &str) -> String {
    format!(
        "**`{}`**\n\n{}\n\nValue: {values}. {}\n\nExample: `{} = {example}`",
        s.path(),
        s.description,
        direction(s),
        s.name
    )
}

/// A section's summary: "Settings of the `session` section: `idle_timeout`, …".
pub fn section(section: &str) -> String {
    let names: Vec<&str> = catalog::in_section(section).map(|(_, s)| s.name).collect();
    if section == catalog::INSTANCED_SECTION {
        format!(
            "Integrations, each under a name you choose (`integrations.NAME`), with the settings {}.",
            ticked(&names)
        )
    } else {
        format!("Settings of the `{section}` section: {}.", ticked(&names))
    }
}

fn ticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{password, session};

    #[test]
    fn describes_values_from_the_catalog() {
        let idle = session::idle_timeout.get();
        assert_eq!(
            authoring_values(idle),
            "a duration from `1m` to `365d`, or `unlimited`"
        );
        assert_eq!(
            resolved_values(idle),
            "in seconds, from 60 (1m) to 31536000 (365d), or `unlimited`"
        );
        assert_eq!(
            direction(idle),
            "A smaller value is stricter (keywords count as larger than every number)."
        );
        let bl = password::blocklist.get();
        assert_eq!(authoring_values(bl), "one of `none`, `common`, `breached`");
        assert!(section("session").contains("`max_concurrent`"));
    }
}
