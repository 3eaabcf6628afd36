//! Tests of the TOML/JSON authoring form: the tree it builds, with spans
//! inside the TOML or JSON text, its syntax errors, and hostile input.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // Tests fail by panicking.

use super::ast::*;
use super::*;
use crate::diag::Local as Diagnostic;
use crate::source::Span;

fn toml(text: &str) -> (File, Vec<Diagnostic>) {
    parse_file("p.ward.toml", text)
}

fn json(text: &str) -> (File, Vec<Diagnostic>) {
    parse_file("p.ward.json", text)
}

pub(super) fn snip(text: &str, span: Span) -> &str {
    &text[span.range()]
}

/// `(code, message, snippet under the primary span)` for each diagnostic.
pub(super) fn errors(text: &str, diags: &[Diagnostic]) -> Vec<(String, String, String)> {
    diags
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map_or("", |l| snip(text, l.span));
            (d.code.to_string(), d.message.clone(), at.to_string())
        })
        .collect()
}

fn stmts(f: &File) -> &[Item] {
    &f.policy.as_ref().expect("a policy").items
}

#[test]
fn form_is_chosen_by_name() {
    assert_eq!(Form::of("a/b.ward.toml"), Form::Toml);
    assert_eq!(Form::of("b.ward.json"), Form::Json);
    assert_eq!(Form::of("b.ward"), Form::Ward);
    assert_eq!(Form::of("std:pci-dss-4.0"), Form::Ward);
}

#[test]
fn toml_values_have_spans_inside_the_strings() {
    let text = "policy = \"acme\"\nextends = [\"./b.ward\"]\n[session]\nidle_timeout = \"1h30m\"\nmax_concurrent = 500\n";
    let (f, diags) = toml(text);
    assert!(diags.is_empty(), "{diags:?}");
    let p = f.policy.as_ref().unwrap();
    assert_eq!(p.name.node, "acme");
    assert_eq!(snip(text, p.name.span), "\"acme\"");
    let Item::Extends { refs, .. } = &p.items[0] else {
        panic!("{:?}", p.items[0])
    };
    assert_eq!(refs[0].node, "./b.ward");
    let Item::Stmt(Stmt {
        kind: StmtKind::Block { items },
        path,
        ..
    }) = &p.items[1]
    else {
        panic!("{:?}", p.items[1])
    };
    assert_eq!(snip(text, path.span), "session");
    let Item::Stmt(Stmt {
        kind: StmtKind::Assign { value },
        ..
    }) = &items[0]
    else {
        panic!()
    };
    assert_eq!(snip(text, value.span), "1h30m");
    let ValueKind::Quantity(terms) = &value.kind else {
        panic!()
    };
    assert_eq!(terms.len(), 2);
    assert_eq!(snip(text, terms[1].unit.as_ref().unwrap().span), "m");
    let Item::Stmt(Stmt {
        kind: StmtKind::Assign { value },
        ..
    }) = &items[1]
    else {
        panic!()
    };
    assert_eq!(snip(text, value.span), "500");
}

#[test]
fn words_strings_and_lists() {
    let text = r#"{"policy": "p", "password": {"max_age": "never", "blocklist": "breached"},
        "integrations": {"ms-teams": {"audiences": ["never", "8h"], "enabled": true}}}"#;
    let (f, diags) = json(text);
    assert!(diags.is_empty(), "{diags:?}");
    let Item::Stmt(Stmt {
        kind: StmtKind::Block { items },
        ..
    }) = &stmts(&f)[0]
    else {
        panic!()
    };
    let Item::Stmt(Stmt {
        kind: StmtKind::Assign { value },
        ..
    }) = &items[0]
    else {
        panic!()
    };
    assert_eq!(value.kind, ValueKind::Ident("never".into()));
    // Inside a list, strings stay strings.
    let Item::Stmt(Stmt {
        kind: StmtKind::Block { items },
        ..
    }) = &stmts(&f)[1]
    else {
        panic!()
    };
    let Item::Stmt(Stmt {
        kind: StmtKind::Block { items },
        path,
        ..
    }) = &items[0]
    else {
        panic!()
    };
    assert_eq!(path.segments[0].node, "ms-teams");
    let Item::Stmt(Stmt {
        kind: StmtKind::Assign { value },
        ..
    }) = &items[0]
    else {
        panic!()
    };
    let ValueKind::List(l) = &value.kind else {
        panic!()
    };
    assert!(matches!(&l[0].kind, ValueKind::Str(s) if s == "never"));
    assert!(matches!(&l[1].kind, ValueKind::Str(s) if s == "8h"));
}

