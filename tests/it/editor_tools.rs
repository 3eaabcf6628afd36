//! The committed schemas as editors see them, checked with the real tools:
//! ajv (draft 2020-12, strict), vscode-json-languageservice (the JSON
//! support inside VS Code: completion, hover, diagnostics), taplo's command
//! line, and taplo's language server (`@taplo/lsp`, the engine of Even
//! Better TOML) driven as an editor drives it.
//!
//! The tools live in `tests/node/` with pinned versions and a committed
//! `package-lock.json`; the first run installs them with `npm ci`, and
//! again whenever the lockfile changes (offline otherwise). Node.js and npm must be on `PATH`: without them these tests
//! fail and say so, as CI has both. Each script prints what does not hold
//! and exits non-zero; the test shows its output.

#![allow(clippy::panic)] // a test reports a failure by panicking

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub(crate) fn node_dir() -> PathBuf {
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

/// Installs the pinned tools once per test run, unless `node_modules`
/// already holds what the committed lockfile pins (a stamp written after
/// `npm ci` records which lockfile that was).
fn setup() -> &'static Result<(), String> {
    static SETUP: OnceLock<Result<(), String>> = OnceLock::new();
    SETUP.get_or_init(|| {
        on_path("node")?;
        npm_ci(&node_dir())
    })
}

/// `npm ci` in `dir` when its `node_modules` is missing or was installed
/// from another lockfile.
pub(crate) fn npm_ci(dir: &Path) -> Result<(), String> {
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read {}/package-lock.json: {e}", dir.display()))?;
    let stamp = dir.join("node_modules").join(".ward-lockfile");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return Ok(());
    }
    on_path("npm")?;
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir)
        .output()
        .map_err(|e| format!("cannot run `npm ci`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm ci --prefix {}` failed:\n{}\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    std::fs::write(&stamp, lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

pub(crate) fn run_script(script: &str) {
    run_script_with(script, &[]);
}

pub(crate) fn run_script_with(script: &str, args: &[&Path]) {
    if let Err(e) = setup() {
        panic!("{e}");
    }
    let out = Command::new("node")
        .arg(script)
        .args(args)
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

/// taplo's language server, driven with `initialize`, `didOpen`,
/// `completion` and `hover`: inside every section of a `.ward.toml` buffer
/// (`[session]`, `[password]`, …, `[[bounds]]`) it completes that section's
/// settings, once each with their descriptions, and it does not crash.
#[test]
fn taplo_language_server_completes_inside_every_section() {
    run_script("taplo-lsp.mjs");
}

/// `for.TARGET.SECTION` as the schema generator describes it (enabled
/// here; the committed schema gains it with the compiler's `for` tables):
/// VS Code's JSON service and taplo's server complete target names and
/// settings under `for`, and flag an unknown target.
#[test]
fn per_target_values_complete_in_both_engines() {
    let mut options = ward::schema::PolicyOptions::builtin();
    options.per_target = true;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary directory: {e}"));
    let file = dir.path().join("policy-for.schema.json");
    let text = serde_json::to_string_pretty(&ward::schema::policy_with(&options))
        .unwrap_or_else(|e| panic!("schema as JSON: {e}"));
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
    run_script_with("for.mjs", &[&file]);
}
