//! The code table, its documentation and its fixtures stay in step.
//!
//! - every code has `docs/codes/CODE.md` with a title line and four
//!   non-empty sections, embedded in the binary; no page exists for a code
//!   not in the table;
//! - `docs/diagnostics.md` is the index generated from the table
//!   (`UPDATE_DOCS=1 cargo test --test codes` rewrites it);
//! - every code has a fixture under `tests/fixtures/invalid/` whose JSON
//!   snapshot contains it, or, for target codes (06xx) that `ward check`
//!   does not report yet, a named unit test that asserts it;
//! - `.pre-commit-hooks.yaml` declares the `ward-check` hook.

#![allow(clippy::panic)] // Tests fail by panicking.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ward::diag::codes::{self, CodeInfo, ALL};

const SECTIONS: [&str; 4] = [
    "What triggers it",
    "Why it matters",
    "Example",
    "How to fix",
];

/// Codes a policy fixture cannot trigger, tested by a named test instead:
/// a malformed descriptor needs `--target-file`, which fixtures do not
/// pass; command-line and input/output codes (08) need a command line.
/// (code, constant name, file, test function).
const TARGET_TESTS: &[(&str, &str, &str, &str)] = &[
    (
        "E0607",
        "INVALID_DESCRIPTOR",
        "src/targets/tests.rs",
        "descriptor_errors_point_into_the_toml",
    ),
    (
        "E0802",
        "CANNOT_READ_PATH",
        "tests/it/hostile.rs",
        "a_missing_file_on_the_command_line",
    ),
    (
        "E0803",
        "CANNOT_WRITE",
        "tests/it/hostile.rs",
        "an_output_that_cannot_be_written",
    ),
    (
        "E0801",
        "USAGE",
        "tests/it/usage.rs",
        "clap_errors_come_in_every_form",
    ),
    (
        "E0804",
        "UNKNOWN_ARGUMENT",
        "tests/it/usage.rs",
        "unknown_names_are_usage_errors",
    ),
    (
        "E0805",
        "OUTPUT_REFUSED",
        "tests/it/atomic.rs",
        "an_output_onto_an_input_is_refused",
    ),
    // A fixture's root is the repository, whose `ward.toml` it cannot be.
    (
        "E0408",
        "INVALID_PROJECT",
        "src/project.rs",
        "malformed_project_files_are_diagnostics_at_their_line",
    ),
];

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn page_path(info: &CodeInfo) -> PathBuf {
    Path::new("docs/codes").join(format!("{}.md", info.code))
}

fn phase(code: &str) -> &'static str {
    match &code[1..3] {
        "01" => "syntax",
        "02" => "names, types, units, domains",
        "03" => "bounds",
        "04" => "extends, merge, files",
        "05" => "cross-setting rules",
        "06" => "targets",
        "07" => "services' exports",
        "08" => "command line, input/output",
        _ => "?",
    }
}

/// The text of `docs/diagnostics.md`, from the code table.
fn index_text() -> String {
    let mut s = String::from(
        "# Diagnostic codes\n\
         \n\
         <!-- Generated from `src/diag/codes.rs` by `UPDATE_DOCS=1 cargo test --test codes`; do not edit. -->\n\
         \n\
         Every diagnostic ward reports has a stable code: `E` (error) or `W`\n\
         (warning) and four digits, the first two giving the phase. A code is never\n\
         reused or renumbered. `ward explain-code CODE` prints a code's page; a\n\
         warning can be silenced in a policy with `allow CODE`.\n\
         \n\
         | code | severity | phase | title |\n\
         |---|---|---|---|\n",
    );
    for info in ALL {
        let c = info.code.as_str();
        s.push_str(&format!(
            "| [{c}](codes/{c}.md) | {} | {} | {} |\n",
            info.code.severity().as_str(),
            phase(c),
            info.title.replace('|', "\\|"),
        ));
    }
    s
}

#[test]
fn diagnostics_index_is_up_to_date() {
    let path = Path::new("docs/diagnostics.md");
    let want = index_text();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if let Err(e) = std::fs::write(path, &want) {
            panic!("cannot write {}: {e}", path.display());
        }
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is out of date with the code table: run `UPDATE_DOCS=1 cargo test --test codes`"
    );
}

