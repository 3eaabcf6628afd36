//! The built-in profiles, embedded from `policies/std/` at build time.
//!
//! Each profile is a `.ward` file whose first comment lines carry its
//! metadata: `# title: …`, `# version: …` and one or more `# source: …`.
//!
//! A run does not parse the profiles it reaches: their lowered form is
//! committed beside this file (`stdlib/lowered.rs`, written by
//! `UPDATE_DOCS=1 cargo test --lib resolve::stdlib`, see `stdlib/codegen.rs`)
//! and used when it was made from the very text embedded ([`lowered`]);
//! a profile edited since is parsed at run time, and the test that
//! compares the committed file with a fresh lowering fails until it is
//! written again. The `.ward` files stay the one source of truth.

#[cfg(test)]
#[allow(clippy::panic)] // tests fail by panicking
mod codegen;
// Generated; the test compares it with what `codegen.rs` writes, as is.
#[rustfmt::skip]
mod lowered;

use super::doc::{BoundStmt, Doc};
use crate::catalog::SettingId;
use crate::diag::Severity;
use crate::model::{BoundOp, SettingKey};
use crate::source::{Span, Spanned};
use crate::value::Value;

include!(concat!(env!("OUT_DIR"), "/std_profiles.rs"));

/// One profile in `stdlib/lowered.rs`: its name, the hash of the text it
/// was lowered from, and the function that builds its lowering.
type Lowering = (&'static str, u64, fn() -> Doc);

/// A built-in profile's source and header metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: &'static str,
    pub text: &'static str,
    pub title: String,
    pub version: String,
    pub sources: Vec<String>,
}

/// The text of `std:NAME`.
pub fn get(name: &str) -> Option<&'static str> {
    PROFILES
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|(_, t, _)| *t)
}

/// Every profile name, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    PROFILES.iter().map(|(n, ..)| *n)
}

/// `std:NAME` as lowering its text gives it, without parsing: the
/// committed lowering, when it was made from the text embedded (same
/// hash). `None` otherwise (the caller parses the text), and for a name
/// that is no profile.
pub(crate) fn lowered(name: &str) -> Option<Doc> {
    let (_, _, hash) = PROFILES.iter().find(|(n, ..)| *n == name)?;
    let (_, made_from, make) = lowered::LOWERED.iter().find(|(n, ..)| *n == name)?;
    (made_from == hash).then(make)
}

/// FNV-1a (64 bits) of a profile's text, as `build.rs` computes it.
#[cfg(test)]
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

// What `stdlib/lowered.rs` is written with: one short call per statement.

/// A span.
const fn at(start: u32, end: u32) -> Span {
    Span { start, end }
}

/// A name or a reference as written, with its span.
fn named(s: &str, span: Span) -> Spanned<String> {
    Spanned::new(s.to_string(), span)
}

/// `PATH OP VALUE [warn] [because "…"]`.
fn bound(
    id: SettingId,
    op: BoundOp,
    value: Value,
    severity: Severity,
    because: Option<&str>,
    span: Span,
    value_span: Span,
) -> BoundStmt {
    BoundStmt {
        key: SettingKey::plain(id),
        op,
        value,
        severity,
        because: because.map(str::to_string),
        span,
        value_span,
    }
}

/// A profile with its header read.
pub fn profile(name: &str) -> Option<Profile> {
    let (name, text, _) = PROFILES.iter().find(|(n, ..)| *n == name)?;
    let mut p = Profile {
        name,
        text,
        title: String::new(),
        version: String::new(),
        sources: Vec::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(v) = line.strip_prefix("title:") {
            p.title = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("version:") {
            p.version = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("source:") {
            p.sources.push(v.trim().to_string());
        }
    }
    Some(p)
}
