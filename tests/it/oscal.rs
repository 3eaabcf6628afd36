//! `ward report --format oscal`, checked by NIST's schema and by
//! compliance-trestle.
//!
//! - The document validates against NIST's OSCAL 1.2.1 assessment-results
//!   JSON Schema, vendored in `tests/schemas/` (its SHA-256 is checked).
//! - Its content matches the JSON report of the same run: one observation
//!   per requirement, one finding per requirement that is not `pass`, each
//!   targeting a defined objective; evidence points at back-matter resources
//!   that carry each policy file's SHA-256.
//! - The same input gives the same bytes: twice, from another directory;
//!   the time is `SOURCE_DATE_EPOCH`, else the newest commit of the policy
//!   files, else their newest modification time; a bad `SOURCE_DATE_EPOCH`
//!   is exit status 2.
//! - compliance-trestle loads it: `oscal_trestle`.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

const SCHEMA: &str = "tests/schemas/oscal_assessment-results_schema-1.2.1.json";
const SCHEMA_SHA256: &str = "4f9e277a177adbcca9527612ce450a33dc6096773fa229d413d801d196c61985";
const EPOCH: &str = "1751328000"; // 2025-07-01T00:00:00Z

const BASELINE: &str = "policy baseline {
  password {
    min_length = 6
    max_length = 32
    blocklist  = breached
  }
}
";

const TEAM: &str = "policy web-app {
  extends \"../baseline.ward\"
  session.absolute_lifetime = 12h
  session.idle_timeout      = 2h
  lockout.threshold         = 50
}
";

