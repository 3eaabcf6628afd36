//! Fuzz target: any bytes through the parser, the way a file arrives.
//!
//! Valid UTF-8 goes to `syntax::parse` and then lowering; anything else goes
//! through `driver::run` from a `MemoryFs`, the path a file with invalid
//! UTF-8 takes.
//! Every diagnostic's spans must lie inside the text, on character
//! boundaries, and rendering them must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use ward::diag::render::{self, Format, HumanStyle};
use ward::diag::Summary;
use ward::resolve::loader::MemoryFs;
use ward::driver::{self, Options};
use ward::source::SourceMap;

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => {
            let mut sources = SourceMap::new();
            let src = sources.add("fuzz.ward", text);
            let (ast, mut diags) = ward::syntax::parse(text);
            let (_doc, lower_diags) = ward::resolve::lower(&ast);
            diags.extend(lower_diags);
            let diags: Vec<_> = diags.into_iter().map(|d| d.stamp(src)).collect();
            for d in &diags {
                for l in d.primary.iter().chain(d.labels.iter()) {
                    let (start, end) = (l.span.start as usize, l.span.end as usize);
                    assert!(start <= end, "reversed span");
                    assert!(end <= text.len(), "span past the end");
                    assert!(text.is_char_boundary(start), "span inside a char");
                    assert!(text.is_char_boundary(end), "span inside a char");
                }
            }
            let summary = Summary::of(&diags, 1);
            for f in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
                let _ = render::render(f, &diags, &sources, &summary, &HumanStyle::plain());
            }
        }
        Err(_) => {
            // The path a file with invalid UTF-8 takes: read, refused with
            // E0102, rendered.
            let fs = MemoryFs::default().with("/r/fuzz.ward", data.to_vec());
            let opts = Options {
                root: Some(PathBuf::from("/r")),
                ..Options::default()
            };
            let out = driver::run(&[PathBuf::from("/r/fuzz.ward")], &opts, &fs);
            let summary = Summary::of(&out.diags, out.files);
            let _ = render::render(
                Format::Human,
                &out.diags,
                &out.sources,
                &summary,
                &HumanStyle::plain(),
            );
        }
    }
});
