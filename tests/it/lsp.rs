//! The language server, end to end: the real `ward lsp` binary driven over
//! stdio by the client in `lsp_client`, answers compared with `ward check`
//! and snapshotted with insta.

use super::lsp_client::{pos_after, project, redact, Client};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

const BASE: &str = "policy base {\n  session.idle_timeout <= 12h because \"Acme standard 4.2\"\n  session.idle_timeout = 4h\n  password.min_length = 14\n  password.min_length >= 12\n}\n";

/// `ward check --format json FILE` run in `dir`.
fn check_json(dir: &Path, file: &str) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["check", "--format", "json", file])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// An LSP diagnostic's code, message and 1-based start and end, as `ward
/// check --format json` writes them (columns in characters: the texts here
/// are ASCII before the ranges, so UTF-16 units are characters).
fn as_check(d: &Value) -> Value {
    let r = &d["range"];
    json!({
        "code": d["code"],
        "message": d["message"],
        "line": r["start"]["line"].as_u64().map(|l| l + 1),
        "column": r["start"]["character"].as_u64().map(|c| c + 1),
        "end_line": r["end"]["line"].as_u64().map(|l| l + 1),
        "end_column": r["end"]["character"].as_u64().map(|c| c + 1),
    })
}

fn check_fields(d: &Value) -> Value {
    json!({
        "code": d["code"], "message": d["message"], "line": d["line"], "column": d["column"],
        "end_line": d["end_line"], "end_column": d["end_column"],
    })
}

#[test]
fn a_typo_gets_the_diagnostic_ward_check_gives_and_a_quick_fix() {
    let text = "policy team {\n  session {\n    idle_timout = 8h\n  }\n  lockout.window = 15\n  token.lifetime = 1.5h\n}\n";
    let dir = project(&[("team.ward", text)]);
    let (mut c, init) = Client::start(dir.path(), &[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let u = c.open(&c.root.join("team.ward"), text);
    let got = c.diagnostics(&u);
    let want: Vec<Value> = check_json(dir.path(), "team.ward")
        .iter()
        .map(check_fields)
        .collect();
    let have: Vec<Value> = got.iter().map(as_check).collect();
    assert_eq!(have, want);
    assert_eq!(got.len(), 3, "{got:?}");
    insta::assert_json_snapshot!("lsp_typo_diagnostics", redact(&json!(got), &c.root));

    // A quick fix for each: the typo, the missing unit, the decimal.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": u },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 7, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "replace `idle_timout` with `idle_timeout`",
            "replace `15` with `15m`",
            "replace `1.5h` with `1h30m`"
        ]
    );
    let edit = &actions[0]["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "idle_timeout");
    assert_eq!(
        edit["range"],
        json!({ "start": { "line": 2, "character": 4 }, "end": { "line": 2, "character": 15 } })
    );
    // Applying the three fixes leaves no diagnostic.
    let fixed = text
        .replace("idle_timout", "idle_timeout")
        .replace("= 15\n", "= 15m\n")
        .replace("1.5h", "1h30m");
    c.change(&u, &fixed);
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    c.shutdown();
}

#[test]
fn completion_in_text_being_typed() {
    let dir = project(&[("base.ward", BASE), ("common/org.ward", "policy org {}\n")]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let text =
        "policy team {\n  extends \"std:\n  targets \n  session {\n    \n  }\n  password.\n}\n";
    let u = c.open(&c.root.join("team.ward"), text);
    let labels = |c: &mut Client, line: u32, col: u32| -> Vec<String> {
        let r = c.request("textDocument/completion", c.at(&u, line, col));
        let items = r
            .as_array()
            .cloned()
            .or_else(|| r["items"].as_array().cloned());
        items
            .into_iter()
            .flatten()
            .filter_map(|i| i["label"].as_str().map(String::from))
            .collect()
    };
    let (l, col) = pos_after(text, "extends \"std:");
    let got = labels(&mut c, l, col);
    assert!(got.contains(&"std:pci-dss-4.0".to_string()), "{got:?}");
    let (l, col) = pos_after(text, "targets ");
    let got = labels(&mut c, l, col);
    assert!(
        got.contains(&"miro".to_string()) && got.contains(&"keycloak".to_string()),
        "{got:?}"
    );
    let got = labels(&mut c, 4, 4);
    assert!(got.contains(&"idle_timeout".to_string()), "{got:?}");
    assert!(!got.contains(&"min_length".to_string()), "{got:?}");
    let (l, col) = pos_after(text, "password.");
    let got = labels(&mut c, l, col);
    assert!(
        got.contains(&"min_length".to_string()) && !got.contains(&"idle_timeout".to_string()),
        "{got:?}"
    );
    // Relative paths in `extends`, and the item's documentation.
    c.change(&u, "policy team {\n  extends \"./\n}\n");
    let got = labels(&mut c, 1, 13);
    assert!(
        got.contains(&"./base.ward".to_string()) && got.contains(&"./common/".to_string()),
        "{got:?}"
    );
    c.change(&u, "policy team {\n  session.\n}\n");
    let r = c.request("textDocument/completion", c.at(&u, 1, 10));
    let idle = r
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["label"] == "idle_timeout")
        .cloned();
    insta::assert_json_snapshot!("lsp_completion_idle_timeout", idle);
    c.shutdown();
}

#[test]
fn hover_shows_the_description_and_a_parents_because() {
    let child = "policy team {\n  extends \"./base.ward\"\n  targets miro\n  session.idle_timeout = 8h\n}\n";
    let dir = project(&[("base.ward", BASE), ("team.ward", child)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), child);
    // Miro holds none of the password settings the file inherits: one
    // warning, on its `targets` line (contract v2, section 5).
    let codes: Vec<Value> = c
        .diagnostics(&u)
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, [Value::from("W0603")]);
    let h = c.request("textDocument/hover", c.at(&u, 3, 6));
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.contains("End a session after this long without user activity."),
        "{text}"
    );
    assert!(text.contains("because \"Acme standard 4.2\""), "{text}");
    assert!(text.contains("base.ward:2"), "{text}");
    insta::assert_snapshot!("lsp_hover_idle_timeout", text);
    // A profile reference: its title and version.
    c.change(&u, "policy team {\n  extends \"std:pci-dss-4.0\"\n}\n");
    let h = c.request("textDocument/hover", c.at(&u, 1, 16));
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.contains("PCI DSS v4.0") && text.contains("version:"),
        "{text}"
    );
    c.shutdown();
}

