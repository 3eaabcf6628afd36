//! Completion in `.ward` buffers, from the cursor's surroundings
//! ([`super::scan`]) and the catalog, the code table, the built-in profiles
//! and the targets the file can name.
//!
//! | where | what |
//! |---|---|
//! | a statement's start, a path after `.` | sections, settings (with their descriptions), and at the policy's level `extends`, `targets`, `allow`, `for` |
//! | after `=`, `>=`, `<=`, `==`, `in`, `..`, in a list | the keywords, enum values and booleans the setting accepts |
//! | after a number in a duration | units |
//! | after a bound's value | `warn`, `because` |
//! | in an `extends` string | `std:` profiles; files and folders relative to the file |
//! | after `targets`, `for`, `allow … for` | target names |
//! | after `allow` | warning codes; after `allow … on`, setting paths |
//!
//! Each item replaces the word being typed (a `textEdit` over it), so
//! `std:pci-` becomes `std:pci-dss-4.0` whatever the editor counts as a word.

mod extends;

use super::scan::{self, Context, Tok, Token};
use crate::catalog::{self, Setting, Type, INSTANCED_SECTION};
use crate::schema::describe;
use crate::value::Unit;
use extends::{extends_quoted, extends_strings};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Range, TextEdit,
};
use std::path::Path;

/// What completion needs besides the text.
pub(crate) struct Env<'a> {
    /// The file's own path, for relative `extends` paths.
    pub path: &'a Path,
    /// Every target the file may name: (name, title).
    pub targets: &'a [(String, String)],
}

/// A candidate before it becomes an LSP item: the replaced byte range is
/// common to all candidates of one answer.
struct Cand {
    label: String,
    insert: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    doc: Option<String>,
}

impl Cand {
    fn new(label: impl Into<String>, kind: CompletionItemKind) -> Cand {
        let label = label.into();
        Cand {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            doc: None,
        }
    }

    fn detail(mut self, d: impl Into<String>) -> Cand {
        self.detail = Some(d.into());
        self
    }

    fn doc(mut self, d: impl Into<String>) -> Cand {
        self.doc = Some(d.into());
        self
    }

    fn insert(mut self, i: impl Into<String>) -> Cand {
        self.insert = i.into();
        self
    }
}

/// The completion items at byte `offset` of `text`; `to_range` turns a byte
/// range into an LSP range.
pub fn complete(
    text: &str,
    offset: usize,
    env: &Env<'_>,
    to_range: &dyn Fn(usize, usize) -> Range,
) -> Vec<CompletionItem> {
    let cx = scan::scan(text, offset);
    if cx.in_comment {
        return Vec::new();
    }
    let (start, cands) = candidates(text, offset, &cx, env);
    let range = to_range(start, offset);
    cands
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            label: c.label,
            kind: Some(c.kind),
            detail: c.detail,
            documentation: c.doc.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            }),
            sort_text: Some(format!("{i:04}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.insert))),
            ..CompletionItem::default()
        })
        .collect()
}

/// Where the word being typed starts, and the candidates for it.
fn candidates(text: &str, offset: usize, cx: &Context, env: &Env<'_>) -> (usize, Vec<Cand>) {
    let none = (offset, Vec::new());
    let tokens = &cx.tokens;
    // The word under the cursor, if the last token ends at the cursor.
    let (head, partial) = match tokens.last() {
        Some(t) if t.end == offset && !matches!(t.tok, Tok::Punct(_)) => {
            (&tokens[..tokens.len() - 1], Some(t))
        }
        _ => (&tokens[..], None),
    };
    if let Some(Token {
        tok: Tok::Str(content, false),
        start,
        ..
    }) = partial
    {
        return match first_word(head) {
            Some("extends") => (start + 1, extends_strings(content, env.path)),
            _ => none,
        };
    }
    let start = partial.map_or(offset, |t| t.start);
    // Names (targets, codes) may hold `-` and `.`: the word is found in the
    // text, and the tokens before it are the statement so far.
    let ws = word_start(text, offset);
    let names_head: Vec<Token> = tokens.iter().filter(|t| t.end <= ws).cloned().collect();
    let nh = names_head.as_slice();
    match first_word(head) {
        Some("extends") if ends_list(head) => (start, extends_quoted(env.path)),
        Some("targets") if ends_list(nh) => (ws, targets(env, nh)),
        Some("for") if nh.len() == 1 && cx.at_policy_level() => (ws, targets(env, &[])),
        Some("allow") => (ws, allow(nh, env)),
        Some("policy") => none,
        _ if is_path(head) => (start, paths(cx, head)),
        _ => match value_position(cx, head, partial) {
            Some(v) => (v.0.unwrap_or(start), v.1),
            None => none,
        },
    }
}

