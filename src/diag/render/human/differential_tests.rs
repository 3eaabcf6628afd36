//! The plain writer against miette, byte for byte.
//!
//! Every diagnostic ward makes for the fixtures (`tests/fixtures/`), the
//! example policies (`policies/examples/`) and the example of every page of
//! `docs/codes/`, and generated diagnostics (random messages, spans and
//! labels over random sources with Unicode, tabs, CRLF, control characters
//! and long lines), is rendered by miette's graphical handler and by
//! [`plain::render`] in each style the plain writer serves (Unicode and
//! ASCII characters, no colour, several widths); the texts must be equal.
//! A diagnostic the plain writer declines (`None`) is counted, and the real
//! diagnostics must almost all be drawn by it, so the comparison is not
//! vacuous.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::diag::codes;
use crate::driver::{self, Options};
use crate::source::Span;

/// The styles the plain writer draws: no colour, graphics, each character
/// set, at the default width and narrower ones that make text wrap.
fn styles() -> Vec<HumanStyle> {
    let mut all = Vec::new();
    for unicode in [false, true] {
        for width in [100, 60, 40] {
            all.push(HumanStyle {
                color: false,
                graphics: true,
                unicode,
                width,
            });
        }
    }
    all
}

#[derive(Default, Debug)]
struct Tally {
    drawn: usize,
    declined: usize,
}

/// Renders each of `diags` both ways in `style`; the first difference is
/// the error, with both texts.
fn compare(
    diags: &[Diagnostic],
    sources: &SourceMap,
    style: &HumanStyle,
    tally: &mut Tally,
) -> Result<(), String> {
    let chars = characters(style);
    let layout = Layout {
        chars: &chars,
        width: style.width,
    };
    for d in diags {
        let report = Report::new(d, sources, false);
        let footer = footer(d, &report);
        let Some(got) = plain::render(&report, &footer, &layout) else {
            tally.declined += 1;
            continue;
        };
        let want = with_miette(d, sources, &report, &footer, style);
        if got != want {
            return Err(format!(
                "{style:?}, {d:#?}\n--- miette\n{want}\n--- plain\n{got}\n---"
            ));
        }
        tally.drawn += 1;
    }
    Ok(())
}

/// Checks `paths` as `ward check` does and compares every diagnostic.
fn compare_run(paths: &[PathBuf], tally: &mut Tally) {
    let out = driver::check(paths, &Options::default());
    let mut all = out.fatal.clone();
    all.extend(out.diags.iter().cloned());
    for style in styles() {
        if let Err(e) = compare(&all, &out.sources, &style, tally) {
            panic!("{paths:?}: {e}");
        }
    }
}

/// The policy files under `dir`, and the `main.*` of each directory.
fn policies_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            let main = ["main.ward", "main.ward.toml", "main.ward.json"]
                .iter()
                .map(|m| path.join(m))
                .find(|m| m.exists());
            match main {
                Some(main) => found.push(main),
                None => found.extend(policies_under(&path)),
            }
        } else if driver::is_policy_file(name) {
            found.push(path);
        }
    }
    found
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fixtures_and_examples_render_alike() {
    let mut tally = Tally::default();
    let root = crate_dir();
    for dir in [
        "tests/fixtures/invalid",
        "tests/fixtures/valid",
        "tests/fixtures/drift",
    ] {
        for path in policies_under(&root.join(dir)) {
            // Relative names, as `ward check` run from the crate shows them.
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            compare_run(&[rel], &mut tally);
        }
    }
    let examples = policies_under(&root.join("policies/examples"));
    assert!(!examples.is_empty());
    for path in &examples {
        compare_run(std::slice::from_ref(path), &mut tally);
    }
    compare_run(&examples, &mut tally);
    assert!(tally.drawn > 1000, "{tally:?}");
    assert!(tally.declined * 50 <= tally.drawn, "{tally:?}");
}

/// The files of a page's example: `# NAME` lines start a file; a first
/// line `# ward ARGS` is a command, its policy named as the command names
/// it.
fn example_files(page: &str) -> Option<Vec<(String, String)>> {
    let ex = page.split("## Example").nth(1)?.split("\n## ").next()?;
    let start = ex.find("```ward\n")? + "```ward\n".len();
    let block = &ex[start..start + ex[start..].find("```")?];
    let header = |line: &str| {
        let name = line.strip_prefix("# ")?.split_whitespace().next()?;
        [".ward", ".toml", ".json"]
            .iter()
            .any(|e| name.ends_with(e))
            .then(|| name.to_string())
    };
    if let Some((cmd, body)) = block
        .strip_prefix("# ward ")
        .and_then(|b| b.split_once('\n'))
    {
        let name = cmd
            .split_whitespace()
            .find(|a| a.ends_with(".ward"))
            .unwrap_or("example.ward");
        return Some(vec![(name.to_string(), body.to_string())]);
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        match header(line) {
            Some(name) => files.push((name, String::new())),
            None => match files.last_mut() {
                Some((_, text)) => {
                    text.push_str(line);
                    text.push('\n');
                }
                None => files.push(("example.ward".to_string(), format!("{line}\n"))),
            },
        }
    }
    Some(files)
}

