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
//! Each row keeps the findings that decided it, records where its value
//! and its bound were written, and the report lists the policy files with
//! their SHA-256, as evidence. The renderers live in [`render`], the OSCAL
//! writer in [`oscal`], the evidence time in [`stamp`].

pub mod evidence;
pub mod html;
pub mod oscal;
pub mod profile;
pub mod reason;
pub mod render;
pub mod stamp;

use crate::diag::Severity;
use crate::driver::{self, Options, Outcome};
use crate::finding::Finding;
use crate::model::Resolved;
use crate::source::SourceMap;
use crate::value::Value;
use evidence::policy_files;
pub use evidence::{Place, PolicyFile};
use profile::{ProfileInfo, Requirement};
use std::path::{Path, PathBuf};

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
    /// Where the value was written, `None` when unset.
    pub value_at: Option<Place>,
    /// Where the requirement's bound was written (`std:NAME`, line).
    pub bound_at: Place,
    pub status: Status,
    /// Why: one sentence (see [`reason`]).
    pub reason: String,
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
    /// The entry file and every file it extends (built-in profiles aside),
    /// entry first, each once.
    pub files: Vec<PolicyFile>,
    /// The root directory the names are relative to.
    pub root: PathBuf,
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

    /// Does a requirement of error severity fail or go unenforced? Then
    /// `ward report` exits with status 1.
    pub fn fails(&self) -> bool {
        self.rows.iter().any(|r| {
            r.req.bound.severity == Severity::Error
                && matches!(r.status, Status::Fail | Status::NotEnforced)
        })
    }

    /// The result of the whole report: never `pass` while a requirement is
    /// `not set` or `not enforced`.
    pub fn result(&self) -> Verdict {
        let any = |s: Status| self.rows.iter().any(|r| r.status == s);
        if self.fails() {
            Verdict::Fail
        } else if any(Status::NotSet) || any(Status::NotEnforced) {
            Verdict::Incomplete
        } else if any(Status::Warn) {
            Verdict::Warn
        } else {
            Verdict::Pass
        }
    }
}

/// The result of a report, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A requirement of error severity is `fail` or `not enforced`.
    Fail,
    /// Nothing fails, but a requirement is `not set` (it cannot be verified)
    /// or `not enforced` (a recommendation a target defeats).
    Incomplete,
    /// Every requirement holds except recommendations (`warn`).
    Warn,
    /// Every requirement is `pass`.
    Pass,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Incomplete => "incomplete",
            Verdict::Warn => "warn",
            Verdict::Pass => "pass",
        }
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
    let report = out
        .policies
        .first()
        .and_then(|policy| for_policy(policy, name, &out, &opts, file));
    (report, out)
}

/// The report of one resolved entry `policy` of the run `out` against the
/// profile `name` it was checked with; `None` when the profile is not among
/// its parents.
fn for_policy(
    policy: &Resolved,
    name: &str,
    out: &Outcome,
    opts: &Options,
    file: &Path,
) -> Option<Report> {
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
    let root = opts
        .root
        .clone()
        .unwrap_or_else(|| crate::resolve::loader::default_root(file));
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    Some(build(
        policy,
        info,
        &out.findings,
        file,
        &out.sources,
        &root,
    ))
}

/// The reports of a `ward check --profile` run: every entry policy against
/// every profile of `opts.profiles`, in that order.
pub fn of_check(out: &Outcome, opts: &Options) -> Vec<Report> {
    let mut reports = Vec::new();
    for policy in &out.policies {
        let Some(id) = policy.source else { continue };
        let file = PathBuf::from(&out.sources.get(id).name);
        for name in &opts.profiles {
            reports.extend(for_policy(policy, name, out, opts, &file));
        }
    }
    reports
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
pub fn build(
    policy: &Resolved,
    info: ProfileInfo,
    findings: &[Finding],
    file: &Path,
    sources: &SourceMap,
    root: &Path,
) -> Report {
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
                        || f.unsupported().contains(&&req.key)
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
            let reason = reason::reason(req, value.as_ref(), status, &findings, sources);
            Row {
                req: req.clone(),
                reason,
                value_at: policy
                    .values
                    .get(&req.key)
                    .map(|a| Place::of(a.origin, sources, root)),
                value,
                bound_at: Place::of(req.bound.origin, sources, root),
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
        files: policy_files(policy, sources, root),
        root: root.to_path_buf(),
    }
}