fn first_word(tokens: &[Token]) -> Option<&str> {
    match tokens.first().map(|t| &t.tok) {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

/// After the keyword or a comma of a list.
fn ends_list(head: &[Token]) -> bool {
    head.len() == 1 || matches!(head.last().map(|t| &t.tok), Some(Tok::Punct(",")))
}

/// Target names may hold `-` and `.`: the word is everything back to a
/// space, comma or line start.
fn word_start(text: &str, offset: usize) -> usize {
    let before = &text[..offset];
    before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')))
        .map_or(0, |i| i + 1)
}

/// Nothing yet, or `a.b.` (words and dots, ending in a dot).
fn is_path(head: &[Token]) -> bool {
    head.is_empty()
        || (matches!(head.last().map(|t| &t.tok), Some(Tok::Punct(".")))
            && head.iter().enumerate().all(|(i, t)| match &t.tok {
                Tok::Word(_) | Tok::Str(_, true) => i % 2 == 0,
                Tok::Punct(".") => i % 2 == 1,
                _ => false,
            }))
}

fn segs(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Word(w) | Tok::Str(w, _) => Some(w.clone()),
            _ => None,
        })
        .collect()
}

/// Sections and settings for a path being typed.
fn paths(cx: &Context, head: &[Token]) -> Vec<Cand> {
    if cx.frames.is_empty() {
        return vec![Cand::new("policy", CompletionItemKind::KEYWORD)];
    }
    let mut full = cx.prefix();
    full.extend(segs(head));
    let mut out = Vec::new();
    match full.as_slice() {
        [] => {
            if cx.at_policy_level() {
                for kw in ["extends", "targets", "allow", "for"] {
                    out.push(Cand::new(kw, CompletionItemKind::KEYWORD));
                }
            }
            for section in catalog::sections() {
                out.push(Cand::new(section, CompletionItemKind::MODULE).detail("section"));
            }
            for (_, s) in catalog::all().filter(|(_, s)| !s.is_instanced()) {
                let path = format!("{}.{}", s.section, s.name);
                out.push(setting(s, path));
            }
        }
        [section] if section == INSTANCED_SECTION => {}
        [section] => {
            for (_, s) in catalog::in_section(section) {
                out.push(setting(s, s.name.to_string()));
            }
        }
        [section, _] if section == INSTANCED_SECTION => {
            for (_, s) in catalog::in_section(INSTANCED_SECTION) {
                out.push(setting(s, s.name.to_string()));
            }
        }
        _ => {}
    }
    out
}

/// A setting as a candidate: its type and domain as the detail, its
/// description as the documentation.
fn setting(s: &'static Setting, label: String) -> Cand {
    Cand::new(label, CompletionItemKind::PROPERTY)
        .detail(describe::authoring_values(s))
        .doc(format!("{}\n\n{}", s.description, describe::direction(s)))
}

