//! The SARIF form: a SARIF 2.1.0 log with one run, for code-scanning tools.
//!
//! The run's `tool.driver.rules` lists the codes that occur (sorted, so the
//! output is deterministic), each with its title and default level; each
//! result points at its rule by `ruleId` and `ruleIndex`. The primary label
//! is `locations[0]`, secondary labels are `relatedLocations`. Regions are
//! 1-based and, as the run's `columnKind` says, count Unicode code points;
//! `endColumn` is the column just after the region, as SARIF defines it.
//! File names become relative URIs, percent-encoded where URIs need it, and
//! relative to each file's git work tree (or `GITHUB_WORKSPACE`), as code
//! scanning expects ([`super::paths`]).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::paths::RepoNames;
use super::Place;
use crate::diag::{Code, Diagnostic, Label};
use crate::source::SourceMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn render(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let codes: Vec<Code> = diags
        .iter()
        .map(|d| d.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let rules: Vec<Value> = codes.iter().map(|&c| rule(c)).collect();
    let names = RepoNames::from_env(sources);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let index = codes.iter().position(|&c| c == d.code).unwrap_or(0);
            result(d, index, sources, &names)
        })
        .collect();

    let mut driver = json!({
        "name": "ward",
        "version": env!("CARGO_PKG_VERSION"),
    });
    if let Some(uri) = information_uri() {
        driver["informationUri"] = json!(uri);
    }
    driver["rules"] = json!(rules);

    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    // Serialising a `Value` cannot fail; an empty log is the safe fallback.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| {
        format!("{{\"$schema\": \"{SCHEMA}\", \"version\": \"2.1.0\", \"runs\": []}}")
    });
    out.push('\n');
    out
}

/// Where to read about ward: the package's homepage or repository, if
/// `Cargo.toml` names one (SARIF requires an absolute URI here, so none is
/// made up).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| u.starts_with("https://"))
}

fn rule(code: Code) -> Value {
    let title = match code.title() {
        "" => code.as_str(),
        t => t,
    };
    json!({
        "id": code.as_str(),
        "name": title,
        "shortDescription": { "text": title },
        "defaultConfiguration": { "level": code.severity().as_str() },
    })
}

fn result(diag: &Diagnostic, rule_index: usize, sources: &SourceMap, names: &RepoNames) -> Value {
    let mut text = diag.message.clone();
    if let Some(help) = &diag.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diag.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    let mut result = json!({
        "ruleId": diag.code.as_str(),
        "ruleIndex": rule_index,
        "level": diag.severity.as_str(),
        "message": { "text": text },
    });
    if let Some(primary) = &diag.primary {
        result["locations"] = json!([location(primary, sources, names, None)]);
    }
    if !diag.labels.is_empty() {
        let related: Vec<Value> = diag
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| location(l, sources, names, Some(i)))
            .collect();
        result["relatedLocations"] = json!(related);
    }
    result
}

fn location(label: &Label, sources: &SourceMap, names: &RepoNames, id: Option<usize>) -> Value {
    let place = Place::named(names.get(sources, label.source), sources, label);
    let pos = place.pos;
    let mut loc = json!({});
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc["physicalLocation"] = json!({
        "artifactLocation": { "uri": uri(place.file) },
        "region": {
            "startLine": pos.line,
            "startColumn": pos.column,
            "endLine": pos.end_line,
            "endColumn": pos.end_column,
        },
    });
    if !place.message.is_empty() {
        loc["message"] = json!({ "text": place.message });
    }
    loc
}

/// A file name as a relative URI reference: `/` kept, everything but
/// unreserved characters percent-encoded. Built-in profiles keep their
/// `std:` scheme.
pub(crate) fn uri(name: &str) -> String {
    let (scheme, path) = match name.strip_prefix("std:") {
        Some(rest) => ("std:", rest),
        None => ("", name),
    };
    let mut out = String::from(scheme);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    /// The official SARIF 2.1.0 schema (JSON Schema draft-07), from the OASIS
    /// SARIF TC's repository `oasis-tcs/sarif-spec`,
    /// `Schemata/sarif-schema-2.1.0.json`. The copy was taken from the
    /// `serde-sarif` 0.8.0 crate on crates.io (`src/schema.json`, sha256
    /// af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea),
    /// which ships that file unchanged; spot-checked against the OASIS
    /// repository.
    const SARIF_SCHEMA: &str = include_str!("../../../tests/schemas/sarif-2.1.0.json");

    fn sample() -> (String, Value) {
        let (sources, diags, _) = fixture::sample();
        let out = render(&diags, &sources);
        let log = serde_json::from_str(&out).unwrap_or(Value::Null);
        (out, log)
    }

    #[test]
    fn validates_against_the_sarif_schema() {
        // The published schema's `language` patterns have a stray `]`
        // (`…-[a-zA-Z]{2}]?$`) that the validator refuses to compile; ward
        // never writes `language`, so they are replaced by the pattern they
        // evidently mean rather than dropping the whole check.
        let bad = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
        assert!(SARIF_SCHEMA.contains(bad));
        let text = SARIF_SCHEMA.replace(bad, r"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
        let schema: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&schema);
        assert!(
            validator.is_ok(),
            "the SARIF schema does not compile: {validator:?}"
        );
        let Ok(validator) = validator else { return };
        let (out, log) = sample();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{out}");

        // The validator is not vacuous: a level SARIF does not know fails.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = json!("fatal");
        assert!(!validator.is_valid(&broken));
    }

    #[test]
    fn rules_results_and_related_locations() {
        let (out, log) = sample();
        // The tool version changes with every release; the snapshot should not.
        let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
        insta::assert_snapshot!("sarif", out.replace(&version, "\"version\": \"[ward]\""));
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["name"], "ward");
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, ["E0301", "E0401", "W0303"]);
        assert_eq!(rules[2]["defaultConfiguration"]["level"], "warning");

        let first = &run["results"][0];
        assert_eq!(first["ruleId"], "E0301");
        assert_eq!(first["ruleIndex"], 0);
        let loc = &first["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "policies/acme.ward");
        assert_eq!(
            loc["region"],
            json!({"startLine": 3, "startColumn": 28, "endLine": 3, "endColumn": 31})
        );
        let related = &first["relatedLocations"][0];
        assert_eq!(related["id"], 0);
        assert_eq!(related["message"]["text"], "bound `<= 12h` set here");
        assert_eq!(
            related["physicalLocation"]["artifactLocation"]["uri"],
            "policies/baseline.ward"
        );
        assert_eq!(
            first["message"]["text"],
            "`session.idle_timeout` is `20h`, above its bound `<= 12h`\n\
             help: lower `session.idle_timeout` to `12h` or less\n\
             note: a bound from a parent policy cannot be loosened by its children"
        );
        // Characters, not bytes, after the two-byte `ç`.
        assert_eq!(
            run["results"][1]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            27
        );
        // No place: no locations, still a result of its rule.
        assert_eq!(run["results"][2]["ruleIndex"], 1);
        assert!(run["results"][2].get("locations").is_none());
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("policies/a b%.ward"), "policies/a%20b%25.ward");
        assert_eq!(uri("std:pci-dss-4.0"), "std:pci-dss-4.0");
        assert_eq!(uri("café.ward"), "caf%C3%A9.ward");
    }
}
