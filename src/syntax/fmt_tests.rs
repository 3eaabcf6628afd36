//! `fmt` laws: idempotent, meaning-preserving, every comment kept; checked
//! on every `.ward` under `tests/fixtures/valid` and `policies/`, and on
//! generated inputs.

#![allow(clippy::panic)]

use super::format_source;
use crate::driver::{self, Options};
use crate::resolve::loader::{FileSystem, RealFs};
use crate::review::testgen::{config, resolve_all, spec};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fmt(text: &str) -> String {
    match format_source(text) {
        Ok(s) => s,
        Err(d) => panic!("cannot format:\n{text}\n{d:?}"),
    }
}

/// Every comment in `text`: `#` outside strings, to the end of the line.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let (mut in_str, mut esc) = (false, false);
        for (i, c) in line.char_indices() {
            match c {
                _ if esc => esc = false,
                '\\' if in_str => esc = true,
                '"' => in_str = !in_str,
                '#' if !in_str => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                _ => {}
            }
        }
    }
    out.sort();
    out
}

fn check_laws(name: &str, text: &str) -> String {
    let once = fmt(text);
    let twice = fmt(&once);
    assert_eq!(once, twice, "{name}: not idempotent");
    assert_eq!(comments(text), comments(&once), "{name}: comments changed");
    once
}

#[test]
fn canonical_layout() {
    let input = "# head\n\npolicy  x   {\n    extends   \"./base.ward\"  # parent\n  session {  # sessions\n      idle_timeout=8h\n\n\n    absolute_lifetime   =  12 hours # long\n    idle_timeout in 1h..14d warn because \"why # not\"\n  }\n  token.lifetime = 1d; token.federated_lifetime = 2h\n  lockout {}\n  # trailing\n}\n# end\n";
    let want = "# head\n\npolicy x {\n  extends \"./base.ward\"  # parent\n\n  session {  # sessions\n    idle_timeout = 8h\n\n    absolute_lifetime = 12 hours  # long\n    idle_timeout      in 1h..14d warn because \"why # not\"\n  }\n\n  token.lifetime           = 1d\n  token.federated_lifetime = 2h\n\n  lockout {}\n  # trailing\n}\n# end\n";
    assert_eq!(fmt(input), want);
    assert_eq!(fmt(want), want);
}

#[test]
fn for_blocks_are_laid_out_like_blocks_and_keep_their_comments() {
    let input = "policy x {\n  targets miro\n  session.idle_timeout = 30m\n  for   miro {   # Miro\n  # the shortest\n      session.idle_timeout=1h   # an hour\n  session { max_concurrent = 3 }\n  }\n  for arcgis { token.lifetime = 8h }\n}\n";
    let want = "policy x {\n  targets miro\n\n  session.idle_timeout = 30m\n\n  for miro {  # Miro\n    # the shortest\n    session.idle_timeout = 1h  # an hour\n    session {\n      max_concurrent = 3\n    }\n  }\n\n  for arcgis {\n    token.lifetime = 8h\n  }\n}\n";
    assert_eq!(check_laws("for", input), want);
}

#[test]
fn syntax_errors_are_refused() {
    assert!(format_source("policy x {\n  session.idle_timeout = = 8h\n}\n").is_err());
    assert!(format_source("polcy x {}\n").is_err());
    // Syntax-phase errors found on the tree refuse the file too: the
    // declarations are out of order (E0105), or repeated (E0106).
    for text in [
        "policy x {\n  targets miro\n  extends \"./a.ward\"\n}\n",
        "policy x {\n  session.idle_timeout = 8h\n  extends \"./a.ward\"\n}\n",
        "policy x {\n  session { extends \"./a.ward\" }\n}\n",
        "policy x {\n  targets miro\n  targets arcgis\n}\n",
    ] {
        let codes: Vec<&str> = match format_source(text) {
            Ok(s) => panic!("formatted {text:?} as {s:?}"),
            Err(d) => d.iter().map(|d| d.code.as_str()).collect(),
        };
        assert!(codes.iter().all(|c| c.starts_with("E01")), "{codes:?}");
    }
    // A warning of the syntax phase does not: `allow` of an unknown code
    // (W0101) is lowering's business.
    assert!(format_source("policy x {\n  allow W9999\n}\n").is_ok());
    // `allow` may repeat, one line per group of codes.
    assert!(format_source("policy x {\n  allow W0303\n  allow W0505\n}\n").is_ok());
}

#[test]
fn comments_come_from_the_recorded_ranges() {
    // A `#` inside a string is not a comment; the recorded ranges say so.
    let text = "policy x {\n  session.idle_timeout <= 8h because \"a # b\"  # real\n}\n";
    let (file, _) = crate::syntax::parse(text);
    let comments: Vec<&str> = file.comments.iter().map(|c| &text[c.range()]).collect();
    assert_eq!(comments, ["# real"]);
    let out = fmt(text);
    assert_eq!(out.matches('#').count(), 2, "{out}");
}

fn ward_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            ward_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "ward") {
            out.push(p);
        }
    }
}

/// Reads files formatted, so a whole `extends` chain is resolved formatted.
struct Formatted;

impl FileSystem for Formatted {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let bytes = RealFs.read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(format_source(&text)
            .map(String::into_bytes)
            .unwrap_or(bytes))
    }
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        RealFs.canonicalize(path)
    }
}

fn meaning(out: &driver::Outcome) -> (Vec<String>, Vec<String>) {
    let policies = out
        .policies
        .iter()
        .map(|p| {
            let mut s = crate::emit::json(p);
            for (k, b) in &p.bounds {
                for bound in b.iter() {
                    s.push_str(&format!(
                        "{} {} {:?} {:?}\n",
                        k.path(),
                        bound.describe(),
                        bound.severity,
                        bound.because
                    ));
                }
            }
            s
        })
        .collect();
    let codes = out.diags.iter().map(|d| d.code.to_string()).collect();
    (policies, codes)
}

#[test]
fn fixtures_and_policies_keep_meaning_and_comments() {
    let mut files = Vec::new();
    ward_files(Path::new("tests/fixtures/valid"), &mut files);
    ward_files(Path::new("policies"), &mut files);
    files.sort();
    assert!(files.len() > 10, "found only {files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        check_laws(&f.display().to_string(), &text);
        let opts = Options::default();
        let before = driver::run(std::slice::from_ref(f), &opts, &RealFs);
        let after = driver::run(std::slice::from_ref(f), &opts, &Formatted);
        assert_eq!(meaning(&before), meaning(&after), "{}", f.display());
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Generated layouts: idempotent, every comment kept, the same resolved
    /// policy before and after.
    #[test]
    fn generated_inputs_keep_meaning_and_comments(p in spec()) {
        let text = p.text("g");
        let once = check_laws("generated", &text);
        let (s, ps) = resolve_all(&[text.clone(), once.clone()]);
        prop_assert_eq!(ps.len(), 2, "{:?}", s.diags);
        prop_assert_eq!(
            crate::emit::json(&ps[0]),
            crate::emit::json(&ps[1]),
            "{}\n---\n{}", text, once
        );
        prop_assert_eq!(crate::review::diff::diff(&ps[0], &ps[1]), Vec::new());
    }
}
