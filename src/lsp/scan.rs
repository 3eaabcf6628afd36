//! Where the cursor is in a `.ward` buffer that may not parse: a light scan
//! of the text before the cursor, for completion.
//!
//! Completion runs on text being typed (`password.` with nothing after it,
//! `targets ` at the end of a line, a block whose `}` is not written yet),
//! which the parser rejects. This scan follows only what completion needs:
//! the blocks open at the cursor (from each `PATH {`, `for T {` and
//! `policy P {`) and the tokens of the statement the cursor is in (a
//! statement ends at a newline, `;`, `{` or `}`, as in the grammar). Strings
//! and comments are skipped the grammar's way.

/// One open block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    Policy,
    /// `PATH {`: its segments, prefixed to every statement inside.
    Path(Vec<String>),
    /// `for TARGET {`.
    For,
}

/// A token of the current statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(String),
    Number(String),
    /// A string: its content so far, and whether it is closed.
    Str(String, bool),
    Punct(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// The cursor's surroundings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Context {
    pub frames: Vec<Frame>,
    /// The tokens of the statement before the cursor.
    pub tokens: Vec<Token>,
    /// The cursor is in a comment.
    pub in_comment: bool,
}

impl Context {
    /// The path prefix the open blocks give (`session` inside `session {`).
    pub fn prefix(&self) -> Vec<String> {
        self.frames
            .iter()
            .flat_map(|f| match f {
                Frame::Path(segs) => segs.clone(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// Directly in the policy's body (where `extends`, `targets`, `allow`
    /// and `for` may be written).
    pub(crate) fn at_policy_level(&self) -> bool {
        self.frames == [Frame::Policy]
    }
}

const PUNCT: [&str; 12] = [
    ">=", "<=", "==", "..", "=", ".", ",", "[", "]", ">", "<", "!",
];

/// Scans `text` up to byte `cursor`.
pub fn scan(text: &str, cursor: usize) -> Context {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let s = &text[..cursor];
    let b = s.as_bytes();
    let mut cx = Context::default();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' | b';' => {
                cx.tokens.clear();
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => match s[i..].find('\n') {
                Some(n) => i += n,
                None => {
                    cx.in_comment = true;
                    return cx;
                }
            },
            b'{' => {
                let frame = frame_of(&cx.tokens);
                cx.frames.push(frame);
                cx.tokens.clear();
                i += 1;
            }
            b'}' => {
                cx.frames.pop();
                cx.tokens.clear();
                i += 1;
            }
            b'"' => {
                let (content, closed, end) = string(s, i + 1);
                cx.tokens.push(Token {
                    tok: Tok::Str(content, closed),
                    start: i,
                    end,
                });
                i = end;
            }
            b'0'..=b'9' => {
                let end = run(b, i, |c| c.is_ascii_digit() || c == b'_' || c == b'.');
                // `1..2`: the number stops before the range's dots.
                let end = match s[i..end].find("..") {
                    Some(n) => i + n,
                    None => end,
                };
                cx.tokens.push(Token {
                    tok: Tok::Number(s[i..end].to_string()),
                    start: i,
                    end,
                });
                i = end;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let end = run(b, i, |c| c.is_ascii_alphanumeric() || c == b'_');
                cx.tokens.push(Token {
                    tok: Tok::Word(s[i..end].to_string()),
                    start: i,
                    end,
                });
                i = end;
            }
            _ => {
                let p = PUNCT.iter().find(|p| s[i..].starts_with(**p));
                let len = p.map_or_else(
                    || s[i..].chars().next().map_or(1, char::len_utf8),
                    |p| p.len(),
                );
                if let Some(p) = p {
                    cx.tokens.push(Token {
                        tok: Tok::Punct(p),
                        start: i,
                        end: i + len,
                    });
                }
                i += len;
            }
        }
    }
    cx
}

fn run(b: &[u8], start: usize, ok: impl Fn(u8) -> bool) -> usize {
    let mut end = start;
    while end < b.len() && ok(b[end]) {
        end += 1;
    }
    end
}

/// A string's content from `start` (after its `"`), unescaped simply: the
/// content, whether it closed, and the offset after it. A string ends at its
/// line's end if it does not close.
fn string(s: &str, start: usize) -> (String, bool, usize) {
    let mut out = String::new();
    let mut chars = s[start..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, true, start + i + 1),
            '\n' => return (out, false, start + i),
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    out.push(e);
                }
            }
            c => out.push(c),
        }
    }
    (out, false, s.len())
}

fn frame_of(tokens: &[Token]) -> Frame {
    match tokens.first().map(|t| &t.tok) {
        Some(Tok::Word(w)) if w == "policy" => Frame::Policy,
        Some(Tok::Word(w)) if w == "for" => Frame::For,
        _ => Frame::Path(
            tokens
                .iter()
                .filter_map(|t| match &t.tok {
                    Tok::Word(w) | Tok::Str(w, _) => Some(w.clone()),
                    _ => None,
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(cx: &Context) -> Vec<String> {
        cx.tokens
            .iter()
            .map(|t| match &t.tok {
                Tok::Word(w) | Tok::Number(w) => w.clone(),
                Tok::Str(s, closed) => format!("\"{s}{}", if *closed { "\"" } else { "" }),
                Tok::Punct(p) => p.to_string(),
            })
            .collect()
    }

    #[test]
    fn follows_blocks_and_the_current_statement() {
        let t = "policy p {\n  session {\n    idle_timeout = 8h\n    max_";
        let cx = scan(t, t.len());
        assert_eq!(
            cx.frames,
            [Frame::Policy, Frame::Path(vec!["session".into()])]
        );
        assert_eq!(words(&cx), ["max_"]);
        assert_eq!(cx.prefix(), ["session"]);

        let t = "policy p {\n  session { x = 1 }\n  password.";
        let cx = scan(t, t.len());
        assert!(cx.at_policy_level());
        assert_eq!(words(&cx), ["password", "."]);

        let t = "policy p {\n  extends \"./base.ward\", \"std:pc";
        assert_eq!(
            words(&scan(t, t.len())),
            ["extends", "\"./base.ward\"", ",", "\"std:pc"]
        );

        let t = "policy p { # a { comment\n  token.lifetime in 1h..";
        let cx = scan(t, t.len());
        assert_eq!(words(&cx), ["token", ".", "lifetime", "in", "1", "h", ".."]);
        assert!(scan("policy p { # x", 14).in_comment);
        // Never panics on a cursor inside a character.
        let t = "policy é";
        let _ = scan(t, 8);
    }
}
