//! A [`Report`] as an OSCAL assessment-results document (JSON).
//!
//! The document is OSCAL [`OSCAL_VERSION`], the version compliance-trestle
//! 5.2 reads (it accepts 1.2.0 and 1.2.1 only). Its parts:
//!
//! - `metadata`: title, the evidence time as `last-modified`, ward's
//!   version as the document version.
//! - `import-ap`: there is no separate assessment plan; the plan is the
//!   built-in profile, which the `back-matter` describes (title, version,
//!   sources), so `import-ap` points at that resource.
//! - `local-definitions.objectives-and-methods`: one objective per
//!   requirement row (a bound of the profile), grouped under a control per
//!   requirement id (`req-8.3.4`).
//! - one `result` whose `reviewed-controls` are those controls, with one
//!   `observation` per row (the policy's value, the bound, the status, and
//!   as evidence where the value and the bound were written) and one
//!   `finding` per row that is not `pass`, targeting its objective with
//!   status `not-satisfied` and the reason (`not enforced` too: the value
//!   holds, but a target defeats it).
//! - `back-matter`: the profile, and each policy file with its SHA-256.
//!
//! Identifiers are UUIDv5 of stable names (the profile, the entry file
//! relative to the root directory, the requirement), so the same
//! requirement keeps its UUID across revisions; the document's own UUID
//! also covers the files' hashes and the time, so a new revision gets a new
//! one. Times come from [`super::stamp`]. Nothing depends on the clock, the
//! current directory or hash-map order: the same input gives the same bytes.

use super::render::value_text;
use super::{Report, Row, Status};
use serde_json::{json, Value as Json};
use uuid::Uuid;

/// The OSCAL version written in `metadata.oscal-version`.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of ward's own `props` (OSCAL requires one for names it
/// does not define).
pub(crate) const NS: &str = "urn:ward:oscal";

/// The UUIDv5 namespace of every identifier ward writes.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes())
}

fn id(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// A token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`): other characters become `_`.
fn token(s: &str) -> String {
    let mut t: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !t.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        t.insert(0, '_');
    }
    t
}

/// The control of a requirement id: `8.3.4` → `req-8.3.4`.
pub(crate) fn control_id(requirement: &str) -> String {
    token(&format!("req-{requirement}"))
}

/// The objective of one row: `req-8.3.4_obj.lockout.threshold.le`, with
/// `.warn` for a warn bound.
pub(crate) fn objective_id(row: &Row) -> String {
    let op = match row.req.bound.op {
        crate::model::BoundOp::Ge => "ge",
        crate::model::BoundOp::Le => "le",
        crate::model::BoundOp::Eq => "eq",
    };
    let warn = if row.req.severity() == "warn" {
        ".warn"
    } else {
        ""
    };
    token(&format!(
        "{}_obj.{}.{op}{warn}",
        control_id(&row.req.id),
        row.req.setting()
    ))
}

fn prop(name: &str, value: &str) -> Json {
    json!({ "name": name, "ns": NS, "value": value })
}

