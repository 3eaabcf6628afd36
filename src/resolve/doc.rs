//! A lowered policy file: the syntax tree given meaning, one file at a time.
//!
//! Lowering (in [`super::lower`]) turns paths into catalog settings and
//! written values into [`Value`]s. What it produces is still one file's
//! statements: `extends` has not been followed yet.

use crate::model::{Bound, SettingKey};
use crate::source::{SourceId, Span, Spanned};
use crate::value::Value;

/// One file's policy, typed but not yet resolved.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub source: Option<SourceId>,
    pub name: Spanned<String>,
    /// `extends` references, as written (unescaped).
    pub extends: Vec<Spanned<String>>,
    pub targets: Vec<Spanned<String>>,
    /// Warning codes named by `allow`.
    pub allow: Vec<Spanned<crate::diag::Code>>,
    pub values: Vec<Assignment>,
    pub bounds: Vec<(SettingKey, Bound)>,
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
