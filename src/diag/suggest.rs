//! Did-you-mean: the closest of a set of names to what the user wrote.
//!
//! Suggests only when the candidate is close: a small edit distance relative
//! to the length of the word, so `sesion` finds `session` but `foo` finds
//! nothing.

/// The candidate closest to `input`, if it is close enough to be a typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // No suggestion is ever more than 3 edits away, and the distance is at
    // least the difference in length: skip the quadratic distance for
    // words far longer than any candidate (a 1 MB name, say).
    let input_len = input.chars().count();
    let input_lc = input.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == input || cand.chars().count().abs_diff(input_len) > 3 {
            continue;
        }
        let d = strsim::damerau_levenshtein(&input_lc, &cand.to_lowercase());
        let limit = match cand.chars().count().max(input.chars().count()) {
            0..=2 => 0,
            3..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        let limit = if input_lc == cand.to_lowercase() {
            1
        } else {
            limit
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?`, when there is an `x`.
pub fn help_did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_only_close_names() {
        let names = ["session", "password", "lockout"];
        assert_eq!(did_you_mean("sesion", names), Some("session"));
        assert_eq!(did_you_mean("pasword", names), Some("password"));
        assert_eq!(did_you_mean("xyz", names), None);
        assert_eq!(did_you_mean("Session", names), Some("session"));
        assert_eq!(did_you_mean(&"s".repeat(1 << 20), names), None);
    }
}
