//! The invariants of `ARCHITECTURE.md` that a machine can check, checked on
//! the sources: the layer order (read from the document itself), where
//! settings are named, where diagnostics are built, where they are ordered,
//! where lines and columns are computed, who reads the syntax tree, and
//! that nothing outside the command line prints; and that each invariant
//! names the test or lint that holds it, and that test exists. Only code
//! counts: comments and the `#[cfg(test)]` part at the end of a file are
//! left out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/` except the binary's (`main.rs`, `cli/`)
/// and test files, with its code.
fn library() -> Vec<(String, String)> {
    sources()
        .into_iter()
        .filter(|(rel, _)| rel != "src/main.rs" && !rel.starts_with("src/cli/"))
        .collect()
}

/// Every non-test source file of the crate, the binary's included:
/// path → code (without comments and test modules).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p.to_string_lossy().replace('\\', "/");
            let name = p.file_name()?.to_str()?;
            let test_file = name.starts_with("tests") || name.ends_with("_tests.rs");
            if test_file {
                return None;
            }
            let text = std::fs::read_to_string(&p).ok()?;
            Some((rel, code_of(&text)))
        })
        .collect()
}

/// The code of a file: up to its `#[cfg(test)]` part, without comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The top-level module a library file belongs to: `src/check/shown.rs` is
/// `check`, `src/emit.rs` is `emit`.
fn module(file: &str) -> String {
    let rest = file.trim_start_matches("src/");
    let first = rest.split('/').next().unwrap_or(rest);
    first.trim_end_matches(".rs").to_string()
}

/// The layers of `ARCHITECTURE.md`, bottom first: module → its line.
fn layers() -> BTreeMap<String, usize> {
    let doc = std::fs::read_to_string("ARCHITECTURE.md").unwrap_or_default();
    let block = doc
        .split("```layers\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no ```layers block"));
    let mut out = BTreeMap::new();
    for (i, line) in block.lines().enumerate() {
        for m in line.split_whitespace() {
            out.insert(m.to_string(), i);
        }
    }
    out
}

