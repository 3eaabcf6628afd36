//! The JSON form: one pretty-printed document per run,
//! `{"diagnostics": [...], "summary": {"errors": N, "warnings": N, "files": N}}`.
//!
//! Each diagnostic and each of its secondary labels carries its own `file`
//! and 1-based `line`, `column`, `end_line`, `end_column`, columns counted in
//! characters, the end just after the span. A diagnostic without a place has
//! `null` for its file and positions. Field order is fixed by the structs
//! below, so the output is deterministic.

use serde::Serialize;

use super::{Place, Position};
use crate::diag::{Diagnostic, Severity, Summary};
use crate::source::SourceMap;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    #[serde(flatten)]
    position: Positions,
    /// What the primary place's label says (`"missing unit"`).
    label: Option<&'a str>,
    help: Option<&'a str>,
    notes: &'a [String],
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    #[serde(flatten)]
    position: Position,
    message: &'a str,
}

/// Position fields that are all `null` when there is no place.
#[derive(Serialize)]
struct Positions {
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

impl From<Option<Position>> for Positions {
    fn from(p: Option<Position>) -> Positions {
        Positions {
            line: p.map(|p| p.line),
            column: p.map(|p| p.column),
            end_line: p.map(|p| p.end_line),
            end_column: p.map(|p| p.end_column),
        }
    }
}

pub(super) fn render(diags: &[Diagnostic], sources: &SourceMap, summary: &Summary) -> String {
    let doc = Document {
        diagnostics: diags.iter().map(|d| diagnostic(d, sources)).collect(),
        summary,
    };
    // Serialising these plain structs cannot fail; if it ever did, a valid
    // document with the counts is better than a panic or nothing.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| {
        format!(
            "{{\"diagnostics\": [], \"summary\": {{\"errors\": {}, \"warnings\": {}, \"files\": {}}}}}",
            summary.errors, summary.warnings, summary.files
        )
    });
    out.push('\n');
    out
}

fn diagnostic<'a>(diag: &'a Diagnostic, sources: &'a SourceMap) -> JsonDiagnostic<'a> {
    let primary = diag.primary.as_ref().map(|l| Place::of(sources, l));
    JsonDiagnostic {
        code: diag.code.as_str(),
        severity: diag.severity,
        message: &diag.message,
        file: primary.as_ref().map(|p| p.file),
        position: primary.as_ref().map(|p| p.pos).into(),
        label: diag
            .primary
            .as_ref()
            .map(|l| l.message.as_str())
            .filter(|m| !m.is_empty()),
        help: diag.help.as_deref(),
        notes: &diag.notes,
        labels: diag
            .labels
            .iter()
            .map(|l| {
                let place = Place::of(sources, l);
                JsonLabel {
                    file: place.file,
                    position: place.pos,
                    message: place.message,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;
    use serde_json::{json, Value};

    fn sample() -> Value {
        let (sources, diags, summary) = fixture::sample();
        let out = render(&diags, &sources, &summary);
        assert!(out.ends_with("}\n"));
        insta::assert_snapshot!("json", out);
        serde_json::from_str(&out).unwrap_or(Value::Null)
    }

    #[test]
    fn error_with_labels_in_two_files() {
        let doc = sample();
        assert_eq!(
            doc["diagnostics"][0],
            json!({
                "code": "E0301",
                "severity": "error",
                "message": "`session.idle_timeout` is `20h`, above its bound `<= 12h`",
                "file": "policies/acme.ward",
                "line": 3, "column": 28, "end_line": 3, "end_column": 31,
                "label": "set to `20h` here",
                "help": "lower `session.idle_timeout` to `12h` or less",
                "notes": ["a bound from a parent policy cannot be loosened by its children"],
                "labels": [
                    {"file": "policies/baseline.ward", "line": 2, "column": 24,
                     "end_line": 2, "end_column": 30, "message": "bound `<= 12h` set here"},
                    {"file": "policies/acme.ward", "line": 2, "column": 3,
                     "end_line": 2, "end_column": 28, "message": "inherited through this `extends`"},
                ],
            })
        );
        assert_eq!(
            doc["summary"],
            json!({"errors": 2, "warnings": 1, "files": 2})
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = sample();
        // `cache_ttl` follows `"façade"`, whose `ç` is two bytes: byte column 28,
        // character column 27.
        let warning = &doc["diagnostics"][1];
        assert_eq!(warning["severity"], "warning");
        assert_eq!(warning["help"], Value::Null);
        assert_eq!(warning["notes"], json!([]));
        assert_eq!(
            [
                &warning["line"],
                &warning["column"],
                &warning["end_line"],
                &warning["end_column"]
            ],
            [&json!(4), &json!(27), &json!(4), &json!(43)]
        );
    }

    #[test]
    fn no_place_gives_null_positions() {
        let doc = sample();
        let d = &doc["diagnostics"][2];
        for field in ["file", "line", "column", "end_line", "end_column"] {
            assert_eq!(d[field], Value::Null, "{field}");
        }
        assert_eq!(d["help"], "check the path given on the command line");
        assert_eq!(d["labels"], json!([]));
    }
}