/// The sections of a page, by heading, in order.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push((h.trim().to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn every_code_has_a_complete_page() {
    let mut problems = Vec::new();
    for info in ALL {
        let c = info.code.as_str();
        let path = page_path(info);
        let Ok(text) = std::fs::read_to_string(&path) else {
            problems.push(format!("{c}: no {}", path.display()));
            continue;
        };
        let first = text.lines().next().unwrap_or("");
        let want = format!("# {c}: {}", info.title);
        if first != want {
            problems.push(format!("{c}: first line is `{first}`, expected `{want}`"));
        }
        let secs = sections(&text);
        let names: Vec<&str> = secs.iter().map(|(h, _)| h.as_str()).collect();
        if names != SECTIONS {
            problems.push(format!(
                "{c}: sections are {names:?}, expected {SECTIONS:?}"
            ));
        }
        for (h, body) in &secs {
            if body.trim().is_empty() {
                problems.push(format!("{c}: section `{h}` is empty"));
            }
        }
        if let Some((_, ex)) = secs.iter().find(|(h, _)| h == "Example") {
            if !ex.contains("```ward\n") || !ex.contains("policy ") {
                problems.push(format!(
                    "{c}: the example has no ```ward block with a policy"
                ));
            }
        }
        if info.code.explanation() != text {
            problems.push(format!(
                "{c}: the embedded explanation differs from {}",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_page_without_a_code() {
    let known: BTreeSet<String> = ALL.iter().map(|i| format!("{}.md", i.code)).collect();
    let mut stray = Vec::new();
    for entry in std::fs::read_dir("docs/codes")
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !known.contains(&name) {
            stray.push(name);
        }
    }
    assert!(
        stray.is_empty(),
        "pages for codes not in the table: {stray:?}"
    );
}

/// The codes in a fixture's JSON snapshot.
fn snapshot_codes(dir: &str, stem: &str) -> Option<BTreeSet<String>> {
    let path = Path::new(dir)
        .join("snapshots")
        .join(format!("{stem}.json.snap"));
    let text = std::fs::read_to_string(path).ok()?;
    // An insta snapshot: a `---` delimited header, then the document.
    let body = text.splitn(3, "---\n").nth(2)?;
    let doc: serde_json::Value = serde_json::from_str(body).ok()?;
    Some(
        doc["diagnostics"]
            .as_array()?
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect(),
    )
}

#[test]
fn every_code_has_a_fixture_that_reports_it() {
    // Policy fixtures, and drift fixtures (a policy with service exports,
    // `tests/it/drift_fixtures.rs`).
    let dirs = ["tests/fixtures/invalid", "tests/fixtures/drift"];
    let entries: Vec<(&str, String)> = dirs
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(move |e| (*dir, e.file_name().to_string_lossy().into_owned()))
        })
        .filter(|(_, n)| n != "snapshots")
        .collect();
    let mut problems = Vec::new();
    // Every fixture's snapshot contains the code its name starts with.
    for (dir, name) in &entries {
        let stem = name.split('.').next().unwrap_or(name);
        let code = &stem[..stem.len().min(5)];
        match snapshot_codes(dir, stem) {
            None => problems.push(format!("{name}: no readable JSON snapshot")),
            Some(found) if !found.contains(code) => problems.push(format!(
                "{name}: its snapshot does not contain {code} (found {found:?})"
            )),
            Some(_) => {}
        }
    }
    let codes_rs = read("src/diag/codes.rs");
    for info in ALL {
        let c = info.code.as_str();
        if entries.iter().any(|(_, n)| n.starts_with(c)) {
            continue;
        }
        let tests: Vec<_> = TARGET_TESTS.iter().filter(|t| t.0 == c).collect();
        if tests.is_empty() {
            problems.push(format!(
                "{c}: no fixture under tests/fixtures/invalid/ (name it `{c}-what.ward`) or tests/fixtures/drift/"
            ));
        }
        for (_, constant, file, func) in tests {
            if !codes_rs.contains(&format!("{constant} = \"{c}\"")) {
                problems.push(format!("{c}: the constant is not `{constant}`"));
            }
            let src = read(file);
            let Some(start) = src.find(&format!("fn {func}(")) else {
                problems.push(format!("{c}: no test `{func}` in {file}"));
                continue;
            };
            let body = &src[start..];
            let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
            if !body.contains(&format!("codes::{constant}")) {
                problems.push(format!(
                    "{c}: `{func}` in {file} does not check `codes::{constant}`"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn target_test_list_names_only_target_codes() {
    for (c, ..) in TARGET_TESTS {
        assert!(codes::lookup(c).is_some(), "{c} is not in the table");
        assert!(
            matches!(&c[1..3], "06" | "08") || *c == "E0408",
            "{c}: only target, command-line and project-file codes may be tested outside fixtures"
        );
    }
}

/// The value of `key:` in the hook file, without quotes.
fn yaml_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|l| {
        let l = l.trim_start().trim_start_matches("- ");
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(v.trim_matches(|c| c == '\'' || c == '"'))
    })
}

#[test]
fn pre_commit_hook_is_declared() {
    let text = read(".pre-commit-hooks.yaml");
    assert_eq!(yaml_value(&text, "id"), Some("ward-check"));
    assert_eq!(yaml_value(&text, "entry"), Some("ward check"));
    assert_eq!(yaml_value(&text, "language"), Some("rust"));
    assert!(yaml_value(&text, "name").is_some_and(|n| !n.is_empty()));
    let files = yaml_value(&text, "files").unwrap_or_default();
    let re = regex::Regex::new(files).unwrap_or_else(|e| panic!("`files` is not a regex: {e}"));
    for yes in ["a.ward", "a.ward.toml", "a.ward.json", "dir/b.ward"] {
        assert!(re.is_match(yes), "`{files}` should match {yes}");
    }
    for no in ["a.toml", "a.json", "a.ward.bak", "award"] {
        assert!(!re.is_match(no), "`{files}` should not match {no}");
    }
}