/// The modules a file names as `crate::MODULE`.
fn uses(code: &str) -> Vec<String> {
    let mut out: Vec<String> = code
        .match_indices("crate::")
        .filter_map(|(i, _)| {
            let before = code[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                return None;
            }
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn layers_only_import_downward() {
    let layers = layers();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for (file, code) in library() {
        let m = module(&file);
        if m == "lib" {
            continue;
        }
        seen.push(m.clone());
        let Some(&level) = layers.get(&m) else {
            problems.push(format!(
                "{file}: module `{m}` is in no layer of ARCHITECTURE.md"
            ));
            continue;
        };
        for used in uses(&code) {
            if used == m {
                continue;
            }
            match layers.get(&used) {
                Some(&l) if l < level => {}
                Some(_) => problems.push(format!(
                    "{file}: `{m}` uses `crate::{used}`, which is not in a layer below it"
                )),
                None => problems.push(format!("{file}: `crate::{used}` is in no layer")),
            }
        }
    }
    for m in layers.keys() {
        if !seen.contains(m) {
            problems.push(format!("ARCHITECTURE.md lists `{m}`, which is no module"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn settings_are_named_by_their_constants() {
    let mut problems = Vec::new();
    for (file, code) in library() {
        if file.starts_with("src/catalog/") {
            continue;
        }
        for (_, s) in ward::catalog::all() {
            // A lookup by name: the pair, the whole path as one string, or
            // a comparison with a setting's name.
            let looks = [
                format!("\"{}\", \"{}\"", s.section, s.name),
                format!("\"{}.{}\"", s.section, s.name),
                format!("name == \"{}\"", s.name),
            ];
            if let Some(l) = looks.iter().find(|l| code.contains(l.as_str())) {
                problems.push(format!(
                    "{file}: names the setting `{}` by string ({l}); use `catalog::{}::{}`",
                    s.path(),
                    s.section,
                    s.name
                ));
            }
        }
        if code.contains("catalog::find(\"") || code.contains("find(\"session\"") {
            problems.push(format!("{file}: looks a setting up by a literal name"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Files that may build a `Diagnostic` directly, and why (everything else
/// reports findings; `finding::describe` turns them into diagnostics).
const BUILDS_DIAGNOSTICS: &[(&str, &str)] = &[
    ("src/diag/", "the diagnostic type itself"),
    ("src/finding/", "the one edge from findings"),
    ("src/syntax/", "parsing: problems with the text"),
    ("src/resolve/lower", "lowering: problems with the text"),
    ("src/resolve/mod.rs", "a file that is not UTF-8"),
    ("src/targets/descriptor/", "parsing a target descriptor"),
    ("src/targets/registry.rs", "descriptors that clash"),
    ("src/targets/mod.rs", "a descriptor that is a group"),
    ("src/project.rs", "parsing ward.toml"),
    ("src/driver.rs", "paths on the command line"),
    (
        "src/review/explain.rs",
        "a setting named on the command line",
    ),
    ("src/review/git.rs", "a revision named on the command line"),
    ("src/review/merge.rs", "a `--name` on the command line"),
    (
        "src/drift/read.rs",
        "a service's export that cannot be read or parsed",
    ),
    ("src/drift/run.rs", "`--from` arguments on the command line"),
    (
        "src/import/",
        "fields of a service's export that a policy cannot state",
    ),
];

#[test]
fn diagnostics_are_built_where_the_map_says() {
    let mut problems = Vec::new();
    for (file, code) in library() {
        let builds = code.contains("Diagnostic::new(") || code.contains("Local::new(");
        if builds && !BUILDS_DIAGNOSTICS.iter().any(|(p, _)| file.starts_with(p)) {
            problems.push(format!(
                "{file}: builds a Diagnostic; report a Finding (src/finding/) instead"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// "cannot read" is worded in one place per kind: a policy file (`E0401`,
/// the finding's description), a path the command was given (`E0802`,
/// `diag::io`), an export ward cannot parse and a field it cannot read
/// (drift's own codes). Six copies of the constructor had grown before.
#[test]
fn cannot_read_is_worded_in_one_place_per_kind() {
    const WORDED: &[&str] = &[
        "src/diag/codes.rs", // the codes' titles
        "src/diag/io.rs",
        "src/drift/read.rs",
        "src/finding/describe/drift.rs",
        "src/finding/describe/files.rs",
    ];
    let found: Vec<String> = sources()
        .into_iter()
        .filter(|(_, c)| c.contains("\"cannot read "))
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        found, WORDED,
        "a \"cannot read\" message built outside its one place"
    );
}

#[test]
fn one_place_orders_diagnostics() {
    let callers: Vec<String> = library()
        .into_iter()
        .filter(|(f, c)| c.contains("sort_and_dedup(") && f != "src/diag/mod.rs")
        .map(|(f, _)| f)
        .collect();
    assert_eq!(callers, ["src/check/shown.rs"]);
}

#[test]
fn lines_and_columns_at_the_edges() {
    const EDGES: &[&str] = &[
        "src/source.rs",
        "src/diag/render/",
        "src/review/mod.rs",
        "src/report/",
        "src/project.rs",
        "src/lsp/",
    ];
    let mut problems = Vec::new();
    for (file, code) in library() {
        if code.contains("line_col(") && !EDGES.iter().any(|e| file.starts_with(e)) {
            problems.push(format!(
                "{file}: computes lines and columns; keep byte spans"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_syntax_tree_stays_in_its_readers() {
    const READERS: &[&str] = &[
        "src/syntax/",
        "src/resolve/",
        "src/review/mod.rs",
        "src/targets/descriptor/",
        "src/targets/format/",
        "src/lsp/",
    ];
    let mut problems = Vec::new();
    for (file, code) in library() {
        // `fmt` takes text and gives text: laying out a policy one writes
        // (`ward import`) reads no tree.
        let code = code.replace("crate::syntax::fmt::format_source(", "");
        if code.contains("crate::syntax") && !READERS.iter().any(|r| file.starts_with(r)) {
            problems.push(format!(
                "{file}: reads the syntax tree; read `model::Resolved` instead"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn nothing_prints_outside_the_cli() {
    let mut problems = Vec::new();
    for (file, code) in library() {
        for bad in [
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "process::exit",
        ] {
            if code.contains(bad) {
                problems.push(format!("{file}: `{bad}` outside src/cli/"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every fixture, and every built-in profile checked as a parent, gives
/// diagnostics whose primary place is in a user's file, never in a
/// `std:` profile.
#[test]
fn no_primary_span_in_a_profile() {
    use ward::driver::{self, Options};
    let mut problems = Vec::new();
    let mut paths: Vec<PathBuf> = ["tests/fixtures/valid", "tests/fixtures/invalid"]
        .iter()
        .map(PathBuf::from)
        .collect();
    paths.push(PathBuf::from("policies/examples"));
    let mut runs = vec![driver::check(&paths, &Options::default())];
    for name in ward::resolve::stdlib::names() {
        let opts = Options {
            profiles: vec![name.to_string()],
            ..Options::default()
        };
        runs.push(driver::check(&[PathBuf::from("policies/examples")], &opts));
    }
    for out in &runs {
        for d in &out.diags {
            if let Some(l) = &d.primary {
                let file = &out.sources.get(l.source).name;
                if file.starts_with("std:") {
                    problems.push(format!("{} points into {file}: {}", d.code, d.message));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `.rs` file under `src/` and `tests/`, tests included.
fn all_sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                // Installed tools (npm's and Python's) hold no Rust of
                // ours, and walking them was most of this test's time.
                let name = e.file_name();
                let name = name.to_string_lossy();
                if name != "node_modules" && !name.starts_with('.') {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((p, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("src"), &mut out);
    walk(Path::new("tests"), &mut out);
    out
}

#[test]
fn every_invariant_names_what_holds_it_and_that_exists() {
    let doc = std::fs::read_to_string("ARCHITECTURE.md").unwrap_or_default();
    let section = doc
        .split("\n## Invariants")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("");
    let bullets: Vec<&str> = section
        .split("\n- ")
        .skip(1)
        .map(|b| b.split("\n\n").next().unwrap_or(b))
        .collect();
    assert!(bullets.len() >= 10, "{} invariants found", bullets.len());
    let sources = all_sources();
    let defines = |name: &str| {
        sources.iter().any(|(p, text)| {
            p.file_stem().is_some_and(|s| s == name)
                || text.contains(&format!("fn {name}("))
                || text.contains(&format!("fn {name}<"))
                || text.contains(&format!("mod {name}"))
        })
    };
    let mut problems = Vec::new();
    for b in &bullets {
        let title: String = b.chars().take(60).collect();
        let Some(held) = b.split("*Held by:*").nth(1) else {
            problems.push(format!("`{title}…` does not say what holds it"));
            continue;
        };
        // Every `module::name` it names is a test, a module or a file
        // (a type, `Finding::WithoutEffect`, the compiler holds).
        for path in held.split('`').skip(1).step_by(2) {
            let last = path.rsplit("::").next().unwrap_or(path);
            if !path.contains("::") || path.contains(' ') || !last.starts_with(char::is_lowercase) {
                continue;
            }
            if !defines(last) {
                problems.push(format!("`{title}…` names `{path}`, which does not exist"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