#[test]
fn bounds_become_statements() {
    let text = "policy = \"p\"\n[[bounds]]\nsetting = \"session.idle_timeout\"\nmin = \"1h\"\nmax = \"12h\"\nseverity = \"warn\"\nbecause = \"why\"\n[[bounds]]\nsetting = \"password.min_length\"\neq = 12\n";
    let (f, diags) = toml(text);
    assert!(diags.is_empty(), "{diags:?}");
    let items = stmts(&f);
    let Item::Stmt(Stmt {
        path,
        kind:
            StmtKind::Range {
                low,
                high,
                modifiers,
                ..
            },
        ..
    }) = &items[0]
    else {
        panic!("{:?}", items[0])
    };
    assert_eq!(snip(text, path.segments[0].span), "session");
    assert_eq!(snip(text, path.segments[1].span), "idle_timeout");
    assert_eq!(snip(text, low.as_ref().unwrap().span), "1h");
    assert_eq!(snip(text, high.as_ref().unwrap().span), "12h");
    assert_eq!(snip(text, modifiers.warn.unwrap()), "\"warn\"");
    assert_eq!(modifiers.because.as_ref().unwrap().node, "why");
    let Item::Stmt(Stmt {
        kind: StmtKind::Compare { op, .. },
        ..
    }) = &items[1]
    else {
        panic!()
    };
    assert_eq!(op.node, CmpOp::Eq);
}

#[test]
fn syntax_errors_point_into_the_file() {
    let cases: &[(&str, bool, &str, &str)] = &[
        (
            "policy = \"p\"\n[session\n",
            true,
            "invalid TOML: invalid table header",
            "\n",
        ),
        (
            "{\"policy\": \"p\",}",
            false,
            "invalid JSON: trailing commas are not allowed",
            ",",
        ),
        (
            "[session]\nidle_timeout = \"8h\"\n",
            true,
            "the policy has no name",
            "",
        ),
        (
            "policy = \"p\"\nsession.idle_timeout = \"8h!\"\n",
            true,
            "`8h!` is not a value",
            "!",
        ),
        (
            "policy = \"p\"\nsession.max_concurrent = -3\n",
            true,
            "negative numbers are not accepted",
            "-3",
        ),
        (
            "policy = \"p\"\nextnds = [\"a\"]\n",
            true,
            "unknown key `extnds`",
            "extnds",
        ),
        (
            "policy = \"p\"\nextends = \"a\"\n",
            true,
            "`extends` must be a list of strings",
            "\"a\"",
        ),
        (
            "policy = \"p\"\nbounds = 3\n",
            true,
            "`bounds` must be a list of tables",
            "3",
        ),
        (
            "policy = \"p\"\n[[bounds]]\nsetting = \"a..b\"\nmin = 1\n",
            true,
            "`a..b` is not a setting's name",
            ".",
        ),
        (
            "policy = \"p\"\n[[bounds]]\nsetting = \"a.b\"\nmin = 1\nseverity = \"info\"\n",
            true,
            "`severity` must be \"error\" or \"warn\"",
            "\"info\"",
        ),
        (
            "policy = \"p\"\n[[bounds]]\nmin = 1\n",
            true,
            "a bound needs a `setting`",
            "[[bounds]]\nmin = 1",
        ),
        (
            "{\"policy\": \"p\", \"a\": null}",
            false,
            "`null` is not a value ward accepts",
            "null",
        ),
        (
            "{\"policy\": \"p\", \"policy\": \"q\"}",
            false,
            "the key `policy` is written twice",
            "\"policy\"",
        ),
        ("[1]", false, "a policy file holds one table of keys", "[1]"),
        ("", false, "the file holds no JSON value", ""),
    ];
    for (text, is_toml, msg, at) in cases {
        let (_, diags) = if *is_toml { toml(text) } else { json(text) };
        let got = errors(text, &diags);
        assert!(
            got.iter()
                .any(|(c, m, a)| c == "E0101" && m == msg && a == at),
            "{text:?}: {got:?}"
        );
    }
}

