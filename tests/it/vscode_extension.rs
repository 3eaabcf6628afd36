//! The VS Code extension (`editors/vscode`) and the GitHub Action
//! (`action.yml`), with the real tools where they can run here:
//! vscode-tmgrammar-test on the grammar's annotated samples, `vsce package`
//! and tsc against VS Code's API types for the extension, action-validator
//! (SchemaStore's schemas) for the action and the workflow `ward init`
//! writes. VS Code itself and GitHub's runners cannot run here; the
//! language server the extension starts is tested by its own tests (here
//! only: the command the extension builds starts it and it initializes).
//! Also: what the grammar knows (units, keywords) is what the compiler
//! knows, and the schema the extension bundles is the committed one.

use super::editor_tools::{node_dir, npm_ci, run_script, run_script_with};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn extension_dir() -> PathBuf {
    root().join("editors/vscode")
}

/// `npm ci` of the extension's own dependencies (vscode-languageclient),
/// once per run.
fn extension_installed() {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(e) = DONE.get_or_init(|| npm_ci(&extension_dir())) {
        panic!("{e}");
    }
}

/// The grammar passes vscode-tmgrammar-test on every sample, and every
/// scope it can give is asserted in some sample.
#[test]
fn the_grammar_tests_cover_every_token_kind_and_pass() {
    run_script("grammar.mjs");
}

/// The manifest has what VS Code requires, its contributions exist and
/// parse, and the extension starts `ward lsp` as configured: the command
/// it builds, run with this build's `ward`, answers `initialize` through
/// vscode-jsonrpc and exits cleanly after `shutdown`.
#[test]
fn the_extension_manifest_is_valid_and_starts_ward_lsp() {
    extension_installed();
    run_script_with("extension.mjs", &[Path::new(env!("CARGO_BIN_EXE_ward"))]);
}

/// `vsce package` writes a .vsix offline, and the extension type-checks
/// against `@types/vscode` and vscode-languageclient's types.
#[test]
fn vsce_packages_the_extension_offline() {
    extension_installed();
    static TOOLS: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(e) = TOOLS.get_or_init(|| npm_ci(&node_dir().join("extension-tools"))) {
        panic!("{e}");
    }
    run_script("extension-tools/package.mjs");
}

/// action.yml validates against the action metadata schema and uses every
/// input it declares; the workflow `ward init` writes validates against
/// the workflow schema and passes only inputs the action declares.
#[test]
fn the_action_and_the_init_workflow_validate() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["init", "p"])
        .current_dir(tmp.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run_script_with(
        "action.mjs",
        &[&tmp.path().join("p/.github/workflows/ward.yml")],
    );
}

/// The grammar's unit spellings are the lexer's, longest first, and its
/// keyword values are the language's keywords.
#[test]
fn the_grammar_knows_what_the_compiler_knows() {
    let text = std::fs::read_to_string(extension_dir().join("syntaxes/ward.tmLanguage.json"))
        .unwrap_or_else(|e| panic!("grammar: {e}"));
    let grammar: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("grammar is not JSON: {e}"));
    let patterns = grammar["repository"]["number"]["patterns"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let duration = patterns
        .iter()
        .find(|p| p["name"] == "constant.numeric.duration.ward")
        .and_then(|p| p["match"].as_str())
        .unwrap_or_else(|| panic!("no duration rule in the grammar"));
    let units: Vec<&str> = duration
        .split(")[ \\t]*(")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_default()
        .split('|')
        .collect();
    let mut expected: Vec<&str> = ward::value::Unit::all_spellings().collect();
    expected.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    assert_eq!(
        units, expected,
        "the grammar's units, longest first, in {duration}"
    );
    let keywords = grammar["repository"]["value"]["patterns"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|p| p["name"] == "constant.language.keyword.ward")
        })
        .and_then(|p| p["match"].as_str())
        .unwrap_or_default()
        .to_string();
    for k in ward::value::Keyword::ALL {
        assert!(
            keywords.contains(k.as_str()),
            "{} missing from {keywords}",
            k.as_str()
        );
    }
}

/// The annotated policy sample is a policy ward accepts (its assertions
/// are comments), so the grammar is tested on the real language.
#[test]
fn the_grammar_sample_is_a_policy_ward_accepts() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .args([
            "check",
            "--format",
            "json",
            "editors/vscode/test/syntax/policy.test.ward",
        ])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The extension bundles the committed policy schema.
#[test]
fn the_extension_bundles_the_committed_schema() {
    let bundled =
        std::fs::read(extension_dir().join("schemas/policy.schema.json")).unwrap_or_default();
    let committed = std::fs::read(root().join("schemas/policy.schema.json")).unwrap_or_default();
    assert!(
        !bundled.is_empty() && bundled == committed,
        "editors/vscode/schemas/policy.schema.json differs: run `cargo run -- schema policy --out-dir editors/vscode/schemas`"
    );
}
