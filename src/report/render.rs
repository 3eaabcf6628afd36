//! A [`Report`] as Markdown, JSON or a self-contained HTML page.
//!
//! All three carry the same content: the policy and profile names, the
//! profile's version and sources, the counts, and one row per requirement
//! (id, requirement text, setting, bound, severity, the policy's value in
//! the units a person writes, status). Output is deterministic: rows come in
//! catalog order and JSON keys in a fixed order.

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
pub fn value_text(row: &Row) -> String {
    row.value
        .as_ref()
        .map(|v| v.human())
        .unwrap_or_else(|| "(not set)".to_string())
}

/// The overall result in one word: `fail` when a row fails, else `pass`.
pub fn verdict(report: &Report) -> &'static str {
    if report.has_failures() {
        "fail"
    } else {
        "pass"
    }
}

/// Why a row has its status, in one sentence without a final period.
pub fn reason(row: &Row) -> String {
    let setting = row.req.setting();
    let bound = row.req.bound_text();
    let kind = match row.req.bound.severity {
        crate::diag::Severity::Error => "the bound",
        crate::diag::Severity::Warning => "the recommended (warn) bound",
    };
    match (&row.value, row.status) {
        (None, _) => format!("the policy leaves `{setting}` unset, so `{bound}` cannot be verified"),
        (Some(v), super::Status::Pass) => format!("`{setting} = {}` meets {kind} `{bound}`", v.human()),
        (Some(v), _) if crate::validate::breaks(row.req.key.setting(), v, &row.req.bound) => {
            format!("`{setting} = {}` breaks {kind} `{bound}`", v.human())
        }
        (Some(v), _) => format!(
            "`{setting} = {}` meets `{bound}`, but `ward check --profile` reports a problem citing this requirement (a bound that conflicts with it, or a merged value that breaks it)",
            v.human()
        ),
    }
}

/// One line of counts: `10 requirements: 8 pass, 1 fail, 0 warn, 1 not set`.
pub fn summary_line(report: &Report) -> String {
    let c = report.counts();
    format!(
        "{} requirements: {} pass, {} fail, {} warn, {} not set{}",
        report.rows.len(),
        c.pass,
        c.fail,
        c.warn,
        c.not_set,
        match c.not_enforced {
            0 => String::new(),
            n => format!(", {n} not enforced"),
        }
    )
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
    let verdict = if r.has_failures() { "FAIL" } else { "PASS" };
    s.push_str(&format!("\n**{verdict}**: {}\n\n", summary_line(r)));
    s.push_str("| requirement | text | setting | bound | severity | value | status |\n");
    s.push_str("|---|---|---|---|---|---|---|\n");
    for row in &r.rows {
        s.push_str(&format!(
            "| {} | {} | `{}` | `{}` | {} | {} | {} |\n",
            cell(&row.req.id),
            cell(&row.req.text),
            row.req.setting(),
            cell(&row.req.bound_text()),
            row.req.severity(),
            match &row.value {
                Some(v) => format!("`{}`", cell(&v.human())),
                None => "(not set)".to_string(),
            },
            bold_status(row)
        ));
    }
    s
}

fn bold_status(row: &Row) -> String {
    match row.status {
        super::Status::Fail => "**fail**".to_string(),
        st => st.as_str().to_string(),
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
                "status": row.status.as_str(),
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
            "result": if r.has_failures() { "fail" } else { "pass" },
        },
        "requirements": rows,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