/// A work tree with `baseline.ward` and `teams/web-app.ward`.
pub(crate) fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    std::fs::write(dir.path().join("baseline.ward"), BASELINE).unwrap();
    std::fs::write(dir.path().join("teams/web-app.ward"), TEAM).unwrap();
    dir
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `ward report FILE --profile nist-800-63b-rev4-aal2 --format F` in `cwd`.
fn report(cwd: &Path, root: &Path, file: &str, format: &str, epoch: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
    cmd.current_dir(cwd)
        .arg("report")
        .arg(file)
        .args([
            "--profile",
            "nist-800-63b-rev4-aal2",
            "--format",
            format,
            "--root",
        ])
        .arg(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

pub(crate) fn oscal(dir: &Path) -> (String, Value) {
    let run = report(dir, dir, "teams/web-app.ward", "oscal", Some(EPOCH));
    assert_eq!(run.code, Some(1), "a requirement fails: {}", run.stderr);
    let doc = parse(&run.stdout);
    (run.stdout, doc)
}

#[test]
fn the_vendored_schema_is_nists_1_2_1() {
    let bytes = std::fs::read(SCHEMA).unwrap_or_else(|e| panic!("{SCHEMA}: {e}"));
    let sum: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        sum, SCHEMA_SHA256,
        "{SCHEMA} is not the file tests/schemas/README.md names"
    );
    let schema = parse(&String::from_utf8_lossy(&bytes));
    assert_eq!(
        schema["$id"],
        "http://csrc.nist.gov/ns/oscal/1.2.1/oscal-ar-schema.json"
    );
}

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema = parse(&std::fs::read_to_string(SCHEMA).unwrap());
    let v = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("NIST's schema does not compile: {e}"));
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn oscal_validates_against_nists_schema() {
    let dir = tree();
    let (_, doc) = oscal(dir.path());
    let errors = schema_errors(&doc);
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema can fail: a document without its metadata does not pass.
    let mut broken = doc.clone();
    broken["assessment-results"]["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("oscal-version");
    assert!(!schema_errors(&broken).is_empty());
}

#[test]
fn oscal_carries_the_reports_content() {
    let dir = tree();
    let (_, doc) = oscal(dir.path());
    let rows = parse(&report(dir.path(), dir.path(), "teams/web-app.ward", "json", None).stdout);
    let rows = rows["requirements"].as_array().unwrap().clone();
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.2.1");
    assert_eq!(ar["metadata"]["last-modified"], "2025-07-01T00:00:00Z");
    let result = &ar["results"][0];
    let observations = result["observations"].as_array().unwrap();
    assert_eq!(observations.len(), rows.len());
    let objectives: Vec<&str> = ar["local-definitions"]["objectives-and-methods"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["parts"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(objectives.len(), rows.len());

    // One finding per row that is not `pass`, with the row's status.
    let not_pass: Vec<&Value> = rows.iter().filter(|r| r["status"] != "pass").collect();
    let findings = result["findings"].as_array().unwrap();
    assert_eq!(findings.len(), not_pass.len());
    let statuses = |v: &[&Value]| {
        let mut s: Vec<String> = v
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s
    };
    let finding_statuses: Vec<&Value> = findings
        .iter()
        .map(|f| {
            let p = f["props"].as_array().unwrap();
            p.iter().find(|p| p["name"] == "status").unwrap()
        })
        .collect();
    let mut fs: Vec<String> = finding_statuses
        .iter()
        .map(|p| p["value"].as_str().unwrap().to_string())
        .collect();
    fs.sort();
    assert_eq!(fs, statuses(&not_pass));
    for f in findings {
        let t = &f["target"];
        assert_eq!(t["status"]["state"], "not-satisfied", "{f}");
        assert!(
            objectives.contains(&t["target-id"].as_str().unwrap()),
            "{f}"
        );
        assert!(!t["status"]["remarks"].as_str().unwrap().is_empty(), "{f}");
    }
    // The failing idle timeout: its finding says why.
    let idle = findings
        .iter()
        .find(|f| f["target"]["target-id"] == "req-2.2.3_obj.session.idle_timeout.le.warn")
        .unwrap_or_else(|| panic!("no finding for 2.2.3 idle: {findings:#?}"));
    assert!(
        idle["target"]["status"]["remarks"]
            .as_str()
            .unwrap()
            .contains("`session.idle_timeout = 2h` breaks"),
        "{idle}"
    );

    // Evidence: the value's file, with its hash, and the profile.
    let resources = ar["back-matter"]["resources"].as_array().unwrap();
    let resource = |href: &str| {
        let uuid = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("`{href}` is not local"));
        resources
            .iter()
            .find(|r| r["uuid"] == uuid)
            .unwrap_or_else(|| panic!("`{href}` names no resource"))
    };
    let min_length = observations
        .iter()
        .find(|o| o["title"].as_str().unwrap().contains("password.min_length"))
        .unwrap();
    let evidence = min_length["relevant-evidence"].as_array().unwrap();
    assert!(
        evidence[0]["description"]
            .as_str()
            .unwrap()
            .contains("baseline.ward:3:"),
        "{evidence:#?}"
    );
    let file = resource(evidence[0]["href"].as_str().unwrap());
    assert_eq!(file["rlinks"][0]["href"], "baseline.ward");
    let sum: String = Sha256::digest(BASELINE.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(file["rlinks"][0]["hashes"][0]["value"], sum.as_str());
    let profile = resource(ar["import-ap"]["href"].as_str().unwrap());
    assert!(profile["title"]
        .as_str()
        .unwrap()
        .starts_with("std:nist-800-63b-rev4-aal2"));
    assert!(evidence[1]["description"]
        .as_str()
        .unwrap()
        .contains("std:nist-800-63b-rev4-aal2:"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tree();
    let (first, _) = oscal(dir.path());
    let (second, _) = oscal(dir.path());
    assert_eq!(first, second);
    // From another directory, the file named differently: the same bytes.
    let elsewhere = report(
        &dir.path().join("teams"),
        dir.path(),
        "web-app.ward",
        "oscal",
        Some(EPOCH),
    );
    assert_eq!(elsewhere.stdout, first, "{}", elsewhere.stderr);
    // Another time is another document.
    let later = report(
        dir.path(),
        dir.path(),
        "teams/web-app.ward",
        "oscal",
        Some("1751414400"),
    );
    assert_ne!(later.stdout, first);
    let later = parse(&later.stdout);
    assert_eq!(
        later["assessment-results"]["metadata"]["last-modified"],
        "2025-07-02T00:00:00Z"
    );
}

fn last_modified(run: &Run) -> String {
    let doc = parse(&run.stdout);
    doc["assessment-results"]["metadata"]["last-modified"]
        .as_str()
        .unwrap_or_else(|| panic!("no last-modified: {}", run.stderr))
        .to_string()
}

#[test]
fn without_source_date_epoch_the_time_is_the_newest_commit_else_the_newest_change() {
    let dir = tree();
    let d = dir.path();
    // Not a git work tree: the newest modification time of the two files.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let new = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_720_000_000);
    let set = |p: &str, t| {
        std::fs::File::options()
            .write(true)
            .open(d.join(p))
            .and_then(|f| f.set_modified(t))
            .unwrap_or_else(|e| panic!("{p}: {e}"));
    };
    set("teams/web-app.ward", old);
    set("baseline.ward", new);
    let run = report(d, d, "teams/web-app.ward", "oscal", None);
    assert_eq!(last_modified(&run), "2024-07-03T09:46:40Z");

    // A git work tree: the newest commit that touched either file.
    let git = |args: &[&str], date: &str| {
        let out = Command::new("git")
            .current_dir(d)
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap_or_else(|e| panic!("git is needed for this test: {e}"));
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"], "");
    git(&["add", "baseline.ward"], "");
    git(&["commit", "-q", "-m", "baseline"], "@1735689600 +0000");
    git(&["add", "teams/web-app.ward"], "");
    git(&["commit", "-q", "-m", "team"], "@1738368000 +0000");
    std::fs::write(d.join("unrelated.txt"), "x").unwrap();
    git(&["add", "unrelated.txt"], "");
    git(
        &["commit", "-q", "-m", "later, unrelated"],
        "@1767225600 +0000",
    );
    let run = report(d, d, "teams/web-app.ward", "oscal", None);
    assert_eq!(last_modified(&run), "2025-02-01T00:00:00Z");
}

#[test]
fn a_bad_source_date_epoch_is_a_command_line_error_and_writes_nothing() {
    let dir = tree();
    let out = dir.path().join("out.json");
    let run = Command::new(env!("CARGO_BIN_EXE_ward"))
        .current_dir(dir.path())
        .args([
            "report",
            "teams/web-app.ward",
            "--profile",
            "nist-800-63b-rev4-aal2",
        ])
        .args(["--format", "oscal", "-o"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "last tuesday")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`SOURCE_DATE_EPOCH`") && err.contains("`last tuesday`"),
        "{err}"
    );
    assert!(!out.exists());
}
