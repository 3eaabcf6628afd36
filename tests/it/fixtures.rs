//! Fixture tests: every file under `tests/fixtures/` is a case, run through
//! `insta::glob!`, so one mismatch is reported with all the others rather
//! than hiding them.
//!
//! - `valid/NAME.ward` (or `valid/NAME/main.ward` with the files it
//!   extends; `.ward.toml` and `.ward.json` files alike): must resolve
//!   without errors; the snapshot is the resolved JSON followed by any
//!   warnings.
//! - `invalid/NAME.ward` (or `invalid/NAME/main.ward`): must produce at
//!   least one diagnostic; the snapshots are the human rendering (no colour,
//!   fixed width) and the JSON rendering.
//!
//! Snapshots are named `NAME.snap`, `NAME.human.snap` and `NAME.json.snap`
//! beside the cases (`tests/it/codes.rs` reads the JSON ones). Adding a
//! case is adding a file; `INSTA_UPDATE=always cargo test` writes its
//! snapshots for review, and `INSTA_GLOB_FILTER=NAME*` runs one case.

use std::path::{Path, PathBuf};
use ward::diag::render::{render, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options};

/// The policy a case checks: the file itself, or a directory's `main.*`.
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

/// The case's name (its file name up to the first `.`) and entry, relative
/// to the crate (so paths in diagnostics are the same on every machine).
fn case(path: &Path) -> Option<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(root).unwrap_or(path);
    let file = entry(rel)?;
    let name = rel.file_name()?.to_str()?.split('.').next()?.to_string();
    Some((name, file))
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

/// Problems other than snapshot mismatches, reported after every case ran.
#[derive(Default)]
struct Problems(Vec<String>);

impl Drop for Problems {
    fn drop(&mut self) {
        if !self.0.is_empty() && !std::thread::panicking() {
            panic!("{}", self.0.join("\n\n"));
        }
    }
}

#[test]
fn valid_fixtures_resolve() {
    let mut problems = Problems::default();
    insta::glob!("../fixtures/valid", "*", |path| {
        let Some((name, file)) = case(path) else {
            return;
        };
        let out = driver::check(std::slice::from_ref(&file), &Options::default());
        if !out.fatal.is_empty() || out.has_errors() {
            let mut all = out.fatal.clone();
            all.extend(out.diags.iter().cloned());
            let text = render(
                Format::Human,
                &all,
                &out.sources,
                &Summary::of(&all, out.files),
                &HumanStyle::snapshot(),
            );
            problems
                .0
                .push(format!("{name}: errors in a valid case:\n{text}"));
            return;
        }
        let Some(policy) = out.policies.first() else {
            problems.0.push(format!("{name}: no policy"));
            return;
        };
        let mut snap = ward::emit::json(policy);
        if !out.diags.is_empty() {
            snap.push_str("\n--- warnings ---\n");
            snap.push_str(&diagnostics_text(&out, Format::Human));
        }
        insta::with_settings!({
            snapshot_path => "../fixtures/valid/snapshots",
            prepend_module_to_snapshot => false,
            snapshot_suffix => "",
        }, {
            insta::assert_snapshot!(name, snap);
        });
    });
}

#[test]
fn invalid_fixtures_report() {
    let mut problems = Problems::default();
    insta::glob!("../fixtures/invalid", "*", |path| {
        let Some((name, file)) = case(path) else {
            return;
        };
        let out = driver::check(std::slice::from_ref(&file), &Options::default());
        if out.diags.is_empty() {
            problems
                .0
                .push(format!("{name}: expected diagnostics, got none"));
            return;
        }
        let human = diagnostics_text(&out, Format::Human);
        let json = diagnostics_text(&out, Format::Json);
        insta::with_settings!({
            snapshot_path => "../fixtures/invalid/snapshots",
            prepend_module_to_snapshot => false,
            snapshot_suffix => "",
        }, {
            insta::assert_snapshot!(format!("{name}.human"), human);
            insta::assert_snapshot!(format!("{name}.json"), json);
        });
    });
}