#[test]
fn definition_of_extends_and_of_a_setting() {
    let child = "policy team {\n  extends \"./base.ward\"\n  session.idle_timeout = 8h\n}\n";
    let dir = project(&[("base.ward", BASE), ("team.ward", child)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), child);
    let d = c.request("textDocument/definition", c.at(&u, 1, 14));
    assert_eq!(
        d[0]["uri"],
        super::lsp_client::uri(&c.root.join("base.ward"))
    );
    // The setting: its value here and the bound in the parent.
    let d = c.request("textDocument/definition", c.at(&u, 2, 4));
    insta::assert_json_snapshot!("lsp_definition_setting", redact(&d, &c.root));
    c.change(&u, "policy team {\n  extends \"std:pci-dss-4.0\"\n}\n");
    let d = c.request("textDocument/definition", c.at(&u, 1, 15));
    let target = d[0]["uri"].as_str().unwrap_or("");
    assert!(target.ends_with("/pci-dss-4.0.ward"), "{d}");
    let path = target.trim_start_matches("file://");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(on_disk.contains("# title: PCI DSS"), "{path}");
    c.shutdown();
}

#[test]
fn formatting_and_symbols() {
    // `targets` first: a file whose declarations are out of order has an
    // error (E0105) and is not formatted.
    let text = "policy team {\n    targets   miro\n  session {\n    idle_timeout   =   8h   # short\n    max_concurrent=5\n  }\n}\n";
    let dir = project(&[("team.ward", text)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), text);
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    insta::assert_json_snapshot!("lsp_formatting", edits);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    insta::assert_json_snapshot!("lsp_symbols", symbols);
    c.shutdown();
}

