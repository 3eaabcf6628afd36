//! Helpers shared by the schema tests: the schemas by file name, compiled
//! with the `jsonschema` crate, and readable validation errors.

#![allow(dead_code, clippy::panic)] // each test file uses some; tests panic to fail

use serde_json::Value;

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
