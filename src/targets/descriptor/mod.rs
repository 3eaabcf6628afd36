//! The target descriptor: a service described as data, in TOML.
//!
//! A descriptor names the service, cites the vendor documentation its facts
//! come from, says which file it is written to and in which format
//! (`[output]`), and lists one `[[settings]]` row per output field: which
//! policy setting feeds it, how the value is encoded, the service's own
//! limits, recommendations, defaults and fixed behaviours. A descriptor
//! with `members` is a group instead (`linux`).
//!
//! ```toml
//! name  = "miro"
//! title = "Miro"
//! sources = ["https://help.miro.com/hc/en-us/articles/360017571454"]
//!
//! [[settings]]
//! setting  = "session.idle_timeout"
//! field    = "idle_session_timeout"
//! encoding = "value_unit"
//! units    = ["minutes", "hours", "days"]
//! count    = [1, 9999]
//! min = "1h"
//! max = "14d"
//! ```
//!
//! [`parse`] reads it key by key ([`reader`]): every problem is reported,
//! each an `E0607` at the key or value it is about, with the key's name as
//! written and a did-you-mean for a misspelt key ([`keys`] lists them all).
//! Values are read as policies read them ([`literal`]); each row is checked
//! by its encoding ([`row`]), a row of several `settings` by [`joint`], and
//! the rows together for sense ([`sense`]).

mod joint;
pub mod keys;
pub(crate) mod literal;
pub(crate) mod reader;
mod row;
mod sense;

pub(crate) use row::{to_json as row_json, RowRead};

use super::format::{self, FORMATS};
use super::{Group, Output, Target};
use crate::diag::{suggest, Local};
use crate::source::{Span, Spanned};
use reader::{Errors, Table};
use toml_edit::ImDocument;

/// What a descriptor file describes.
#[derive(Clone, Debug)]
pub enum Described {
    Target(Target),
    Group(Group),
}

impl Described {
    pub fn name(&self) -> &str {
        match self {
            Described::Target(t) => &t.name,
            Described::Group(g) => &g.name,
        }
    }
}

/// Reads a descriptor. `base` finds the target an `extends` names. Every
/// problem is reported, with spans into the TOML; the caller stamps the
/// file's id on them, and sets the target's `source`, when it adds the file.
pub fn parse(text: &str, base: &dyn Fn(&str) -> Option<Target>) -> Result<Described, Vec<Local>> {
    let mut e = Errors::new();
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(err) => {
            let span = reader::span_of(err.span(), Span::new(0, 0));
            let msg = err.message().trim().to_lowercase();
            e.help(
                span,
                format!("invalid target descriptor: {msg}"),
                "here",
                "see https://toml.io for TOML's syntax",
            );
            return Err(e.list);
        }
    };
    let whole = Span::new(0, text.len());
    let top = Table::of(doc.as_table(), "the descriptor", whole);
    let name = top.string("name", &mut e);
    let title = top.string("title", &mut e);
    let name = check_name(&top, name, &mut e);
    let Some(title) = title else {
        e.help(
            Span::new(0, 0),
            "the descriptor has no `title`",
            "expected a `title` key",
            "add the service's name for people: `title = \"Acme SSO\"`",
        );
        return Err(e.list);
    };
    let described = if top.has("members") {
        let members = top.strings("members", &mut e);
        let notes = top.strings("notes", &mut e);
        top.finish(
            &["name", "title", "notes", "members"],
            &|k| group_key(k),
            &mut e,
        );
        if members.is_empty() {
            e.at(
                top.span_of("members"),
                "a group needs at least one member",
                "no members",
            );
        }
        name.map(|name| {
            Described::Group(Group {
                name: name.node,
                title: title.node,
                notes: notes.into_iter().map(|n| n.node).collect(),
                members: members.iter().map(|m| m.node.clone()).collect(),
                source: None,
                name_span: name.span,
            })
        })
        .map(|g| (g, members))
    } else {
        target(&top, text, name, title, base, &mut e).map(|t| (Described::Target(t), Vec::new()))
    };
    if !e.is_empty() {
        return Err(e.list);
    }
    match described {
        Some((d, members)) => {
            if let Described::Group(_) = &d {
                sense::members(&members, &mut e);
            }
            if e.is_empty() {
                Ok(d)
            } else {
                Err(e.list)
            }
        }
        None => Err(e.list),
    }
}

/// Explains a target key written in a group.
fn group_key(key: &str) -> Option<String> {
    keys::TOP
        .iter()
        .any(|k| k.name == key)
        .then(|| format!("a group (a descriptor with `members`) has no `{key}`: its members are targets of their own"))
}

