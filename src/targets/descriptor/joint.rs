//! A row of several settings: `settings = [...]` instead of `setting`, one
//! `field` written from all of them by a `level` encoding (Salesforce's
//! password `complexity`).
//!
//! The row is lowered into one [`Row`] per setting, in the order named,
//! all with the same field and the same codec: each setting is checked,
//! defaulted, described and read back on its own (a value no level holds
//! is refused on that setting), and `emit` writes the field once from all
//! of them. The row takes `field`, `encoding`, `levels`, `default` (the
//! level the service uses when the field is not configured, as the service
//! writes it), `caveat` and `note`; the keys of a row of one setting
//! (limits, keywords, `omit`…) have no meaning for a level and are refused.

use super::reader::{Errors, Table};
use super::row::{all_paths, check_field, selector};
use crate::diag::suggest;
use crate::source::{Span, Spanned};
use crate::targets::encoding::level::{self, read_levels};
use crate::targets::encoding::Codec;
use crate::targets::format::Writer;
use crate::targets::{Instance, Row};
use std::sync::Arc;

/// The keys a row of several settings takes.
const KEYS: &[&str] = &[
    "settings", "field", "encoding", "levels", "default", "caveat", "note",
];

/// Reads a row of several `settings`: its rows and the span of its field.
pub(super) fn read(
    t: &Table<'_>,
    text: &str,
    writer: Option<&dyn Writer>,
    e: &mut Errors,
) -> Option<(Vec<Row>, Span)> {
    let before = e.list.len();
    if t.has("setting") {
        e.help(
            t.span_of("setting"),
            "a row names one `setting` or several `settings`, not both",
            "also `settings`",
            "list every setting the field is written from in `settings`",
        );
    }
    let paths = t.strings("settings", e);
    let mut ids: Vec<Spanned<crate::catalog::SettingId>> = Vec::new();
    for p in &paths {
        let sel = match selector(&p.node) {
            Ok(s) if s.instance == Instance::Plain => s,
            Ok(_) => {
                e.at(
                    p.span,
                    format!("`{}` is an integration setting, and a `level` field is written from plain settings", p.node),
                    "an integration setting",
                );
                continue;
            }
            Err(_) => {
                let all = all_paths();
                let help = suggest::help_did_you_mean(&p.node, all.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        "`ward explain-code E0201` lists how settings are named".into()
                    });
                e.help(
                    p.span,
                    format!("unknown setting `{}` in target descriptor", p.node),
                    "no such setting",
                    help,
                );
                continue;
            }
        };
        if ids.iter().any(|x| x.node == sel.id) {
            e.at(p.span, format!("`{}` is listed twice", p.node), "again");
            continue;
        }
        if !(level::KIND.fits)(sel.id.get()) {
            e.help(
                p.span,
                format!("a `level` field cannot be written from `{}`", p.node),
                "not a count asked at least of",
                "a level guarantees counts a policy asks at least of, such as `password.min_digit`",
            );
            continue;
        }
        ids.push(Spanned::new(sel.id, p.span));
    }
    if paths.is_empty() && e.list.len() == before {
        e.at(
            t.span_of("settings"),
            "`settings` names no setting",
            "empty",
        );
    }
    match t.string("encoding", e) {
        Some(k) if k.node == level::KIND.name => {}
        Some(k) => e.help(
            k.span,
            format!(
                "a row of several `settings` is written by `level`, not `{}`",
                k.node
            ),
            "not `level`",
            "write `encoding = \"level\"`, or give each setting its own row",
        ),
        None => e.help(
            t.span,
            "a row of several `settings` needs `encoding = \"level\"`",
            "no `encoding`",
            "add `encoding = \"level\"` and the service's `levels`",
        ),
    }
    let field = t.string("field", e);
    if field.is_none() {
        e.help(
            t.span,
            "a row of several `settings` needs a `field`",
            "no `field`",
            "name the one field they are written into",
        );
    }
    let default = t.string("default", e);
    let caveat = t.string("caveat", e).map(|s| s.node);
    let note = t.string("note", e).map(|s| s.node);
    let levels = match &field {
        Some(f) => read_levels(t, text, &f.node, &ids, default.as_ref(), e),
        None => None,
    };
    t.finish(
        KEYS,
        &|k| {
            Some(format!(
                "`{k}` is a key of a row of one `setting`; a `level` row takes {}",
                ticks()
            ))
        },
        e,
    );
    let (Some(field), Some(levels)) = (field, levels) else {
        return None;
    };
    if let Some(first) = ids.first() {
        let sel = crate::targets::Selector {
            id: first.node,
            instance: Instance::Plain,
        };
        check_field(&field, &sel, writer, e);
    }
    if e.list.len() > before {
        return None;
    }
    let codec: Arc<level::Levels> = Arc::new(levels);
    let rows = ids
        .iter()
        .map(|id| Row {
            selector: crate::targets::Selector {
                id: id.node,
                instance: Instance::Plain,
            },
            field: Some(field.node.clone()),
            encoding: codec.clone() as Arc<dyn Codec>,
            offset: 0,
            text: None,
            omit: Vec::new(),
            keywords: Default::default(),
            when_unset: None,
            floor: None,
            floor_behaviour: None,
            min: None,
            max: None,
            limit_because: None,
            recommend_min: None,
            recommend_max: None,
            recommend_because: None,
            default: codec.default_of(id.node),
            fixed: None,
            behaviour: None,
            caveat: caveat.clone(),
            note: note.clone(),
            reading: Default::default(),
            span: t.span,
        })
        .collect();
    Some((rows, field.span))
}

fn ticks() -> String {
    let names: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
    names.join(", ")
}
