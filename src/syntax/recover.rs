//! Syntax error messages: pest failures turned into ward diagnostics.
//!
//! pest reports the furthest position it reached and the rules it expected
//! there. This module renames those rules to words a user knows ("a value",
//! "`=`"), says what was found instead (exactly that token), and adds help
//! for the usual slips (`:` for `=`, `=>`, `!=`, a missing closing quote).
//! Each junk item of a body is re-parsed alone with the strict rule, so every
//! broken statement gets its own positioned message.

use pest::error::{Error, ErrorVariant, InputLocation};
use pest::Parser;

use super::parser::{Rule, WardParser};
use super::scan;
use crate::diag::suggest::join_or;
use crate::diag::{codes, Here, Local};
use crate::source::Span;

/// The expected things, in the order messages list them.
const ORDER: &[&str] = &[
    "`policy`",
    "a policy name",
    "a target name",
    "a warning code",
    "a statement",
    "a setting name",
    "`=`",
    "`>=`",
    "`<=`",
    "`==`",
    "`in`",
    "a value",
    "a string",
    "`..`",
    "`[`",
    "`,`",
    "`]`",
    "`warn`",
    "`on`",
    "`for`",
    "`because`",
    "`{`",
    "a newline",
    "`;`",
    "`}`",
];

/// What a rule is called in a message; `None` for rules users never see.
fn describe(rule: Rule) -> &'static [&'static str] {
    match rule {
        Rule::kw_policy => &["`policy`"],
        Rule::policy_name => &["a policy name"],
        Rule::target_name | Rule::bare_name => &["a target name"],
        Rule::code => &["a warning code"],
        Rule::item | Rule::strict_item | Rule::extends_item => &["a statement"],
        Rule::targets_item | Rule::allow_item | Rule::for_item | Rule::stmt => &["a statement"],
        Rule::path | Rule::ident => &["a setting name"],
        Rule::assign => &["`=`"],
        Rule::cmp_op => &["`>=`", "`<=`", "`==`"],
        Rule::kw_in => &["`in`"],
        Rule::value | Rule::range_low | Rule::range_high | Rule::list => &["a value"],
        Rule::quantity | Rule::ident_value | Rule::kw_true | Rule::kw_false => &["a value"],
        Rule::string => &["a string"],
        Rule::dotdot => &["`..`"],
        Rule::lbracket => &["`[`"],
        Rule::comma => &["`,`"],
        Rule::rbracket => &["`]`"],
        Rule::kw_warn => &["`warn`"],
        Rule::because | Rule::kw_because => &["`because`"],
        Rule::allow_on | Rule::kw_on => &["`on`"],
        Rule::allow_for | Rule::kw_for => &["`for`"],
        Rule::open => &["`{`"],
        Rule::close => &["`}`"],
        Rule::EOI => &["a newline", "`;`", "`}`"],
        _ => &[],
    }
}

/// The byte position and expected rules of a pest error.
fn position_and_expected(err: &Error<Rule>) -> (usize, Vec<&'static str>) {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&'static str> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .flat_map(|r| describe(*r).iter().copied())
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_by_key(|e| ORDER.iter().position(|o| o == e));
    expected.dedup();
    (pos, expected)
}

/// The token at `pos` as the user sees it, and its span: a word, a string,
/// one character, or the end of the line or file.
pub(crate) fn found_at(text: &str, pos: usize) -> (Span, String) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return (Span::new(pos, pos), "end of file".into());
    };
    let word = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
    match c {
        '\n' | '\r' => (Span::new(pos, pos), "end of line".into()),
        ' ' | '\t' => (Span::new(pos, pos + 1), "a space".into()),
        '"' => {
            let (end, _) = scan::skip_string(rest.as_bytes(), 0);
            (Span::new(pos, pos + end), "a string".into())
        }
        c if c.is_ascii_alphanumeric() || c == '_' => {
            let n = word(|c| c.is_ascii_alphanumeric() || c == '_');
            (Span::new(pos, pos + n), format!("`{}`", &rest[..n]))
        }
        c => {
            let shown: String = c.escape_debug().collect();
            (Span::new(pos, pos + c.len_utf8()), format!("`{shown}`"))
        }
    }
}

