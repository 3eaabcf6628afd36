//! Checks across rows: what no single row can see.
//!
//! Two rows writing one field would silently drop a value (one wins), and
//! so would a field and a field nested under it (`a` and `a.b`); only the
//! `term` rows of one policy string share a field, and the rows a `level`
//! row of several settings is lowered into. A `whole_fields` entry
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

/// The proper dotted prefixes of a field: `a` and `a.b` for `a.b.c`.
fn prefixes(f: &str) -> impl Iterator<Item = &str> {
    f.match_indices('.').map(move |(i, _)| &f[..i])
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
            term: row.encoding.term().is_some() || row.encoding.levels().is_some(),
        })
    }
}

/// Fields written twice, or one under the other: among the rows read, and
/// the fields of rows that could not be read (`unread`, in order after
/// them; the descriptor's own rows come first in the file anyway).
///
/// Each field is compared with the ones before it through maps (the same
/// field; a field one of its prefixes names; a field under it), so a
/// descriptor of 100,000 rows is checked in linear time; the row reported
/// against is the first one that collides, as a pairwise scan would find.
pub(super) fn fields(rows: &[Placed], unread: Vec<FieldAt>, e: &mut Errors) {
    use std::collections::HashMap;
    let mut all: Vec<FieldAt> = rows.iter().filter_map(FieldAt::of).collect();
    all.extend(unread);
    all.sort_by_key(|f| f.span.map(|s| s.start));
    // The first field of each name, and the first that is not a `term`
    // row's (`term` rows may share a field with each other).
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut first_plain: HashMap<&str, usize> = HashMap::new();
    // The first field under each prefix.
    let mut first_under: HashMap<&str, usize> = HashMap::new();
    for (j, b) in all.iter().enumerate() {
        let fb = b.field.as_str();
        if let Some(span) = b.span {
            let same = if b.term {
                first_plain.get(fb)
            } else {
                first.get(fb)
            };
            let hit = same
                .into_iter()
                .chain(prefixes(fb).filter_map(|p| first.get(p)))
                .chain(first_under.get(fb))
                .copied()
                .min();
            if let Some(i) = hit {
                report(&all[i], b, span, e);
            }
        }
        first.entry(fb).or_insert(j);
        if !b.term {
            first_plain.entry(fb).or_insert(j);
        }
        for p in prefixes(fb) {
            first_under.entry(p).or_insert(j);
        }
    }
}

/// Reports the field `b` (at `span`) colliding with the earlier field `a`.
fn report(a: &FieldAt, b: &FieldAt, span: Span, e: &mut Errors) {
    let (fa, fb) = (&a.field, &b.field);
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
