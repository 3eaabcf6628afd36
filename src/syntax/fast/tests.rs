//! The fast parser against pest, the grammar of record: on every `.ward`
//! file of the repository (fixtures, policies, the `ward` examples of the
//! documentation), on every one-character deletion and many insertions in
//! them, and on generated policies, `syntax::parse` must give exactly what
//! `syntax::parse_with_grammar` gives (tree, spans, comments and
//! diagnostics), and the fast path must accept exactly the files on which
//! pest's builder reports nothing (so it never gives up silently).

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::parser::{Builder, Rule, WardParser};
use super::super::{parse, parse_with_grammar, scan};
use crate::diag::Here;
use crate::review::testgen::{config, spec};
use pest::Parser;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Whether pest reads `text` without a single diagnostic of its builder
/// (the files the fast path must accept).
fn pest_clean(text: &str) -> bool {
    if scan::scan(text).too_deep.is_some() {
        return false;
    }
    let Ok(mut pairs) = WardParser::parse(Rule::file, text) else {
        return false;
    };
    let mut builder = Builder::new(Here, text);
    builder.file(pairs.next().unwrap());
    builder.diags.is_empty()
}

/// Both parsers agree on `text`; `Err` says how they differ.
fn agree(text: &str) -> Result<(), String> {
    let (fast_tree, fast_diags) = parse(text);
    let (tree, diags) = parse_with_grammar(text);
    if fast_tree != tree {
        return Err(format!(
            "trees differ for {text:?}\nfast: {fast_tree:#?}\npest: {tree:#?}"
        ));
    }
    let (a, b) = (format!("{fast_diags:?}"), format!("{diags:?}"));
    if a != b {
        return Err(format!(
            "diagnostics differ for {text:?}\nfast: {a}\npest: {b}"
        ));
    }
    let accepted = super::parse(text).is_some();
    let clean = pest_clean(text);
    if accepted != clean {
        return Err(format!(
            "fast path accepted: {accepted}, pest without errors: {clean}, for {text:?}"
        ));
    }
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every `.ward` text of the repository: files, and the ```` ```ward ````
/// blocks of the Markdown documents.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures",
        "policies",
        "docs",
        "src/syntax/testdata",
        "editors",
    ] {
        walk(&root.join(dir), &mut files);
    }
    files.push(root.join("README.md"));
    let mut out = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if name.ends_with(".ward") {
            out.push((name, text));
        } else if name.ends_with(".md") {
            for (i, block) in text.split("```ward\n").skip(1).enumerate() {
                let body = block.split("```").next().unwrap_or("");
                out.push((format!("{name} block {i}"), body.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_repository_policy_parses_the_same_both_ways() {
    let corpus = corpus();
    assert!(corpus.len() > 150, "only {} texts found", corpus.len());
    let mut accepted = 0;
    for (name, text) in &corpus {
        agree(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        accepted += usize::from(super::parse(text).is_some());
    }
    // Most of them are valid: the fast path must be the one reading them.
    assert!(
        accepted * 2 > corpus.len(),
        "fast path took {accepted} of {}",
        corpus.len()
    );
}

/// Tokens to insert: every punctuation, keyword and odd spelling the
/// grammar distinguishes.
const INSERTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "#",
    "\"",
    "\\",
    ".",
    "..",
    "=",
    ">=",
    "<=",
    "==",
    "=>",
    "!=",
    ":",
    "in",
    "on",
    "for",
    "warn",
    "because",
    "allow",
    "extends",
    "targets",
    "policy",
    "true",
    "false",
    "x",
    "X",
    "_",
    "1",
    "1.5",
    "1_0",
    "h",
    "é",
    "\u{feff}",
    "\"a\\u{41}\"",
    "\"\\q\"",
    "\"",
];

/// Edits per text: positions spread over it, so the suite stays fast (the
/// `differential` fuzz target explores further).
const EDITS: usize = 16;

#[test]
fn small_edits_of_them_parse_the_same_both_ways() {
    let corpus = corpus();
    let mut n = 0usize;
    for (name, text) in &corpus {
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let stride = (cuts.len() / EDITS).max(1);
        for (k, &at) in cuts.iter().enumerate().skip(n % stride).step_by(stride) {
            let next = cuts.get(k + 1).copied().unwrap_or(text.len());
            let deleted = format!("{}{}", &text[..at], &text[next..]);
            agree(&deleted).unwrap_or_else(|e| panic!("{name}, deleting at {at}: {e}"));
            let token = INSERTS[n % INSERTS.len()];
            let inserted = format!("{}{token}{}", &text[..at], &text[at..]);
            agree(&inserted).unwrap_or_else(|e| panic!("{name}, {token:?} at {at}: {e}"));
            n += 1;
        }
    }
    assert!(n > 2_000, "only {n} edits");
}

/// Statements and fragments a generated body is made of.
const PIECES: &[&str] = &[
    "a = 1",
    "a.b = 15m",
    "a.\"x y\".c = true",
    "s { t = 1 }",
    "s {",
    "}",
    "x >= 1h warn",
    "x <= 2 because \"r\"",
    "x == admin",
    "x in 1..2",
    "x in ..5 warn because \"w\"",
    "x in 1..",
    "x in ..",
    "l = [1, \"a\", [b], ]",
    "l = []",
    "l = [,]",
    "q = 1h 30m",
    "q = 1 h30 m",
    "q = 1.5h",
    "q = 1__0",
    "q = 1 warn",
    "q = 2 warnx",
    "extends \"a\", \"b\"",
    "targets aws-iam, \"x\"",
    "allow W0303, E1 on a.b, c for t1, t2 because \"ok\"",
    "allow W1 on a  # c",
    "allow W1 for t ",
    "for aws-iam { a = 1 }",
    "for t { x >= 1 }",
    "for",
    "truex = falsey",
    "in = 1",
    "_a = _",
    "# comment",
    ";",
    "\n",
    "  ",
    "\t",
    "\r\n",
    "a = \"\\t\\u{1F600}\"",
    "a = \"\\x\"",
    "A = 1",
];

fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..PIECES.len(), 0..4usize), 0..14).prop_map(|picks| {
        let seps = ["\n", "; ", " ", "\n  # c\n"];
        picks
            .into_iter()
            .map(|(p, s)| format!("{}{}", PIECES[p], seps[s]))
            .collect()
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_policies_parse_the_same_both_ways(spec in spec()) {
        let text = spec.text("gen");
        prop_assert!(super::parse(&text).is_some(), "fast path refused {text:?}");
        agree(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn token_soup_parses_the_same_both_ways(head in 0..4usize, b in body(), tail in 0..4usize) {
        let heads = ["policy p {\n", "\u{feff}# x\npolicy \"q\" {", "policy p.x-1 { ", "p {"];
        let tails = ["}\n", "} # end\n\n;", "", "} x"];
        let text = format!("{}{b}{}", heads[head], tails[tail]);
        agree(&text).map_err(TestCaseError::fail)?;
    }
}