#[test]
fn an_unsaved_parent_changes_an_open_childs_diagnostics() {
    let child = "policy team {\n  extends \"./base.ward\"\n  session.idle_timeout = 8h\n}\n";
    let dir = project(&[
        ("base.ward", BASE),
        ("team.ward", child),
        ("other.ward", "policy other {}\n"),
    ]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let cu = c.open(&c.root.join("team.ward"), child);
    assert_eq!(c.diagnostics(&cu), Vec::<Value>::new());
    let other = c.open(&c.root.join("other.ward"), "policy other {}\n");
    assert_eq!(c.diagnostics(&other), Vec::<Value>::new());
    let pu = c.open(&c.root.join("base.ward"), BASE);
    assert_eq!(c.diagnostics(&pu), Vec::<Value>::new());
    // Opening the parent checks the child again (same version, same result).
    assert_eq!(c.diagnostics(&cu), Vec::<Value>::new());
    // Tighten the parent's bound, unsaved: the child now breaks it.
    c.change(&pu, &BASE.replace("<= 12h", "<= 6h"));
    assert_eq!(c.diagnostics(&pu), Vec::<Value>::new());
    let d = c.diagnostics(&cu);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "E0301");
    let related = d[0]["relatedInformation"].to_string();
    assert!(
        related.contains("base.ward") && related.contains("Acme standard 4.2"),
        "{related}"
    );
    // Only dependents are checked again: `other.ward` got nothing new.
    assert!(
        !c.notes.iter().any(|n| n["params"]["uri"] == json!(other)),
        "{:?}",
        c.notes
    );
    // Closing the parent without saving: the child reads it from disk again.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": pu } }),
    );
    assert_eq!(c.diagnostics(&cu), Vec::<Value>::new());
    c.shutdown();
}

#[test]
fn positions_are_utf16_unless_utf8_is_offered() {
    // `é` is one UTF-16 unit and two bytes, `𝄞` two units and four bytes.
    let text = "policy \"équipe\" {\n  integrations.\"café-𝄞\".cache_ttl = 30\n}\n";
    let dir = project(&[("t.ward", text)]);
    let cases: [(&[&str], &str, u64); 2] =
        [(&[], "utf-16", 37), (&["utf-8", "utf-16"], "utf-8", 40)];
    for (offer, enc, col) in cases {
        let (mut c, init) = Client::start(dir.path(), offer);
        assert_eq!(init["capabilities"]["positionEncoding"], enc);
        let u = c.open(&c.root.join("t.ward"), text);
        let d = c.diagnostics(&u);
        assert_eq!(d[0]["code"], "E0206", "{d:?}");
        assert_eq!(
            d[0]["range"]["start"],
            json!({ "line": 1, "character": col }),
            "{enc}"
        );
        // An edit in the same encoding lands where the client means.
        c.edit(&u, json!([{ "range": { "start": { "line": 1, "character": col + 2 }, "end": { "line": 1, "character": col + 2 } }, "text": "m" }]));
        assert_eq!(c.diagnostics(&u), Vec::<Value>::new(), "{enc}");
        c.shutdown();
    }
}

