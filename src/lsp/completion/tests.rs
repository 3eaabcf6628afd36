//! Completion on text being typed.

use super::*;

fn labels(text: &str) -> Vec<String> {
    let env = Env {
        path: Path::new("/nonexistent/p.ward"),
        targets: &[
            ("miro".into(), "Miro".into()),
            ("acme-sso".into(), "Acme".into()),
        ],
    };
    let to_range = |_: usize, _: usize| Range::default();
    complete(text, text.len(), &env, &to_range)
        .into_iter()
        .map(|i| i.label)
        .collect()
}

#[test]
fn completes_in_incomplete_text() {
    let l = labels("policy p {\n  password.");
    assert!(
        l.contains(&"min_length".to_string()) && !l.contains(&"idle_timeout".into()),
        "{l:?}"
    );
    let l = labels("policy p {\n  session {\n    id");
    assert!(l.contains(&"idle_timeout".to_string()), "{l:?}");
    let l = labels("policy p {\n  targets ");
    assert_eq!(l, ["miro", "acme-sso"]);
    let l = labels("policy p {\n  targets miro, ac");
    assert_eq!(l, ["acme-sso"]);
    let l = labels("policy p {\n  for ");
    assert_eq!(l, ["miro", "acme-sso"]);
    let l = labels("policy p {\n  extends \"std:");
    assert!(l.contains(&"std:pci-dss-4.0".to_string()), "{l:?}");
    let l = labels("policy p {\n  password.blocklist = ");
    assert_eq!(l, ["none", "common", "breached"]);
    let l = labels("policy p {\n  session.idle_timeout = 30");
    assert!(
        l.contains(&"m".to_string()) && l.contains(&"min".to_string()),
        "{l:?}"
    );
    let l = labels("policy p {\n  session.idle_timeout >= 30m ");
    assert_eq!(l, ["warn", "because"]);
    let l = labels("policy p {\n  allow ");
    assert!(
        l.iter().all(|c| c.starts_with('W')) && !l.is_empty(),
        "{l:?}"
    );
    let l = labels("policy p {\n  ");
    assert!(l.contains(&"extends".to_string()) && l.contains(&"session.idle_timeout".into()));
    assert!(labels("policy p {\n  # session.").is_empty());
    assert!(labels("policy p {\n  x = \"abc").is_empty());
}
