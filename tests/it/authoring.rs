//! The TOML/JSON authoring form (docs/language.md section 6): the same policy
//! written as `.ward`, `.ward.toml` and `.ward.json` builds to the same
//! bytes, mistakes are reported at their line in the TOML or JSON file, and
//! `extends` crosses forms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use ward::diag::Diagnostic;
use ward::driver::{self, Options, Outcome};

const WARD: &str = r#"
policy acme {
  extends "./base.ward"
  targets miro
  session {
    idle_timeout   = 8h
    max_concurrent = 500
  }
  session.idle_timeout <= 12h warn because "Acme standard 4.2"
  password.max_age = never
  password.blocklist = breached
  lockout { window = 15 min; duration = 1h30m }
  integrations.outlook_calendar {
    enabled   = true
    audiences = ["sales"]
  }
}
"#;

const TOML: &str = r#"#:schema ../schemas/policy.schema.json
policy  = "acme"
extends = ["./base.ward"]
targets = ["miro"]

[session]
idle_timeout   = "8h"
max_concurrent = 500

[[bounds]]
setting  = "session.idle_timeout"
max      = "12h"
severity = "warn"
because  = "Acme standard 4.2"

[password]
max_age   = "never"
blocklist = "breached"

[lockout]
window   = "15 min"
duration = "1h30m"

[integrations.outlook_calendar]
enabled   = true
audiences = ["sales"]
"#;

const JSON: &str = r#"{
  "$schema": "../schemas/policy.schema.json",
  "policy": "acme",
  "extends": ["./base.ward"],
  "targets": ["miro"],
  "session": { "idle_timeout": "8h", "max_concurrent": 500 },
  "bounds": [
    { "setting": "session.idle_timeout", "max": "12h", "severity": "warn", "because": "Acme standard 4.2" }
  ],
  "password": { "max_age": "never", "blocklist": "breached" },
  "lockout": { "window": "15 min", "duration": "1h30m" },
  "integrations": { "outlook_calendar": { "enabled": true, "audiences": ["sales"] } }
}
"#;

const BASE: &str = "policy base {\n  password.min_length = 15\n  session.idle_timeout <= 14d\n}\n";

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn build(dir: &Path, name: &str) -> Outcome {
    let opts = Options {
        root: Some(dir.to_path_buf()),
        ..Options::default()
    };
    driver::build(&dir.join(name), &opts)
}

fn built(dir: &Path, name: &str) -> String {
    let out = build(dir, name);
    assert!(
        !out.has_errors() && out.fatal.is_empty(),
        "{name}: {:#?}",
        out.diags
    );
    let policy = out.policies.first().unwrap_or_else(|| panic!("{name}"));
    ward::emit::json(policy)
}

/// `(code, line, column)` of each diagnostic's primary span.
fn places(out: &Outcome) -> Vec<(String, String, usize, usize)> {
    out.diags
        .iter()
        .filter_map(|d: &Diagnostic| {
            let l = d.primary.as_ref()?;
            let file = out.sources.get(l.source);
            let (line, col) = file.line_col(l.span.start);
            let name = PathBuf::from(&file.name)
                .file_name()?
                .to_string_lossy()
                .into_owned();
            Some((d.code.to_string(), name, line, col))
        })
        .collect()
}

#[test]
fn the_three_forms_build_to_identical_bytes() {
    let dir = dir_with(&[
        ("base.ward", BASE),
        ("acme.ward", WARD),
        ("acme.ward.toml", TOML),
        ("acme.ward.json", JSON),
    ]);
    let ward = built(dir.path(), "acme.ward");
    assert!(ward.contains("\"idle_timeout\": 28800"), "{ward}");
    assert_eq!(built(dir.path(), "acme.ward.toml"), ward);
    assert_eq!(built(dir.path(), "acme.ward.json"), ward);
    // And the same TOML output.
    let a = build(dir.path(), "acme.ward");
    let b = build(dir.path(), "acme.ward.toml");
    let toml = ward::emit::Format::Toml;
    assert_eq!(
        ward::emit::render(&a.policies[0], toml),
        ward::emit::render(&b.policies[0], toml)
    );
}

