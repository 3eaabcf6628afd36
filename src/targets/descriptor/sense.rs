//! Checks across rows: what no single row can see.
//!
//! Two rows writing one field would silently drop a value (one wins), and
//! so would a field and a field nested under it (`a` and `a.b`); only the
//! `term` rows of one policy string share a field. A `whole_fields` entry
//! must be a field some row writes; a group's members are distinct names.
//! With `extends`, a row replaces the built-in's row for the same setting
//! and field, and `drop_fields` removes rows.

use super::reader::Errors;
use crate::diag::{codes, Local};
use crate::source::{Span, Spanned};
use crate::targets::{Row, Target};

/// A row of the target, with the span of its `field` when the descriptor
/// being read wrote it (rows inherited through `extends` have none).
pub(super) type Placed = (Row, Option<Span>);

/// `a` and `a.b` (or `a` twice): one of them would be lost.
fn collide(a: &str, b: &str) -> bool {
    a == b
        || b.strip_prefix(a).is_some_and(|r| r.starts_with('.'))
        || a.strip_prefix(b).is_some_and(|r| r.starts_with('.'))
}

/// A row's field as the cross-row check sees it: also the field of a row
/// that has errors of its own, so that every problem is reported at once.
pub(super) struct FieldAt {
    pub field: String,
    /// `None` for a row inherited through `extends`.
    pub span: Option<Span>,
    pub setting: String,
    pub term: bool,
}

impl FieldAt {
    fn of((row, span): &Placed) -> Option<FieldAt> {
        Some(FieldAt {
            field: row.field.clone()?,
            span: *span,
            setting: row.setting_path(),
            term: row.encoding.term().is_some(),
        })
    }
}

/// Fields written twice, or one under the other: among the rows read, and
/// the fields of rows that could not be read (`unread`, in order after
/// them; the descriptor's own rows come first in the file anyway).
pub(super) fn fields(rows: &[Placed], unread: Vec<FieldAt>, e: &mut Errors) {
    let mut all: Vec<FieldAt> = rows.iter().filter_map(FieldAt::of).collect();
    all.extend(unread);
    all.sort_by_key(|f| f.span.map(|s| s.start));
    for (j, b) in all.iter().enumerate() {
        let Some(span) = b.span else {
            continue;
        };
        for a in &all[..j] {
            let (fa, fb) = (&a.field, &b.field);
            if !collide(fa, fb) || (fa == fb && a.term && b.term) {
                continue;
            }
            let what = if fa == fb {
                format!(
                    "`{fb}` is written by two rows (`{}` and `{}`)",
                    a.setting, b.setting
                )
            } else {
                format!("`{fa}` and `{fb}` are one field inside the other")
            };
            let mut d = Local::new(codes::INVALID_DESCRIPTOR, what)
                .at(e.source, span, "written again here")
                .help("one value would be lost: give each row its own field (only `term` rows share one, as one policy string)");
            if let Some(s) = a.span {
                d = d.label(e.source, s, "first written here");
            } else {
                d = d.note("the other row comes from the target this one extends");
            }
            e.push(d);
            break;
        }
    }
}

/// `whole_fields` entries that no row writes.
pub(super) fn whole_fields(t: &Target, listed: &[Spanned<String>], e: &mut Errors) {
    for f in listed {
        if !t
            .rows
            .iter()
            .any(|r| r.field.as_deref() == Some(f.node.as_str()))
        {
            e.at(
                f.span,
                format!("no row writes `{}`", f.node),
                "not a field of this target",
            );
        }
    }
}

/// A group's members: target names, each once.
pub(super) fn members(members: &[Spanned<String>], e: &mut Errors) {
    for (i, m) in members.iter().enumerate() {
        if members[..i].iter().any(|x| x.node == m.node) {
            e.at(m.span, format!("`{}` is a member twice", m.node), "again");
        }
    }
}

/// The rows of a target that extends `base`: the base's rows, each
/// replaced in place by an own row for the same setting and field, minus
/// `drop_fields`, then the other own rows.
pub(super) fn extend(
    base: &Target,
    own: Vec<Placed>,
    drop_fields: &[Spanned<String>],
    e: &mut Errors,
) -> Vec<Placed> {
    for d in drop_fields {
        if !base
            .rows
            .iter()
            .any(|r| r.field.as_deref() == Some(d.node.as_str()))
        {
            e.at(
                d.span,
                format!(
                    "`{}` extends `{}`, which writes no `{}`",
                    "this target", base.name, d.node
                ),
                "no such field",
            );
        }
    }
    let mut rows: Vec<Placed> = base
        .rows
        .iter()
        .filter(|r| {
            !drop_fields
                .iter()
                .any(|d| r.field.as_deref() == Some(d.node.as_str()))
        })
        .map(|r| (r.clone(), None))
        .collect();
    for (row, span) in own {
        let same = rows
            .iter()
            .position(|(r, s)| s.is_none() && r.selector == row.selector && r.field == row.field);
        match same {
            Some(i) => rows[i] = (row, span),
            None => rows.push((row, span)),
        }
    }
    rows
}
