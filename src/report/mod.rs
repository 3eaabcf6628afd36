//! Compliance reports: one policy against one built-in profile.
//!
//! The policy is resolved exactly as `ward check --profile NAME` resolves it
//! (the same [`driver`] run, with the profile added to `extends`), and each
//! requirement of the profile becomes one [`Row`]:
//!
//! - `fail`: a diagnostic of that run cites the requirement's bound (E0301,
//!   E0302, E0406 label the bound they break), or the resolved value breaks
//!   an error bound (it may break a stricter bound of the policy's own, which
//!   is then the one check cites);
//! - `warn`: the same for a `warn` bound (W0301);
//! - `not set`: the policy leaves the setting unset;
//! - `pass`: otherwise.
//!
//! So every requirement check fails on has a `fail` row, and a `fail` row
//! always comes with an error from check. The renderers live in [`render`].

pub mod html;
pub mod profile;
pub mod render;

use crate::diag::{Diagnostic, Severity};
use crate::driver::{self, Options, Outcome};
use crate::model::{Origin, Resolved};
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
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::NotSet => "not set",
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
}

/// How many rows have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub not_set: usize,
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
        Some(build(policy, info, &out.diags, file))
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
/// requirements, given the diagnostics of that resolution.
pub fn build(policy: &Resolved, info: ProfileInfo, diags: &[Diagnostic], file: &Path) -> Report {
    let rows = info
        .requirements
        .iter()
        .map(|req| {
            let value = policy.value(&req.key).cloned();
            let broken = value
                .as_ref()
                .is_some_and(|v| crate::validate::breaks(req.key.setting(), v, &req.bound));
            let status = match (cited(diags, req.bound.origin) || broken, req.bound.severity) {
                (true, Severity::Error) => Status::Fail,
                (true, Severity::Warning) => Status::Warn,
                (false, _) if value.is_none() => Status::NotSet,
                (false, _) => Status::Pass,
            };
            Row {
                req: req.clone(),
                value,
                status,
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

/// Does a bound or merge diagnostic label the bound written at `origin`?
/// (Unverified-bound warnings label it too, but say nothing about a value.)
fn cited(diags: &[Diagnostic], origin: Origin) -> bool {
    use crate::diag::codes;
    diags
        .iter()
        .filter(|d| {
            [
                codes::BOUND_VIOLATED,
                codes::WARN_BOUND_VIOLATED,
                codes::BOUNDS_CONFLICT,
                codes::MERGED_OUT_OF_BOUNDS,
            ]
            .contains(&d.code)
        })
        .flat_map(|d| d.primary.iter().chain(d.labels.iter()))
        .any(|l| l.source == origin.source && l.span == origin.span)
}
