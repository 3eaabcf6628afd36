//! Durations in the schemas: a regular expression for the authoring form's
//! duration strings, built from the unit spellings in [`crate::value::Unit`],
//! and the example values editors offer.
//!
//! The pattern accepts one or more `INTEGER UNIT` terms (`90s`, `15 min`,
//! `1h30m`, `1d 12h`): digits with `_` between them, spaces or tabs before
//! the unit and between terms. It does not check that units decrease or
//! appear once; the compiler does, with a better message than a regex
//! mismatch. The pattern uses only syntax that ECMAScript, Rust's `regex`
//! and PCRE read alike, so ajv, VS Code, taplo and the `jsonschema` crate
//! agree on it.

use crate::value::{format_duration, Unit};

/// The regular expression every duration string matches.
pub(crate) fn duration_pattern() -> String {
    format!("^{}$", terms())
}

/// A duration or one of `keywords` (`never`, `unlimited`): the pattern of a
/// setting's value in the authoring form. Keywords are alternatives of the
/// one pattern, not `anyOf` branches, so that each setting stays a single
/// schema: taplo lists an `anyOf` setting once per branch and without its
/// description.
pub(crate) fn duration_or_keywords(keywords: &[&str]) -> String {
    if keywords.is_empty() {
        return duration_pattern();
    }
    format!("^(?:{}|{})$", terms(), keywords.join("|"))
}

/// One or more `INTEGER UNIT` terms, unanchored.
fn terms() -> String {
    let mut spellings: Vec<&str> = Unit::all_spellings().collect();
    // Longest first, so `min` is tried before `m` and `days` before `d`:
    // the same rule the lexer applies.
    spellings.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let units = spellings.join("|");
    let term = format!(r"\d+(?:_\d+)*[ \t]*(?:{units})");
    format!(r"{term}(?:[ \t]*{term})*")
}

/// A few durations inside `min..=max` (seconds), as a user writes them:
/// the domain's ends and some common values, in increasing order.
pub fn examples(min: u64, max: u64) -> Vec<String> {
    const COMMON: [u64; 7] = [
        15 * 60,
        3_600,
        8 * 3_600,
        86_400,
        7 * 86_400,
        90 * 86_400,
        365 * 86_400,
    ];
    let mut secs: Vec<u64> = vec![min];
    secs.extend(COMMON.iter().copied().filter(|s| (min..=max).contains(s)));
    secs.push(max);
    secs.dedup();
    secs.into_iter().map(format_duration).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_lists_every_spelling_longest_first() {
        let p = duration_pattern();
        let alternation = p
            .split("(?:")
            .nth(2)
            .and_then(|rest| rest.split(')').next())
            .unwrap_or_default();
        let listed: Vec<&str> = alternation.split('|').collect();
        let mut spellings: Vec<&str> = Unit::all_spellings().collect();
        spellings.sort_unstable();
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, spellings, "{p}");
        assert!(listed.windows(2).all(|w| w[0].len() >= w[1].len()), "{p}");
    }

    #[test]
    fn keywords_are_alternatives_of_the_one_pattern() {
        assert_eq!(duration_or_keywords(&[]), duration_pattern());
        let p = duration_or_keywords(&["never"]);
        assert!(p.starts_with("^(?:") && p.ends_with("|never)$"), "{p}");
    }

    #[test]
    fn examples_stay_in_the_domain() {
        assert_eq!(examples(60, 86_400), ["1m", "15m", "1h", "8h", "1d"]);
        assert_eq!(examples(0, 86_400)[0], "0s");
        assert_eq!(examples(86_400, 86_400), ["1d"]);
    }
}
