//! A built-in profile as a list of requirements.
//!
//! Every bound of a profile carries `because "STANDARD VERSION REQ-ID: text"`.
//! This module resolves `std:NAME`, walks the effective bounds of the
//! resolved profile (bounds inherited from a parent profile included) and
//! splits each `because` text into the standard, the requirement id (the
//! token right before the colon) and the requirement text. `ward profiles
//! NAME`, `ward report` and the profile tests read this, never the
//! profile's text.

use crate::diag::Severity;
use crate::model::{Bound, Resolved, SettingKey};
use crate::resolve::loader::{FileKey, RealFs};
use crate::resolve::stdlib::{self, Profile};
use crate::resolve::Session;
use std::path::PathBuf;
use std::sync::Arc;

/// One requirement: one bound of the profile, with its citation split up.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// `8.3.4`, `V6.2.1`: the token right before the colon.
    pub id: String,
    /// `PCI DSS v4.0`: what comes before the id.
    pub standard: String,
    /// The requirement in short, after the colon.
    pub text: String,
    pub key: SettingKey,
    pub bound: Bound,
}

impl Requirement {
    /// `password.min_length`.
    pub fn setting(&self) -> String {
        self.key.path()
    }

    /// `>= 12`, in the units a person writes.
    pub fn bound_text(&self) -> String {
        self.bound.describe()
    }

    /// `error` or `warn`.
    pub fn severity(&self) -> &'static str {
        match self.bound.severity {
            Severity::Error => "error",
            Severity::Warning => "warn",
        }
    }
}

/// A profile with its header and requirements.
#[derive(Clone, Debug)]
pub struct ProfileInfo {
    pub meta: Profile,
    /// The free-form header notes, one string per paragraph.
    pub notes: Vec<String>,
    /// Every bound, in catalog order, error bounds before warn bounds.
    pub requirements: Vec<Requirement>,
}

/// Splits `"PCI DSS v4.0 8.3.4: lock out after …"` into
/// `("PCI DSS v4.0", "8.3.4", "lock out after …")`. `None` when the text has
/// no colon or nothing before it.
pub fn split_because(text: &str) -> Option<(String, String, String)> {
    let (head, rest) = text.split_once(':')?;
    let head = head.trim();
    let (standard, id) = match head.rsplit_once(char::is_whitespace) {
        Some((s, id)) => (s.trim(), id),
        None => ("", head),
    };
    if id.is_empty() {
        return None;
    }
    Some((
        standard.to_string(),
        id.to_string(),
        rest.trim().to_string(),
    ))
}

/// The canonical name of a built-in profile given as `NAME` or `std:NAME`;
/// `Err` carries a did-you-mean help text.
pub fn profile_name(input: &str) -> Result<&'static str, String> {
    let name = input.strip_prefix("std:").unwrap_or(input);
    match stdlib::names().find(|n| *n == name) {
        Some(n) => Ok(n),
        None => Err(crate::diag::suggest::did_you_mean(name, stdlib::names())
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| "`ward profiles` lists the built-in profiles".to_string())),
    }
}

/// The requirements of a resolved profile: every effective bound that cites
/// one, once. Bounds without a `because` are skipped (the profile tests
/// fail on them).
pub fn requirements(resolved: &Resolved) -> Vec<Requirement> {
    let mut out = Vec::new();
    for (key, bounds) in &resolved.bounds {
        for b in bounds.iter() {
            let Some((standard, id, text)) = b.because.as_deref().and_then(split_because) else {
                continue;
            };
            // An `==` bound narrows both ends of an ordered setting: one
            // requirement, stored twice.
            if out.iter().any(|r: &Requirement| {
                r.key == *key && r.bound.origin == b.origin && r.bound.op == b.op
            }) {
                continue;
            }
            out.push(Requirement {
                id,
                standard,
                text,
                key: key.clone(),
                bound: b.clone(),
            });
        }
    }
    out
}

/// The header notes: every comment line before the policy that is not a
/// `title`, `version` or `source` line, in paragraphs.
pub fn notes(text: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if ["title:", "version:", "source:"]
            .iter()
            .any(|p| line.starts_with(p))
        {
            continue;
        }
        if line.is_empty() {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(line);
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    paras
}

/// Resolves `std:NAME` on its own and lists its requirements. `None` for an
/// unknown name or a profile that does not resolve (a bug in the profile).
pub fn load(name: &str) -> Option<ProfileInfo> {
    let name = profile_name(name).ok()?;
    let meta = stdlib::profile(name)?;
    let mut session = Session::new(&RealFs, PathBuf::from("."));
    let resolved: Arc<Resolved> = session.resolve(&FileKey::Std(name.to_string()))?;
    Some(ProfileInfo {
        notes: notes(meta.text),
        requirements: requirements(&resolved),
        meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_citations() {
        let s = split_because("PCI DSS v4.0 8.3.4: lock out after 10");
        assert_eq!(
            s,
            Some((
                "PCI DSS v4.0".into(),
                "8.3.4".into(),
                "lock out after 10".into()
            ))
        );
        assert_eq!(split_because("no colon here"), None);
    }

    #[test]
    fn every_profile_loads_with_requirements() {
        for n in stdlib::names() {
            let p = load(n);
            assert!(p.is_some_and(|p| !p.requirements.is_empty()), "{n}");
        }
    }

    #[test]
    fn suggests_profile_names() {
        assert_eq!(profile_name("std:pci-dss-4.0"), Ok("pci-dss-4.0"));
        assert!(profile_name("pci-dss-4").is_err_and(|h| h.contains("pci-dss-4.0")));
    }
}