/// The target's name, checked: `[a-z][a-z0-9._-]*`.
fn check_name(
    top: &Table<'_>,
    name: Option<Spanned<String>>,
    e: &mut Errors,
) -> Option<Spanned<String>> {
    let Some(name) = name else {
        if !top.has("name") {
            e.help(
                Span::new(0, 0),
                "the descriptor has no `name`",
                "expected a `name` key",
                "add the name used in `targets` lines: `name = \"acme-sso\"`",
            );
        }
        return None;
    };
    let valid = name.node.starts_with(|c: char| c.is_ascii_lowercase())
        && name.node.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if !valid {
        e.help(
            name.span,
            format!("invalid target name `{}`", name.node),
            "not a target name",
            "a target name is lowercase letters, digits, `.`, `_` and `-`, starting with a letter",
        );
        return None;
    }
    Some(name)
}

/// The target a descriptor without `members` describes.
fn target(
    top: &Table<'_>,
    text: &str,
    name: Option<Spanned<String>>,
    title: Spanned<String>,
    base: &dyn Fn(&str) -> Option<Target>,
    e: &mut Errors,
) -> Option<Target> {
    let extends = top.string("extends", e);
    let parent = extends.as_ref().and_then(|x| {
        let found = base(&x.node);
        if found.is_none() {
            let help =
                suggest::help_did_you_mean(&x.node, super::builtin_names()).unwrap_or_else(|| {
                    "`extends` names a built-in target: `ward targets` lists them".into()
                });
            e.help(
                x.span,
                format!("unknown target `{}` in `extends`", x.node),
                "no such built-in target",
                help,
            );
        }
        found
    });
    let drop_fields = top.strings("drop_fields", e);
    if extends.is_none() && !drop_fields.is_empty() {
        e.at(
            top.span_of("drop_fields"),
            "`drop_fields` needs `extends`",
            "nothing to drop fields from",
        );
    }
    let vendor = top.string("vendor", e).map(|s| s.node);
    let sources = top.has("sources").then(|| top.strings("sources", e));
    let notes = top.has("notes").then(|| top.strings("notes", e));
    let complete = top.bool("complete", e);
    let whole_fields = top
        .has("whole_fields")
        .then(|| top.strings("whole_fields", e));
    let output = output(top, name.as_ref(), parent.as_ref(), e);
    let export = std::sync::Arc::new(super::export::read(
        top,
        parent.as_ref().map(|p| p.export.as_ref()),
        e,
    ));
    let tables = top.tables("settings", "a `[[settings]]` row", e);
    let constraints = constraints(top, e);
    top.finish(
        &keys::names(keys::TOP),
        &|k| (k == "members").then(|| "`members` makes a group, which has no rows".to_string()),
        e,
    );
    let writer = output.as_ref().map(|o| o.writer.clone());
    let mut own: Vec<sense::Placed> = Vec::new();
    let mut unread: Vec<sense::FieldAt> = Vec::new();
    for t in &tables {
        if t.has("settings") {
            match joint::read(t, text, writer.as_deref(), e) {
                Some((rows, span)) => own.extend(rows.into_iter().map(|r| (r, Some(span)))),
                None => unread.extend(unread_field(t)),
            }
            continue;
        }
        match row::read(t, text, writer.as_deref(), e) {
            Some((r, span)) => own.push((r, Some(span))),
            None => unread.extend(unread_field(t)),
        }
    }
    let name = name?;
    let output = output?;
    let strings = |v: Vec<Spanned<String>>| v.into_iter().map(|x| x.node).collect::<Vec<_>>();
    let mut out = Target {
        name: name.node,
        title: title.node,
        vendor,
        sources: sources.map(strings).unwrap_or_default(),
        notes: notes.map(strings).unwrap_or_default(),
        complete: complete.unwrap_or(false),
        whole_fields: whole_fields.clone().map(strings).unwrap_or_default(),
        output,
        export,
        rows: Vec::new(),
        constraints,
        extends: extends.as_ref().map(|x| x.node.clone()),
        source: None,
        name_span: name.span,
    };
    let placed = match &parent {
        Some(p) => {
            if out.vendor.is_none() {
                out.vendor = p.vendor.clone();
            }
            if out.sources.is_empty() {
                out.sources = p.sources.clone();
            }
            if out.notes.is_empty() {
                out.notes = p.notes.clone();
            }
            if complete.is_none() {
                out.complete = p.complete;
            }
            if whole_fields.is_none() {
                out.whole_fields = p.whole_fields.clone();
            }
            if !top.has("constraints") {
                out.constraints = p.constraints.clone();
            }
            sense::extend(p, own, &drop_fields, e)
        }
        None => own,
    };
    sense::fields(&placed, unread, e);
    super::export::check_fallbacks(&placed, e);
    out.rows = placed.into_iter().map(|(r, _)| r).collect();
    if let Some(w) = &whole_fields {
        sense::whole_fields(&out, w, e);
    }
    Some(out)
}

