//! `ward targets NAME`: what a target supports, in plain text.
//!
//! One block per row: the setting, the field and its encoding, the service's
//! limits, recommendation, default and fixed behaviour, and notes; then the
//! target's notes and sources.

use super::encode::unit_name;
use super::{Encoding, Row, Target};
use std::fmt::Write;

/// The text of `ward targets NAME`.
pub fn describe(t: &Target) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", t.name, t.title);
    if let Some(v) = &t.vendor {
        let _ = writeln!(s, "vendor: {v}");
    }
    if t.complete {
        let _ = writeln!(
            s,
            "writes its complete configuration: unset settings are reset to the service defaults"
        );
    }
    let _ = writeln!(s, "\nsettings:");
    for row in &t.rows {
        describe_row(&mut s, row);
    }
    if !t.notes.is_empty() {
        let _ = writeln!(s, "\nnotes:");
        for n in &t.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    if !t.sources.is_empty() {
        let _ = writeln!(s, "\nsources:");
        for src in &t.sources {
            let _ = writeln!(s, "  - {src}");
        }
    }
    s
}

fn describe_row(s: &mut String, row: &Row) {
    let setting = row.id.get();
    let _ = writeln!(s, "  {}", setting.path());
    match &row.field {
        Some(f) => {
            let _ = writeln!(s, "    field:       {f} ({})", encoding(row));
        }
        None => {
            let _ = writeln!(s, "    field:       none (not configurable)");
        }
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
    if let Some(d) = &row.default {
        let _ = writeln!(s, "    default:     {d}");
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

fn encoding(row: &Row) -> String {
    match &row.encoding {
        Encoding::Integer { unit, range } => {
            let unit = unit
                .map(|u| format!(" {}", unit_name(u)))
                .unwrap_or_default();
            match range {
                Some((lo, hi)) => format!("integer{unit}, {lo}..{hi}"),
                None => format!("integer{unit}"),
            }
        }
        Encoding::ValueUnit { units, range, .. } => {
            let names: Vec<&str> = units.iter().map(|u| unit_name(*u)).collect();
            format!(
                "value {}..{} with unit {}",
                range.0,
                range.1,
                names.join("|")
            )
        }
        Encoding::Iso8601 => "ISO 8601 duration".into(),
        Encoding::Timespan => "time span d.hh:mm:ss".into(),
        Encoding::Boolean { invert: false } => "boolean".into(),
        Encoding::Boolean { invert: true } => "boolean, inverted".into(),
        Encoding::AtLeastOne => "boolean: at least one required".into(),
        Encoding::Enum(m) | Encoding::List(m) if m.is_empty() => "names as in the policy".into(),
        Encoding::Enum(m) | Encoding::List(m) => {
            let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} → {v}")).collect();
            pairs.join(", ")
        }
        Encoding::Term { term, unit, .. } => {
            let unit = unit
                .map(|u| format!(" in {}", unit_name(u)))
                .unwrap_or_default();
            format!("policy term {term}(N){unit}")
        }
    }
}
