//! The project configuration, `ward.toml` at the root, through the binary:
//! `check`, `build` and `explain` read the descriptor files it names without
//! flags, `--target-file` adds to it, and a malformed `ward.toml` is a
//! diagnostic at its line that stops the command (exit 2), as a broken
//! `--target-file` does.

use crate::common::ward;
use serde_json::{json, Value};
use std::process::Output;

const ACME: &str = "name = \"acme-sso\"\ntitle = \"Acme SSO\"\nsources = [\"https://example.invalid/docs\"]\n\n[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idleMinutes\"\nencoding = \"integer\"\nunit = \"minutes\"\nmin = \"5m\"\nmax = \"1d\"\n";

const OTHER: &str = "name = \"other-sso\"\ntitle = \"Other SSO\"\nsources = [\"https://example.invalid/other\"]\n\n[[settings]]\nsetting = \"token.lifetime\"\nfield = \"tokenMinutes\"\nencoding = \"integer\"\nunit = \"minutes\"\n";

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
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

fn diags(o: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn ward_toml_names_the_projects_targets_for_every_command() {
    let dir = tree(&[
        ("ward.toml", "target_files = [\"ops/acme-sso.toml\"]\n"),
        ("ops/acme-sso.toml", ACME),
        ("ops/other-sso.toml", OTHER),
        (
            "teams/p.ward",
            "policy p {\n  targets acme-sso\n  session.idle_timeout = 2h\n}\n",
        ),
        (
            "teams/bad.ward",
            "policy bad {\n  targets acme-sso\n  session.idle_timeout = 90s\n}\n",
        ),
        (
            "teams/both.ward",
            "policy both {\n  targets acme-sso, other-sso\n  token.lifetime = 1h\n}\n",
        ),
    ]);
    let p = dir.path();
    // From a subdirectory too: the root is the work tree.
    let o = ward(&p.join("teams"), &["check", "--format", "json", "p.ward"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = ward(p, &["build", "teams/p.ward", "--target", "acme-sso"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    assert_eq!(v, json!({"idleMinutes": 120}));
    let o = ward(p, &["check", "--format", "json", "teams/bad.ward"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        diags(&o).iter().any(|d| d["code"] == "E0602"),
        "{:?}",
        diags(&o)
    );
    let o = ward(p, &["explain", "teams/p.ward", "session.idle_timeout"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("acme-sso") && text.contains("idleMinutes"),
        "{text}"
    );
    let o = ward(p, &["schema", "target", "acme-sso"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("idleMinutes"));
    // A flag adds to the project's list.
    let o = ward(p, &["check", "--format", "json", "teams/both.ward"]);
    assert!(
        diags(&o).iter().any(|d| d["code"] == "E0608"),
        "{:?}",
        diags(&o)
    );
    let o = ward(
        p,
        &[
            "--target-file",
            "ops/other-sso.toml",
            "check",
            "--format",
            "json",
            "teams/both.ward",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", diags(&o));
}

#[test]
fn a_malformed_ward_toml_is_a_diagnostic_at_its_line() {
    let dir = tree(&[
        (
            "ward.toml",
            "# the project\ntarget_file = [\"ops/acme-sso.toml\"]\n",
        ),
        ("p.ward", "policy p {\n  session.idle_timeout = 2h\n}\n"),
    ]);
    let o = ward(dir.path(), &["check", "--format", "json", "p.ward"]);
    assert_eq!(o.status.code(), Some(2));
    let d = diags(&o);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "E0408");
    assert_eq!(d[0]["file"], "ward.toml");
    assert_eq!(
        (d[0]["line"].clone(), d[0]["column"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(d[0]["help"], "did you mean `target_files`?");

    // A listed file that does not exist points at its entry.
    std::fs::write(
        dir.path().join("ward.toml"),
        "target_files = [\n  \"ops/missing.toml\",\n]\n",
    )
    .ok();
    let o = ward(dir.path(), &["check", "--format", "json", "p.ward"]);
    assert_eq!(o.status.code(), Some(2));
    let d = diags(&o);
    assert_eq!(d[0]["code"], "E0401", "{d:?}");
    assert_eq!(d[0]["line"], json!(2));
    assert_eq!(
        d[0]["message"],
        "cannot read `ops/missing.toml`: no such file"
    );
}