/// Builds the "expected …, found …" diagnostic for position `pos` of the
/// file `text`, with help for common slips.
pub(crate) fn expected_error(source: Here, text: &str, pos: usize, expected: &[&str]) -> Local {
    let (span, found) = found_at(text, pos);
    let rest = text.get(pos..).unwrap_or("");
    let prev = text.get(..pos).and_then(|t| t.chars().next_back());
    let wants = |e: &str| expected.contains(&e);
    if wants("a value") && prev == Some('=') && (rest.starts_with('>') || rest.starts_with('<')) {
        let (op, fix) = if rest.starts_with('>') {
            ("=>", ">=")
        } else {
            ("=<", "<=")
        };
        return Local::new(codes::SYNTAX, format!("`{op}` is not an operator"))
            .at(source, Span::new(pos - 1, pos + 1), "not an operator")
            .help(format!("write `{fix}`"));
    }
    if wants("`=`") && rest.starts_with("!=") {
        return Local::new(codes::SYNTAX, "ward has no `!=` operator")
            .at(source, Span::new(pos, pos + 2), "not an operator")
            .help("bounds are written `>=`, `<=`, `==` or `in LOW..HIGH`");
    }
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else if wants("a setting name") && prev == Some('.') {
        format!("expected a setting name after `.`, found {found}")
    } else {
        format!("expected {}, found {found}", join_or(expected))
    };
    let label = match expected {
        [] => "unexpected".to_string(),
        [one] => format!("expected {one}"),
        _ => "unexpected".to_string(),
    };
    let help = if wants("`=`") && rest.starts_with(':') {
        Some("write `=` to set a value: `NAME = VALUE`".to_string())
    } else if wants("`=`") && (rest.starts_with('>') || rest.starts_with('<')) {
        let op = if rest.starts_with('>') { ">=" } else { "<=" };
        Some(format!("bounds include their limit: write `{op}`"))
    } else if wants("a policy name") {
        Some("a policy name is lowercase (`[a-z][a-z0-9._-]*`) or a string".to_string())
    } else if wants("`policy`") {
        Some("a file holds one policy: `policy NAME { … }`".to_string())
    } else if wants("a setting name") && rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        Some("setting names are lowercase".to_string())
    } else if wants("a newline") && rest.starts_with("warn") {
        Some("write `warn` before `because`".to_string())
    } else if wants("`]`") && (rest.is_empty() || rest.starts_with(['\n', '\r'])) {
        Some("close the list with `]` on the same line: a list cannot span lines".to_string())
    } else if wants("a value") && (rest.is_empty() || rest.starts_with(['\n', '\r'])) {
        Some("write the value on the same line: `NAME = VALUE`".to_string())
    } else if wants("`,`") && !rest.starts_with(['\n', '\r']) && !rest.is_empty() {
        Some("separate the items of a list with `,`".to_string())
    } else {
        None
    };
    Local::new(codes::SYNTAX, message)
        .at(source, span, label)
        .maybe_help(help)
}

/// The diagnostic for a string not closed on its line.
fn unterminated(source: Here, span: Span) -> Local {
    Local::new(codes::SYNTAX, "unterminated string")
        .at(source, span, "this string is not closed on its line")
        .help("add the closing `\"`: a string cannot span lines")
}

/// A pest error turned into a diagnostic. `offset` is where `text` starts in
/// the file `full`.
fn from_pest(source: Here, full: &str, text: &str, offset: usize, err: &Error<Rule>) -> Local {
    let (pos, expected) = position_and_expected(err);
    if let Some(s) = scan::unterminated_string(text) {
        if s.start as usize <= pos {
            return unterminated(source, s.shift(offset));
        }
    }
    expected_error(source, full, pos + offset, &expected)
}

/// The one diagnostic for a file whose `policy NAME {` header did not parse.
pub fn fatal(source: Here, text: &str, err: &Error<Rule>) -> Local {
    from_pest(source, text, text, 0, err)
}

/// The diagnostic for one junk item: its text re-parsed alone, so the error
/// points at the first thing wrong in it.
pub fn junk(source: Here, full: &str, span: Span) -> Local {
    let text = full.get(span.range()).unwrap_or("");
    let offset = span.start as usize;
    match WardParser::parse(Rule::strict_item, text) {
        Err(err) => from_pest(source, full, text, offset, &err),
        // The strict rule accepts what the body rule rejected: only when the
        // two disagree about where the statement ends. Say so plainly.
        Ok(_) => Local::new(codes::SYNTAX, "unexpected text in a statement").at(
            source,
            span,
            "cannot parse this statement",
        ),
    }
}
