//! The console-only services (no `[export] how`: WalkMe, Qualtrics, Miro,
//! ArcGIS): their export is the document ward writes, filled in from the
//! console. Each one's document drifts in sync with its policy, a value
//! changed in it is found at the policy line, and `ward import` of it
//! builds the same document again.

use super::{code, codes, diags, text, tree, ward};
use serde_json::Value;

/// A policy each console-only target accepts, and a field of the
/// recorded document with a looser value a test writes there.
fn policies() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    vec![
        (
            "walkme",
            "policy walkme {\n  targets walkme\n  session.idle_timeout = 2h\n}\n",
            "inactivity_timeout_minutes",
            Value::from(240),
        ),
        (
            "miro",
            "policy miro {\n  targets miro\n  session.idle_timeout = 8h\n}\n",
            "idle_session_timeout",
            serde_json::json!({"enabled": false}),
        ),
        (
            "arcgis",
            "policy arcgis {\n  targets arcgis\n  token.lifetime = 1h\n}\n",
            "maxTokenExpirationMinutes",
            Value::from(120),
        ),
        (
            "qualtrics",
            "policy qualtrics {
  targets qualtrics
  session.idle_timeout = 1h
  password.min_length  = 12
  lockout.threshold    = 5
  audit.export_formats = [\"csv\"]
}\n",
            "user_sessions",
            serde_json::json!({"minutes_of_inactivity_until_automatic_logout": 240}),
        ),
    ]
}

fn object(text: &str) -> serde_json::Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        other => panic!("not an object ({other:?}): {text}"),
    }
}

#[test]
fn a_recorded_console_document_drifts_and_imports() {
    let cases = policies();
    let mut covered: Vec<&str> = cases.iter().map(|c| c.0).collect();
    covered.sort();
    let mut console: Vec<&str> = ward::targets::builtins()
        .iter()
        .filter(|t| t.export.how.is_none())
        .map(|t| t.name.as_str())
        .collect();
    console.sort();
    assert_eq!(
        covered, console,
        "every built-in target without `[export] how` has a case here"
    );
    for (target, policy, field, looser) in cases {
        let file = format!("{target}.ward");
        let doc = format!("{target}.json");
        let dir = tree(&[(&file, policy)]);
        let d = dir.path();
        let o = ward(d, &["build", &file, "--target", target, "-o", &doc]);
        assert_eq!(code(&o), 0, "{target}: {}", text(&o));
        let written = std::fs::read_to_string(d.join(&doc)).unwrap_or_default();
        let from = format!("{target}={doc}");
        let drift = |extra: &[&str]| {
            let mut args = vec!["drift", &file, "--from", &from, "--format", "json"];
            args.extend(extra);
            ward(d, &args)
        };
        let o = drift(&["--exact"]);
        assert_eq!(code(&o), 0, "{target}: {}", text(&o));
        assert!(diags(&o).is_empty(), "{target}: {}", text(&o));

        // Import of the recorded document builds it again.
        let imported = format!("{target}.imported.ward");
        let o = ward(d, &["import", target, &doc, "-o", &imported]);
        assert_eq!(code(&o), 0, "{target}: {}", text(&o));
        let again = format!("{target}.again.json");
        let o = ward(d, &["build", &imported, "--target", target, "-o", &again]);
        assert_eq!(code(&o), 0, "{target}: {}", text(&o));
        let rebuilt = std::fs::read_to_string(d.join(&again)).unwrap_or_default();
        assert_eq!(object(&rebuilt), object(&written), "{target}");

        // A looser value recorded from the console is an error at the
        // policy's line for that setting, labelled on the document.
        let mut changed = object(&written);
        changed.insert(field.to_string(), looser);
        let text_changed = serde_json::to_string_pretty(&changed).unwrap_or_default();
        std::fs::write(d.join(&doc), &text_changed).unwrap_or_else(|e| panic!("{e}"));
        let o = drift(&[]);
        assert_eq!(code(&o), 1, "{target}: {}", text(&o));
        let ds = diags(&o);
        assert_eq!(codes(&ds), ["E0702"], "{target}: {}", text(&o));
        assert_eq!(ds[0]["file"], file.as_str(), "{target}");
        assert_eq!(ds[0]["line"], 3, "{target}: {}", text(&o));
        assert_eq!(ds[0]["labels"][0]["file"], doc.as_str(), "{target}");
    }
}
