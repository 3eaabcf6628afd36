//! Hover text, in Markdown.
//!
//! On a setting: the catalog's description, values and direction (the same
//! words the JSON Schemas use), then what `ward explain` says about it in
//! this file's last check: the effective value and where it was set, what
//! it overrode, every bound with its `because` (a parent's and a profile's
//! too) and how each of the file's targets encodes it. Inside a `for`
//! block, first the value the block's target (each member of a group) has,
//! where it was set and what it overrode. On a `std:` profile:
//! its title, version and sources; on a target: its title; on a code: its
//! title.

use super::locate::At;
use crate::driver::Outcome;
use crate::review::explain::{self, BoundReport, SettingReport};
use crate::schema::describe;
use std::fmt::Write;

/// The hover text for what is at the cursor.
pub fn hover(at: &At, out: Option<&Outcome>) -> Option<String> {
    match at {
        At::Setting { key, target, .. } => {
            let s = key.setting();
            let mut text = format!(
                "**`{}`** ({})\n\n{}\n\nValue: {}. {}",
                key.path(),
                kind(s),
                s.description,
                describe::authoring_values(s),
                describe::direction(s)
            );
            if let Some((o, report)) = out.and_then(|o| Some((o, report(o, &key.path())?))) {
                text.push_str("\n\n---\n\n");
                if let Some(t) = target {
                    text.push_str(&for_target(o, t, &report));
                }
                text.push_str(&effective(&report));
            }
            Some(text)
        }
        At::Section { name, .. } => {
            let names: Vec<String> = crate::catalog::in_section(name)
                .map(|(_, s)| format!("`{}`", s.name))
                .collect();
            (!names.is_empty()).then(|| format!("**`{name}`**: {}", names.join(", ")))
        }
        At::Reference { text, .. } => {
            let name = text.strip_prefix("std:")?;
            let p = crate::resolve::stdlib::profile(name)?;
            let mut s = format!("**{}**\n\nversion: {}", p.title, p.version);
            for src in &p.sources {
                let _ = write!(s, "\n\nsource: {src}");
            }
            Some(s)
        }
        At::Target { name, .. } => {
            let builtin = crate::targets::Registry::builtin();
            let registry = out.map_or(&builtin, |o| &o.registry);
            let t = registry.target(name)?;
            let mut s = format!("**`{}`**: {}", t.name, t.title);
            if let Some(v) = &t.vendor {
                let _ = write!(s, " ({v})");
            }
            Some(s)
        }
        At::Code { code, .. } => {
            let info = crate::diag::codes::lookup(code)?;
            Some(format!("**{}**: {}", info.code, info.title))
        }
    }
}

fn kind(s: &crate::catalog::Setting) -> &'static str {
    use crate::catalog::Type;
    match s.ty {
        Type::Duration { .. } => "duration",
        Type::Count { .. } => "count",
        Type::Bool => "boolean",
        Type::Enum(_) => "enum",
        Type::EnumList(_) => "list",
        Type::StrList => "list of strings",
    }
}

fn report(out: &Outcome, path: &str) -> Option<SettingReport> {
    let policy = out.policies.first()?;
    let e = explain::explain_with(policy, &out.sources, &[path.to_string()], &out.registry).ok()?;
    e.settings.into_iter().next()
}

/// The values the target (or the members of the group) `name` of a `for`
/// block has, from `ward explain`.
fn for_target(out: &Outcome, name: &str, r: &SettingReport) -> String {
    let members: Vec<String> = match out.registry.expand(name) {
        Some(ts) => ts.into_iter().map(|t| t.name.clone()).collect(),
        None => vec![name.to_string()],
    };
    let mut s = String::new();
    for p in r.per_target.iter().filter(|p| members.contains(&p.target)) {
        let _ = write!(
            s,
            "For `{}`: `{}`, set at `{}`: `{}`",
            p.target,
            p.value,
            p.set_at.short(),
            p.set_at.text
        );
        for x in &p.overrode {
            let _ = write!(s, "\n\nOverrode `{}` at `{}`", x.value, x.at.short());
        }
        for x in &p.merged_from {
            let _ = write!(s, "\n\nMerged from `{}` at `{}`", x.value, x.at.short());
        }
        s.push_str("\n\n");
    }
    if s.is_empty() {
        let _ = write!(s, "For `{name}`: the general value.\n\n");
    }
    s.push_str("General: ");
    s
}

/// The part from `ward explain`.
fn effective(r: &SettingReport) -> String {
    let mut s = String::new();
    match (&r.value, &r.set_at) {
        (Some(v), Some(at)) => {
            let _ = write!(s, "Effective value: `{v}`");
            if let (Some(o), Some(unit)) = (&r.output, r.output_unit) {
                let _ = write!(s, " ({o} {unit})");
            }
            let _ = write!(s, ", set at `{}`: `{}`", at.short(), at.text);
        }
        _ => s.push_str("Not set in this file or any it extends."),
    }
    for x in &r.overrode {
        let _ = write!(s, "\n\nOverrode `{}` at `{}`", x.value, x.at.short());
    }
    for x in &r.merged_from {
        let _ = write!(s, "\n\nMerged from `{}` at `{}`", x.value, x.at.short());
    }
    let bounds: Vec<(&BoundReport, &str)> = r
        .error_bounds
        .iter()
        .map(|b| (b, "error"))
        .chain(r.warning_bounds.iter().map(|b| (b, "warning")))
        .collect();
    if !bounds.is_empty() {
        s.push_str("\n\nBounds:");
        for (b, severity) in bounds {
            let _ = write!(s, "\n- `{}` ({severity}) at `{}`", b.bound, b.at.short());
            if let Some(why) = &b.because {
                let _ = write!(s, ", because \"{why}\"");
            }
        }
    }
    if !r.targets.is_empty() {
        s.push_str("\n\nTargets:");
        for t in &r.targets {
            let _ = write!(s, "\n- `{}`", t.target);
            if let Some(f) = &t.field {
                let _ = write!(s, ": `{f}`");
            }
            if let Some(e) = &t.encoded {
                let _ = write!(s, " = `{e}`");
            }
            if let Some(n) = &t.note {
                let _ = write!(s, " ({n})");
            }
        }
    }
    s
}
