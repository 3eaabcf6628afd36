//! The committed schemas as editors see them, checked with the real tools:
//! ajv (draft 2020-12, strict), vscode-json-languageservice (the JSON
//! support inside VS Code: completion, hover, diagnostics) and taplo (the
//! TOML language server behind Even Better TOML).
//!
//! The tools live in `tests/node/` with pinned versions and a committed
//! `package-lock.json`; the first run installs them with `npm ci` (offline
//! afterwards). Node.js and npm must be on `PATH`: without them these tests
//! fail and say so, as CI has both. Each script prints what does not hold
//! and exits non-zero; the test shows its output.

#![allow(clippy::panic)] // a test reports a failure by panicking

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

fn on_path(tool: &str) -> Result<(), String> {
    match Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`{tool} --version` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!(
            "`{tool}` is not on PATH ({e}): the editor-tool tests need Node.js 20 and npm; install them (Debian: `apt-get install nodejs npm`)"
        )),
    }
}

/// Installs the pinned tools once per test run, if they are not installed.
fn setup() -> &'static Result<(), String> {
    static SETUP: OnceLock<Result<(), String>> = OnceLock::new();
    SETUP.get_or_init(|| {
        on_path("node")?;
        let dir = node_dir();
        if dir.join("node_modules").is_dir() {
            return Ok(());
        }
        on_path("npm")?;
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .output()
            .map_err(|e| format!("cannot run `npm ci`: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "`npm ci --prefix tests/node` failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    })
}

fn run_script(script: &str) {
    if let Err(e) = setup() {
        panic!("{e}");
    }
    let out = Command::new("node")
        .arg(script)
        .current_dir(node_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `node {script}`: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "`node tests/node/{script}` failed ({}):\n{text}",
        out.status
    );
}

/// ajv compiles every schema in strict draft 2020-12 mode and agrees on
/// valid and invalid sample documents.
#[test]
fn ajv_compiles_the_schemas_and_validates_samples() {
    run_script("ajv.mjs");
}

/// VS Code's JSON language service completes sections, settings, enum
/// values, keywords and durations, shows the catalog's descriptions, and
/// reports out-of-range values, bad units and unknown keys.
#[test]
fn vscode_json_language_service_completes_and_diagnoses() {
    run_script("completion.mjs");
}

/// taplo accepts a valid `.ward.toml` and rejects one with an out-of-range
/// value and one with typos.
#[test]
fn taplo_checks_toml_policies_against_the_schema() {
    run_script("taplo.mjs");
}
