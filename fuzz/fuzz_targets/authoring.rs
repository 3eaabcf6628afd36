//! Fuzz target: any text as a `.ward.toml` and as a `.ward.json` policy,
//! through parsing, lowering and resolution. Spans must stay inside the
//! text and on character boundaries; nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use ward::driver::{self, Options};
use ward::resolve::loader::MemoryFs;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ["/r/p.ward.toml", "/r/p.ward.json"] {
        let fs = MemoryFs::default().with(name, text);
        let opts = Options {
            root: Some(PathBuf::from("/r")),
            ..Options::default()
        };
        let out = driver::run(&[PathBuf::from(name)], &opts, &fs);
        for d in &out.diags {
            for l in d.primary.iter().chain(d.labels.iter()) {
                let file = out.sources.get(l.source);
                let (start, end) = (l.span.start as usize, l.span.end as usize);
                assert!(start <= end && end <= file.text.len(), "span outside the text");
                assert!(file.text.is_char_boundary(start) && file.text.is_char_boundary(end));
            }
        }
    }
});
