//! Where `extends`, `targets` and `allow` may stand: at the top of the
//! policy, before every setting, in that order; `extends` and `targets`
//! once each, `allow` once per group of codes.
//!
//! A declaration inside a block or after a setting, or out of order, is
//! `E0105`; an `extends` or `targets` written twice is `E0106`. These are syntax-phase errors,
//! found on the tree alone, so every tool that parses a file (`fmt` as much
//! as `check`) sees them. Lowering uses the first top-level `extends` and
//! `targets` and every top-level `allow`, and reports nothing more.
//!
//! In the TOML and JSON forms the translation puts the top-level
//! declarations first, so only a declaration inside a table (an object)
//! can be misplaced; the messages say so in that form's words.

use super::ast::{File, Item, StmtKind};
use super::Form;
use crate::diag::{codes, Here, Local};
use crate::source::Span;

const WORDS: [&str; 3] = ["extends", "targets", "allow"];

/// Every misplaced or repeated declaration of `file`.
pub(crate) fn check(form: Form, file: &File) -> Vec<Local> {
    let Some(policy) = &file.policy else {
        return Vec::new();
    };
    let mut cx = Check {
        src: Here,
        form,
        seen_stmt: false,
        first: [None; 3],
        diags: Vec::new(),
    };
    cx.items(&policy.items, true);
    cx.diags
}

struct Check {
    src: Here,
    form: Form,
    /// A setting statement has been seen: declarations after it are misplaced.
    seen_stmt: bool,
    /// Where each kind was first declared at the top level.
    first: [Option<Span>; 3],
    diags: Vec<Local>,
}

/// Which declaration an item is, if it is one.
fn which(item: &Item) -> Option<(usize, Span)> {
    match item {
        Item::Extends { span, .. } => Some((0, *span)),
        Item::Targets { span, .. } => Some((1, *span)),
        Item::Allow { span, .. } => Some((2, *span)),
        Item::For(_) | Item::Stmt(_) => None,
    }
}

impl Check {
    fn items(&mut self, items: &[Item], top: bool) {
        for item in items {
            match (which(item), item) {
                (Some((kind, span)), _) => self.declaration(kind, span, top),
                (None, Item::Stmt(stmt)) => {
                    self.seen_stmt = true;
                    if let StmtKind::Block { items } = &stmt.kind {
                        self.items(items, false);
                    }
                }
                // What a `for` block holds is `syntax::for_blocks`'s to check.
                (None, Item::For(_)) => self.seen_stmt = true,
                (None, _) => {}
            }
        }
    }

    fn declaration(&mut self, kind: usize, span: Span, top: bool) {
        let word = WORDS[kind];
        if !top {
            let (block, help) = match self.form {
                Form::Ward => (
                    "a block",
                    format!("move `{word}` to the top of the policy, before every setting"),
                ),
                Form::Toml => (
                    "a table",
                    format!("move `{word} = [...]` above the first `[table]` header"),
                ),
                Form::Json => (
                    "an object",
                    format!("move `\"{word}\"` to the top-level object"),
                ),
            };
            self.diags.push(
                Local::new(
                    codes::MISPLACED_DECLARATION,
                    format!("`{word}` inside {block}"),
                )
                .at(self.src, span, "not allowed here")
                .help(help),
            );
            return;
        }
        // `allow` may repeat, one line per group of codes.
        if let Some(first) = self.first[kind].filter(|_| kind != 2) {
            self.diags.push(
                Local::new(
                    codes::DUPLICATE_DECLARATION,
                    format!("`{word}` is declared twice"),
                )
                .at(self.src, span, "second declaration")
                .label(self.src, first, "first declared here")
                .help(format!(
                    "list everything in one `{word}` line, separated by commas"
                )),
            );
            return;
        }
        self.first[kind].get_or_insert(span);
        if self.seen_stmt {
            self.diags.push(
                Local::new(
                    codes::MISPLACED_DECLARATION,
                    format!("`{word}` after a setting"),
                )
                .at(self.src, span, "must come before every setting")
                .help("write `extends`, `targets` and `allow` first, in that order"),
            );
            return;
        }
        let later = (kind + 1..3).find_map(|k| self.first[k].map(|s| (k, s)));
        if let Some((k, at)) = later {
            self.diags.push(
                Local::new(
                    codes::MISPLACED_DECLARATION,
                    format!("`{word}` after `{}`", WORDS[k]),
                )
                .at(self.src, span, "out of order")
                .label(self.src, at, format!("`{}` declared here", WORDS[k]))
                .help("write `extends`, `targets` and `allow` in that order"),
            );
        }
    }
}
