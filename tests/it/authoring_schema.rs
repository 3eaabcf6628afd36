//! `policy.schema.json` against the TOML/JSON authoring form as ward's
//! reader implements it: every valid `.ward.toml` / `.ward.json` fixture and
//! example validates (TOML converted to JSON with the `toml` crate), and
//! invalid fixtures whose mistake a schema can see (a wrong key, a bare
//! number for a duration, a mistyped bound) are rejected by the schema as
//! well as by ward.

#![allow(clippy::panic)] // a test reports a failure by panicking

use serde_json::Value;
use std::path::{Path, PathBuf};

use crate::common::{errors, schema, validator};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The file as JSON: TOML through the `toml` crate, JSON as is.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let parsed = if path.to_string_lossy().ends_with(".toml") {
        toml::from_str::<Value>(&text).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<Value>(&text).map_err(|e| e.to_string())
    };
    parsed.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn authoring_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p.to_string_lossy().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".ward.toml") || name.ends_with(".ward.json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_valid_authoring_file_validates_against_the_policy_schema() {
    let v = validator(&schema("policy.schema.json"));
    let mut checked = 0;
    for dir in ["tests/fixtures/valid", "policies/examples"] {
        for file in authoring_files(&root().join(dir)) {
            let doc = as_json(&file);
            assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 7, "only {checked} files checked");
}

/// Invalid fixtures a schema can see the mistake in: both ward and the
/// schema refuse them.
#[test]
fn invalid_authoring_files_are_rejected_by_the_schema_and_by_ward() {
    let v = validator(&schema("policy.schema.json"));
    let files = [
        "E0101-toml-bounds.ward.toml",
        "E0101-json-bounds.ward.json",
        "E0105-toml-extends-in-table.ward.toml",
        "E0201-toml-unknown-setting.ward.toml",
        "E0206-toml-missing-unit.ward.toml",
        "E0206-json-missing-unit.ward.json",
    ];
    for name in files {
        let path = root().join("tests/fixtures/invalid").join(name);
        let doc = as_json(&path);
        assert!(!v.is_valid(&doc), "the schema accepts {name}");
        let out = ward::driver::build(&path, &ward::driver::Options::default());
        assert!(out.has_errors(), "ward accepts {name}");
    }
}

/// `allow_because` is part of the form; alone, ward and the schema refuse it.
#[test]
fn allow_because_needs_allow() {
    let v = validator(&schema("policy.schema.json"));
    let ok = serde_json::json!({ "policy": "p", "allow": ["W0505"], "allow_because": "reviewed" });
    assert_eq!(errors(&v, &ok), Vec::<String>::new());
    let alone = serde_json::json!({ "policy": "p", "allow_because": "reviewed" });
    assert!(!v.is_valid(&alone));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("p.ward.json");
    std::fs::write(&path, alone.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = ward::driver::build(&path, &ward::driver::Options::default());
    assert!(out.has_errors(), "ward accepts allow_because without allow");
}
