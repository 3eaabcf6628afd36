//! `for TARGET { … }` blocks in all three forms: the tree, its spans, and
//! what a `for` block may not hold.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // Tests fail by panicking.

use super::ast::*;
use super::*;

use super::tests_forms::{errors, snip};

fn fors(f: &File) -> Vec<&ForBlock> {
    f.policy
        .as_ref()
        .expect("a policy")
        .items
        .iter()
        .filter_map(|i| match i {
            Item::For(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// The paths assigned in a block's items, with a prefix, as written.
fn assigned(text: &str, items: &[Item], prefix: &str, out: &mut Vec<String>) {
    for i in items {
        if let Item::Stmt(s) = i {
            let path = format!("{prefix}{}", snip(text, s.path.span));
            match &s.kind {
                StmtKind::Assign { value } => {
                    out.push(format!("{path} = {}", snip(text, value.span)))
                }
                StmtKind::Block { items } => assigned(text, items, &format!("{path}."), out),
                _ => out.push(format!("{path} (bound)")),
            }
        }
    }
}

#[test]
fn a_for_block_holds_its_target_and_values() {
    let text = "policy p {\n  session.idle_timeout = 30m\n  for miro { session.idle_timeout = 1h }  # Miro's shortest\n  for \"arcgis\" {\n    token {\n      lifetime = 8h\n    }\n  }\n}\n";
    let (file, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:?}");
    let fs = fors(&file);
    assert_eq!(fs.len(), 2);
    assert_eq!(fs[0].target.node, "miro");
    assert_eq!(snip(text, fs[0].head), "for miro");
    assert_eq!(
        snip(text, fs[0].span),
        "for miro { session.idle_timeout = 1h }"
    );
    assert_eq!(fs[1].target.node, "arcgis");
    assert_eq!(snip(text, fs[1].target.span), "\"arcgis\"");
    assert!(snip(text, fs[1].span).ends_with("}\n  }"));
    let mut out = Vec::new();
    assigned(text, &fs[1].items, "", &mut out);
    assert_eq!(out, ["token.lifetime = 8h"]);
}

#[test]
fn for_is_a_keyword_not_a_path() {
    let (_, diags) = parse("policy p {\n  for.x = 1\n}\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, codes::SYNTAX);
    // A name that starts with `for` is still a name.
    let (file, diags) = parse("policy p {\n  integrations.format.enabled = true\n}\n");
    assert!(diags.is_empty() && file.policy.is_some(), "{diags:?}");
}

#[test]
fn a_for_block_refuses_bounds_declarations_and_another_for() {
    let text = "policy p {\n  for miro {\n    session.idle_timeout = 1h\n    session.idle_timeout <= 2h\n    session { absolute_lifetime in 1h..8h }\n    allow W0602\n    for keycloak { token.lifetime = 5m }\n  }\n  session {\n    for miro { idle_timeout = 1h }\n  }\n}\n";
    let (_, diags) = parse(text);
    assert_eq!(
        errors(text, &diags),
        [
            ("E0108", "a bound inside a `for` block", "<="),
            ("E0108", "a bound inside a `for` block", "in"),
            ("E0105", "`allow` inside a `for` block", "allow W0602"),
            ("E0108", "`for` inside a `for` block", "for keycloak"),
            ("E0108", "`for` inside a block", "for miro"),
        ]
        .map(|(c, m, s)| (c.to_string(), m.to_string(), s.to_string()))
    );
    // Each names the block it is in, and says what to do.
    assert!(diags[0].labels[0].message.contains("for miro"));
    assert!(diags.iter().all(|d| d.help.is_some()));
    let allow = diags[2].help.as_deref().unwrap_or("");
    assert!(allow.contains("allow … for miro"), "{allow}");
}

#[test]
fn an_unclosed_for_block_is_one_error() {
    let text = "policy p {\n  for miro {\n    session.idle_timeout = 1h\n}\n";
    let (file, diags) = parse(text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.contains("expected `}`"));
    assert_eq!(fors(&file).len(), 1);
}

#[test]
fn toml_for_tables_are_for_blocks() {
    let text = "policy = \"p\"\ntargets = [\"miro\"]\n[session]\nidle_timeout = \"30m\"\n[for.miro.session]\nidle_timeout = \"1h\"\n[for.arcgis]\ntoken.lifetime = \"8h\"\n";
    let (file, diags) = parse_file("p.ward.toml", text);
    assert!(diags.is_empty(), "{diags:?}");
    let fs = fors(&file);
    assert_eq!(
        fs.iter()
            .map(|f| f.target.node.as_str())
            .collect::<Vec<_>>(),
        ["miro", "arcgis"]
    );
    assert_eq!(snip(text, fs[0].head), "miro");
    let mut out = Vec::new();
    assigned(text, &fs[0].items, "", &mut out);
    assigned(text, &fs[1].items, "", &mut out);
    assert_eq!(
        out,
        ["session.idle_timeout = 1h", "token.lifetime = 8h"],
        "values point inside the strings"
    );
}

#[test]
fn json_for_objects_are_for_blocks() {
    let text = r#"{"policy": "p", "session": {"idle_timeout": "30m"}, "for": {"miro": {"session": {"idle_timeout": "1h"}}}}"#;
    let (file, diags) = parse_file("p.ward.json", text);
    assert!(diags.is_empty(), "{diags:?}");
    let fs = fors(&file);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].target.node, "miro");
    let mut out = Vec::new();
    assigned(text, &fs[0].items, "", &mut out);
    assert_eq!(out, ["\"session\".\"idle_timeout\" = 1h"]);
}

#[test]
fn toml_for_tables_refuse_bounds_and_nested_for() {
    let text = "policy = \"p\"\n[for.miro.session]\nidle_timeout = \"1h\"\n[[for.miro.bounds]]\nsetting = \"session.idle_timeout\"\nmax = \"2h\"\n[for.miro.for.keycloak.token]\nlifetime = \"5m\"\n";
    let (_, diags) = parse_file("p.ward.toml", text);
    let found = errors(text, &diags);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, m, _)| (c.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("E0108", "a bound inside a `for` table"),
            ("E0108", "`for` inside a `for` table"),
        ],
        "{found:?}"
    );
    let help = diags[0].help.as_deref().unwrap_or("");
    assert!(help.contains("[[bounds]]"), "{help}");
}

#[test]
fn a_for_that_is_not_a_table_is_a_syntax_error() {
    let text = "{\"policy\": \"p\", \"for\": [\"miro\"]}";
    let (_, diags) = parse_file("p.ward.json", text);
    assert_eq!(
        errors(text, &diags)[0].1,
        "`for` must be a table of targets"
    );
    let text = "{\"policy\": \"p\", \"for\": {\"miro\": \"1h\"}}";
    let (_, diags) = parse_file("p.ward.json", text);
    assert_eq!(
        errors(text, &diags)[0].1,
        "`for.miro` must be a table of settings"
    );
}
