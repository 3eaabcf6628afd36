//! String literals: unescaping, with a diagnostic for each bad escape.
//!
//! The grammar accepts any `\` followed by a character on the same line, so
//! that a bad escape does not turn the whole statement into a syntax error;
//! this module decides which escapes are valid and reports the others (E0104)
//! at the escape itself.

use crate::diag::{codes, Here, Local};
use crate::source::Span;

const VALID_ESCAPES: &str =
    "valid escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{X}` with 1 to 6 hex digits";

const NEEDS_BRACES: &str = "`\\u` must be followed by `{`, 1 to 6 hex digits and `}`";

/// Unescapes a string literal `raw` (quotes included) that starts at byte
/// `offset` of the file. Bad escapes are reported and kept as written.
pub(crate) fn unescape(source: Here, raw: &str, offset: usize, diags: &mut Vec<Local>) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let base = offset + if inner.len() < raw.len() { 1 } else { 0 };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else {
            // A lone `\` at the end cannot pass the grammar; keep it anyway.
            out.push('\\');
            break;
        };
        match e {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'u' => {
                let rest = &inner[j + 1..];
                let digits = rest
                    .strip_prefix('{')
                    .map(|r| r.bytes().take_while(u8::is_ascii_hexdigit).count());
                let (end, decoded) = match digits {
                    None => (j + 1, Err(NEEDS_BRACES)),
                    Some(n) if rest[1 + n..].starts_with('}') => {
                        (j + 1 + n + 2, decode_unicode(&rest[1..1 + n]))
                    }
                    Some(n) => (j + 1 + 1 + n, Err(NEEDS_BRACES)),
                };
                match decoded {
                    Ok(ch) => out.push(ch),
                    Err(why) => {
                        let span = Span::new(base + i, base + end);
                        diags.push(bad_escape(source, span, &inner[i..end], why));
                        out.push_str(&inner[i..end]);
                    }
                }
                while chars.peek().is_some_and(|&(p, _)| p < end) {
                    chars.next();
                }
            }
            other => {
                let end = j + other.len_utf8();
                let span = Span::new(base + i, base + end);
                let shown = format!("\\{}", other.escape_debug());
                diags.push(
                    Local::new(
                        codes::INVALID_ESCAPE,
                        format!("invalid escape `{shown}` in a string"),
                    )
                    .at(source, span, "unknown escape")
                    .help(VALID_ESCAPES),
                );
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

fn bad_escape(source: Here, span: Span, written: &str, why: &str) -> Local {
    let shown: String = written.chars().flat_map(char::escape_debug).collect();
    // `escape_debug` doubles the backslash; show it as written.
    let shown = shown.replacen("\\\\", "\\", 1);
    Local::new(
        codes::INVALID_ESCAPE,
        format!("invalid escape `{shown}` in a string"),
    )
    .at(source, span, why.to_string())
    .help(VALID_ESCAPES)
}

/// The character named by the hex digits of `\u{…}`.
fn decode_unicode(hex: &str) -> Result<char, &'static str> {
    if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("`\\u{…}` needs 1 to 6 hex digits");
    }
    let n = u32::from_str_radix(hex, 16).map_err(|_| "`\\u{…}` needs 1 to 6 hex digits")?;
    char::from_u32(n).ok_or("not a Unicode scalar value")
}
