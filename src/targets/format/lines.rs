//! Places in the line-based exports (`key_value`, `login_defs`, `inf`),
//! for `drift` and `import`: each format's `read` gives the fields, and
//! [`located`] finds where each value is, so that a finding labels the
//! field's own line (`/etc/login.defs:165`) rather than the file's first,
//! and a `read` error that names a line (`line 3: …`) points at it.

use super::{Fields, Located, ReadError};
use crate::source::Span;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// One line of a file, as its format reads it (already trimmed).
pub(super) enum Line<'a> {
    /// Blank, a comment, or nothing the format keeps.
    Skip,
    /// A `[section]` header: the keys after it are `section.key`.
    Section(&'a str),
    /// A key and its value, both slices of the line.
    Value(&'a str, &'a str),
}

/// `text` read as `read` read it, with the place of every value `split`
/// finds (a later line of the same key wins, as it does in `read`).
pub(super) fn located(
    text: String,
    read: Result<Fields, String>,
    split: fn(&str) -> Line<'_>,
) -> Result<Located, ReadError> {
    let fields = match read {
        Ok(fields) => fields,
        Err(message) => {
            let span = line_number(&message)
                .and_then(|n| text.lines().nth(n.checked_sub(1)?))
                .and_then(|line| span_in(&text, line.trim()));
            return Err(ReadError {
                message,
                span,
                text: Some(text),
            });
        }
    };
    let mut spans = BTreeMap::new();
    let mut section: Option<&str> = None;
    for line in text.lines() {
        match split(line.trim()) {
            Line::Skip => {}
            Line::Section(name) => section = Some(name),
            Line::Value(key, value) => {
                let key = match section {
                    Some(s) => format!("{s}.{key}"),
                    None => key.to_string(),
                };
                if let Some(span) = span_in(&text, value) {
                    spans.insert(key, span);
                }
            }
        }
    }
    Ok(Located {
        value: Json::Object(fields),
        spans,
        text,
    })
}

/// The `N` of a message that starts `line N:`.
fn line_number(message: &str) -> Option<usize> {
    let rest = message.strip_prefix("line ")?;
    let (n, _) = rest.split_once(':')?;
    n.parse().ok()
}

/// Where `part`, a slice of `text`, is in it.
fn span_in(text: &str, part: &str) -> Option<Span> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + part.len();
    (end <= text.len()).then(|| Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Line<'_> {
        if line.is_empty() || line.starts_with('#') {
            return Line::Skip;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            return Line::Section(name);
        }
        match line.split_once('=') {
            Some((k, v)) => Line::Value(k.trim(), v.trim()),
            None => Line::Skip,
        }
    }

    #[test]
    fn each_value_is_found_on_its_own_line_the_last_one_winning() {
        let text = "# a comment\nminlen = 9\n[S]\n  deny = 3\nminlen = 12\n";
        let read = Ok(Fields::new());
        let Ok(l) = located(text.to_string(), read, split) else {
            unreachable!("read succeeded")
        };
        let at = |key: &str| l.spans.get(key).map(|s| &text[s.range()]);
        assert_eq!(at("S.deny"), Some("3"));
        assert_eq!(at("S.minlen"), Some("12"));
        assert_eq!(at("minlen"), Some("9"));
    }

    #[test]
    fn an_error_naming_a_line_points_at_it() {
        let text = "a = 1\n\n  what is this\n";
        let read = Err("line 3: `what is this` is not `name = value`".to_string());
        let e = located(text.to_string(), read, split).err();
        let span = e.and_then(|e| e.span).map(|s| &text[s.range()]);
        assert_eq!(span, Some("what is this"));
        // No line, or one past the end: no place.
        for message in ["the file is not UTF-8", "line 9: gone", "line 0: none"] {
            let e = located(text.to_string(), Err(message.to_string()), split).err();
            assert_eq!(e.and_then(|e| e.span), None, "{message}");
        }
    }
}
