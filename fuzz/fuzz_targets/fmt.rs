//! Fuzz target: `ward fmt` on any text. When the text formats, the output
//! must format to itself (idempotence) and resolve to the same
//! configuration and the same diagnostic codes as the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use ward::driver::{self, Options};
use ward::resolve::loader::MemoryFs;

fn resolve(text: &str) -> (Option<String>, Vec<&'static str>) {
    let fs = MemoryFs::default().with("/r/p.ward", text);
    let opts = Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    };
    let out = driver::run(&[PathBuf::from("/r/p.ward")], &opts, &fs);
    let json = out
        .policies
        .first()
        .map(|p| ward::emit::json(p));
    let mut codes: Vec<&'static str> = out.diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort();
    (json, codes)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = ward::syntax::fmt::format_source(text) else {
        return;
    };
    let again = ward::syntax::fmt::format_source(&formatted);
    assert_eq!(again.as_deref().ok(), Some(formatted.as_str()), "fmt is not idempotent");
    assert_eq!(resolve(text), resolve(&formatted), "fmt changed the meaning");
});
