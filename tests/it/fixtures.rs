//! Fixture tests: every file under `tests/fixtures/` is a case.
//!
//! - `valid/NAME.ward` (or `valid/NAME/main.ward` with the files it
//!   extends; `.ward.toml` and `.ward.json` files alike): must resolve without errors; the snapshot is the resolved
//!   JSON followed by any warnings.
//! - `invalid/NAME.ward` (or `invalid/NAME/main.ward`): must produce at least
//!   one diagnostic; the snapshots are the human rendering (no colour, fixed
//!   width) and the JSON rendering.
//!
//! Adding a case is adding a file; `INSTA_UPDATE=always cargo test` writes
//! its snapshots for review.

use std::path::{Path, PathBuf};
use ward::diag::render::{render, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options};

fn entry(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    if path.is_dir() {
        return ["main.ward", "main.ward.toml", "main.ward.json"]
            .iter()
            .map(|m| path.join(m))
            .find(|m| m.exists());
    }
    driver::is_policy_file(name).then(|| path.to_path_buf())
}

fn cases(kind: &str) -> Vec<(String, PathBuf)> {
    let dir = Path::new("tests/fixtures").join(kind);
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map(|r| r.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            let file = entry(&p)?;
            let stem = p.file_name()?.to_str()?.split('.').next()?.to_string();
            Some((stem, file))
        })
        .collect();
    out.sort();
    out
}

fn diagnostics_text(out: &driver::Outcome, format: Format) -> String {
    let summary = Summary::of(&out.diags, out.files);
    render(
        format,
        &out.diags,
        &out.sources,
        &summary,
        &HumanStyle::snapshot(),
    )
}

#[test]
fn valid_fixtures_resolve() {
    let cases = cases("valid");
    assert!(!cases.is_empty(), "no valid fixtures found");
    for (name, file) in cases {
        let out = driver::check(&[file.clone()], &Options::default());
        assert!(out.fatal.is_empty(), "{name}: {:?}", out.fatal);
        assert!(
            !out.has_errors(),
            "{name}:\n{}",
            diagnostics_text(&out, Format::Human)
        );
        let policy = out
            .policies
            .first()
            .unwrap_or_else(|| panic!("{name}: no policy"));
        let mut snap = ward::emit::render(policy, ward::emit::Format::Json);
        if !out.diags.is_empty() {
            snap.push_str("\n--- warnings ---\n");
            snap.push_str(&diagnostics_text(&out, Format::Human));
        }
        insta::with_settings!({snapshot_path => "../fixtures/valid/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name, snap);
        });
    }
}

#[test]
fn invalid_fixtures_report() {
    let cases = cases("invalid");
    assert!(!cases.is_empty(), "no invalid fixtures found");
    for (name, file) in cases {
        let out = driver::check(&[file.clone()], &Options::default());
        assert!(
            !out.diags.is_empty(),
            "{name}: expected diagnostics, got none"
        );
        let human = diagnostics_text(&out, Format::Human);
        let json = diagnostics_text(&out, Format::Json);
        insta::with_settings!({snapshot_path => "../fixtures/invalid/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{name}.human"), human);
            insta::assert_snapshot!(format!("{name}.json"), json);
        });
    }
}
