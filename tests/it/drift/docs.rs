//! `docs/drift.md` names, for every built-in target, the export drift
//! reads and the vendor's command that produces it, as the target's
//! descriptor says (`[export] how`): a new target, or a changed command,
//! fails here until the page says so too.

use std::collections::BTreeMap;

/// The rows of the table under `## What each target reads`: each target
/// named in backticks in the first cell, with the row's other cells.
fn rows(doc: &str) -> BTreeMap<String, Vec<String>> {
    let section = doc
        .split("\n## What each target reads")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_else(|| panic!("docs/drift.md has no `## What each target reads`"));
    let mut out = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<String> = line
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect();
        if cells[0] == "target" || cells[0].starts_with("---") {
            continue;
        }
        for name in cells[0].split('`').skip(1).step_by(2) {
            let old = out.insert(name.to_string(), cells[1..].to_vec());
            assert!(old.is_none(), "`{name}` has two rows in docs/drift.md");
        }
    }
    out
}

#[test]
fn the_drift_guide_names_every_targets_export() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/drift.md");
    let doc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows = rows(&doc);
    let targets = ward::targets::builtins();
    let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
    let documented: Vec<&str> = rows.keys().map(String::as_str).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        documented, sorted,
        "docs/drift.md, `## What each target reads`: one row per built-in target"
    );
    for t in targets {
        let row = &rows[&t.name];
        let (export, how) = (&row[0], &row[1]);
        match &t.export.how {
            Some(command) => assert!(
                how.contains(&format!("`{command}`")),
                "docs/drift.md: `{}` is exported with `{command}` (its descriptor's \
                 `[export] how`), the page says: {how}",
                t.name
            ),
            None => assert!(
                export.contains("console") && how.contains("--target NAME"),
                "docs/drift.md: `{}` has no export command, so its export is the \
                 document ward writes, filled in from the console; the page says: {export} | {how}",
                t.name
            ),
        }
    }
}