#[test]
fn docs_code_examples_render_alike() {
    let mut tally = Tally::default();
    let mut pages = 0;
    for info in codes::ALL {
        let Some(files) = example_files(info.explanation) else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        for (name, text) in &files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&path, text).unwrap();
        }
        let Some((entry, _)) = files.iter().find(|(n, _)| driver::is_policy_file(n)) else {
            continue;
        };
        pages += 1;
        compare_run(&[dir.path().join(entry)], &mut tally);
    }
    assert!(pages > 50, "{pages} pages with a runnable example");
    assert!(tally.drawn > 100, "{tally:?}");
    assert!(tally.declined * 50 <= tally.drawn, "{tally:?}");
}

/// Pieces of generated source lines: plain words, wide and combining
/// characters, tabs, control characters (escaped in excerpts), a lone
/// carriage return (a line ending to ward) and a run long enough to cut.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_]{1,8}".prop_map(String::from),
        3 => Just(" ".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("= ".to_string()),
        1 => Just("\"é\"".to_string()),
        1 => Just("漢字".to_string()),
        1 => Just("🎉".to_string()),
        1 => Just("e\u{301}".to_string()),
        1 => Just("\u{1b}[31m".to_string()),
        1 => Just("\u{7}".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("x".repeat(170)),
        1 => Just("-".repeat(30)),
    ]
}

fn source_text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(piece(), 0..8).prop_map(|p| p.concat());
    let ending = prop_oneof![4 => Just("\n"), 1 => Just("\r\n")];
    (prop::collection::vec((line, ending), 0..12), any::<bool>()).prop_map(
        |(lines, last_ending)| {
            let mut text = String::new();
            let n = lines.len();
            for (i, (line, ending)) in lines.into_iter().enumerate() {
                text.push_str(&line);
                if i + 1 < n || last_ending {
                    text.push_str(ending);
                }
            }
            text
        },
    )
}

/// Messages: words, long runs that wrap, hyphenated words, tabs, line
/// breaks, Unicode, backticks.
fn message() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => "[a-z]{1,10}".prop_map(String::from),
        1 => Just("`session.idle_timeout`".to_string()),
        1 => Just("équipe".to_string()),
        1 => Just("漢字漢字".to_string()),
        1 => Just("well-known-hyphenated-name".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("a".repeat(120)),
        1 => Just("  ".to_string()),
    ];
    prop::collection::vec(word, 0..30).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
struct GenLabel {
    file: usize,
    start: usize,
    len: usize,
    message: String,
}

fn label() -> impl Strategy<Value = GenLabel> {
    (
        0..2usize,
        0..400usize,
        prop_oneof![3 => 0..6usize, 1 => 0..200usize],
        prop_oneof![3 => "[a-z `]{0,30}".prop_map(String::from), 1 => message()],
    )
        .prop_map(|(file, start, len, message)| GenLabel {
            file,
            start,
            len,
            message,
        })
}

#[derive(Debug, Clone)]
struct GenDiag {
    warning: bool,
    message: String,
    primary: Option<GenLabel>,
    labels: Vec<GenLabel>,
    help: Option<String>,
    notes: Vec<String>,
}

fn diag() -> impl Strategy<Value = GenDiag> {
    (
        any::<bool>(),
        message(),
        prop::option::weighted(0.9, label()),
        prop_oneof![3 => prop::collection::vec(label(), 0..4), 1 => prop::collection::vec(label(), 0..20)],
        prop::option::of(message()),
        prop::collection::vec(message(), 0..3),
    )
        .prop_map(|(warning, message, primary, labels, help, notes)| GenDiag {
            warning,
            message,
            primary,
            labels,
            help,
            notes,
        })
}

/// The generated diagnostic over `ids`, its offsets taken modulo the size
/// of their file (plus a little, to reach past the end).
fn build(g: &GenDiag, ids: &[crate::source::SourceId], sources: &SourceMap) -> Diagnostic {
    let code = if g.warning {
        codes::UNVERIFIED_BOUND
    } else {
        codes::BOUND_VIOLATED
    };
    let span = |l: &GenLabel| {
        let len = sources.get(ids[l.file]).text.len();
        let start = l.start % (len + 3);
        (ids[l.file], Span::new(start, start + l.len))
    };
    let mut d = Diagnostic::new(code, g.message.clone());
    if let Some(p) = &g.primary {
        let (id, s) = span(p);
        d = d.at(id, s, p.message.clone());
    }
    for l in &g.labels {
        let (id, s) = span(l);
        d = d.label(id, s, l.message.clone());
    }
    if let Some(h) = &g.help {
        d = d.help(h.clone());
    }
    for n in &g.notes {
        d = d.note(n.clone());
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_diagnostics_render_alike(
        a in source_text(),
        b in source_text(),
        diags in prop::collection::vec(diag(), 1..4),
        style in prop::sample::select(styles()),
    ) {
        let mut sources = SourceMap::new();
        let ids = [sources.add("dir/a.ward", a), sources.add("b.ward.toml", b)];
        let diags: Vec<Diagnostic> = diags.iter().map(|g| build(g, &ids, &sources)).collect();
        let mut tally = Tally::default();
        if let Err(e) = compare(&diags, &sources, &style, &mut tally) {
            prop_assert!(false, "{}", e);
        }
    }
}
