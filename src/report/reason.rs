//! Why a requirement has its status, as one sentence for every report form.
//!
//! `pass` and a broken bound are said in the report's own words; `not
//! enforced` and a failure that no value of the policy explains (a bound of
//! the policy that conflicts with the requirement, a target default that
//! breaks it, a merge that failed) quote the findings that decided the
//! status, as the diagnostics of `ward check --profile` word them, with
//! their codes and the places they name: the same source of truth as
//! `check`.

use super::Status;
use crate::diag::Severity;
use crate::finding::Finding;
use crate::report::profile::Requirement;
use crate::source::SourceMap;
use crate::value::Value;

/// The reason for `status`, without a final period.
pub fn reason(
    req: &Requirement,
    value: Option<&Value>,
    status: Status,
    findings: &[Finding],
    sources: &SourceMap,
) -> String {
    let setting = req.setting();
    let bound = req.bound_text();
    let kind = match req.bound.severity {
        Severity::Error => "the bound",
        Severity::Warning => "the recommended (warn) bound",
    };
    let quoted = || quote(findings, sources);
    match (status, value) {
        (Status::NotSet, _) | (_, None) if findings.is_empty() => {
            format!("the policy leaves `{setting}` unset, so `{bound}` cannot be verified")
        }
        (Status::Pass, Some(v)) => format!("`{setting} = {}` meets {kind} `{bound}`", v.human()),
        (Status::Fail | Status::Warn, Some(v))
            if crate::validate::breaks(req.key.setting(), v, &req.bound) =>
        {
            format!("`{setting} = {}` breaks {kind} `{bound}`", v.human())
        }
        (Status::NotEnforced, Some(v)) => format!(
            "`{setting} = {}` meets {kind} `{bound}`, but it is not enforced: {}",
            v.human(),
            quoted()
        ),
        _ => quoted(),
    }
}

/// The findings as `check` says them: `message (CODE; label; label)`,
/// joined by `; and `.
fn quote(findings: &[Finding], sources: &SourceMap) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in findings {
        let d = f.diagnostic(sources);
        let mut s = format!("{} ({}", d.message, d.code);
        for l in &d.labels {
            if !l.message.is_empty() {
                s.push_str("; ");
                s.push_str(&l.message);
            }
        }
        s.push(')');
        if !parts.contains(&s) {
            parts.push(s);
        }
    }
    if parts.is_empty() {
        "`ward check --profile` reports a problem citing this requirement".to_string()
    } else {
        parts.join("; and ")
    }
}