#[test]
fn the_section_6_example_builds() {
    // The example exactly as the reference shows it, minus its `extends`
    // (the PCI profile bounds the idle timeout to 15 minutes).
    let toml = TOML
        .replace("extends = [\"./base.ward\"]\n", "")
        .replace(
            "[password]\nmax_age   = \"never\"\nblocklist = \"breached\"\n",
            "",
        )
        .replace(
            "[lockout]\nwindow   = \"15 min\"\nduration = \"1h30m\"\n",
            "",
        );
    let dir = dir_with(&[("acme.ward.toml", &toml)]);
    let out = built(dir.path(), "acme.ward.toml");
    assert!(out.contains("\"max_concurrent\": 500"), "{out}");
    assert!(out.contains("\"outlook_calendar\""), "{out}");
}

#[test]
fn mistakes_are_reported_at_their_line_in_the_toml_file() {
    let toml =
        "policy = \"p\"\n\n[session]\nidle_timeout = 60\n\n[password]\nmin_length = \"2000\"\n";
    let dir = dir_with(&[("p.ward.toml", toml)]);
    let out = build(dir.path(), "p.ward.toml");
    let got = places(&out);
    assert!(
        got.contains(&("E0206".into(), "p.ward.toml".into(), 4, 16)),
        "{got:?}"
    );
    // The span is inside the string: column of `2000`, not of the quote.
    assert!(
        got.contains(&("E0210".into(), "p.ward.toml".into(), 7, 15)),
        "{got:?}"
    );
}

#[test]
fn mistakes_are_reported_at_their_line_in_the_json_file() {
    let json = "{\n  \"policy\": \"p\",\n  \"lockout\": {\n    \"window\": 15\n  },\n  \"bounds\": [{ \"setting\": \"lockout.windw\", \"min\": \"1m\" }]\n}\n";
    let dir = dir_with(&[("p.ward.json", json)]);
    let out = build(dir.path(), "p.ward.json");
    let got = places(&out);
    assert!(
        got.contains(&("E0206".into(), "p.ward.json".into(), 4, 15)),
        "{got:?}"
    );
    // The unknown segment of a bound's `setting` string.
    assert!(
        got.contains(&("E0201".into(), "p.ward.json".into(), 6, 36)),
        "{got:?}"
    );
}

#[test]
fn extends_crosses_forms() {
    let dir = dir_with(&[
        ("org.ward", "policy org {\n  session.idle_timeout <= 12h\n  password.min_length = 12\n}\n"),
        (
            "dept.ward.toml",
            "policy = \"dept\"\nextends = [\"./org.ward\"]\n[token]\nlifetime = \"8h\"\n",
        ),
        (
            "team.ward.json",
            "{\"policy\": \"team\", \"extends\": [\"./dept.ward.toml\"], \"session\": {\"idle_timeout\": \"2h\"}}",
        ),
        (
            "bad.ward.json",
            "{\"policy\": \"bad\", \"extends\": [\"./dept.ward.toml\"], \"session\": {\"idle_timeout\": \"1d\"}}",
        ),
        (
            "back.ward",
            "policy back {\n  extends \"./team.ward.json\"\n  session.idle_timeout = 3h\n}\n",
        ),
    ]);
    let out = built(dir.path(), "back.ward");
    assert!(out.contains("\"lifetime\": 28800"), "{out}");
    assert!(out.contains("\"min_length\": 12"), "{out}");
    assert!(out.contains("\"idle_timeout\": 10800"), "{out}");
    // The JSON file breaks the bound set in the `.ward` grandparent: the
    // error points into the JSON file.
    let out = build(dir.path(), "bad.ward.json");
    let got = places(&out);
    assert!(
        got.iter()
            .any(|(c, f, line, _)| c == "E0301" && f == "bad.ward.json" && *line == 1),
        "{got:?}"
    );
}
