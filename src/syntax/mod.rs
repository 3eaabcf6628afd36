//! Parsing: `.ward` text → syntax tree, with every recoverable syntax error.
//!
//! The grammar lives in `grammar/ward.pest`. It does not know setting names.
//! The steps:
//!
//! 1. `scan` walks the text once and refuses nesting deeper than the limit
//!    (E0103), so that every recursive descent stays bounded, and records
//!    the comments.
//! 2. `fast`, a hand-written parser that follows the grammar rule by rule,
//!    reads a file that has no syntax error into the tree. The moment it
//!    meets anything else it gives up and the file goes to pest, so every
//!    syntax error is pest's (the grammar stays the one of record; the
//!    differential tests and fuzz target hold the two to the same tree).
//! 3. pest parses the file. Errors up to and including the `policy NAME {`
//!    header stop the file (one diagnostic, no tree). Inside the policy, a
//!    statement that does not parse becomes a junk item ending at the next
//!    newline, `;` or closing `}`, and parsing goes on.
//! 4. `parser` builds the tree from pest's pairs, unescapes strings
//!    (`strings`, E0104) and re-parses each junk item alone to report where
//!    it went wrong (`recover`, E0101).
//!
//! Decisions the spec leaves open, written down here:
//!
//! - Any run of letters or `_` right after a number is its unit, except the
//!   keywords `warn` and `because`; units are checked by lowering.
//! - Keywords are not path segments or identifier values (`in = 1` is a
//!   syntax error); quote them (`integrations."in".enabled`) if needed.
//! - The policy's own `{` does not count towards the 64 levels of blocks.
//!   Lists may nest 64 deep too (they are one line, but `[[[[…` must not
//!   overflow the stack either).
//! - A decimal keeps its text as written; an integer loses its `_`.
//! - `extends`, `targets` and `allow` are accepted anywhere by the grammar;
//!   `decls` then reports misplaced and repeated ones (E0105, E0106), in
//!   every form, so they are syntax errors to every tool.
//! - Comments are not in the tree's statements: the pre-scan records their
//!   spans once, in [`ast::File::comments`].
//! - After the policy's `}` only blank lines and comments may follow; other
//!   text is one E0101 and the policy is still returned.

pub mod ast;
mod decls;
mod fast;
pub mod fmt;
mod for_blocks;
mod form;
pub(crate) mod json_form;
mod parser;
mod recover;
mod scan;
mod snippets;
mod strings;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_for;
#[cfg(test)]
mod tests_forms;
mod toml_form;

pub(crate) use form::map_spans;
pub use scan::MAX_BLOCK_DEPTH;

use pest::Parser;

use crate::diag::{codes, Here, Local};
use crate::source::Span;
use parser::{Builder, Rule, WardParser};
use scan::TooDeep;

/// Parses one file's text. Always returns a tree (empty when the policy
/// header could not be read) and every syntax error found, with spans into
/// `text`. Never panics, and runs in time roughly linear in the text's
/// length.
///
/// A file without syntax errors is read by the hand-written parser
/// (`fast`); anything else by pest, the grammar of record, which gives
/// every diagnostic. Both build the same tree ([`parse_with_grammar`] is
/// the pest path alone, for the differential tests).
pub fn parse(text: &str) -> (ast::File, Vec<Local>) {
    parse_with(text, true)
}

/// [`parse`] by the pest parser alone, never the fast path: the reference
/// the differential tests and the `differential` fuzz target compare
/// [`parse`] with.
#[doc(hidden)]
pub fn parse_with_grammar(text: &str) -> (ast::File, Vec<Local>) {
    parse_with(text, false)
}