/// The document, pretty-printed with a final newline. `time` is the
/// evidence time in seconds since 1970 (see [`super::stamp`]).
pub fn document(r: &Report, time: u64) -> String {
    let ts = super::stamp::rfc3339(time);
    let p = &r.profile.meta;
    let entry = r.files.first().map(|f| f.name.as_str()).unwrap_or(&r.file);
    let base = format!("std:{}/{entry}/{}", p.name, r.policy);
    let profile_res = id(&format!("profile/std:{}", p.name));
    let file_res = |name: &str| id(&format!("file/{name}"));

    let mut controls: Vec<(String, Vec<&Row>)> = Vec::new();
    for row in &r.rows {
        let c = control_id(&row.req.id);
        match controls.iter_mut().find(|(k, _)| *k == c) {
            Some((_, rows)) => rows.push(row),
            None => controls.push((c, vec![row])),
        }
    }
    let objectives: Vec<Json> = controls
        .iter()
        .map(|(c, rows)| {
            let parts: Vec<Json> = rows
                .iter()
                .map(|row| {
                    json!({
                        "id": objective_id(row),
                        "name": "objective",
                        "prose": format!(
                            "`{} {}` ({}): {}",
                            row.req.setting(),
                            row.req.bound_text(),
                            row.req.severity(),
                            row.req.text
                        ),
                    })
                })
                .collect();
            json!({
                "control-id": c,
                "description": format!("{} {}", rows[0].req.standard, rows[0].req.id),
                "parts": parts,
            })
        })
        .collect();

    let observations: Vec<Json> = r
        .rows
        .iter()
        .map(|row| observation(row, &base, &ts, &profile_res, &file_res))
        .collect();
    let findings: Vec<Json> = r
        .rows
        .iter()
        .filter(|row| row.status != Status::Pass)
        .map(|row| finding(row, &base))
        .collect();

    let summary = super::render::summary_line(r);
    let verdict = super::render::verdict(r);
    let mut result = json!({
        "uuid": id(&format!("{base}/result")),
        "title": format!("`{}` against std:{}", r.policy, p.name),
        "description": format!(
            "Each requirement of std:{} ({}) checked by ward against the resolved policy `{}` ({entry}): {summary}.",
            p.name, p.title, r.policy
        ),
        "start": ts,
        "end": ts,
        "props": [prop("result", verdict)],
        "reviewed-controls": {
            "description": format!("The requirements of std:{}, one control per requirement id.", p.name),
            "control-selections": [{
                "include-controls": controls
                    .iter()
                    .map(|(c, _)| json!({ "control-id": c }))
                    .collect::<Vec<_>>(),
            }],
        },
        "observations": observations,
    });
    if !findings.is_empty() {
        result["findings"] = Json::Array(findings);
    }

    let mut resources = vec![{
        let mut res = json!({
            "uuid": profile_res,
            "title": format!("std:{}: {}", p.name, p.title),
            "description": format!(
                "The built-in profile std:{} of ward {}, version: {}.",
                p.name,
                env!("CARGO_PKG_VERSION"),
                p.version
            ),
            "props": [prop("profile-version", &p.version)],
        });
        if !p.sources.is_empty() {
            res["rlinks"] = p.sources.iter().map(|s| json!({ "href": s })).collect();
        }
        res
    }];
    for f in &r.files {
        resources.push(json!({
            "uuid": file_res(&f.name),
            "title": f.name,
            "description": "A policy file, relative to the root directory.",
            "rlinks": [{
                "href": f.name,
                "media-type": "text/plain",
                "hashes": [{ "algorithm": "SHA-256", "value": f.sha256 }],
            }],
        }));
    }

    let digest: Vec<&str> = r.files.iter().map(|f| f.sha256.as_str()).collect();
    let doc = json!({
        "assessment-results": {
            "uuid": id(&format!("{base}/{}/{ts}/{}", digest.join(","), env!("CARGO_PKG_VERSION"))),
            "metadata": {
                "title": format!("Compliance report: `{}` against std:{}", r.policy, p.name),
                "last-modified": ts,
                "version": env!("CARGO_PKG_VERSION"),
                "oscal-version": OSCAL_VERSION,
                "remarks": format!("Written by ward {}. {verdict}: {summary}.", env!("CARGO_PKG_VERSION")),
            },
            "import-ap": {
                "href": format!("#{profile_res}"),
                "remarks": format!(
                    "ward has no separate assessment plan: the plan is the built-in profile std:{}, described in back-matter.",
                    p.name
                ),
            },
            "local-definitions": { "objectives-and-methods": objectives },
            "results": [result],
            "back-matter": { "resources": resources },
        }
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn observation(
    row: &Row,
    base: &str,
    ts: &str,
    profile_res: &str,
    file_res: &dyn Fn(&str) -> String,
) -> Json {
    let obj = objective_id(row);
    let mut props = vec![
        prop("requirement", &row.req.id),
        prop("setting", &row.req.setting()),
        prop("bound", &row.req.bound_text()),
        prop("severity", row.req.severity()),
    ];
    if let Some(v) = &row.value {
        props.push(prop("value", &v.human()));
    }
    props.push(prop("status", row.status.as_str()));
    let mut evidence = Vec::new();
    match (&row.value, &row.value_at) {
        (Some(v), Some(at)) => evidence.push(json!({
            "href": format!("#{}", file_res(&at.file)),
            "description": format!("`{} = {}`, written at {at}.", row.req.setting(), v.human()),
        })),
        _ => evidence.push(json!({
            "description": format!("No file of the policy's chain sets `{}`.", row.req.setting()),
        })),
    }
    evidence.push(json!({
        "href": format!("#{profile_res}"),
        "description": format!(
            "The bound `{} {}`, written at {}.",
            row.req.setting(),
            row.req.bound_text(),
            row.bound_at
        ),
    }));
    json!({
        "uuid": id(&format!("{base}/observation/{obj}")),
        "title": format!("{} `{} {}`", row.req.id, row.req.setting(), row.req.bound_text()),
        "description": format!(
            "{} {}: {}. The policy's value is {}: {}, because {}.",
            row.req.standard,
            row.req.id,
            row.req.text,
            value_text(row),
            row.status.as_str(),
            row.reason
        ),
        "props": props,
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "relevant-evidence": evidence,
        "collected": ts,
    })
}

fn finding(row: &Row, base: &str) -> Json {
    let obj = objective_id(row);
    // OSCAL's reasons are `pass`, `fail` and `other`: a broken bound is a
    // failure; `not set` (cannot be verified) and `not enforced` (the value
    // holds, a target defeats it) are neither, and the remarks say which.
    let token = match row.status {
        Status::Fail | Status::Warn => "fail",
        Status::NotSet | Status::NotEnforced | Status::Pass => "other",
    };
    json!({
        "uuid": id(&format!("{base}/finding/{obj}")),
        "title": format!(
            "{} `{} {}`: {}",
            row.req.id,
            row.req.setting(),
            row.req.bound_text(),
            row.status.as_str()
        ),
        "description": format!("{} {}: {}.", row.req.standard, row.req.id, row.req.text),
        "props": [prop("status", row.status.as_str())],
        "target": {
            "type": "objective-id",
            "target-id": obj,
            "status": {
                "state": "not-satisfied",
                "reason": token,
                "remarks": row.reason,
            },
        },
        "related-observations": [{ "observation-uuid": id(&format!("{base}/observation/{obj}")) }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_start_with_a_letter() {
        assert_eq!(control_id("8.3.4"), "req-8.3.4");
        assert_eq!(token("9 lives"), "_9_lives");
        assert_eq!(
            token("integrations.\"ms-teams\".enabled"),
            "integrations._ms-teams_.enabled"
        );
    }

    #[test]
    fn identifiers_are_stable_uuid_v5() {
        let a = id("std:pci-dss-4.0/p.ward/p/result");
        assert_eq!(a, id("std:pci-dss-4.0/p.ward/p/result"));
        assert_ne!(a, id("std:pci-dss-4.0/q.ward/p/result"));
        assert_eq!(a.as_bytes()[14], b'5', "{a} is not version 5");
    }
}
