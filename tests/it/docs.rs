//! The project documents itself: `docs/language.md` is checked against the
//! code, its examples are run through the binary, links between shipped
//! documents resolve, and nothing shipped points at a file outside the
//! repository.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use ward::catalog::{Direction, Setting, Type, SETTINGS};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn language_md() -> String {
    read(&root().join("docs/language.md"))
}

// ---- nothing shipped points outside the repository ----------------------

/// Directories that hold build products, downloads or local fuzzing state,
/// not what the project ships.
const NOT_SHIPPED: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    "tests/python/.venv",
    "out",
    "fuzz/corpus",
    "fuzz/artifacts",
    "fuzz/logs",
];

fn shipped_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(root()).unwrap_or(&path);
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let name = entry.file_name().to_string_lossy().into_owned();
        let skipped = NOT_SHIPPED
            .iter()
            .any(|s| rel_str == *s || (!s.contains('/') && name == *s));
        if skipped {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => shipped_files(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

#[test]
fn nothing_shipped_points_at_the_contract_outside_the_repository() {
    // Spelled in pieces so that this file does not find itself.
    let needles = [
        ["..", "/shared"].concat(),
        ["/work", "/shared"].concat(),
        ["LANGUAGE", ".md"].concat(),
    ];
    let mut files = Vec::new();
    shipped_files(root(), &mut files);
    assert!(
        files.len() > 100,
        "the walk found only {} files",
        files.len()
    );
    let mut hits = Vec::new();
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle.as_str())) {
                let rel = file.strip_prefix(root()).unwrap_or(file);
                hits.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "users of the repository cannot follow these; point at docs/language.md instead:\n{}",
        hits.join("\n")
    );
}

// ---- the catalog table --------------------------------------------------

const CATALOG_HEADER: &str = "| setting | type | domain | keywords | stricter | meaning |";

fn names(names: &[&str], ordered: bool) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(if ordered { " < " } else { " " })
}

/// The row the reference must hold for one setting, cell by cell.
fn expected_row(s: &Setting) -> [String; 6] {
    let ty = match s.ty {
        Type::Duration { .. } => "duration".to_string(),
        Type::Count { .. } => "count".to_string(),
        Type::Bool => "bool".to_string(),
        Type::Enum(values) => format!("enum {}", names(values, s.is_ordered())),
        Type::EnumList(values) => format!("list of {}", names(values, false)),
        Type::StrList => "list of strings".to_string(),
    };
    let domain = match s.ty {
        Type::Duration { min, max } => format!(
            "{}..{}",
            ward::value::format_duration(min),
            ward::value::format_duration(max)
        ),
        Type::Count { min, max } => format!("{min}..{max}"),
        _ => String::new(),
    };
    let keywords: Vec<String> = s
        .keywords
        .iter()
        .map(|k| format!("`{}`", k.as_str()))
        .collect();
    let stricter = match (s.ty, s.direction) {
        (Type::Bool, Direction::Higher) => "higher (`true`)".to_string(),
        (Type::Bool, Direction::Lower) => "lower (`false`)".to_string(),
        (_, d) => d.as_str().to_string(),
    };
    [
        format!("`{}`", s.path()),
        ty,
        domain,
        keywords.join(" "),
        stricter,
        s.description.to_string(),
    ]
}

fn render_row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// The rows of the catalog table in `docs/language.md`, by setting cell.
fn documented_rows(doc: &str) -> Vec<Vec<String>> {
    let mut lines = doc.lines().skip_while(|l| l.trim() != CATALOG_HEADER);
    assert!(
        lines.next().is_some(),
        "docs/language.md has no catalog table headed `{CATALOG_HEADER}`"
    );
    lines
        .skip(1) // |---|---|...
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
            inner.split('|').map(|c| c.trim().to_string()).collect()
        })
        .collect()
}

#[test]
fn the_catalog_table_in_the_reference_is_the_code_catalog() {
    let doc = language_md();
    let rows = documented_rows(&doc);
    let expected: Vec<[String; 6]> = SETTINGS.iter().map(expected_row).collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        let setting = row.first().cloned().unwrap_or_default();
        if !seen.insert(setting.clone()) {
            problems.push(format!("{setting} has two rows"));
        }
        match expected.iter().find(|e| e[0] == setting) {
            None => problems.push(format!("{setting} is not in ward::catalog::SETTINGS")),
            Some(e) if row.as_slice() != e.as_slice() => problems.push(format!(
                "{setting}:\n  documented {}\n  the code   {}",
                render_row(row),
                render_row(e)
            )),
            Some(_) => {}
        }
    }
    for e in &expected {
        if !seen.contains(&e[0]) {
            problems.push(format!("{} is missing", e[0]));
        }
    }
    let order: Vec<&String> = rows.iter().filter_map(|r| r.first()).collect();
    let code_order: Vec<&String> = expected.iter().map(|e| &e[0]).collect();
    if problems.is_empty() && order != code_order {
        problems.push("rows are not in catalog order".to_string());
    }
    let table: Vec<String> = expected.iter().map(|e| render_row(e)).collect();
    assert!(
        problems.is_empty(),
        "the catalog table in docs/language.md differs from the code:\n{}\n\nthe table the code describes:\n{CATALOG_HEADER}\n|---|---|---|---|---|---|\n{}",
        problems.join("\n"),
        table.join("\n")
    );
}

