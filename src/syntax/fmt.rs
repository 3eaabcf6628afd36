//! `ward fmt`: one canonical layout for `.ward` files.
//!
//! The layout: two-space indentation, one statement per line, one space
//! around operators, the `=` and operators of consecutive statements in a
//! block aligned (a blank line or a nested block ends the run), one blank
//! line between top-level blocks and after the `extends`, `targets` and
//! `allow` lines, at most one blank line anywhere, and `{}` for an empty
//! block. Declarations are never moved: a file where they stand out of
//! order has an error (E0105) and is not formatted.
//!
//! **Values are never respelled**: every path, value, name and string is
//! copied from the source text under its span, so `90 min` stays `90 min`.
//!
//! **Comments** are not statements of the tree; the parser records their
//! spans once ([`crate::syntax::ast::File::comments`]). Every statement is
//! on its own line (or separated by `;`), so the comments *between* two
//! statements' spans sit in a gap that otherwise holds only separators and
//! braces. A comment before the gap's first newline trails the statement
//! (or the `{`) before it; the others lead the next statement, with the
//! blank lines between them; those after a block's last statement stay at
//! the end of the block. The text before `policy` and after its `}` is kept
//! the same way, and the text of every comment is kept exactly.
//!
//! A file with syntax-phase errors (any `E01xx`, misplaced declarations
//! included) is refused: its diagnostics are returned and the caller leaves
//! it untouched.

use crate::diag::Local;
use crate::source::Span;
use crate::syntax::ast::{Item, Stmt, StmtKind};

const INDENT: &str = "  ";

/// The canonical layout of `text`, or the syntax errors that prevent it
/// (about `text`: the caller stamps the file's id on them).
pub fn format_source(text: &str) -> Result<String, Vec<Local>> {
    let (file, diags) = crate::syntax::parse(text);
    if diags.iter().any(Local::is_error) {
        return Err(diags);
    }
    let Some(policy) = file.policy else {
        return Err(diags);
    };
    let f = Formatter {
        text,
        comments: &file.comments,
    };
    let mut lines = Vec::new();
    let head = f.gap(0, policy.span.start as usize, false);
    lines.extend(head.entries);
    let open_end = f.after_brace(policy.name.span.end as usize);
    let close = policy.span.end.saturating_sub(1) as usize;
    let mut open = Line::code(0, format!("policy {} {{", f.at(policy.name.span)), None);
    open.opens = true;
    lines.push(open);
    f.body(&policy.items, open_end, close, 1, true, &mut lines);
    let tail = f.gap(policy.span.end as usize, text.len(), true);
    lines.push(Line::close(0, tail.trailing));
    lines.extend(tail.entries);
    Ok(render(lines))
}

/// One output line before alignment.
#[derive(Clone, Debug)]
struct Line {
    kind: Kind,
    indent: usize,
    /// For statements: the path, padded when aligned.
    path: String,
    /// The rest: ` = 8h`, or the whole text of other lines.
    rest: String,
    trailing: Option<String>,
    opens: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    /// A statement whose operator is aligned with its neighbours'.
    Stmt,
    /// Any other line of code (`extends …`, `session {`, `}`).
    Code,
    Close,
}

impl Line {
    fn new(kind: Kind, indent: usize, rest: String, trailing: Option<String>) -> Line {
        Line {
            kind,
            indent,
            path: String::new(),
            rest,
            trailing,
            opens: false,
        }
    }
    fn blank() -> Line {
        Line::new(Kind::Blank, 0, String::new(), None)
    }
    fn comment(indent: usize, text: String) -> Line {
        Line::new(Kind::Comment, indent, text, None)
    }
    fn code(indent: usize, text: String, trailing: Option<String>) -> Line {
        Line::new(Kind::Code, indent, text, trailing)
    }
    fn close(indent: usize, trailing: Option<String>) -> Line {
        Line::new(Kind::Close, indent, "}".to_string(), trailing)
    }
}

/// What a gap between two pieces of code holds.
struct Gap {
    /// A comment on the line of the code before the gap.
    trailing: Option<String>,
    /// Comments and blank lines, in order; a final blank line means one
    /// stands before the code after the gap.
    entries: Vec<Line>,
}

struct Formatter<'a> {
    text: &'a str,
    /// The file's comments, in order.
    comments: &'a [Span],
}