/// `[[constraints]]`: `setting` may not exceed `at_most`.
fn constraints(top: &Table<'_>, e: &mut Errors) -> Vec<super::Constraint> {
    let mut out = Vec::new();
    for t in top.tables("constraints", "a `[[constraints]]` table", e) {
        let setting = t.string("setting", e);
        let at_most = t.string("at_most", e);
        let because = t.string("because", e).map(|s| s.node);
        t.finish(&keys::names(keys::CONSTRAINT), &|_| None, e);
        let id = |s: Option<Spanned<String>>, key: &str, e: &mut Errors| {
            let Some(s) = s else {
                e.at(
                    t.span,
                    format!("a `[[constraints]]` table needs `{key}`"),
                    format!("no `{key}`"),
                );
                return None;
            };
            let found = s
                .node
                .split_once('.')
                .and_then(|(a, b)| crate::catalog::find(a, b))
                .filter(|id| !id.get().is_instanced());
            if found.is_none() {
                let paths: Vec<String> = crate::catalog::all()
                    .filter(|(_, x)| !x.is_instanced())
                    .map(|(_, x)| x.path())
                    .collect();
                let help = suggest::help_did_you_mean(&s.node, paths.iter().map(String::as_str))
                    .unwrap_or_else(|| "name a setting such as `lockout.window`".into());
                e.help(
                    s.span,
                    format!("unknown setting `{}` in a constraint", s.node),
                    "no such setting",
                    help,
                );
            }
            found
        };
        let (a, b) = (id(setting, "setting", e), id(at_most, "at_most", e));
        if let (Some(a), Some(b)) = (a, b) {
            let same_kind = a.get().is_duration() == b.get().is_duration()
                && a.get().domain().is_some()
                && b.get().domain().is_some();
            if !same_kind {
                e.at(
                    t.span,
                    "a constraint compares two durations or two counts",
                    "not comparable",
                );
            } else {
                out.push(super::Constraint {
                    setting: a,
                    at_most: b,
                    because,
                });
            }
        }
    }
    out
}

/// `[output]`: the format and the file name.
fn output(
    top: &Table<'_>,
    name: Option<&Spanned<String>>,
    parent: Option<&Target>,
    e: &mut Errors,
) -> Option<Output> {
    let Some(t) = top.map("output", "`[output]`", e) else {
        return Some(match parent {
            Some(p) => Output {
                writer: p.output.writer.clone(),
                file: default_file(name?, p.output.writer.format()),
            },
            None => Output {
                writer: format::json(),
                file: default_file(name?, "json"),
            },
        });
    };
    let fmt_name = t.string("format", e);
    let fmt = match &fmt_name {
        Some(f) => match format::format(&f.node) {
            Some(fmt) => Some(fmt),
            None => {
                let names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
                let help = suggest::help_did_you_mean(&f.node, names.iter().copied())
                    .unwrap_or_else(|| format!("the formats are {}", ticks(&names)));
                e.help(
                    f.span,
                    format!("unknown output format `{}`", f.node),
                    "no such format",
                    help,
                );
                None
            }
        },
        None => format::format(parent.map_or("json", |p| p.output.writer.format())),
    };
    let file = t.string("file", e);
    if let Some(f) = &file {
        let bad = f.node.is_empty()
            || f.node == "."
            || f.node == ".."
            || f.node.contains(['/', '\\', '\0'])
            || f.node.starts_with('-');
        if bad {
            e.help(
                f.span,
                format!("`{}` is not a file name", f.node),
                "not a plain file name",
                "`file` is a name without directories, such as `pwquality.conf`; `--out-dir` says where it goes",
            );
        }
    }
    let fmt = fmt?;
    let writer = (fmt.read)(&t, e);
    let mut known = keys::names(keys::OUTPUT);
    known.extend(fmt.keys.iter().map(|k| k.name));
    let elsewhere = |k: &str| {
        FORMATS
            .iter()
            .find(|f| f.name != fmt.name && f.keys.iter().any(|x| x.name == k))
            .map(|f| {
                format!(
                    "`{k}` is a key of the `{}` format; this target is written as `{}`",
                    f.name, fmt.name
                )
            })
    };
    t.finish(&known, &elsewhere, e);
    let file = match file {
        Some(f) => f.node,
        None => default_file(name?, fmt.name),
    };
    Some(Output { writer, file })
}

/// `NAME.EXT` for a format.
fn default_file(name: &Spanned<String>, format: &str) -> String {
    let ext = format::format(format).map_or("json", |f| f.extension);
    format!("{}.{ext}", name.node)
}

fn ticks(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field of a row that could not be read, for the cross-row check (its
/// own errors are reported already, so nothing more is said here).
fn unread_field(t: &Table<'_>) -> Option<sense::FieldAt> {
    let mut quiet = Errors::new();
    let field = t.string("field", &mut quiet)?;
    let setting = t.string("setting", &mut quiet).map(|s| s.node);
    let term = t
        .string("encoding", &mut quiet)
        .is_some_and(|s| s.node == "term" || s.node == "level");
    Some(sense::FieldAt {
        field: field.node,
        span: Some(field.span),
        setting: setting.unwrap_or_default(),
        term,
    })
}
