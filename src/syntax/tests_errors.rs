//! Parser tests for broken input: each syntax error reported at the right
//! place with a clear message, recovery at the next statement, and no panic,
//! stack overflow or slowdown on hostile input.

#![allow(clippy::panic)] // Tests fail by panicking.

use super::tests::{ok, snip};
use super::*;
use crate::diag::Local as Diagnostic;
use std::time::{Duration, Instant};

/// `(code, message, snippet under the primary span)` for every diagnostic.
fn errors(text: &str) -> Vec<(&'static str, String, String)> {
    let (_, diags) = parse(text);
    diags.iter().map(|d| describe(text, d)).collect()
}

fn describe(text: &str, d: &Diagnostic) -> (&'static str, String, String) {
    let at = d
        .primary
        .as_ref()
        .map(|l| snip(text, l.span))
        .unwrap_or("<none>");
    (d.code.as_str(), d.message.clone(), at.to_string())
}

fn e(code: &'static str, msg: &str, at: &str) -> (&'static str, String, String) {
    (code, msg.to_string(), at.to_string())
}

fn in_body(b: &str) -> String {
    format!("policy t {{\n{b}\n}}\n")
}

fn help_of(text: &str) -> Vec<Option<String>> {
    parse(text).1.into_iter().map(|d| d.help).collect()
}

#[test]
fn every_bad_line_is_reported_where_it_is() {
    let text = in_body("a : 1\nok = 1\nb = = 2\nc = 5 x y\nd = [1, 2\nfine { x = 1 }");
    assert_eq!(
        errors(&text),
        [
            e(
                "E0101",
                "expected `=`, `>=`, `<=`, `==`, `in` or `{`, found `:`",
                ":"
            ),
            e("E0101", "expected a value, found `=`", "="),
            e("E0101", "expected a newline, `;` or `}`, found `y`", "y"),
            e("E0101", "expected `,` or `]`, found end of line", ""),
        ]
    );
    // The good statements around them are kept.
    let (file, _) = parse(&text);
    assert_eq!(file.policy.map(|p| p.items.len()), Some(2));
}

#[test]
fn errors_inside_blocks_and_after_semicolons() {
    let text = in_body("s {\n  a = 1; b ! 2; c = 3\n  t { d = }\n}");
    assert_eq!(
        errors(&text),
        [
            e(
                "E0101",
                "expected `=`, `>=`, `<=`, `==`, `in` or `{`, found `!`",
                "!"
            ),
            e("E0101", "expected a value, found `}`", "}"),
        ]
    );
}

#[test]
fn operator_slips_get_help() {
    let text = in_body("a : 1\nb => 2\nc =< 2\nd != 3\ne > 4\nf >= 1 because \"x\" warn");
    let got = errors(&text);
    assert_eq!(got[1], e("E0101", "`=>` is not an operator", "=>"));
    assert_eq!(got[2], e("E0101", "`=<` is not an operator", "=<"));
    assert_eq!(got[3], e("E0101", "ward has no `!=` operator", "!="));
    assert_eq!(got[4].2, ">");
    assert_eq!(got[5].2, "warn");
    let help = help_of(&text);
    assert_eq!(
        help[0].as_deref(),
        Some("write `=` to set a value: `NAME = VALUE`")
    );
    assert_eq!(help[1].as_deref(), Some("write `>=`"));
    assert_eq!(
        help[4].as_deref(),
        Some("bounds include their limit: write `>=`")
    );
    assert_eq!(help[5].as_deref(), Some("write `warn` before `because`"));
}

#[test]
fn empty_range_is_one_clear_error() {
    let text = in_body("a in ..\nb in .. warn");
    assert_eq!(
        errors(&text),
        [
            e("E0101", "a range needs at least one bound", "in .."),
            e("E0101", "a range needs at least one bound", "in .. warn"),
        ]
    );
    let text = in_body("a in 1h");
    assert_eq!(
        errors(&text),
        [e("E0101", "expected `..`, found end of line", "")]
    );
}

