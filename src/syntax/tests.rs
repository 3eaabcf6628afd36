//! Parser tests for well-formed input: every construct, with spans checked
//! through the source text they cover.

#![allow(clippy::panic)] // Tests fail by panicking.

use super::ast::*;
use super::*;
use crate::source::Span;

/// Parses `text`, asserting there is no diagnostic.
pub fn ok(text: &str) -> Policy {
    let (file, diags) = parse(text);
    assert!(
        diags.is_empty(),
        "unexpected diagnostics for {text:?}: {diags:#?}"
    );
    match file.policy {
        Some(p) => p,
        None => panic!("no policy for {text:?}"),
    }
}

/// The statements of `policy t { BODY }`, and the full text.
fn body(b: &str) -> (Vec<Item>, String) {
    let text = format!("policy t {{\n{b}\n}}\n");
    (ok(&text).items, text)
}

fn one_stmt(b: &str) -> (Stmt, String) {
    let (items, text) = body(b);
    assert_eq!(items.len(), 1, "{items:#?}");
    match items.into_iter().next() {
        Some(Item::Stmt(s)) => (s, text),
        other => panic!("not a statement: {other:?}"),
    }
}

pub(crate) fn snip(text: &str, span: Span) -> &str {
    &text[span.range()]
}

/// The value of `x = VALUE`.
fn assigned(v: &str) -> (Value, String) {
    let (s, text) = one_stmt(&format!("x = {v}"));
    match s.kind {
        StmtKind::Assign { value } => (value, text),
        other => panic!("not an assignment: {other:?}"),
    }
}

/// `(number, unit)` pairs of a quantity, as written.
fn terms(v: &str) -> Vec<(String, Option<String>)> {
    let (value, text) = assigned(v);
    assert_eq!(snip(&text, value.span), v.trim());
    let ValueKind::Quantity(ts) = value.kind else {
        panic!("not a quantity: {v}");
    };
    ts.iter()
        .map(|t| {
            let n = match &t.number.node {
                Number::Int(s) | Number::Decimal(s) => s.clone(),
            };
            (n, t.unit.as_ref().map(|u| snip(&text, u.span).to_string()))
        })
        .collect()
}

fn t(n: &str, u: Option<&str>) -> (String, Option<String>) {
    (n.to_string(), u.map(str::to_string))
}

#[test]
fn policy_header_and_spans() {
    let text = "# leading comment\n\npolicy acme-corp.v2 {\n}\n\n# trailing\n";
    let p = ok(text);
    assert_eq!(p.name.node, "acme-corp.v2");
    assert_eq!(snip(text, p.name.span), "acme-corp.v2");
    assert_eq!(snip(text, p.span), "policy acme-corp.v2 {\n}");
    let p = ok("policy \"Acme Corp\" {}");
    assert_eq!(p.name.node, "Acme Corp");
    assert!(ok("policy a{}").items.is_empty());
}

#[test]
fn terminators_comments_and_same_line_blocks() {
    let text = "policy a { x = 1; y = 2 }";
    assert_eq!(ok(text).items.len(), 2);
    let text = "policy a {\n  lockout { threshold = 5; window = 15m }  # c\n  z = 1 # note\n}";
    let p = ok(text);
    assert_eq!(p.items.len(), 2);
    let Item::Stmt(s) = &p.items[0] else { panic!() };
    assert_eq!(
        snip(text, s.span),
        "lockout { threshold = 5; window = 15m }"
    );
    let StmtKind::Block { items } = &s.kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(snip(text, items[1].span()), "window = 15m");
    assert_eq!(snip(text, p.items[1].span()), "z = 1");
    // Windows line endings and blank `;` separators.
    assert_eq!(
        ok("policy a {\r\n x = 1\r\n;;\r\n y = 2\r\n}\r\n")
            .items
            .len(),
        2
    );
}

#[test]
fn nested_blocks_dotted_and_quoted_paths() {
    let b = "integrations.\"ms-teams\" {\n  enabled = true\n  inner.deep { a_1 = x }\n}";
    let (s, text) = one_stmt(b);
    let segs: Vec<_> = s.path.segments.iter().map(|g| g.node.as_str()).collect();
    assert_eq!(segs, ["integrations", "ms-teams"]);
    assert_eq!(snip(&text, s.path.segments[1].span), "\"ms-teams\"");
    assert_eq!(snip(&text, s.path.span), "integrations.\"ms-teams\"");
    assert_eq!(snip(&text, s.span), b);
    let StmtKind::Block { items } = &s.kind else {
        panic!()
    };
    let Item::Stmt(inner) = &items[1] else {
        panic!()
    };
    assert_eq!(snip(&text, inner.span), "inner.deep { a_1 = x }");
    let (s, _) = one_stmt("integrations.\"a\\\"b\".enabled = false");
    assert_eq!(s.path.segments[1].node, "a\"b");
}