impl Formatter<'_> {
    fn at(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("").trim()
    }

    /// The byte after the `{` that follows `from`.
    fn after_brace(&self, from: usize) -> usize {
        self.text
            .get(from..)
            .and_then(|t| t.find('{'))
            .map_or(from, |i| from + i + 1)
    }

    /// What `start..end` holds, which is no code: only separators, braces,
    /// whitespace and the comments recorded there. `after_code`: is there
    /// code right before?
    fn gap(&self, start: usize, end: usize, after_code: bool) -> Gap {
        let mut gap = Gap {
            trailing: None,
            entries: Vec::new(),
        };
        let newlines_in = |a: usize, b: usize| {
            self.text
                .get(a..b.max(a))
                .map_or(0, |t| t.bytes().filter(|&c| c == b'\n').count())
        };
        let mut newlines = if after_code { 0 } else { 1 };
        let mut pos = start;
        let first = self
            .comments
            .partition_point(|c| (c.start as usize) < start);
        for (k, c) in self.comments[first..]
            .iter()
            .take_while(|c| (c.start as usize) < end)
            .enumerate()
        {
            newlines += newlines_in(pos, c.start as usize);
            let comment = self
                .text
                .get(c.range())
                .unwrap_or("")
                .trim_end()
                .to_string();
            if k == 0 && after_code && newlines == 0 {
                gap.trailing = Some(comment);
            } else {
                if newlines >= 2 {
                    gap.entries.push(Line::blank());
                }
                gap.entries.push(Line::comment(0, comment));
            }
            newlines = 0;
            pos = c.end as usize;
        }
        if newlines + newlines_in(pos, end) >= 2 {
            gap.entries.push(Line::blank());
        }
        gap
    }

    /// Formats a body whose `{` ends at `open_end` and whose `}` is at
    /// `close`. The opening line is the last of `out`.
    fn body(
        &self,
        items: &[Item],
        open_end: usize,
        close: usize,
        depth: usize,
        top: bool,
        out: &mut Vec<Line>,
    ) {
        // Leading entries and trailing comment of each item, in source order.
        let mut leading: Vec<Vec<Line>> = Vec::new();
        let mut trailing: Vec<Option<String>> = Vec::new();
        let mut pos = open_end;
        for (i, item) in items.iter().enumerate() {
            let g = self.gap(pos, item.span().start as usize, true);
            match i {
                0 => {
                    if let Some(last) = out.last_mut() {
                        last.trailing = g.trailing;
                    }
                }
                _ => trailing[i - 1] = g.trailing,
            }
            leading.push(g.entries);
            trailing.push(None);
            pos = item.span().end as usize;
        }
        let end = self.gap(pos, close, true);
        match trailing.last_mut() {
            Some(t) => *t = end.trailing,
            None => {
                if let Some(last) = out.last_mut() {
                    last.trailing = end.trailing;
                }
            }
        }
        let mut prev: Option<&Item> = None;
        for (i, item) in items.iter().enumerate() {
            if top {
                let is_decl = !matches!(item, Item::Stmt(_) | Item::For(_));
                let separate = match prev {
                    Some(Item::For(_)) => true,
                    Some(Item::Stmt(p)) => is_block(p) || is_block_item(item),
                    Some(_) => !is_decl,
                    None => false,
                };
                if separate {
                    out.push(Line::blank());
                }
            }
            for mut l in leading[i].drain(..) {
                l.indent = depth;
                out.push(l);
            }
            self.item(item, depth, trailing[i].take(), out);
            prev = Some(item);
        }
        for mut l in end.entries {
            l.indent = depth;
            out.push(l);
        }
    }

    fn item(&self, item: &Item, depth: usize, trailing: Option<String>, out: &mut Vec<Line>) {
        let list = |xs: &[crate::source::Spanned<String>]| {
            xs.iter()
                .map(|x| self.at(x.span).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = match item {
            Item::Extends { refs, .. } => format!("extends {}", list(refs)),
            Item::Targets { names, .. } => format!("targets {}", list(names)),
            Item::Allow {
                codes,
                on,
                targets,
                because,
                ..
            } => {
                let mut s = format!("allow {}", list(codes));
                if !on.is_empty() {
                    let paths: Vec<&str> = on.iter().map(|p| self.at(p.span)).collect();
                    s.push_str(&format!(" on {}", paths.join(", ")));
                }
                if !targets.is_empty() {
                    s.push_str(&format!(" for {}", list(targets)));
                }
                if let Some(b) = because {
                    s.push_str(&format!(" because {}", self.at(b.span)));
                }
                s
            }
            Item::For(f) => return self.for_block(f, depth, trailing, out),
            Item::Stmt(s) => return self.stmt(s, depth, trailing, out),
        };
        out.push(Line::code(depth, text, trailing));
    }

    /// `for TARGET {`, its statements one level in, `}`.
    fn for_block(
        &self,
        f: &crate::syntax::ast::ForBlock,
        depth: usize,
        trailing: Option<String>,
        out: &mut Vec<Line>,
    ) {
        let mut open = Line::code(depth, format!("for {} {{", self.at(f.target.span)), None);
        open.opens = true;
        out.push(open);
        let open_end = self.after_brace(f.head.end as usize);
        let close = (f.span.end as usize).saturating_sub(1);
        self.body(&f.items, open_end, close, depth + 1, false, out);
        out.push(Line::close(depth, trailing));
    }

    fn stmt(&self, s: &Stmt, depth: usize, trailing: Option<String>, out: &mut Vec<Line>) {
        let path = self.at(s.path.span).to_string();
        let mods = |m: &crate::syntax::ast::Modifiers| {
            let mut t = String::new();
            if m.warn.is_some() {
                t.push_str(" warn");
            }
            if let Some(b) = &m.because {
                t.push_str(&format!(" because {}", self.at(b.span)));
            }
            t
        };
        let rest = match &s.kind {
            StmtKind::Assign { value } => format!("= {}", self.at(value.span)),
            StmtKind::Compare {
                op,
                value,
                modifiers,
            } => format!(
                "{} {}{}",
                op.node.as_str(),
                self.at(value.span),
                mods(modifiers)
            ),
            StmtKind::Range {
                low,
                high,
                modifiers,
                ..
            } => format!(
                "in {}..{}{}",
                low.as_ref().map_or("", |v| self.at(v.span)),
                high.as_ref().map_or("", |v| self.at(v.span)),
                mods(modifiers)
            ),
            StmtKind::Block { items } => {
                let mut open = Line::code(depth, format!("{path} {{"), None);
                open.opens = true;
                out.push(open);
                let open_end = self.after_brace(s.path.span.end as usize);
                let close = (s.span.end as usize).saturating_sub(1);
                self.body(items, open_end, close, depth + 1, false, out);
                out.push(Line::close(depth, trailing));
                return;
            }
        };
        let mut line = Line::new(Kind::Stmt, depth, rest, trailing);
        line.path = path;
        out.push(line);
    }
}

fn is_block(s: &Stmt) -> bool {
    matches!(s.kind, StmtKind::Block { .. })
}

fn is_block_item(i: &Item) -> bool {
    matches!(i, Item::For(_)) || matches!(i, Item::Stmt(s) if is_block(s))
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Collapses blank lines, aligns runs of statements and writes the text.
fn render(lines: Vec<Line>) -> String {
    let mut clean: Vec<Line> = Vec::new();
    for l in lines {
        let prev = clean.last();
        let drop_blank =
            l.kind == Kind::Blank && prev.is_none_or(|p| p.kind == Kind::Blank || p.opens);
        if drop_blank {
            continue;
        }
        if l.kind == Kind::Close {
            while clean.last().is_some_and(|p| p.kind == Kind::Blank) {
                clean.pop();
            }
        }
        clean.push(l);
    }
    while clean.last().is_some_and(|p| p.kind == Kind::Blank) {
        clean.pop();
    }
    // Runs of statements at one depth, broken by anything but comments.
    let mut code: Vec<String> = vec![String::new(); clean.len()];
    let mut i = 0;
    while i < clean.len() {
        if clean[i].kind == Kind::Blank {
            i += 1;
            continue;
        }
        if clean[i].kind != Kind::Stmt {
            code[i] = format!("{}{}", INDENT.repeat(clean[i].indent), clean[i].rest);
            i += 1;
            continue;
        }
        let depth = clean[i].indent;
        let mut j = i;
        while j < clean.len()
            && (clean[j].kind == Kind::Stmt && clean[j].indent == depth
                || clean[j].kind == Kind::Comment)
        {
            j += 1;
        }
        let w = clean[i..j]
            .iter()
            .filter(|l| l.kind == Kind::Stmt)
            .map(|l| width(&l.path))
            .max()
            .unwrap_or(0);
        for k in i..j {
            let l = &clean[k];
            code[k] = match l.kind {
                Kind::Stmt => {
                    let pad = " ".repeat(w - width(&l.path));
                    format!("{}{}{pad} {}", INDENT.repeat(depth), l.path, l.rest)
                }
                _ => format!("{}{}", INDENT.repeat(l.indent), l.rest),
            };
        }
        // Trailing comments of the run line up.
        let cw = (i..j)
            .filter(|&k| clean[k].kind == Kind::Stmt && clean[k].trailing.is_some())
            .map(|k| width(&code[k]))
            .max()
            .unwrap_or(0);
        for k in i..j {
            if let (Kind::Stmt, Some(t)) = (clean[k].kind, &clean[k].trailing) {
                let pad = " ".repeat(cw - width(&code[k]) + 2);
                code[k] = format!("{}{pad}{t}", code[k]);
                clean[k].trailing = None;
            }
        }
        i = j;
    }
    let mut s = String::new();
    let mut k = 0;
    while k < clean.len() {
        let l = &clean[k];
        // `path {` directly followed by its `}`: `path {}`.
        if l.opens
            && l.trailing.is_none()
            && clean.get(k + 1).is_some_and(|n| n.kind == Kind::Close)
        {
            s.push_str(&format!("{}}}", code[k]));
            if let Some(t) = &clean[k + 1].trailing {
                s.push_str(&format!("  {t}"));
            }
            s.push('\n');
            k += 2;
            continue;
        }
        s.push_str(&code[k]);
        if let Some(t) = &l.trailing {
            s.push_str(&format!("  {t}"));
        }
        s.push('\n');
        k += 1;
    }
    s
}

#[cfg(test)]
#[path = "fmt_tests.rs"]
mod tests;
