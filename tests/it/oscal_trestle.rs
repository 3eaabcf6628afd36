//! `ward report --format oscal` loaded by compliance-trestle.
//!
//! compliance-trestle (pinned with its dependencies in
//! `tests/python/requirements.txt`, installed into `tests/python/.venv`
//! when missing or out of date) loads the document strictly, writes it back
//! unchanged, and `trestle import` / `trestle validate` accept it in a
//! trestle workspace; a field OSCAL does not have is refused. When trestle
//! cannot be installed the test fails and says why.

use super::oscal::{oscal, parse, tree};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python")
}

fn run_ok(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The venv with the pinned compliance-trestle, created or brought up to
/// date with `tests/python/requirements.txt` once per test run.
fn trestle_venv() -> &'static Path {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let venv = VENV.get_or_init(|| {
        let dir = python_dir();
        let venv = dir.join(".venv");
        let wanted = std::fs::read_to_string(dir.join("requirements.txt"))
            .map_err(|e| format!("tests/python/requirements.txt: {e}"))?;
        let stamp = venv.join("ward-requirements.txt");
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
            if !venv.join("bin/python").exists() {
                run_ok(
                    Command::new("python3").args(["-m", "venv"]).arg(&venv),
                    "`python3 -m venv tests/python/.venv` (Python 3.11 or later is needed)",
                )?;
            }
            run_ok(
                Command::new(venv.join("bin/python"))
                    .args([
                        "-m",
                        "pip",
                        "install",
                        "--disable-pip-version-check",
                        "-q",
                        "-r",
                    ])
                    .arg(dir.join("requirements.txt")),
                "`pip install -r tests/python/requirements.txt`",
            )?;
            std::fs::write(&stamp, &wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
        }
        Ok(venv)
    });
    match venv {
        Ok(v) => v,
        Err(e) => panic!("compliance-trestle is needed to test the OSCAL report: {e}"),
    }
}

#[test]
fn compliance_trestle_loads_and_validates_the_report() {
    let venv = trestle_venv();
    let dir = tree();
    let (text, doc) = oscal(dir.path());
    let file = dir.path().join("report.oscal.json");
    std::fs::write(&file, &text).unwrap();

    // Strict load, written back by trestle: nothing lost or changed (trestle
    // writes UTC as +00:00 where ward writes Z).
    let back = run_ok(
        Command::new(venv.join("bin/python"))
            .arg(python_dir().join("load_oscal.py"))
            .arg(&file),
        "compliance-trestle on the report",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let back = parse(&back.replace("+00:00\"", "Z\""));
    assert_eq!(back, doc, "trestle read something else than ward wrote");

    // trestle's own commands, in a trestle workspace.
    let ws = tempfile::tempdir().unwrap();
    let trestle = venv.join("bin/trestle");
    run_ok(
        Command::new(&trestle).arg("init").current_dir(ws.path()),
        "`trestle init`",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    run_ok(
        Command::new(&trestle)
            .args(["import", "-o", "ward-report", "-f"])
            .arg(&file)
            .current_dir(ws.path()),
        "`trestle import`",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(&trestle)
        .args(["validate", "-a"])
        .current_dir(ws.path())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && said.contains("VALID"), "{said}");

    // The loader can fail: trestle refuses a field OSCAL does not have.
    let mut bad = doc.clone();
    bad["assessment-results"]["results"][0]["verdict"] = Value::from("pass");
    std::fs::write(&file, bad.to_string()).unwrap();
    let refused = Command::new(venv.join("bin/python"))
        .arg(python_dir().join("load_oscal.py"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(!refused.status.success());
}