#[test]
fn compare_and_modifiers() {
    let (s, text) = one_stmt("password.min_length >= 12 because \"Acme 4.2\"");
    let StmtKind::Compare {
        op,
        value,
        modifiers,
    } = &s.kind
    else {
        panic!()
    };
    assert_eq!(op.node, CmpOp::Ge);
    assert_eq!(snip(&text, op.span), ">=");
    assert_eq!(snip(&text, value.span), "12");
    assert!(modifiers.warn.is_none());
    let because = modifiers
        .because
        .as_ref()
        .map(|b| (b.node.as_str(), snip(&text, b.span)));
    assert_eq!(because, Some(("Acme 4.2", "\"Acme 4.2\"")));
    assert_eq!(
        snip(&text, s.span),
        "password.min_length >= 12 because \"Acme 4.2\""
    );

    let (s, text) = one_stmt("a <= 8h warn   # comment");
    let StmtKind::Compare { op, modifiers, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(op.node, CmpOp::Le);
    assert_eq!(modifiers.warn.map(|w| snip(&text, w)), Some("warn"));
    assert_eq!(snip(&text, s.span), "a <= 8h warn");

    let (s, _) = one_stmt("a == 5 warn because \"x\"");
    let StmtKind::Compare { op, modifiers, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(op.node, CmpOp::Eq);
    assert!(modifiers.warn.is_some() && modifiers.because.is_some());
}

#[test]
fn ranges() {
    let (s, text) = one_stmt("idle_timeout in 1h..14d");
    let StmtKind::Range {
        op_span, low, high, ..
    } = &s.kind
    else {
        panic!()
    };
    assert_eq!(snip(&text, *op_span), "in");
    assert_eq!(low.as_ref().map(|v| snip(&text, v.span)), Some("1h"));
    assert_eq!(high.as_ref().map(|v| snip(&text, v.span)), Some("14d"));

    let (s, text) = one_stmt("a in ..12h warn");
    let StmtKind::Range {
        low,
        high,
        modifiers,
        ..
    } = &s.kind
    else {
        panic!()
    };
    assert!(low.is_none() && modifiers.warn.is_some());
    assert_eq!(high.as_ref().map(|v| snip(&text, v.span)), Some("12h"));

    let (s, text) = one_stmt("a in 1h.. because \"b\"");
    let StmtKind::Range {
        low,
        high,
        modifiers,
        ..
    } = &s.kind
    else {
        panic!()
    };
    assert!(high.is_none() && modifiers.because.is_some());
    assert_eq!(low.as_ref().map(|v| snip(&text, v.span)), Some("1h"));

    // `1..14` is an integer, `..`, an integer; keywords work as bounds.
    let (s, _) = one_stmt("a in 1..14 ");
    let StmtKind::Range {
        low: Some(l),
        high: Some(h),
        ..
    } = &s.kind
    else {
        panic!()
    };
    let ValueKind::Quantity(ts) = &l.kind else {
        panic!()
    };
    assert_eq!(
        (ts.len(), &ts[0].number.node, &ts[0].unit),
        (1, &Number::Int("1".into()), &None)
    );
    let ValueKind::Quantity(ts) = &h.kind else {
        panic!()
    };
    assert_eq!(ts[0].number.node, Number::Int("14".into()));
    let (s, _) = one_stmt("max_age in 30d..never");
    let StmtKind::Range { high: Some(h), .. } = &s.kind else {
        panic!()
    };
    assert_eq!(h.kind, ValueKind::Ident("never".into()));
}

#[test]
fn durations_and_units() {
    for unit in [
        "s", "sec", "second", "seconds", "m", "min", "minute", "minutes", "h", "hr", "hour",
        "hours", "d", "day", "days", "w", "week", "weeks",
    ] {
        assert_eq!(terms(&format!("3{unit}")), [t("3", Some(unit))]);
        assert_eq!(terms(&format!("3 \t{unit}")), [t("3", Some(unit))]);
    }
    assert_eq!(terms("1h30m"), [t("1", Some("h")), t("30", Some("m"))]);
    assert_eq!(terms("1d 12h"), [t("1", Some("d")), t("12", Some("h"))]);
    assert_eq!(terms("2 weeks"), [t("2", Some("weeks"))]);
    assert_eq!(terms("15 min"), [t("15", Some("min"))]);
    assert_eq!(terms("8 hrs"), [t("8", Some("hrs"))]);
    assert_eq!(terms("1 Min"), [t("1", Some("Min"))]);
    assert_eq!(terms("5mo"), [t("5", Some("mo"))]);
    assert_eq!(terms("90"), [t("90", None)]);
    assert_eq!(terms("10_000"), [t("10000", None)]);
    assert_eq!(terms("1.5h"), [t("1.5", Some("h"))]);
    let big = "1234567890123456789012345678901234567890";
    assert_eq!(terms(big), [t(big, None)]);
    let (v, _) = assigned("1.5");
    let ValueKind::Quantity(ts) = v.kind else {
        panic!()
    };
    assert_eq!(ts[0].number.node, Number::Decimal("1.5".into()));
    // A unit never swallows the next line.
    let (items, _) = body("a = 5\nh = 1");
    assert_eq!(items.len(), 2);
}

#[test]
fn scalar_values() {
    assert_eq!(assigned("true").0.kind, ValueKind::Bool(true));
    assert_eq!(assigned("false").0.kind, ValueKind::Bool(false));
    assert_eq!(assigned("never").0.kind, ValueKind::Ident("never".into()));
    assert_eq!(
        assigned("true_ish").0.kind,
        ValueKind::Ident("true_ish".into())
    );
    assert_eq!(assigned("\"hi\"").0.kind, ValueKind::Str("hi".into()));
    let (v, text) = assigned("\"a\\\"b\\\\c\\nd\\te\\u{1F600}\\u{41}\"");
    assert_eq!(v.kind, ValueKind::Str("a\"b\\c\nd\te\u{1F600}A".into()));
    assert_eq!(
        snip(&text, v.span),
        "\"a\\\"b\\\\c\\nd\\te\\u{1F600}\\u{41}\""
    );
    assert_eq!(assigned("\"\"").0.kind, ValueKind::Str(String::new()));
    assert_eq!(
        assigned("\"ünï # cødé\"").0.kind,
        ValueKind::Str("ünï # cødé".into())
    );
}

#[test]
fn lists() {
    let (v, text) = assigned("[\"sales\", \"support\",]");
    let ValueKind::List(items) = &v.kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(snip(&text, items[1].span), "\"support\"");
    assert_eq!(snip(&text, v.span), "[\"sales\", \"support\",]");
    assert_eq!(assigned("[]").0.kind, ValueKind::List(vec![]));
    let (v, _) = assigned("[csv, 1h, [x]]");
    let ValueKind::List(items) = &v.kind else {
        panic!()
    };
    assert_eq!(items.len(), 3);
}

#[test]
fn declarations() {
    let text = "policy a {\n extends \"./base.ward\", \"std:pci-dss-4.0\"\n targets miro, \"ms-teams\", arcgis\n allow W0302, w0101 because \"known\"\n}";
    let p = ok(text);
    let Item::Extends { refs, span } = &p.items[0] else {
        panic!()
    };
    assert_eq!(refs[1].node, "std:pci-dss-4.0");
    assert_eq!(
        snip(text, *span),
        "extends \"./base.ward\", \"std:pci-dss-4.0\""
    );
    let Item::Targets { names, span } = &p.items[1] else {
        panic!()
    };
    let names: Vec<_> = names.iter().map(|n| n.node.as_str()).collect();
    assert_eq!(names, ["miro", "ms-teams", "arcgis"]);
    assert_eq!(snip(text, *span), "targets miro, \"ms-teams\", arcgis");
    let Item::Allow {
        codes,
        because,
        span,
        ..
    } = &p.items[2]
    else {
        panic!()
    };
    assert_eq!(codes.len(), 2);
    assert_eq!(snip(text, codes[1].span), "w0101");
    assert_eq!(because.as_ref().map(|b| b.node.as_str()), Some("known"));
    assert_eq!(snip(text, *span), "allow W0302, w0101 because \"known\"");
    // The grammar accepts declarations anywhere; `decls` reports misplaced
    // and repeated ones, and the tree keeps them.
    let text = "policy a {\n x = 1\n s { extends \"a\" }\n targets miro\n targets arcgis\n}";
    let (file, diags) = parse(text);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0105", "E0105", "E0106"], "{diags:#?}");
    assert_eq!(file.policy.map(|p| p.items.len()), Some(4));
    // A keyword does not match the start of a longer identifier.
    let (s, _) = one_stmt("accounts.allow_proxy_login = false");
    assert_eq!(s.path.segments[1].node, "allow_proxy_login");
    let (s, _) = one_stmt("inactive in 1d..");
    assert_eq!(s.path.segments[0].node, "inactive");
}

#[test]
fn the_language_example_parses() {
    let text = include_str!("testdata/acme.ward");
    let p = ok(text);
    assert_eq!(p.name.node, "acme");
    assert_eq!(p.items.len(), 12);
}
