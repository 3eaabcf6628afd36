//! Every built-in profile requirement is enforced and cited.
//!
//! - Each `policies/std/tests/NAME.pass.ward` checks clean: no error, no
//!   warning.
//! - For every requirement bound of every profile, a policy is generated
//!   that extends the profile, sets the pass policy's values, and moves one
//!   value one step past that bound; the diagnostic (E0301 or W0301) must
//!   cite the bound's `because` text.
//! - `ward check --profile` and `ward report --profile` fail the same
//!   requirements.
//! - Profiles that contradict each other give E0302 naming both requirements.

// A failing test panics with its reason.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use ward::catalog::Type;
use ward::diag::render::{render, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options, Outcome};
use ward::model::{Bound, BoundOp, SettingKey};
use ward::report::profile::{self, Requirement};
use ward::resolve::stdlib;
use ward::value::Value;

fn json_diags(out: &Outcome) -> serde_json::Value {
    let summary = Summary::of(&out.diags, out.files);
    let text = render(
        Format::Json,
        &out.diags,
        &out.sources,
        &summary,
        &HumanStyle::snapshot(),
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad json ({e}): {text}"))
}

/// The diagnostics as `(code, message and label messages joined)`.
fn diag_texts(out: &Outcome) -> Vec<(String, String)> {
    let doc = json_diags(out);
    let mut v = Vec::new();
    for d in doc["diagnostics"].as_array().into_iter().flatten() {
        let mut text = d["message"].as_str().unwrap_or_default().to_string();
        for l in d["labels"].as_array().into_iter().flatten() {
            text.push('\n');
            text.push_str(l["message"].as_str().unwrap_or_default());
        }
        v.push((d["code"].as_str().unwrap_or_default().to_string(), text));
    }
    v
}

fn pass_file(name: &str) -> PathBuf {
    Path::new("policies/std/tests").join(format!("{name}.pass.ward"))
}

#[test]
fn pass_policies_check_clean() {
    let mut problems = Vec::new();
    for name in stdlib::names() {
        let out = driver::check(&[pass_file(name)], &Options::default());
        assert!(out.fatal.is_empty(), "{name}: {:?}", out.fatal);
        if !out.diags.is_empty() {
            problems.push(format!("{name}: {:#?}", diag_texts(&out)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The largest of d, h, m, s that divides `secs` (one "unit" of the bound).
fn duration_step(secs: u64) -> u64 {
    [86_400, 3_600, 60]
        .into_iter()
        .find(|u| secs % u == 0 && secs > 0)
        .unwrap_or(1)
}

/// A value of `key` one step past `b`, inside the setting's domain.
fn breaking_value(key: &SettingKey, b: &Bound) -> Value {
    let s = key.setting();
    let (min, max) = s.domain().unwrap_or((0, 0));
    let past_top = || {
        let k = s.keywords.first().copied();
        k.map(Value::Keyword)
            .unwrap_or_else(|| panic!("{}: no value above `{}`", key.path(), b.value))
    };
    match (&b.value, b.op, s.ty) {
        (Value::Duration(n), BoundOp::Ge, _) => Value::Duration(n - duration_step(*n).min(*n)),
        (Value::Duration(n), _, _) if *n >= max => past_top(),
        (Value::Duration(n), _, _) => Value::Duration(n + duration_step(*n)),
        (Value::Count(n), BoundOp::Ge, _) => Value::Count(n - 1),
        (Value::Count(n), _, _) if *n >= max => past_top(),
        (Value::Count(n), _, _) => Value::Count(n + 1),
        (Value::Keyword(_), _, Type::Duration { .. }) => Value::Duration(max),
        (Value::Keyword(_), _, _) => Value::Count(max.max(min)),
        (Value::Bool(v), _, _) => Value::Bool(!v),
        (Value::Enum(e), op, Type::Enum(names)) => {
            let i = names.iter().position(|n| n == e).unwrap_or(0);
            let j = match op {
                BoundOp::Ge => i.checked_sub(1),
                _ if i + 1 < names.len() => Some(i + 1),
                _ => i.checked_sub(1),
            };
            Value::Enum(names[j.unwrap_or_else(|| panic!("{}: no value past `{e}`", key.path()))])
        }
        (v, _, _) => panic!("{}: cannot generate a value breaking `{v}`", key.path()),
    }
}

/// A policy extending `std:NAME` with the pass policy's values, `key` set to
/// `value` instead.
fn generated(name: &str, pass: &ward::model::Resolved, key: &SettingKey, value: &Value) -> String {
    let mut s = format!("policy generated {{\n  extends \"std:{name}\"\n");
    let mut seen = false;
    for (k, a) in &pass.values {
        let v = if k == key {
            seen = true;
            value
        } else {
            &a.value
        };
        s.push_str(&format!("  {} = {v}\n", k.path()));
    }
    if !seen {
        s.push_str(&format!("  {} = {value}\n", key.path()));
    }
    s.push_str("}\n");
    s
}

#[test]
fn every_requirement_is_enforced_and_cited() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let opts = Options {
        root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in stdlib::names() {
        let info = profile::load(name).unwrap_or_else(|| panic!("{name} does not load"));
        let pass_out = driver::check(&[pass_file(name)], &Options::default());
        let pass = pass_out
            .policies
            .first()
            .unwrap_or_else(|| panic!("{name}: pass policy does not resolve"));
        // Every bound cites a requirement.
        for b in pass.bounds.values().flat_map(|b| b.iter()) {
            let cites = b.because.as_deref().and_then(profile::split_because);
            assert!(
                cites.is_some(),
                "{name}: `{}` cites no requirement",
                b.describe()
            );
        }
        for (i, req) in info.requirements.iter().enumerate() {
            let value = breaking_value(&req.key, &req.bound);
            let file = dir.path().join(format!("{name}-{i}.ward"));
            let text = generated(name, pass, &req.key, &value);
            std::fs::write(&file, &text).unwrap_or_else(|e| panic!("write: {e}"));
            let out = driver::check(&[file], &opts);
            let want = match req.bound.severity {
                ward::diag::Severity::Error => "E0301",
                ward::diag::Severity::Warning => "W0301",
            };
            let because = req.bound.because.clone().unwrap_or_default();
            let diags = diag_texts(&out);
            let cited = diags
                .iter()
                .any(|(code, t)| code == want && t.contains(&because) && t.contains(&req.id));
            if !cited {
                failures.push(format!(
                    "{name} {} `{} {}` broken by `{value}`: no {want} citing it\n{text}{diags:#?}",
                    req.id,
                    req.setting(),
                    req.bound_text()
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} requirements checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn ward(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Requirement ids of `reqs` cited by the errors of a `check --format json`.
fn failing_in_check(json: &str, reqs: &[Requirement]) -> Vec<String> {
    let doc: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("bad json ({e}): {json}"));
    let mut ids: Vec<String> = Vec::new();
    for d in doc["diagnostics"].as_array().into_iter().flatten() {
        if d["severity"] != "error" {
            continue;
        }
        let mut text = d["message"].as_str().unwrap_or_default().to_string();
        for l in d["labels"].as_array().into_iter().flatten() {
            text.push_str(l["message"].as_str().unwrap_or_default());
        }
        for r in reqs {
            let because = r.bound.because.as_deref().unwrap_or_default();
            if text.contains(because) {
                ids.push(format!("{} {}", r.id, r.setting()));
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

fn failing_in_report(json: &str) -> Vec<String> {
    let doc: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("bad json ({e}): {json}"));
    let mut ids: Vec<String> = doc["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["status"] == "fail")
        .map(|r| {
            format!(
                "{} {}",
                r["id"].as_str().unwrap_or(""),
                r["setting"].as_str().unwrap_or("")
            )
        })
        .collect();
    ids.sort();
    ids
}

fn check_and_report_agree(file: &Path, root: &Path, expect_fail: &[&str]) {
    let info = profile::load("pci-dss-4.0").unwrap_or_else(|| panic!("no pci-dss-4.0"));
    let (f, r) = (file.to_string_lossy(), root.to_string_lossy());
    let (check_rc, check_out, _) = ward(&[
        "check",
        "--root",
        &r,
        "--format",
        "json",
        "--profile",
        "pci-dss-4.0",
        &f,
    ]);
    let (report_rc, report_out, err) = ward(&[
        "report",
        "--root",
        &r,
        &f,
        "--profile",
        "std:pci-dss-4.0",
        "--format",
        "json",
    ]);
    let from_check = failing_in_check(&check_out, &info.requirements);
    let from_report = failing_in_report(&report_out);
    assert_eq!(from_check, from_report, "{check_out}\n{report_out}\n{err}");
    assert_eq!(from_report, expect_fail, "{report_out}");
    let want_rc = if expect_fail.is_empty() { 0 } else { 1 };
    assert_eq!((check_rc, report_rc), (want_rc, want_rc), "{err}");
}

#[test]
fn check_and_report_agree_on_the_finance_example() {
    let root = Path::new("policies/examples");
    check_and_report_agree(&root.join("finance.ward"), root, &[]);
}

#[test]
fn check_and_report_agree_on_a_failing_policy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let copy = |name: &str, edit: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(Path::new("policies/examples").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(dir.path().join(name), edit(text)).unwrap_or_else(|e| panic!("{e}"));
    };
    copy("baseline.ward", &|t| t);
    copy("finance.ward", &|t| {
        t.replace("threshold = 5", "threshold = 11")
            .replace("idle_timeout      = 15m", "idle_timeout      = 20m")
    });
    check_and_report_agree(
        &dir.path().join("finance.ward"),
        dir.path(),
        &["8.2.8 session.idle_timeout", "8.3.4 lockout.threshold"],
    );
}

#[test]
fn contradicting_profiles_name_both_requirements() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("both.ward");
    let text = "policy both {\n  extends \"std:pci-dss-4.0-single-factor\", \"std:nist-800-63b-rev4-aal1\"\n}\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let opts = Options {
        root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let out = driver::check(&[file], &opts);
    let conflicts: Vec<String> = diag_texts(&out)
        .into_iter()
        .filter(|(c, _)| c == "E0302")
        .map(|(_, t)| t)
        .collect();
    let names_both = |a: &str, b: &str| conflicts.iter().any(|t| t.contains(a) && t.contains(b));
    assert!(
        names_both("PCI DSS v4.0 8.3.9", "NIST SP 800-63B-4 3.1.1.2"),
        "max_age: {conflicts:#?}"
    );
    assert!(
        names_both("PCI DSS v4.0 8.3.6", "NIST SP 800-63B-4 3.1.1.2"),
        "composition: {conflicts:#?}"
    );
}

#[test]
fn unknown_profile_is_a_command_line_error() {
    // `check` reports on standard output, like its other diagnostics.
    let (rc, out, _) = ward(&["check", "--profile", "pci-dss-4", "policies/examples"]);
    assert_eq!(rc, 2, "{out}");
    assert!(
        out.contains("E0804")
            && out.contains("`pci-dss-4`")
            && out.contains("did you mean `pci-dss-4.0`?"),
        "{out}"
    );
}

#[test]
fn profiles_command_shows_every_requirement() {
    let (rc, out, _) = ward(&["profiles"]);
    assert_eq!(rc, 0);
    for n in stdlib::names() {
        assert!(out.contains(&format!("std:{n}\n")), "{n}: {out}");
    }
    let (rc, out, _) = ward(&["profiles", "std:pci-dss-4.0-single-factor"]);
    assert_eq!(rc, 0);
    for id in [
        "8.2.6", "8.2.8", "8.3.4", "8.3.6", "8.3.7", "8.3.9", "10.5.1",
    ] {
        assert!(out.contains(id), "{id}: {out}");
    }
    assert!(
        out.contains("password.max_age") && out.contains("<= 90d"),
        "{out}"
    );
}

/// CIS 1.2.1 is read as CIS reads it: `until_unlocked` (Windows' 0) is not
/// "15 or more minutes"; PCI DSS 8.3.4 ("or until the user's identity is
/// confirmed") accepts it.
#[test]
fn cis_refuses_until_unlocked_and_pci_accepts_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let opts = Options {
        root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let errors_citing = |profile: &str, id: &str| {
        let pass = std::fs::read_to_string(pass_file(profile)).unwrap_or_else(|e| panic!("{e}"));
        let text = pass
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("duration") {
                    "    duration = until_unlocked".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains("until_unlocked"),
            "{profile}: no lockout.duration"
        );
        let file = dir.path().join(format!("{profile}.ward"));
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
        let out = driver::check(&[file], &opts);
        diag_texts(&out)
            .into_iter()
            .filter(|(c, t)| c.starts_with('E') && t.contains(id))
            .count()
    };
    assert_eq!(errors_citing("cis-windows-account-policy", "1.2.1"), 1);
    assert_eq!(errors_citing("pci-dss-4.0", "8.3.4"), 0);
}