#[test]
fn escaped_strings_point_at_the_whole_string() {
    let text = "{\"policy\": \"p\", \"session\": {\"idle_timeout\": \"8\\u0068\"}}";
    let (f, diags) = json(text);
    assert!(diags.is_empty(), "{diags:?}");
    let Item::Stmt(Stmt {
        kind: StmtKind::Block { items },
        ..
    }) = &stmts(&f)[0]
    else {
        panic!()
    };
    let Item::Stmt(Stmt {
        kind: StmtKind::Assign { value },
        ..
    }) = &items[0]
    else {
        panic!()
    };
    assert_eq!(snip(text, value.span), "\"8\\u0068\"");
    assert!(
        matches!(&value.kind, ValueKind::Quantity(t) if t[0].unit.as_ref().unwrap().node == "h")
    );
}

#[test]
fn hostile_input_is_refused_without_overflow() {
    let n = 100_000;
    let deep_json = format!(
        "{{\"policy\":\"p\",\"a\":{}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let deep_obj = format!(
        "{{\"policy\":\"p\",\"a\":{}1{}}}",
        "{\"b\":".repeat(n),
        "}".repeat(n)
    );
    let deep_toml = format!("policy = \"p\"\na = {}{}\n", "[".repeat(n), "]".repeat(n));
    let deep_inline = format!(
        "policy = \"p\"\na = {}1{}\n",
        "{b=".repeat(n),
        "}".repeat(n)
    );
    let deep_header = format!("policy = \"p\"\n[{}]\n", vec!["a"; n].join("."));
    let deep_dotted = format!("policy = \"p\"\n{} = 1\n", vec!["a"; n].join("."));
    let medium = format!("policy = \"p\"\n[{}]\n", vec!["a"; 70].join("."));
    for (text, is_toml) in [
        (deep_json, false),
        (deep_obj, false),
        (deep_toml, true),
        (deep_inline, true),
        (deep_header, true),
        (deep_dotted, true),
        (medium, true),
    ] {
        let (f, diags) = if is_toml { toml(&text) } else { json(&text) };
        assert!(f.policy.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, codes::NESTING_TOO_DEEP, "{diags:?}");
    }
    // Huge numbers are a diagnostic, never a panic.
    let big = format!(
        "{{\"policy\":\"p\",\"session\":{{\"max_concurrent\":1{}}}}}",
        "0".repeat(10_000)
    );
    let (f, diags) = json(&big);
    assert!(diags.is_empty() && f.policy.is_some());
    let (_, diags) = toml("policy = \"p\"\na = 99999999999999999999999\nb = 1e999\n");
    assert_eq!(diags[0].code, codes::SYNTAX);
}

#[test]
fn value_strings() {
    let v = parse_value_str("15 min", 10).unwrap();
    assert_eq!(v.span, Span::new(10, 16));
    assert!(parse_value_str(" 2 weeks ", 0).is_ok());
    assert!(matches!(
        parse_value_str("until_unlocked", 0).unwrap().kind,
        ValueKind::Ident(_)
    ));
    let e = parse_value_str("", 3).unwrap_err();
    assert_eq!(e.message, "an empty string is not a value");
    let e = parse_value_str("8h, 9h", 3).unwrap_err();
    assert_eq!(e.primary.unwrap().span, Span::new(5, 6));
}

/// A `policy` key that is not a string is one report, not two (it was also
/// "the policy has no name"), and the help is written in the file's form.
#[test]
fn a_policy_key_that_is_not_a_string_is_one_report_in_the_files_form() {
    let (_, d) = toml("[policy]\nname = \"p\"\n\n[session]\nidle_timeout = \"8h\"\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].message, "`policy` must be a string");
    assert_eq!(
        d[0].help.as_deref(),
        Some("write `policy = \"NAME\"` at the top, before any table")
    );
    let (_, d) = json("{\"policy\": {\"name\": \"p\"}}");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].help.as_deref(),
        Some("write `\"policy\": \"NAME\"`: the name is a string")
    );
    let (_, d) = json("{\"session\": {}}");
    assert_eq!(d[0].message, "the policy has no name");
    assert_eq!(
        d[0].help.as_deref(),
        Some("add `\"policy\": \"NAME\"` to the top-level object")
    );
    let (_, d) = json("{\"policy\": \"p\", \"for\": 3}");
    assert!(!d[0].help.as_deref().unwrap_or("").contains('['), "{d:#?}");
}
