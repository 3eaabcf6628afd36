//! Fuzz target: a few in-memory files resolved, checked and emitted.
//!
//! The input is split at each `\x00\x00` into up to four files:
//! `/r/a.ward`, `/r/b.ward`, `/r/sub/c.ward` and `/r/d.ward`. The seeds
//! (`tests/fixtures/**`, `policies/**`) carry `extends` between such files,
//! so the fuzzer explores chains, cycles, diamonds, `..` and `std:`
//! profiles. Every file is an entry, as with `ward check DIR`; every
//! resolved policy is emitted as JSON and TOML, and the diagnostics are
//! rendered in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use ward::diag::render::{self, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options};
use ward::resolve::loader::MemoryFs;

const NAMES: [&str; 4] = ["/r/a.ward", "/r/b.ward", "/r/sub/c.ward", "/r/d.ward"];

fuzz_target!(|data: &[u8]| {
    let mut fs = MemoryFs::default();
    let mut files = Vec::new();
    let mut rest = data;
    for (i, name) in NAMES.iter().enumerate() {
        let end = if i + 1 == NAMES.len() {
            None
        } else {
            rest.windows(2).position(|w| w == b"\0\0")
        };
        let (part, next) = match end {
            Some(e) => (&rest[..e], &rest[e + 2..]),
            None => (rest, &rest[rest.len()..]),
        };
        fs = fs.with(*name, part.to_vec());
        files.push(PathBuf::from(name));
        rest = next;
        if end.is_none() {
            break;
        }
    }
    let opts = Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    };
    let out = driver::run(&files, &opts, &fs);
    for p in &out.policies {
        let _ = ward::emit::json(p);
        let _ = ward::emit::render(p, ward::emit::Format::Toml);
    }
    let summary = Summary::of(&out.diags, out.files);
    for f in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let _ = render::render(f, &out.diags, &out.sources, &summary, &HumanStyle::plain());
    }
});