fn parse_with(text: &str, fast_path: bool) -> (ast::File, Vec<Local>) {
    let source = Here;
    let none = ast::File::empty();
    let scanned = scan::scan(text);
    if let Some(deep) = scanned.too_deep {
        let d = match deep {
            TooDeep::Block(span) => Local::new(codes::NESTING_TOO_DEEP, "blocks nested too deeply")
                .at(
                    source,
                    span,
                    format!("this block is nested more than {MAX_BLOCK_DEPTH} levels deep"),
                )
                .help("write a dotted path (`a.b.c = 1`) instead of a block per segment"),
            TooDeep::List(span) => Local::new(codes::NESTING_TOO_DEEP, "lists nested too deeply")
                .at(
                    source,
                    span,
                    format!(
                        "this list is nested more than {} levels deep",
                        scan::MAX_LIST_DEPTH
                    ),
                ),
        };
        return (none, vec![d]);
    }
    let fast = if fast_path { fast::parse(text) } else { None };
    let (mut tree, mut diags) = match fast {
        Some(tree) => (tree, Vec::new()),
        None => match WardParser::parse(Rule::file, text) {
            Err(err) => return (none, vec![recover::fatal(source, text, &err)]),
            Ok(mut pairs) => {
                let Some(file) = pairs.next() else {
                    // `file` always yields one pair; only a grammar bug gets here.
                    return (none, Vec::new());
                };
                let mut builder = Builder::new(source, text);
                let tree = builder.file(file);
                (tree, builder.diags)
            }
        },
    };
    tree.comments = scanned.comments;
    diags.extend(decls::check(Form::Ward, &tree));
    diags.extend(for_blocks::check(Form::Ward, &tree));
    diags.sort_by_key(|d| d.primary.as_ref().map(|l| (l.span.start, l.span.end)));
    (tree, diags)
}

/// The form a policy file is written in (kept with the file, in
/// [`crate::source`], so that whatever describes a file can write in it).
pub(crate) use crate::source::Form;

/// Parses a policy file in the form its name says (`.ward.toml`,
/// `.ward.json`, else `.ward`). Every form yields the same syntax tree, with
/// spans into `text`, so the same policy means the same in each.
pub(crate) fn parse_file(name: &str, text: &str) -> (ast::File, Vec<Local>) {
    let form = Form::of(name);
    let (mut tree, mut diags) = match form {
        Form::Ward => return parse(text),
        Form::Toml => toml_form::parse(Here, text),
        Form::Json => json_form::parse(Here, text),
    };
    tree.form = form;
    diags.extend(decls::check(form, &tree));
    diags.extend(for_blocks::check(form, &tree));
    (tree, diags)
}

/// Reads `content`, the text of a TOML or JSON string that starts at byte
/// `offset` of the file, as one value: a quantity (`8h`, `1h30m`, `15 min`,
/// `500`) or a word (`never`, `admin`). Spans point into the file. A string
/// that is neither is a syntax error (E0101) at the offending character.
pub fn parse_value_str(content: &str, offset: usize) -> Result<ast::Value, Local> {
    let source = Here;
    match parser::value_str(content) {
        Ok(mut v) => {
            form::map_spans(&mut v, &|s: Span| s.shift(offset));
            Ok(v)
        }
        Err(pos) => {
            let (span, mut found) = recover::found_at(content, pos);
            if found == "end of file" {
                found = "end of the string".to_string();
            }
            let (message, label) = if content.trim().is_empty() {
                (
                    "an empty string is not a value".to_string(),
                    "empty".to_string(),
                )
            } else {
                (
                    format!("`{}` is not a value", content.escape_debug()),
                    format!("unexpected {found}"),
                )
            };
            Err(Local::new(codes::SYNTAX, message)
                .at(source, span.shift(offset), label)
                .help("write a duration such as \"15m\", a number, or a word such as \"never\""))
        }
    }
}

/// Reads `content`, the text of a string that starts at byte `offset` of
/// the file, as a setting path: `session.idle_timeout`, a section
/// (`session`), `integrations."ms-teams".enabled`. This is the one reader of
/// a setting path written inside a string: the TOML/JSON forms, target
/// descriptors and the command line use it, with the grammar's own rule for
/// paths. Spans point into the file; a string that is not a path is a syntax
/// error (E0101) at the offending character.
pub fn parse_path(content: &str, offset: usize) -> Result<ast::Path, Local> {
    match parser::path_str(content) {
        Ok(mut path) => {
            path.span = path.span.shift(offset);
            for seg in &mut path.segments {
                seg.span = seg.span.shift(offset);
            }
            Ok(path)
        }
        Err(parser::PathError::Escape(d)) => {
            let mut d = *d;
            for l in d.primary.iter_mut().chain(d.labels.iter_mut()) {
                l.span = l.span.shift(offset);
            }
            Err(d)
        }
        Err(parser::PathError::At(pos)) => {
            let (span, mut found) = recover::found_at(content, pos);
            if found == "end of file" {
                found = "end of the string".to_string();
            }
            Err(Local::new(
                codes::SYNTAX,
                format!("`{}` is not a setting's name", content.escape_debug()),
            )
            .at(Here, span.shift(offset), format!("unexpected {found}"))
            .help("write the setting's dotted name: `session.idle_timeout`, or `integrations.\"ms-teams\".enabled`"))
        }
    }
}
