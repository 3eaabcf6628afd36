//! Fuzz target: the fast `.ward` parser against pest, the grammar of record.
//!
//! For any UTF-8 text, `syntax::parse` (the hand-written parser, which
//! hands anything with a syntax error to pest) must give exactly the tree
//! (spans and comments included) and the diagnostics of
//! `syntax::parse_with_grammar` (pest alone).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (fast_tree, fast_diags) = ward::syntax::parse(text);
    let (tree, diags) = ward::syntax::parse_with_grammar(text);
    assert_eq!(fast_tree, tree, "trees differ for {text:?}");
    assert_eq!(
        format!("{fast_diags:?}"),
        format!("{diags:?}"),
        "diagnostics differ for {text:?}"
    );
});
