//! Policy text as each form writes it, for help that proposes a change:
//! help about a `.ward.toml` file proposes TOML, about a `.ward.json` file
//! JSON, never `.ward` syntax in a file that cannot hold it.

use super::Form;

impl Form {
    /// `value` (as ward prints it: `8h`, `500`, `never`, `["a", "b"]`) as
    /// this form writes it: durations and words are strings in TOML and
    /// JSON (`"8h"`); numbers, booleans and lists are written alike.
    pub fn value(self, value: &str) -> String {
        let bare = value.starts_with('[')
            || value == "true"
            || value == "false"
            || (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'_'));
        match self {
            Form::Ward => value.to_string(),
            Form::Toml | Form::Json if bare => value.replace('_', ""),
            Form::Toml | Form::Json => format!("\"{}\"", value.replace('"', "\\\"")),
        }
    }

    /// The setting `path` (`session.idle_timeout`) set to `value`:
    /// `session.idle_timeout = 8h`; in TOML `session.idle_timeout = "8h"`
    /// (a dotted key); in JSON `"session": { "idle_timeout": "8h" }`.
    pub fn assignment(self, path: &str, value: &str) -> String {
        let v = self.value(value);
        match self {
            Form::Ward | Form::Toml => format!("{path} = {v}"),
            Form::Json => {
                let segments = segments(path);
                let mut out = String::new();
                for s in &segments {
                    out.push_str(&format!("\"{s}\": "));
                    if Some(s) != segments.last() {
                        out.push_str("{ ");
                    }
                }
                out.push_str(&v);
                out.push_str(&" }".repeat(segments.len().saturating_sub(1)));
                out
            }
        }
    }

    /// A line that silences `code`: `allow W0505`, `allow = ["W0505"]`,
    /// `"allow": ["W0505"]`.
    pub fn allow(self, code: &str) -> String {
        match self {
            Form::Ward => format!("allow {code}"),
            Form::Toml => format!("allow = [\"{code}\"]"),
            Form::Json => format!("\"allow\": [\"{code}\"]"),
        }
    }

    /// A line that silences `code` for the settings `on` (a placeholder such
    /// as `PATH`, or a path): `allow W0603 on PATH`; in TOML and JSON an
    /// `allow` table with `codes` and `on`.
    pub fn allow_on(self, code: &str, on: &str) -> String {
        match self {
            Form::Ward => format!("allow {code} on {on}"),
            Form::Toml => format!("allow = [{{ codes = [\"{code}\"], on = [\"{on}\"] }}]"),
            Form::Json => format!("\"allow\": [{{ \"codes\": [\"{code}\"], \"on\": [\"{on}\"] }}]"),
        }
    }

    /// How to require one exact value of `path`, for a setting that takes
    /// only that kind of bound.
    pub fn exact_bound_help(self, path: &str) -> String {
        match self {
            Form::Ward => format!("write `{path} == VALUE` to require one exact value"),
            Form::Toml | Form::Json => {
                format!("give the bound on `{path}` an `eq` instead, to require one exact value")
            }
        }
    }

    /// How to merge two bounds on one side of a setting into one.
    pub fn merge_bounds_help(self) -> &'static str {
        match self {
            Form::Ward => "merge them into one bound (`in LOW..HIGH` sets both ends)",
            Form::Toml | Form::Json => {
                "merge them into one bound (one entry with `min` and `max` sets both ends)"
            }
        }
    }
}

/// The segments of a dotted path as ward prints it, unquoted:
/// `integrations."ms-teams".enabled` → `integrations`, `ms-teams`, `enabled`.
fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_writes_its_own_syntax() {
        let path = "session.idle_timeout";
        assert_eq!(
            Form::Ward.assignment(path, "8h"),
            "session.idle_timeout = 8h"
        );
        assert_eq!(
            Form::Toml.assignment(path, "8h"),
            "session.idle_timeout = \"8h\""
        );
        assert_eq!(
            Form::Json.assignment(path, "8h"),
            "\"session\": { \"idle_timeout\": \"8h\" }"
        );
        assert_eq!(
            Form::Toml.assignment("session.max_concurrent", "10_000"),
            "session.max_concurrent = 10000"
        );
        assert_eq!(
            Form::Json.assignment("integrations.\"ms-teams\".enabled", "false"),
            "\"integrations\": { \"ms-teams\": { \"enabled\": false } }"
        );
        assert_eq!(Form::Toml.value("never"), "\"never\"");
        assert_eq!(Form::Json.value("[\"a\"]"), "[\"a\"]");
        assert_eq!(Form::Ward.allow("W0505"), "allow W0505");
        assert_eq!(Form::Toml.allow("W0505"), "allow = [\"W0505\"]");
        assert_eq!(Form::Json.allow("W0505"), "\"allow\": [\"W0505\"]");
        assert_eq!(Form::Ward.allow_on("W0603", "PATH"), "allow W0603 on PATH");
        assert_eq!(
            Form::Toml.allow_on("W0603", "PATH"),
            "allow = [{ codes = [\"W0603\"], on = [\"PATH\"] }]"
        );
        assert_eq!(
            Form::Json.allow_on("W0603", "PATH"),
            "\"allow\": [{ \"codes\": [\"W0603\"], \"on\": [\"PATH\"] }]"
        );
    }
}