#[test]
fn ward_toml_targets_work_in_the_editor_without_flags() {
    let acme = "name = \"acme-sso\"\ntitle = \"Acme SSO\"\nsources = [\"https://example.invalid/docs\"]\n\n[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idleMinutes\"\nencoding = \"integer\"\nunit = \"minutes\"\nmin = \"5m\"\nmax = \"1d\"\n";
    let text = "policy team {\n  targets acme-sso\n  session.idle_timeout = 2h\n}\n";
    let dir = project(&[
        ("ward.toml", "target_files = [\"ops/acme-sso.toml\"]\n"),
        ("ops/acme-sso.toml", acme),
        ("team.ward", text),
    ]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), text);
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    c.change(&u, "policy team {\n  targets \n}\n");
    let _ = c.diagnostics(&u);
    let r = c.request("textDocument/completion", c.at(&u, 1, 10));
    let labels: Vec<&str> = r
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"acme-sso"), "{labels:?}");
    // An unsaved, broken `ward.toml`: a diagnostic at its line, shown in it.
    c.change(&u, text);
    let _ = c.diagnostics(&u);
    let wu = c.open(
        &c.root.join("ward.toml"),
        "target_file = [\"ops/acme-sso.toml\"]\n",
    );
    let d = c.diagnostics(&u);
    assert!(d.iter().any(|d| d["code"] == "E0608"), "{d:?}");
    let w = c
        .notes
        .iter()
        .rev()
        .find(|n| n["params"]["uri"] == json!(wu))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        w["params"]["diagnostics"][0]["code"], "E0408",
        "{:?}",
        c.notes
    );
    assert_eq!(w["params"]["diagnostics"][0]["range"]["start"]["line"], 0);
    c.shutdown();
}

#[test]
fn bad_requests_get_errors_not_a_crash() {
    let text = "policy p {\n  session.idle_timeout = 8h\n}\n";
    let dir = project(&[("p.ward", text)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("p.ward"), text);
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    // Unknown methods and malformed parameters are errors.
    let r = c.request_raw("textDocument/rename", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request_raw("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Positions past the end, and documents never opened, are answered.
    for (line, ch) in [(0, 999), (99, 0), (1, u32::MAX)] {
        let _ = c.request("textDocument/hover", c.at(&u, line, ch));
        let _ = c.request("textDocument/completion", c.at(&u, line, ch));
        let _ = c.request("textDocument/definition", c.at(&u, line, ch));
    }
    let ghost = super::lsp_client::uri(&c.root.join("ghost.ward"));
    assert_eq!(
        c.request("textDocument/hover", c.at(&ghost, 0, 0)),
        Value::Null
    );
    // A change whose range lies past the end, and one inside a character.
    c.edit(&u, json!([{ "range": { "start": { "line": 50, "character": 0 }, "end": { "line": 60, "character": 3 } }, "text": "\n# end" }]));
    let _ = c.diagnostics(&u);
    c.change(&u, "policy \"é\" {\n}\n");
    c.edit(&u, json!([{ "range": { "start": { "line": 0, "character": 8 }, "end": { "line": 0, "character": 9 } }, "text": "x" }]));
    let _ = c.diagnostics(&u);
    // Text that is no policy at all, deeply nested, or huge on one line.
    for junk in [
        "{{{{{{",
        &"[".repeat(100_000),
        &format!("policy p {{\n  x = {}\n}}\n", "9".repeat(100_000)),
    ] {
        c.change(&u, junk);
        let d = c.diagnostics(&u);
        assert!(!d.is_empty(), "{junk:.20}");
        let _ = c.request("textDocument/completion", c.at(&u, 0, 3));
        let _ = c.request("textDocument/formatting", json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }));
    }
    c.shutdown();
}

#[test]
fn every_help_that_proposes_a_replacement_is_a_quick_fix() {
    let text = "policy team {\n  extends \"std:pci-dss-40\"\n  targets mirro\n  allow W030\n  sesion.idle_timeout = 8h\n  password.blocklist = breachd\n  lockout.window = 15 mns\n  min_length = 12\n  token.lifetime = \"1h\"\n  password.history = 5d\n  accounts.allow_proxy_login = no\n}\n";
    let dir = project(&[("team.ward", text)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), text);
    let d = c.diagnostics(&u);
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": u },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 12, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    let fixes: Vec<String> = actions
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            format!(
                "{} {}",
                a["diagnostics"][0]["code"].as_str().unwrap_or(""),
                a["title"].as_str().unwrap_or("")
            )
        })
        .collect();
    let codes: Vec<&str> = d.iter().filter_map(|d| d["code"].as_str()).collect();
    insta::assert_snapshot!(
        "lsp_quick_fixes",
        format!("{}\n\n{}", codes.join(" "), fixes.join("\n"))
    );
    c.shutdown();
}
