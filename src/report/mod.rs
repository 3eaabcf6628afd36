//! Compliance reports: one policy against one built-in profile.
//!
//! The policy is resolved exactly as `ward check --profile NAME` resolves it
//! (the same [`driver`] run, with the profile added to `extends`), and each
//! requirement of the profile becomes one [`Row`]:
//!
//! - `fail`: a finding of that run breaks the requirement's bound (E0301,
//!   E0302, E0406), or the resolved value breaks an error bound (it may
//!   break a stricter bound of the policy's own, which is then the one check
//!   cites);
//! - `warn`: the same for a `warn` bound (W0301);
//! - `not set`: the policy leaves the setting unset;
//! - `not enforced`: the value meets the bound, but a finding of the run says
//!   the bound is not enforced (a renewing client defeats an upper bound on
//!   the idle timeout, W0505; a target cannot hold the value or imposes a
//!   looser fixed behaviour; no target supports the setting);
//! - `pass`: otherwise.
//!
//! The statuses are read from the run's findings, the same ones `check`
//! reports, never from rendered diagnostics: every requirement check fails
//! on has a `fail` row, a `fail` row always comes with an error from check,
//! and a warning that a bound is not enforced never sits beside a `pass`.
//! Each row keeps the findings that decided it. The renderers live in
//! [`render`].

pub mod html;
pub mod profile;
pub mod render;

use crate::diag::Severity;
use crate::driver::{self, Options, Outcome};
use crate::finding::Finding;
use crate::model::Resolved;
use crate::value::Value;
use profile::{ProfileInfo, Requirement};
use std::path::Path;

/// The state of one requirement in one policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Pass,
    Fail,
    Warn,
    NotSet,
    NotEnforced,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::NotSet => "not set",
            Status::NotEnforced => "not enforced",
        }
    }
}

/// One requirement with the policy's value and its status.
#[derive(Clone, Debug)]
pub struct Row {
    pub req: Requirement,
    /// The resolved value, `None` when unset.
    pub value: Option<Value>,
    pub status: Status,
    /// The findings of the run that decided the status (empty for `pass`
    /// and `not set`).
    pub findings: Vec<Finding>,
}

/// How many rows have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub not_set: usize,
    pub not_enforced: usize,
}

/// A policy checked against a profile.
#[derive(Clone, Debug)]
pub struct Report {
    /// The policy's name and its file as given.
    pub policy: String,
    pub file: String,
    pub profile: ProfileInfo,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.status {
                Status::Pass => c.pass += 1,
                Status::Fail => c.fail += 1,
                Status::Warn => c.warn += 1,
                Status::NotSet => c.not_set += 1,
                Status::NotEnforced => c.not_enforced += 1,
            }
        }
        c
    }

    pub fn has_failures(&self) -> bool {
        self.rows.iter().any(|r| r.status == Status::Fail)
    }
}

/// Checks `file` against the built-in profile `name` (with or without
/// `std:`). The outcome is that of `ward check --profile NAME FILE`; the
/// report is `None` when the name is unknown or the policy did not resolve
/// (the reasons are in the outcome).
pub fn run(file: &Path, name: &str, opts: &Options) -> (Option<Report>, Outcome) {
    let Ok(name) = profile::profile_name(name) else {
        return (None, Outcome::default());
    };
    let opts = Options {
        profiles: vec![name.to_string()],
        ..opts.clone()
    };
    let out = driver::build(file, &opts);
    let report = out.policies.first().and_then(|policy| {
        let meta = crate::resolve::stdlib::profile(name)?;
        let std_name = format!("std:{name}");
        let prof = find_parent(policy, &|p| {
            p.source
                .is_some_and(|s| out.sources.get(s).name == std_name)
        })?;
        let info = ProfileInfo {
            notes: profile::notes(meta.text),
            requirements: profile::requirements(prof),
            meta,
        };
        Some(build(policy, info, &out.findings, file))
    });
    (report, out)
}

/// The nearest ancestor of `policy` (itself excluded) that `pred` accepts.
fn find_parent<'a>(policy: &'a Resolved, pred: &dyn Fn(&Resolved) -> bool) -> Option<&'a Resolved> {
    for p in &policy.parents {
        if pred(&p.policy) {
            return Some(&p.policy);
        }
    }
    policy
        .parents
        .iter()
        .find_map(|p| find_parent(&p.policy, pred))
}

/// The rows of `policy` (resolved with the profile) against the profile's
/// requirements, given the findings of that resolution.
pub fn build(policy: &Resolved, info: ProfileInfo, findings: &[Finding], file: &Path) -> Report {
    let rows = info
        .requirements
        .iter()
        .map(|req| {
            let value = policy.value(&req.key).cloned();
            let broken = value
                .as_ref()
                .is_some_and(|v| crate::validate::breaks(req.key.setting(), v, &req.bound));
            let breaking: Vec<Finding> = findings
                .iter()
                .filter(|f| {
                    f.broken_bounds()
                        .iter()
                        .any(|b| b.origin == req.bound.origin)
                })
                .cloned()
                .collect();
            let unenforced: Vec<Finding> = findings
                .iter()
                .filter(|f| {
                    f.unenforced()
                        .is_some_and(|u| u.covers(&req.key, &req.bound))
                })
                .cloned()
                .collect();
            let (status, findings) = match (!breaking.is_empty() || broken, req.bound.severity) {
                (true, Severity::Error) => (Status::Fail, breaking),
                (true, Severity::Warning) => (Status::Warn, breaking),
                (false, _) if value.is_none() => (Status::NotSet, Vec::new()),
                (false, _) if !unenforced.is_empty() => (Status::NotEnforced, unenforced),
                (false, _) => (Status::Pass, Vec::new()),
            };
            Row {
                req: req.clone(),
                value,
                status,
                findings,
            }
        })
        .collect();
    Report {
        policy: policy.name.clone(),
        file: file.display().to_string().replace('\\', "/"),
        profile: info,
        rows,
    }
}