#[test]
fn bad_escapes_point_at_the_escape() {
    let text = in_body(r#"a = "x\qy\u{110000}\u{D800}\u{}\u{1234567}\uz\u{41""#);
    let got = errors(&text);
    let at: Vec<_> = got.iter().map(|g| (g.0, g.2.as_str())).collect();
    assert_eq!(
        at,
        [
            ("E0104", r"\q"),
            ("E0104", r"\u{110000}"),
            ("E0104", r"\u{D800}"),
            ("E0104", r"\u{}"),
            ("E0104", r"\u{1234567}"),
            ("E0104", r"\u"),
            ("E0104", r"\u{41"),
        ]
    );
    assert_eq!(got[0].1, r"invalid escape `\q` in a string");
    assert!(help_of(&text)[0]
        .as_deref()
        .is_some_and(|h| h.contains(r"`\n`")));
    // The statement itself is kept, with the bad escapes as written.
    let (file, _) = parse(&in_body(r#"a = "\q""#));
    assert_eq!(file.policy.map(|p| p.items.len()), Some(1));
}

#[test]
fn unterminated_strings() {
    let text = in_body("a = \"abc\nb = \"x\\\"\nc = 1");
    assert_eq!(
        errors(&text),
        [
            e("E0101", "unterminated string", "\"abc"),
            e("E0101", "unterminated string", "\"x\\\""),
        ]
    );
    let text = "policy \"abc {\n}";
    assert_eq!(errors(text), [e("E0101", "unterminated string", "\"abc {")]);
}

#[test]
fn declaration_errors() {
    let text = in_body("extends \"a\" \"b\"\ntargets A\nallow W0302, because \"x\"\nextends");
    assert_eq!(
        errors(&text),
        [
            e(
                "E0101",
                "expected `,`, a newline, `;` or `}`, found a string",
                "\"b\""
            ),
            e("E0101", "expected a target name, found `A`", "A"),
            e(
                "E0101",
                "expected a warning code, found `because`",
                "because"
            ),
            e("E0101", "expected a string, found end of line", ""),
        ]
    );
}

#[test]
fn header_errors_stop_the_file() {
    let cases = [
        ("", "expected `policy`, found end of file", ""),
        (
            "   \n# only a comment\n",
            "expected `policy`, found end of file",
            "",
        ),
        (
            "garbage here",
            "expected `policy`, found `garbage`",
            "garbage",
        ),
        (
            "policy Acme {}",
            "expected a policy name, found `Acme`",
            "Acme",
        ),
        ("policy acme", "expected `{`, found end of file", ""),
        ("policy acme\n{}", "expected `{`, found end of line", ""),
        (
            "policyacme {}",
            "expected `policy`, found `policyacme`",
            "policyacme",
        ),
    ];
    for (text, msg, at) in cases {
        let (file, diags) = parse(text);
        assert!(file.policy.is_none(), "{text:?}");
        assert_eq!(
            diags.iter().map(|d| describe(text, d)).collect::<Vec<_>>(),
            [e("E0101", msg, at)],
            "{text:?}"
        );
    }
}

#[test]
fn missing_and_extra_closing_braces() {
    let text = "policy a {\n s {\n  t {\n   x = 1\n";
    let (file, diags) = parse(text);
    assert!(file.policy.is_some());
    assert_eq!(diags.len(), 1);
    assert_eq!(
        describe(text, &diags[0]),
        e("E0101", "expected `}`, found end of file", "")
    );
    let labels: Vec<_> = diags[0]
        .labels
        .iter()
        .map(|l| (l.span.start, snip(text, l.span)))
        .collect();
    assert_eq!(labels, [(20, "{"), (14, "{"), (9, "{")]);

    let text = "policy a { x = 1 }\n}\n";
    assert_eq!(
        errors(text),
        [e(
            "E0101",
            "unexpected `}` after the end of the policy",
            "}"
        )]
    );
    let text = "policy a {}\npolicy b {}";
    assert_eq!(
        errors(text),
        [e(
            "E0101",
            "unexpected `policy` after the end of the policy",
            "policy"
        )]
    );
    ok("policy a {}\n;\n# fine\n");
}

#[test]
fn nesting_limit() {
    let at_limit = format!(
        "policy a {{\n{}x = 1\n{}}}",
        "b {\n".repeat(64),
        "}\n".repeat(64)
    );
    let p = ok(&at_limit);
    assert_eq!(p.items.len(), 1);
    let deep = format!(
        "policy a {{\n{}x = 1\n{}}}",
        "b {\n".repeat(65),
        "}\n".repeat(65)
    );
    let got = errors(&deep);
    assert_eq!(got, [e("E0103", "blocks nested too deeply", "{")]);
    let (_, diags) = parse(&deep);
    let start = diags[0].primary.as_ref().map(|l| l.span.start as usize);
    assert_eq!(start, Some("policy a {\n".len() + 64 * 4 + 2));
    // The deepest lists inside the deepest blocks still fit a test thread's
    // stack, junk included.
    let lists = format!("{}1{}", "[".repeat(64), "]".repeat(64));
    let both = format!(
        "policy a {{\n{}x = {lists}\ny = = {lists}\n{}}}",
        "b {\n".repeat(64),
        "}\n".repeat(64)
    );
    assert_eq!(
        errors(&both),
        [e("E0101", "expected a value, found `=`", "=")]
    );
    // Braces in strings and comments do not count.
    let quoted = format!(
        "policy a {{\n x = \"{}\" # {}\n}}",
        "{".repeat(100),
        "{".repeat(100)
    );
    ok(&quoted);
}

#[test]
fn hundred_thousand_braces_fail_fast() {
    let start = Instant::now();
    for text in [
        format!("policy a {{\n{}", "a {".repeat(100_000)),
        "{".repeat(100_000),
        format!("policy a {{\n x = {}\n}}", "[".repeat(100_000)),
    ] {
        let (file, diags) = parse(&text);
        assert!(file.policy.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code.as_str(), "E0103");
    }
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn hostile_input_never_panics() {
    let started = Instant::now();
    let huge_line = format!("policy a {{\n x = [{}1]\n}}", "1, ".repeat(50_000));
    assert_eq!(ok(&huge_line).items.len(), 1);
    let huge_junk = format!("policy a {{\n x = = {}\n}}", "a(".repeat(100_000));
    assert_eq!(errors(&huge_junk).len(), 1);
    let many = format!("policy a {{\n{}}}", "x : 1\n".repeat(10_000));
    assert_eq!(errors(&many).len(), 10_000);
    assert!(started.elapsed() < Duration::from_secs(20));
    for text in [
        "\0",
        "policy a {\0}",
        "policy a {\n x = \0\n\0\n}\0",
        "\u{FEFF}policy a {}",
        "policy a { x = \"\\",
        "policy a { x = 1\r",
        "policy a { x in",
        "policy a { x = [",
        "policy a { \"",
        "policy a { { { } }",
        "}}}}{{{{",
        "policy a { x = 99999999999999999999999999999999999999999h }",
        "policy a { a.\"\".b = 1 }",
    ] {
        let _ = parse(text);
    }
}

#[test]
fn every_prefix_and_mutation_of_the_example_is_survived() {
    let text = include_str!("testdata/acme.ward");
    for (i, _) in text.char_indices() {
        let _ = parse(&text[..i]);
    }
    // Insert each troublesome character at many places.
    for c in ['{', '}', '"', '#', '\n', ';', '[', '\\', '=', '.', '\0'] {
        for (i, _) in text.char_indices().step_by(7) {
            let mut t = text.to_string();
            t.insert(i, c);
            let _ = parse(&t);
        }
    }
}