/// Value completion: `(start, items)` when the statement is `PATH OP …`.
fn value_position(
    cx: &Context,
    head: &[Token],
    partial: Option<&Token>,
) -> Option<(Option<usize>, Vec<Cand>)> {
    let op_at = head.iter().position(|t| {
        matches!(t.tok, Tok::Punct("=" | ">=" | "<=" | "==")) || t.tok == Tok::Word("in".into())
    })?;
    let mut full = cx.prefix();
    full.extend(segs(&head[..op_at]));
    let refs: Vec<&str> = full.iter().map(String::as_str).collect();
    let key = super::locate::key_of(&refs)?;
    let s = key.setting();
    let after = &head[op_at + 1..];
    // Right after a number's last digit: a unit goes here.
    if let Some(Token {
        tok: Tok::Number(_),
        end,
        ..
    }) = partial
    {
        return s.is_duration().then(|| (Some(*end), units()));
    }
    let partial = partial.map(|t| match &t.tok {
        Tok::Word(w) => w.as_str(),
        _ => "",
    });
    let is_bound = !matches!(head[op_at].tok, Tok::Punct("="));
    match after.last().map(|t| &t.tok) {
        // Right after the operator, `..`, `[` or `,`.
        None | Some(Tok::Punct("..")) => Some((None, values(s))),
        Some(Tok::Punct("[" | ",")) if matches!(s.ty, Type::EnumList(_)) => Some((None, values(s))),
        // After a number (or a unit being typed right after one).
        Some(Tok::Number(_))
            if s.is_duration() && partial.is_none_or(|p| p.chars().all(char::is_alphabetic)) =>
        {
            Some((None, units()))
        }
        Some(Tok::Number(_) | Tok::Word(_) | Tok::Str(_, true) | Tok::Punct("]")) if is_bound => {
            let done = after.iter().any(|t| t.tok == Tok::Word("because".into()));
            let warn = after.iter().any(|t| t.tok == Tok::Word("warn".into()));
            let mut out = Vec::new();
            if !warn && !done {
                out.push(Cand::new("warn", CompletionItemKind::KEYWORD).detail("a warning bound"));
            }
            if !done {
                out.push(
                    Cand::new("because", CompletionItemKind::KEYWORD)
                        .detail("the reason, shown with every diagnostic the bound causes")
                        .insert("because \"\""),
                );
            }
            Some((None, out))
        }
        _ => None,
    }
}

fn values(s: &'static Setting) -> Vec<Cand> {
    let mut out = Vec::new();
    match s.ty {
        Type::Bool => {
            for b in ["true", "false"] {
                out.push(Cand::new(b, CompletionItemKind::VALUE));
            }
        }
        Type::Enum(names) | Type::EnumList(names) => {
            for n in names {
                out.push(Cand::new(*n, CompletionItemKind::ENUM_MEMBER));
            }
        }
        _ => {}
    }
    for k in s.keywords {
        out.push(Cand::new(k.as_str(), CompletionItemKind::KEYWORD));
    }
    out
}

fn units() -> Vec<Cand> {
    Unit::DESCENDING
        .iter()
        .rev()
        .flat_map(|u| {
            u.spellings()
                .iter()
                .map(move |sp| Cand::new(*sp, CompletionItemKind::UNIT).detail(u.plural()))
        })
        .collect()
}

fn targets(env: &Env<'_>, head: &[Token]) -> Vec<Cand> {
    let written: Vec<String> = segs(head);
    env.targets
        .iter()
        .filter(|(n, _)| !written.contains(n))
        .map(|(n, title)| {
            Cand::new(n.clone(), CompletionItemKind::ENUM_MEMBER).detail(title.clone())
        })
        .collect()
}

/// `allow CODE, … on PATH, … for TARGET, … because "…"`.
fn allow(head: &[Token], env: &Env<'_>) -> Vec<Cand> {
    let last_kw = head.iter().rev().find_map(|t| match &t.tok {
        Tok::Word(w) if matches!(w.as_str(), "allow" | "on" | "for" | "because") => {
            Some(w.as_str())
        }
        _ => None,
    });
    let after_sep = ends_list(head)
        || matches!(head.last().map(|t| &t.tok), Some(Tok::Word(w)) if w == "on" || w == "for");
    if !after_sep {
        return Vec::new();
    }
    match last_kw {
        Some("allow") => crate::diag::codes::ALL
            .iter()
            .filter(|c| c.code.severity() == crate::diag::Severity::Warning)
            .map(|c| Cand::new(c.code.as_str(), CompletionItemKind::CONSTANT).detail(c.title))
            .collect(),
        Some("on") => catalog::all()
            .filter(|(_, s)| !s.is_instanced())
            .map(|(_, s)| setting(s, format!("{}.{}", s.section, s.name)))
            .chain(
                catalog::sections()
                    .into_iter()
                    .map(|s| Cand::new(s, CompletionItemKind::MODULE).detail("section")),
            )
            .collect(),
        Some("for") => targets(env, &[]),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