#[test]
fn codes_named_in_the_reference_exist() {
    let doc = language_md();
    let code = Regex::new(r"\b[EW]\d{4}\b").unwrap();
    let unknown: BTreeSet<&str> = code
        .find_iter(&doc)
        .map(|m| m.as_str())
        .filter(|c| ward::diag::codes::lookup(c).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/language.md names unknown codes: {unknown:?}"
    );
}

// ---- links between shipped documents ------------------------------------

/// The Markdown outside fenced code blocks, with inline code removed.
fn prose(md: &str) -> Vec<String> {
    let inline_code = Regex::new(r"`[^`]*`").unwrap();
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push(inline_code.replace_all(line, "").into_owned());
        }
    }
    out
}

/// The anchors GitHub gives a document's headings.
fn anchors(md: &str) -> BTreeSet<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_fence = false;
    let mut out = BTreeSet::new();
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        let Some(title) = line.strip_prefix('#') else {
            continue;
        };
        if in_fence {
            continue;
        }
        let title = title.trim_start_matches('#').trim().to_lowercase();
        let slug: String = title
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = count.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        *n += 1;
    }
    out
}

#[test]
fn links_in_the_documentation_resolve() {
    let link = Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut docs = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    let mut files = Vec::new();
    shipped_files(&root().join("docs"), &mut files);
    docs.extend(
        files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    let mut broken = Vec::new();
    for doc in &docs {
        let text = read(doc);
        let dir = doc.parent().unwrap_or(root());
        for line in prose(&text) {
            for cap in link.captures_iter(&line) {
                let target = &cap[1];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let path = if file.is_empty() {
                    doc.clone()
                } else {
                    dir.join(file)
                };
                let rel = doc
                    .strip_prefix(root())
                    .unwrap_or(doc)
                    .display()
                    .to_string();
                if !path.exists() {
                    broken.push(format!("{rel}: {target}: no such file"));
                } else if !anchor.is_empty()
                    && path.extension().is_some_and(|e| e == "md")
                    && !anchors(&read(&path)).contains(anchor)
                {
                    broken.push(format!("{rel}: {target}: no such heading"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---- the examples run ---------------------------------------------------

/// Every fenced block of `docs/language.md` whose first or second line is a
/// comment naming a policy file (`# acme.ward: ...`), by file name.
fn example_files(doc: &str) -> Vec<(String, String)> {
    let name = Regex::new(r"^#\s*([a-z][a-z0-9_-]*\.ward(\.toml|\.json)?)\b").unwrap();
    let mut out = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            match block.take() {
                Some(lines) => {
                    let file = lines
                        .iter()
                        .take(2)
                        .find_map(|l| name.captures(l).map(|c| c[1].to_string()));
                    if let Some(file) = file {
                        out.push((file, lines.join("\n") + "\n"));
                    }
                }
                None => block = Some(Vec::new()),
            }
        } else if let Some(lines) = block.as_mut() {
            lines.push(line);
        }
    }
    out
}

/// The first fenced block with the info string `lang` that follows `after`.
fn block_after(doc: &str, after: &str, lang: &str) -> String {
    let start = doc
        .find(after)
        .unwrap_or_else(|| panic!("docs/language.md no longer says {after:?}"));
    let fence = format!("```{lang}\n");
    let rest = &doc[start..];
    let open = rest
        .find(&fence)
        .unwrap_or_else(|| panic!("no ```{lang} block after {after:?}"));
    let body = &rest[open + fence.len()..];
    body[..body.find("```").unwrap_or(body.len())].to_string()
}

fn ward(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

#[test]
fn the_examples_in_the_reference_check_and_build_as_shown() {
    let doc = language_md();
    let files = example_files(&doc);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for wanted in ["baseline.ward", "acme.ward", "support.ward.toml"] {
        assert!(names.contains(&wanted), "no example {wanted} in {names:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }

    // The section 1 files: no diagnostic at all.
    let out = ward(
        dir.path(),
        &["check", "--format", "json", "acme.ward", "baseline.ward"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["diagnostics"],
        serde_json::json!([]),
        "the example of section 1 is not clean"
    );
    assert_eq!(out.status.code(), Some(0));

    // Every example: no error (the TOML one has warnings about Miro).
    let out = ward(dir.path(), &["check", "--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(report["summary"]["files"], files.len(), "{report:#}");

    // Section 6 shows what `ward build acme.ward` writes.
    let out = ward(dir.path(), &["build", "acme.ward"]);
    assert_eq!(out.status.code(), Some(0));
    let built: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown: serde_json::Value =
        serde_json::from_str(&block_after(&doc, "`ward build acme.ward` writes", "json"))
            .unwrap_or_else(|e| panic!("the JSON in section 6 does not parse: {e}"));
    assert_eq!(
        serde_json::to_string(&shown).unwrap(),
        serde_json::to_string(&built).unwrap(),
        "section 6 does not show what `ward build acme.ward` writes (key order included)"
    );
}
