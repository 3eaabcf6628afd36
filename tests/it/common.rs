//! Helpers shared by the tests: the schemas by file name, compiled with the
//! `jsonschema` crate, and readable validation errors; the binary run in a
//! directory, and a temporary git work tree to run it in.

#![allow(dead_code, clippy::panic)] // each test file uses some; tests panic to fail

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

pub const REGENERATE: &str =
    "run `cargo run -- schema all --out-dir schemas/` and commit the result";

pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

pub fn schema(name: &str) -> Value {
    ward::schema::all()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

pub fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// `ward ARGS` run in `dir`, without colour.
pub fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

/// What a run printed: standard output, then standard error.
pub fn output_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A temporary git work tree (a `.git` directory) holding `files`, each
/// a path relative to it and its text.
pub fn git_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}
