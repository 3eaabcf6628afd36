//! Fuzz target: the renderers on any source text with any spans.
//!
//! The input is read as: one byte `k` (the text is repeated up to `2^(k % 16)`
//! times, at most 256 KiB, so short inputs still make lines far past
//! column 65,535), one byte for the number of labels (up to 40), four
//! bytes per label (start and length, as fractions of the text, so they
//! land anywhere in a long text), then the text (lossily UTF-8; control
//! characters, CR and lone CR line endings included). The diagnostic is
//! rendered in every format and in three human styles (narrated, drawn,
//! drawn in colour and ASCII at width 40); the human form must stay small:
//! the excerpt cut around the labels, at most 16 labels drawn.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward::diag::render::{self, Format, HumanStyle};
use ward::diag::{codes, Diagnostic, Summary};
use ward::source::{SourceMap, Span};

const MAX_TEXT: usize = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    let [k, n, rest @ ..] = data else { return };
    let n = usize::from(*n % 41);
    if rest.len() < 4 * n {
        return;
    }
    let (spans, text) = rest.split_at(4 * n);
    let piece = String::from_utf8_lossy(text);
    if piece.is_empty() {
        return;
    }
    let times = (1usize << (k % 16)).min(MAX_TEXT / piece.len()).max(1);
    let text = piece.repeat(times);
    let len = text.len();
    let at = |b: &[u8]| -> usize {
        let v = usize::from(u16::from_le_bytes([b[0], b[1]]));
        v * len / usize::from(u16::MAX)
    };
    let mut sources = SourceMap::new();
    let src = sources.add("fuzz.ward", text.as_str());
    let other = sources.add("other.ward", piece.as_ref());
    let mut d = Diagnostic::new(codes::SYNTAX, format!("message with {}", piece.chars().take(64).collect::<String>()))
        .help(piece.to_string());
    for (i, s) in spans.chunks(4).enumerate() {
        let start = at(&s[..2]);
        let end = start + at(&s[2..]) / 8;
        let label = format!("label {i}");
        d = if i == 0 {
            d.at(src, Span::new(start, end), label)
        } else if i % 7 == 3 {
            d.label(other, Span::new(start % (piece.len() + 1), end % (piece.len() + 1)), label)
        } else {
            d.label(src, Span::new(start, end), label)
        };
    }
    let diags = vec![d.note(piece.to_string())];
    let summary = Summary::of(&diags, 2);
    // Message, help and note are the input's (escaped, each line at most
    // 400 characters); the snippets are cut around the labels whatever
    // the repetition made of the text.
    let bound = 100_000 + 20 * piece.len();
    for f in [Format::Json, Format::Github, Format::Sarif] {
        let _ = render::render(f, &diags, &sources, &summary, &HumanStyle::plain());
    }
    let styles = [
        HumanStyle::plain(),
        HumanStyle::snapshot(),
        HumanStyle { color: true, graphics: true, unicode: false, width: 40 },
    ];
    for style in &styles {
        let out = render::render(Format::Human, &diags, &sources, &summary, style);
        assert!(out.len() < bound, "{} bytes of human output from {len} bytes of text", out.len());
    }
});
