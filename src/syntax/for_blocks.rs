//! What a `for TARGET { … }` block may hold (section 10 of the language
//! reference): values, and blocks of values, only.
//!
//! The grammar reads any statement inside a `for` block, so that the
//! message can say why it is refused:
//!
//! - a bound (`>=`, `<=`, `==`, `in`) inside `for` is `E0108`: bounds apply
//!   to every target's values, so there is no bound for one target;
//! - a `for` inside a `for`, or inside a setting block, is `E0108`: a `for`
//!   block is written at the top level of the policy;
//! - `extends`, `targets` or `allow` inside `for` is `E0105`, as inside any
//!   block.
//!
//! These are syntax-phase errors, found on the tree alone, so every tool
//! that parses a file sees them. Lowering skips what they refuse.

use super::ast::{File, ForBlock, Item, StmtKind};
use super::Form;
use crate::diag::{codes, Here, Local};
use crate::source::Span;

/// Every problem with the `for` blocks of `file`.
pub(crate) fn check(form: Form, file: &File) -> Vec<Local> {
    let Some(policy) = &file.policy else {
        return Vec::new();
    };
    let mut cx = Check {
        form,
        diags: Vec::new(),
    };
    for item in &policy.items {
        match item {
            Item::For(f) => cx.inside(f, &f.items),
            Item::Stmt(s) => {
                if let StmtKind::Block { items } = &s.kind {
                    cx.outside(items);
                }
            }
            _ => {}
        }
    }
    cx.diags
}

struct Check {
    form: Form,
    diags: Vec<Local>,
}

impl Check {
    /// The words of this form for "a `for` block" and "a block".
    fn words(&self) -> (&'static str, &'static str) {
        match self.form {
            Form::Ward => ("a `for` block", "a block"),
            Form::Toml => ("a `for` table", "a table"),
            Form::Json => ("a `for` object", "an object"),
        }
    }

    /// `for` written inside a setting block.
    fn outside(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::For(f) => {
                    let (_, block) = self.words();
                    self.diags.push(
                        Local::new(codes::FOR_CONTENT, format!("`for` inside {block}"))
                            .at(Here, f.head, "not allowed here")
                            .help(
                                "write `for TARGET { … }` at the top level of the policy, with full setting paths inside",
                            ),
                    );
                }
                Item::Stmt(s) => {
                    if let StmtKind::Block { items } = &s.kind {
                        self.outside(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// The items of `block` (or of a setting block inside it).
    fn inside(&mut self, block: &ForBlock, items: &[Item]) {
        let (for_block, _) = self.words();
        let target = &block.target.node;
        for item in items {
            match item {
                Item::Stmt(s) => match &s.kind {
                    StmtKind::Block { items } => self.inside(block, items),
                    StmtKind::Assign { .. } => {}
                    StmtKind::Compare { op, .. } => self.bound(block, s.span, op.span),
                    StmtKind::Range { op_span, .. } => self.bound(block, s.span, *op_span),
                },
                Item::For(inner) => self.diags.push(
                    Local::new(
                        codes::FOR_CONTENT,
                        format!("`for` inside {for_block}"),
                    )
                    .at(Here, inner.head, "not allowed here")
                    .label(Here, block.head, format!("inside this `for {target}`"))
                    .help(
                        "`for` blocks do not nest: write each target's block at the top level of the policy",
                    ),
                ),
                Item::Extends { span, .. } | Item::Targets { span, .. } | Item::Allow { span, .. } => {
                    let word = match item {
                        Item::Extends { .. } => "extends",
                        Item::Targets { .. } => "targets",
                        _ => "allow",
                    };
                    let help = match word {
                        "allow" => format!(
                            "move `allow` to the top of the policy; `allow … for {target}` limits it to this target"
                        ),
                        _ => format!(
                            "move `{word}` to the top of the policy, before every setting: it applies to every target"
                        ),
                    };
                    self.diags.push(
                        Local::new(
                            codes::MISPLACED_DECLARATION,
                            format!("`{word}` inside {for_block}"),
                        )
                        .at(Here, *span, "not allowed here")
                        .label(Here, block.head, format!("inside this `for {target}`"))
                        .help(help),
                    );
                }
            }
        }
    }

    fn bound(&mut self, block: &ForBlock, stmt: Span, op: Span) {
        let (for_block, _) = self.words();
        let target = &block.target.node;
        let help = match self.form {
            Form::Ward => "a bound applies to every target's values: move it out of the `for` block, or set a value here with `=`",
            Form::Toml => "a bound applies to every target's values: move it to a top-level `[[bounds]]` table, or set a value here",
            Form::Json => "a bound applies to every target's values: move it to the top-level `\"bounds\"` list, or set a value here",
        };
        self.diags.push(
            Local::new(codes::FOR_CONTENT, format!("a bound inside {for_block}"))
                .at(Here, if op.is_empty() { stmt } else { op }, "a bound")
                .label(Here, block.head, format!("inside this `for {target}`"))
                .help(help),
        );
    }
}
