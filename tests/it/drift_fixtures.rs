//! Drift and import fixtures: every directory under `tests/fixtures/drift/`
//! is a case.
//!
//! A drift case holds `main.ward`, the exports it is compared with, and a
//! `from` file naming them, one `TARGET=FILE` per line (relative to the
//! case). An import case holds an export and an `import` file, `TARGET
//! FILE`. The run must produce at least one diagnostic; the snapshots are
//! the human rendering (no colour, fixed width; for an import, followed by
//! the policy written) and the JSON rendering, as for
//! `tests/fixtures/invalid/`. The code test (`codes.rs`) counts these
//! cases as fixtures of their codes.

use std::path::{Path, PathBuf};
use ward::diag::render::{render, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::Options;

fn cases() -> Vec<(String, PathBuf)> {
    let dir = Path::new("tests/fixtures/drift");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.is_dir() && (p.join("main.ward").is_file() || p.join("import").is_file()))
        .filter_map(|p| Some((p.file_name()?.to_str()?.to_string(), p)))
        .collect();
    out.sort();
    out
}

/// The `--from` list of a case.
fn froms(case: &Path) -> Vec<ward::drift::From> {
    let text = std::fs::read_to_string(case.join("from"))
        .unwrap_or_else(|e| panic!("{}: no `from` file: {e}", case.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("--"))
        .map(|l| {
            let (t, f) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: `{l}` is not TARGET=FILE", case.display()));
            ward::drift::From {
                target: t.to_string(),
                path: case.join(f),
            }
        })
        .collect()
}

/// Runs an import case; the rendered forms, the policy after the human one.
fn run_import(case: &Path) -> (String, String, usize) {
    let spec = std::fs::read_to_string(case.join("import")).unwrap_or_default();
    let (target, file) = spec
        .trim()
        .split_once(' ')
        .unwrap_or_else(|| panic!("{}: `import` is not `TARGET FILE`", case.display()));
    let registry = ward::targets::Registry::builtin();
    let target = registry
        .target(target)
        .unwrap_or_else(|| panic!("no target {target}"));
    let path = case.join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.to_string_lossy().replace('\\', "/");
    let mut sources = ward::source::SourceMap::new();
    let req = ward::import::Request {
        target,
        export_name: &name,
        bytes: &bytes,
        name: None,
    };
    let (diags, policy) = match ward::import::import(&req, &mut sources) {
        Ok(i) => (i.diags, i.text),
        Err(d) => (vec![d], String::new()),
    };
    let summary = Summary::of(&diags, 1);
    let text = |f| render(f, &diags, &sources, &summary, &HumanStyle::snapshot());
    let human = format!("{}\n--- policy ---\n{policy}", text(Format::Human));
    (human, text(Format::Json), diags.len())
}

/// Runs a case; the rendered human and JSON forms.
pub fn run_case(case: &Path) -> (String, String, usize) {
    if case.join("import").is_file() {
        return run_import(case);
    }
    let opts = Options {
        root: Some(case.to_path_buf()),
        ..Options::default()
    };
    let out = ward::drift::drift(
        &case.join("main.ward"),
        &froms(case),
        &opts,
        &ward::resolve::loader::RealFs,
    );
    let mut all = out.fatal.clone();
    all.extend(out.diags.iter().cloned());
    let summary = Summary::of(&all, out.files);
    let text = |f| render(f, &all, &out.sources, &summary, &HumanStyle::snapshot());
    (text(Format::Human), text(Format::Json), all.len())
}

#[test]
fn drift_fixtures_report() {
    let cases = cases();
    assert!(cases.len() >= 11, "only {} drift fixtures", cases.len());
    for (name, dir) in cases {
        let (human, json, n) = run_case(&dir);
        assert!(n > 0, "{name}: expected diagnostics, got none");
        insta::with_settings!({snapshot_path => "../fixtures/drift/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{name}.human"), human);
            insta::assert_snapshot!(format!("{name}.json"), json);
        });
    }
}
