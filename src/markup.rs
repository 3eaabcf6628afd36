//! Text inside markup: the one escaping of `&`, `<`, `>`, `"` and `'` that
//! the XML writer (`targets::format::xml`) and the HTML report
//! (`report::html`) share. The result is valid as element content and as a
//! quoted attribute value in both languages.

/// Escapes `s` for XML or HTML element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic)] // tests fail by panicking
mod tests {
    use super::escape;

    #[test]
    fn escapes_every_markup_character_and_keeps_the_rest() {
        assert_eq!(
            escape("<a href=\"x\">&'é"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;é"
        );
        assert_eq!(escape("NoRestriction"), "NoRestriction");
    }

    #[test]
    fn the_escaped_text_reads_back_as_xml() {
        let raw = "a < b & \"c\" > 'd'";
        let doc = format!("<r a=\"{}\">{}</r>", escape(raw), escape(raw));
        let parsed = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.root_element().text(), Some(raw));
        assert_eq!(parsed.root_element().attribute("a"), Some(raw));
    }
}
