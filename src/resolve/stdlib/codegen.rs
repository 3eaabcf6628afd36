//! Writes `lowered.rs`: each built-in profile as lowering its text gives
//! it, as Rust that builds the [`Doc`] without parsing. The tests below
//! fail when the committed file differs from what this writes now (a
//! profile or the lowering changed); `UPDATE_DOCS=1 cargo test --lib
//! resolve::stdlib` writes it again.
//!
//! It writes what profiles use: a name, `extends`, values and bounds of
//! plain settings. A profile that needs more (`targets`, `allow`, `for`,
//! an integration's setting) fails the test until this learns it; until
//! then that profile is parsed at run time, since its hash is not in the
//! file.

use super::{fnv1a, lowered, PROFILES};
use crate::resolve::doc::Doc;
use crate::resolve::Prepared;
use crate::value::Value;
use std::fmt::Write as _;

const PATH: &str = "src/resolve/stdlib/lowered.rs";

/// The profile's lowering, parsed from its text now.
fn parse(name: &str, text: &str) -> Doc {
    let p = Prepared::new(format!("std:{name}"), text.as_bytes().to_vec());
    assert!(
        p.diags.is_empty(),
        "std:{name} has problems of its own: {:?}",
        p.diags
    );
    match p.doc {
        Some(doc) => (*doc).clone(),
        None => panic!("std:{name} holds no policy"),
    }
}

fn span(s: crate::source::Span) -> String {
    format!("at({}, {})", s.start, s.end)
}

fn setting(key: &crate::model::SettingKey, name: &str) -> String {
    assert!(
        key.instance.is_none(),
        "std:{name} sets an integration's setting; teach {PATH}'s writer (codegen.rs) keys with instances"
    );
    let s = key.setting();
    format!("catalog::{}::{}", s.section, s.name)
}

fn value(v: &Value) -> String {
    match v {
        Value::Duration(n) => format!("Value::Duration({n})"),
        Value::Count(n) => format!("Value::Count({n})"),
        Value::Bool(b) => format!("Value::Bool({b})"),
        Value::Enum(s) => format!("Value::Enum({s:?})"),
        Value::Keyword(k) => format!("Value::Keyword(Keyword::{k:?})"),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
            format!(
                "Value::List([{}].into_iter().map(String::from).collect())",
                items.join(", ")
            )
        }
    }
}

/// The constructor of one profile; fields left empty are left out.
fn function(out: &mut String, fn_name: &str, name: &str, doc: &Doc) {
    let unsupported = [
        (
            "targets",
            !doc.targets.is_empty() || doc.targets_line.is_some(),
        ),
        ("allow", !doc.allow.is_empty()),
        ("for", !doc.for_blocks.is_empty()),
        ("unread values", !doc.unread.is_empty()),
    ];
    for (what, used) in unsupported {
        assert!(
            !used,
            "std:{name} uses {what}; teach codegen.rs to write it"
        );
    }
    let _ = writeln!(out, "\nfn {fn_name}() -> Doc {{\n    Doc {{");
    let _ = writeln!(
        out,
        "        name: named({:?}, {}),",
        doc.name.node,
        span(doc.name.span)
    );
    let extends = doc
        .extends
        .iter()
        .map(|e| format!("named({:?}, {})", e.node, span(e.span)));
    let values = doc.values.iter().map(|a| {
        // (No profile sets a value today, so this is written out in full
        // rather than through a helper nothing would call.)
        format!(
            "crate::resolve::doc::Assignment {{ key: crate::model::SettingKey::plain({}), \
             value: {}, span: {}, path_span: {} }}",
            setting(&a.key, name),
            value(&a.value),
            span(a.span),
            span(a.path_span)
        )
    });
    let bounds = doc.bounds.iter().map(|b| {
        format!(
            "bound({}, BoundOp::{:?}, {}, Severity::{:?}, {:?}, {}, {})",
            setting(&b.key, name),
            b.op,
            value(&b.value),
            b.severity,
            b.because.as_deref(),
            span(b.span),
            span(b.value_span)
        )
    });
    field(out, "extends", extends.collect());
    field(out, "values", values.collect());
    field(out, "bounds", bounds.collect());
    let _ = writeln!(out, "        ..Doc::default()\n    }}\n}}");
}

/// `NAME: vec![…],`, one item a line; nothing for no items.
fn field(out: &mut String, name: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "        {name}: vec![");
    for item in items {
        let _ = writeln!(out, "            {item},");
    }
    let _ = writeln!(out, "        ],");
}

/// The whole of `lowered.rs`, from the profiles as they are now.
fn generate() -> String {
    let fn_name = |name: &str| name.replace(['-', '.'], "_");
    let mut table = String::new();
    let mut body = String::new();
    for (name, text, _) in PROFILES {
        let f = fn_name(name);
        let _ = writeln!(
            table,
            "    ({name:?}, {:#018x}, {f}),",
            fnv1a(text.as_bytes())
        );
        function(&mut body, &f, name, &parse(name, text));
    }
    // Only what is used, so the file compiles without warnings.
    let helpers: Vec<&str> = ["at", "bound", "named"]
        .into_iter()
        .filter(|h| body.contains(&format!("{h}(")))
        .collect();
    let mut uses = vec![format!("use super::{{{}, Lowering}};", helpers.join(", "))];
    uses.push("use crate::catalog;".into());
    for (used, path) in [
        ("Severity::", "use crate::diag::Severity;"),
        ("BoundOp::", "use crate::model::BoundOp;"),
    ] {
        if body.contains(used) {
            uses.push(path.into());
        }
    }
    uses.push("use crate::resolve::doc::Doc;".into());
    match (body.contains("Keyword::"), body.contains("Value::")) {
        (true, _) => uses.push("use crate::value::{Keyword, Value};".into()),
        (false, true) => uses.push("use crate::value::Value;".into()),
        (false, false) => {}
    }
    format!(
        "//! The built-in profiles, lowered: what `resolve::lower` makes of each\n\
         //! `policies/std/*.ward`, so that a run does not parse them.\n\
         //!\n\
         //! Generated by `UPDATE_DOCS=1 cargo test --lib resolve::stdlib`\n\
         //! (`codegen.rs`) from `policies/std/`; do not edit. A profile whose\n\
         //! text no longer has the hash given here is parsed at run time.\n\
         \n\
         {}\n\
         \n\
         /// Each profile: its name, the FNV-1a hash of the text it was lowered\n\
         /// from, and its lowering.\n\
         pub(super) static LOWERED: &[Lowering] = &[\n\
         {table}];\n\
         {body}",
        uses.join("\n")
    )
}

#[test]
fn the_committed_lowering_is_that_of_the_profiles_as_they_are() {
    let want = generate();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if let Err(e) = std::fs::write(&path, &want) {
            panic!("cannot write {PATH}: {e}");
        }
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{PATH} is not the lowering of policies/std/ as it is now: run `UPDATE_DOCS=1 cargo test --lib resolve::stdlib` and commit the result"
    );
}

#[test]
fn each_profile_is_built_as_lowering_its_text_gives_it() {
    for (name, text, hash) in PROFILES {
        assert_eq!(
            *hash,
            fnv1a(text.as_bytes()),
            "build.rs hashes std:{name} differently"
        );
        let Some(built) = lowered(name) else {
            panic!("std:{name} is not in {PATH}, or is there for another text");
        };
        assert_eq!(
            format!("{built:#?}"),
            format!("{:#?}", parse(name, text)),
            "std:{name}"
        );
    }
    assert!(lowered("no-such-profile").is_none());
}
