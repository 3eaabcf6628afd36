//! A lowered policy file: the syntax tree given meaning, one file at a time.
//!
//! Lowering (in [`super::lower`]) turns paths into catalog settings and
//! written values into [`Value`]s. What it produces is still one file's
//! statements: `extends` has not been followed yet.

use crate::diag::Severity;
use crate::model::{Bound, BoundOp, Origin, SettingKey};
use crate::source::{SourceId, Span, Spanned};
use crate::value::Value;

/// One file's policy, typed but not yet resolved. Spans are into the file's
/// text: the file has no [`SourceId`] until the session adds it.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub name: Spanned<String>,
    /// `extends` references, as written (unescaped).
    pub extends: Vec<Spanned<String>>,
    pub targets: Vec<Spanned<String>>,
    /// The whole `targets` line.
    pub targets_line: Option<Span>,
    /// The file's `allow` lines, in order.
    pub allow: Vec<AllowRule>,
    pub values: Vec<Assignment>,
    pub bounds: Vec<BoundStmt>,
    /// The file's `for TARGET { … }` blocks, in order.
    pub for_blocks: Vec<ForDoc>,
}

/// One `for TARGET { … }` block: values for a target or a group. Which
/// targets the name stands for is resolution's to say (the run's targets
/// include `--target-file` descriptors).
#[derive(Clone, Debug)]
pub struct ForDoc {
    /// The target or group, as written.
    pub target: Spanned<String>,
    /// `for TARGET`.
    pub head: Span,
    pub values: Vec<Assignment>,
}

/// A bound as written in the file: `PATH >= VALUE [warn] [because "…"]`
/// (an `in` range gives one of each end).
#[derive(Clone, Debug)]
pub struct BoundStmt {
    pub key: SettingKey,
    pub op: BoundOp,
    pub value: Value,
    pub severity: Severity,
    pub because: Option<String>,
    /// The value and operator as written.
    pub span: Span,
}

impl BoundStmt {
    /// The bound, written in the file `source`.
    pub(crate) fn in_file(&self, source: SourceId) -> Bound {
        Bound {
            op: self.op,
            value: self.value.clone(),
            severity: self.severity,
            because: self.because.clone(),
            origin: Origin {
                source,
                span: self.span,
            },
        }
    }
}

/// `PATH = VALUE`.
#[derive(Clone, Debug)]
pub struct Assignment {
    pub key: SettingKey,
    pub value: Value,
    /// The value as written.
    pub span: Span,
    /// The setting's path as written (for labels that name the setting).
    pub path_span: Span,
}

/// One `allow CODE, … [on PATH, …] [for TARGET, …] [because "TEXT"]`.
#[derive(Clone, Debug)]
pub struct AllowRule {
    /// The warning codes it silences (error codes were refused).
    pub codes: Vec<Spanned<crate::diag::Code>>,
    /// The settings it is limited to, as canonical paths: a section
    /// (`session`), a setting (`session.idle_timeout`), an integration
    /// (`integrations.cal`) or one of its settings. Empty: every setting.
    pub on: Vec<Spanned<String>>,
    /// The targets it is limited to, as written (groups expand when it is
    /// applied). Empty: every target, and findings about no target.
    pub targets: Vec<Spanned<String>>,
    pub because: Option<String>,
    pub span: Span,
}

impl AllowRule {
    /// Does the rule's `on` list cover the setting at `path` (a canonical
    /// path: `session.idle_timeout`)? A section covers its settings.
    pub(crate) fn covers_path(&self, path: &str) -> bool {
        self.on.is_empty()
            || self.on.iter().any(|p| {
                path == p.node
                    || path
                        .strip_prefix(p.node.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
    }
}
