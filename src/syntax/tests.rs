//! Tests.

use super::*;

pub fn show(text: &str) -> String {
    let (file, diags) = parse(SourceId(0), text);
    let mut out = format!("{:?}\n", file.policy.as_ref().map(|p| p.items.len()));
    for d in &diags {
        let p = d.primary.as_ref().map(|l| {
            (
                l.span,
                text.get(l.span.range()).unwrap_or("?"),
                l.message.clone(),
            )
        });
        out += &format!("{} {} {:?} help={:?}\n", d.code, d.message, p, d.help);
    }
    out
}

#[test]
fn scratch() {
    for t in [
        "",
        "garbage",
        "policy Acme {}",
        "policy acme",
        "policy acme {\n a = 1\n",
        "policy acme {\n a : 1\n b => 2\n c != 3\n d > 4\n e = \n f = \"abc\n g = 5 x y\n}\n",
        "policy a {\n x in ..\n y = \"\\q \\u{110000}\"\n}",
        "policy a { x = 1 } }",
        "policy a {\n s { t { u = 1\n}",
        "policy a {\n a >= 12 because \"x\" warn\n b = [1, 2\n c = 1 \"s\"\n d.e. = 3\n}",
        "policy a {\n extends \"a\" \"b\"\n targets A\n allow W0302, because \"x\"\n}",
    ] {
        eprintln!("=== {t:?}\n{}", show(t));
    }
}
