//! Formatting: `ward fmt`'s layout as one edit, trimmed to the lines that
//! change so the editor keeps the cursor and folds elsewhere. Like `ward
//! fmt`, a file with syntax errors, or in the TOML or JSON form, is left as
//! it is (no edits).

use super::position::{Encoding, LineIndex};
use crate::source::Span;
use crate::syntax::Form;
use lsp_types::TextEdit;

pub fn format(name: &str, text: &str, index: &LineIndex, enc: Encoding) -> Vec<TextEdit> {
    if Form::of(name) != Form::Ward {
        return Vec::new();
    }
    let Ok(new) = crate::syntax::fmt::format_source(text) else {
        return Vec::new();
    };
    if new == text {
        return Vec::new();
    }
    // The common prefix and suffix, in whole lines.
    let prefix = common_lines(text.split_inclusive('\n'), new.split_inclusive('\n'));
    let (a, b) = (&text[prefix..], &new[prefix..]);
    let suffix = common_lines(a.split_inclusive('\n').rev(), b.split_inclusive('\n').rev());
    let suffix = suffix.min(a.len()).min(b.len());
    let old = Span::new(prefix, text.len() - suffix);
    let replacement = new[prefix..new.len() - suffix].to_string();
    vec![TextEdit::new(index.range(text, old, enc), replacement)]
}

/// The length in bytes of the lines two texts share, from the iterators'
/// start.
fn common_lines<'a>(a: impl Iterator<Item = &'a str>, b: impl Iterator<Item = &'a str>) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_over_the_lines_that_change() {
        let text = "policy p {\n  session.idle_timeout   =   8h\n  token.lifetime = 1h\n}\n";
        let index = LineIndex::new(text);
        let edits = format("p.ward", text, &index, Encoding::Utf16);
        assert_eq!(edits.len(), 1);
        let e = &edits[0];
        assert_eq!(e.range.start.line, 1);
        let r = index.span(text, e.range, Encoding::Utf16);
        let applied = format!("{}{}{}", &text[..r.start], e.new_text, &text[r.end..]);
        assert_eq!(Ok(applied), crate::syntax::fmt::format_source(text));
        assert!(format(
            "p.ward",
            "policy p {\n",
            &LineIndex::new("policy p {\n"),
            Encoding::Utf16
        )
        .is_empty());
        assert!(format("p.ward.toml", "policy = \"p\"", &index, Encoding::Utf16).is_empty());
    }
}
