//! `ward targets NAME`: what a target supports, in plain text.
//!
//! The file it is written to and its format; one block per row: the
//! setting, the field and its encoding, the service's limits,
//! recommendation, default and fixed behaviour, and notes; then the
//! target's notes and sources. A group lists its members.

use super::{Group, Row, Target};
use std::fmt::Write;

/// The text of `ward targets NAME`.
pub fn describe(t: &Target) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", t.name, t.title);
    if let Some(v) = &t.vendor {
        let _ = writeln!(s, "vendor: {v}");
    }
    let _ = writeln!(
        s,
        "writes: {} ({})",
        t.output.file,
        t.output.writer.format()
    );
    if let Some(base) = &t.extends {
        let _ = writeln!(s, "extends: {base}");
    }
    match &t.export.how {
        Some(how) => {
            let _ = writeln!(s, "drift reads: the export of `{how}`");
        }
        None => {
            let _ = writeln!(
                s,
                "drift reads: the document ward writes, filled in from the service's console"
            );
        }
    }
    if t.complete {
        let _ = writeln!(
            s,
            "writes its complete configuration: unset settings are reset to the service defaults"
        );
    }
    for f in &t.whole_fields {
        let _ = writeln!(
            s,
            "replaces the whole `{f}`: what the policy leaves unset is dropped from it"
        );
    }
    let _ = writeln!(s, "\nsettings:");
    let mut levels_shown: Vec<&str> = Vec::new();
    for row in &t.rows {
        describe_row(&mut s, row);
        if let (Some(l), Some(f)) = (row.encoding.levels(), row.field.as_deref()) {
            if !levels_shown.contains(&f) {
                levels_shown.push(f);
                for (i, line) in l.lines().iter().enumerate() {
                    let head = if i == 0 { "levels:" } else { "" };
                    let _ = writeln!(s, "    {head:<12} {}", line.replace('`', ""));
                }
            }
        }
    }
    list(&mut s, "notes", &t.notes);
    list(&mut s, "sources", &t.sources);
    s
}

/// The text of `ward targets GROUP`.
pub fn describe_group(g: &Group, members: &[&Target]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", g.name, g.title);
    let _ = writeln!(
        s,
        "a group: each member is written to its own file\n\nmembers:"
    );
    for m in members {
        let _ = writeln!(s, "  {:<18} {} ({})", m.name, m.output.file, m.title);
    }
    list(&mut s, "notes", &g.notes);
    s
}

fn list(s: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n{title}:");
    for item in items {
        let _ = writeln!(s, "  - {item}");
    }
}

fn describe_row(s: &mut String, row: &Row) {
    let _ = writeln!(s, "  {}", row.setting_path());
    match &row.field {
        Some(f) => {
            let _ = writeln!(s, "    field:       {f} ({})", row.encoding.describe());
        }
        None => {
            let _ = writeln!(s, "    field:       none (not configurable)");
        }
    }
    if let Some(t) = &row.text {
        let _ = writeln!(s, "    written as:  {t}");
    }
    if row.offset != 0 {
        let _ = writeln!(
            s,
            "    offset:      {:+} seconds before writing",
            row.offset
        );
    }
    let limits = match (&row.min, &row.max) {
        (Some(a), Some(b)) => Some(format!("{a} to {b}")),
        (Some(a), None) => Some(format!("at least {a}")),
        (None, Some(b)) => Some(format!("at most {b}")),
        (None, None) => None,
    };
    if let Some(l) = limits {
        let _ = writeln!(s, "    limits:      {l}");
    }
    for (word, v) in [
        ("at least", &row.recommend_min),
        ("at most", &row.recommend_max),
    ] {
        if let Some(v) = v {
            let why = row
                .recommend_because
                .as_deref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let _ = writeln!(s, "    recommends:  {word} {v}{why}");
        }
    }
    match (&row.default, row.default_text()) {
        (Some(d), Some(shown)) if shown != d.to_string() => {
            let _ = writeln!(
                s,
                "    default:     {shown} (`{} = {d}`)",
                row.setting_path()
            );
        }
        (Some(d), _) => {
            let _ = writeln!(s, "    default:     {d}");
        }
        (None, _) => {}
    }
    if let Some(f) = &row.fixed {
        let what = row.behaviour.as_deref().unwrap_or("imposed by the service");
        let _ = writeln!(s, "    fixed:       {f}: {what}");
    }
    if !row.omit.is_empty() {
        let omit: Vec<String> = row.omit.iter().map(|v| v.to_string()).collect();
        let _ = writeln!(s, "    left out:    {}", omit.join(", "));
    }
    for (k, v) in &row.keywords {
        let _ = writeln!(s, "    {:<12} written as {v}", format!("{}:", k.as_str()));
    }
    if let Some(c) = &row.caveat {
        let _ = writeln!(s, "    caveat:      {c}");
    }
    if let Some(n) = &row.note {
        let _ = writeln!(s, "    note:        {n}");
    }
}
