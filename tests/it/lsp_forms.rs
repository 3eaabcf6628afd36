//! The language server on the TOML and JSON authoring forms: the same
//! diagnostics as `ward check`, at the right line, and quick fixes written
//! the way each form needs them.

use super::lsp_client::{project, Client};
use serde_json::{json, Value};
use std::process::Command;

fn check_lines(dir: &std::path::Path, file: &str) -> Vec<(Value, Value, Value, Value)> {
    let o = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["check", "--format", "json", file])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].clone(),
                d["message"].clone(),
                d["line"].clone(),
                d["column"].clone(),
            )
        })
        .collect()
}

fn lsp_lines(d: &[Value]) -> Vec<(Value, Value, Value, Value)> {
    d.iter()
        .map(|d| {
            let s = &d["range"]["start"];
            (
                d["code"].clone(),
                d["message"].clone(),
                json!(s["line"].as_u64().map(|l| l + 1)),
                json!(s["character"].as_u64().map(|c| c + 1)),
            )
        })
        .collect()
}

fn fixes(c: &mut Client, u: &str) -> Vec<(String, String)> {
    let a = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": u },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    a.as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            let e = &a["edit"]["changes"][u][0];
            (
                a["title"].as_str().unwrap_or("").to_string(),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn toml_and_json_buffers_get_check_diagnostics_at_their_lines_and_fixes() {
    let toml = "policy = \"team\"\n\n[session]\nidle_timout = \"8h\"\nmax_concurrent = 5\n\n[lockout]\nwindow = 15\n";
    let jsn = "{\n  \"policy\": \"team\",\n  \"session\": {\n    \"idle_timout\": \"8h\"\n  },\n  \"lockout\": { \"window\": 15 }\n}\n";
    let dir = project(&[("t.ward.toml", toml), ("j.ward.json", jsn)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let tu = c.open(&c.root.join("t.ward.toml"), toml);
    let d = c.diagnostics(&tu);
    assert_eq!(lsp_lines(&d), check_lines(dir.path(), "t.ward.toml"));
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0]["range"]["start"]["line"], 3);
    assert_eq!(
        fixes(&mut c, &tu),
        [
            (
                "replace `idle_timout` with `idle_timeout`".to_string(),
                "idle_timeout".to_string()
            ),
            (
                "replace `15` with `\"15m\"`".to_string(),
                "\"15m\"".to_string()
            ),
        ]
    );
    let ju = c.open(&c.root.join("j.ward.json"), jsn);
    let d = c.diagnostics(&ju);
    assert_eq!(lsp_lines(&d), check_lines(dir.path(), "j.ward.json"));
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0]["range"]["start"]["line"], 3);
    assert_eq!(
        fixes(&mut c, &ju),
        [
            (
                "replace `\"idle_timout\"` with `\"idle_timeout\"`".to_string(),
                "\"idle_timeout\"".to_string()
            ),
            (
                "replace `15` with `\"15m\"`".to_string(),
                "\"15m\"".to_string()
            ),
        ]
    );
    // The fixed buffers are clean.
    c.change(
        &tu,
        &toml
            .replace("idle_timout", "idle_timeout")
            .replace("= 15", "= \"15m\""),
    );
    assert_eq!(c.diagnostics(&tu), Vec::<Value>::new());
    c.change(
        &ju,
        &jsn.replace("idle_timout", "idle_timeout")
            .replace(": 15", ": \"15m\""),
    );
    assert_eq!(c.diagnostics(&ju), Vec::<Value>::new());
    // Hover works on a TOML key too.
    let h = c.request("textDocument/hover", c.at(&tu, 3, 3));
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("without user activity"),
        "{h}"
    );
    c.shutdown();
}
