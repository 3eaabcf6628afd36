//! A [`Report`] as Markdown, JSON or a self-contained HTML page.
//!
//! All three carry the same content: the policy and profile names, the
//! profile's version and sources, the counts and the result (`fail`,
//! `incomplete`, `warn` or `pass`: never `pass` while a requirement is `not
//! set` or `not enforced`), and one row per requirement (id, requirement
//! text, setting, bound, severity, the policy's value in the units a person
//! writes, where it was written, status, and the reason for the status).
//! Output is deterministic: rows come in catalog order and JSON keys in a
//! fixed order. The OSCAL form is [`super::oscal`].

use super::html;
use super::{Report, Row};
use serde_json::json;

/// The output forms of `ward report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => markdown(report),
        Format::Json => json(report),
        Format::Html => html::page(report),
    }
}

/// The value column: the value as written, or `(not set)`.
pub(crate) fn value_text(row: &Row) -> String {
    row.value
        .as_ref()
        .map(|v| v.human())
        .unwrap_or_else(|| "(not set)".to_string())
}

/// The overall result in one word: `fail`, `incomplete`, `warn` or `pass`
/// (see [`super::Report::result`]).
pub fn verdict(report: &Report) -> &'static str {
    report.result().as_str()
}

/// Where the value was written, or `-` when unset.
pub fn value_at(row: &Row) -> String {
    row.value_at
        .as_ref()
        .map(|p| p.to_string())
        .unwrap_or_else(|| "-".to_string())
}

/// One line of counts:
/// `10 requirements: 7 pass, 1 fail, 0 warn, 1 not set, 1 not enforced`.
pub(crate) fn summary_line(report: &Report) -> String {
    let c = report.counts();
    format!(
        "{} requirements: {} pass, {} fail, {} warn, {} not set, {} not enforced",
        report.rows.len(),
        c.pass,
        c.fail,
        c.warn,
        c.not_set,
        c.not_enforced
    )
}

/// What `ward check --profile` adds to its human output: per policy and
/// profile, the result and counts, and each requirement that is `not
/// enforced` or `not set` with its reason (a `fail` or `warn` is already
/// one of check's diagnostics).
pub fn check_summary(reports: &[Report]) -> String {
    let mut s = String::new();
    for r in reports {
        s.push_str(&format!(
            "std:{} for `{}` ({}): report result `{}`, {}\n",
            r.profile.meta.name,
            r.policy,
            r.file,
            verdict(r),
            summary_line(r)
        ));
        for row in &r.rows {
            if matches!(
                row.status,
                super::Status::NotEnforced | super::Status::NotSet
            ) {
                s.push_str(&format!(
                    "  {} {} `{} {}`: {}\n",
                    row.status.as_str(),
                    row.req.id,
                    row.req.setting(),
                    row.req.bound_text(),
                    row.reason
                ));
            }
        }
    }
    s
}

/// A Markdown table cell: pipes escaped, newlines flattened.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn markdown(r: &Report) -> String {
    let p = &r.profile.meta;
    let mut s = format!(
        "# Compliance report: `{}` against `std:{}`\n\n",
        cell(&r.policy),
        p.name
    );
    s.push_str(&format!(
        "- Policy: `{}` (`{}`)\n",
        cell(&r.policy),
        cell(&r.file)
    ));
    s.push_str(&format!(
        "- Profile: `std:{}`: {}\n",
        p.name,
        cell(&p.title)
    ));
    s.push_str(&format!("- Version: {}\n", cell(&p.version)));
    for src in &p.sources {
        s.push_str(&format!("- Source: <{}>\n", cell(src)));
    }
    let verdict = verdict(r).to_uppercase();
    s.push_str(&format!("\n**{verdict}**: {}\n\n", summary_line(r)));
    s.push_str(&format!("{}\n\n", verdict_meaning(r)));
    s.push_str(
        "| requirement | text | setting | bound | severity | value | set at | status | reason |\n",
    );
    s.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for row in &r.rows {
        s.push_str(&format!(
            "| {} | {} | `{}` | `{}` | {} | {} | {} | {} | {} |\n",
            cell(&row.req.id),
            cell(&row.req.text),
            row.req.setting(),
            cell(&row.req.bound_text()),
            row.req.severity(),
            match &row.value {
                Some(v) => format!("`{}`", cell(&v.human())),
                None => "(not set)".to_string(),
            },
            cell(&value_at(row)),
            bold_status(row),
            cell(&row.reason)
        ));
    }
    s
}

/// What the result word means, for the reader of the report.
pub(crate) fn verdict_meaning(r: &Report) -> &'static str {
    match r.result() {
        super::Verdict::Fail => {
            "A requirement of error severity is `fail` or `not enforced`."
        }
        super::Verdict::Incomplete => {
            "Nothing fails, but some requirements are `not set` (they cannot be verified) or `not enforced` (a target defeats them): the policy is not shown to comply."
        }
        super::Verdict::Warn => "Every requirement holds except recommendations (`warn`).",
        super::Verdict::Pass => "Every requirement holds.",
    }
}

fn bold_status(row: &Row) -> String {
    match row.status {
        super::Status::Pass => "pass".to_string(),
        st => format!("**{}**", st.as_str()),
    }
}

fn json(r: &Report) -> String {
    let p = &r.profile.meta;
    let c = r.counts();
    let rows: Vec<serde_json::Value> = r
        .rows
        .iter()
        .map(|row| {
            json!({
                "id": row.req.id,
                "standard": row.req.standard,
                "text": row.req.text,
                "setting": row.req.setting(),
                "bound": row.req.bound_text(),
                "severity": row.req.severity(),
                "value": row.value.as_ref().map(|v| v.human()),
                "value_at": row.value_at.as_ref().map(|p| p.to_string()),
                "bound_at": row.bound_at.to_string(),
                "status": row.status.as_str(),
                "reason": row.reason,
            })
        })
        .collect();
    let doc = json!({
        "policy": { "name": r.policy, "file": r.file },
        "profile": {
            "name": p.name,
            "title": p.title,
            "version": p.version,
            "sources": p.sources,
        },
        "summary": {
            "requirements": r.rows.len(),
            "pass": c.pass,
            "fail": c.fail,
            "warn": c.warn,
            "not_set": c.not_set,
            "not_enforced": c.not_enforced,
            "result": verdict(r),
        },
        "requirements": rows,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
