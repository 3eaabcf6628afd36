//! The syntax tree: what the user wrote, with the span of every node.
//!
//! The tree knows nothing of the settings catalog: a path is a list of
//! segments, a value is a quantity, string, identifier, boolean or list.
//! Giving them meaning (which setting, which unit, which type) is the job of
//! `resolve::lower`. Strings are stored unescaped; integers keep their digits
//! as written so that overflow is reported by the phase that knows the type.

use crate::source::{Span, Spanned};

/// A parsed `.ward` file. `policy` is `None` when the file could not be
/// parsed far enough to find its `policy NAME {` header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub policy: Option<Policy>,
    /// Every comment of a `.ward` file, `#` to the end of its line, in
    /// order: recorded once, while the text is scanned, for the tools that
    /// keep them (`fmt`). Empty for the TOML and JSON forms, which ward
    /// does not lay out.
    pub comments: Vec<Span>,
}

impl File {
    /// A file with no readable policy.
    pub fn empty() -> File {
        File::default()
    }
}

/// `policy NAME { ITEM* }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub name: Spanned<String>,
    /// From `policy` to the closing `}`.
    pub span: Span,
    pub items: Vec<Item>,
}

/// One statement in a policy body or a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `extends "REF", "REF"`; each reference unescaped.
    Extends {
        refs: Vec<Spanned<String>>,
        span: Span,
    },
    /// `targets NAME, NAME`.
    Targets {
        names: Vec<Spanned<String>>,
        span: Span,
    },
    /// `allow CODE, CODE [on PATH, PATH] [for TARGET, TARGET] [because "TEXT"]`.
    Allow {
        codes: Vec<Spanned<String>>,
        /// The settings (or sections, or integrations) it is limited to.
        on: Vec<Path>,
        /// The targets it is limited to.
        targets: Vec<Spanned<String>>,
        because: Option<Spanned<String>>,
        span: Span,
    },
    /// `for TARGET { ITEM* }`: values for one target or group.
    For(ForBlock),
    Stmt(Stmt),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Extends { span, .. } | Item::Targets { span, .. } | Item::Allow { span, .. } => {
                *span
            }
            Item::For(f) => f.span,
            Item::Stmt(s) => s.span,
        }
    }
}

/// `for TARGET { ITEM* }` (section 10 of the language reference). The tree
/// holds whatever was written inside; `syntax::for_blocks` reports what a
/// `for` block may not hold (bounds, declarations, another `for`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForBlock {
    /// The target or group, unescaped if it was written as a string.
    pub target: Spanned<String>,
    /// From `for` to the target's name: the place for problems of the block.
    pub head: Span,
    pub items: Vec<Item>,
    /// From `for` to the closing `}` (or the last item, if it is not closed).
    pub span: Span,
}

/// `PATH = VALUE`, `PATH OP VALUE …`, `PATH in LOW..HIGH …` or `PATH { … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    pub path: Path,
    pub kind: StmtKind,
    /// The whole statement, without its terminator.
    pub span: Span,
}

/// A dotted name: `session.idle_timeout`, `integrations."ms-teams".enabled`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// Each segment, unescaped if it was written as a string.
    pub segments: Vec<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// `PATH = VALUE`.
    Assign { value: Value },
    /// `PATH >= VALUE`, `PATH <= VALUE`, `PATH == VALUE`.
    Compare {
        op: Spanned<CmpOp>,
        value: Value,
        modifiers: Modifiers,
    },
    /// `PATH in LOW..HIGH`, either side optional (the parser reports both
    /// missing as a syntax error). `op_span` covers the `in` keyword.
    Range {
        op_span: Span,
        low: Option<Value>,
        high: Option<Value>,
        modifiers: Modifiers,
    },
    /// `PATH { ITEM* }`.
    Block { items: Vec<Item> },
}

/// The optional `warn` and `because "TEXT"` after a bound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// The span of the `warn` keyword, if present.
    pub warn: Option<Span>,
    pub because: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Ge,
    Le,
    Eq,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Ge => ">=",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
        }
    }
}

/// A value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// One or more `NUMBER [UNIT]` terms: `15`, `8h`, `1h30m`, `1d 12h`,
    /// `1.5h`. A bare integer is one term without a unit.
    Quantity(Vec<Term>),
    /// A string, unescaped.
    Str(String),
    /// An identifier: a keyword value (`never`) or an enum value (`admin`).
    Ident(String),
    Bool(bool),
    /// `[A, B, …]` on one line.
    List(Vec<Value>),
}

/// `NUMBER [UNIT]` inside a quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub number: Spanned<Number>,
    /// The unit exactly as written (`h`, `hrs`, `Min`), if any.
    pub unit: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Number {
    /// Decimal digits as written, `_` separators removed.
    Int(String),
    /// `1.5` as written: always an error, kept for a helpful message.
    Decimal(String),
}
