//! The table of stable diagnostic codes.
//!
//! A code is `E` (error) or `W` (warning) and four digits; the first two give
//! the phase: `01` syntax, `02` names, types, units and domains, `03` bounds,
//! `04` extends, merge and files, `05` cross-setting rules, `06` targets,
//! `07` services' exports, `08` the command line and input/output.
//! Codes are never reused or renumbered: tools and `allow` lines name them.
//! Every code has a title here; its longer documentation lives in
//! `docs/codes/CODE.md` and is embedded by [`Code::explanation`].

use std::fmt;

/// A stable diagnostic code such as `E0201`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub &'static str);

impl Code {
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The two digits of the phase: `"08"` for `E0801`.
    pub fn phase(self) -> &'static str {
        self.0.get(1..3).unwrap_or("")
    }

    /// Does this code report a problem with the command line or its input
    /// and output (phase `08`) rather than with a policy?
    pub fn is_command_line(self) -> bool {
        self.phase() == "08"
    }

    /// `E…` codes are errors, `W…` codes warnings.
    pub fn severity(self) -> super::Severity {
        if self.0.starts_with('W') {
            super::Severity::Warning
        } else {
            super::Severity::Error
        }
    }

    /// The table entry for this code.
    pub fn info(self) -> Option<&'static CodeInfo> {
        lookup(self.0)
    }

    pub fn title(self) -> &'static str {
        self.info().map(|i| i.title).unwrap_or("")
    }

    /// The code's documentation (`docs/codes/CODE.md`), embedded in the
    /// binary: what triggers it, why it matters, an example and how to fix
    /// it. Empty for a code not in the table.
    pub fn explanation(self) -> &'static str {
        self.info().map(|i| i.explanation).unwrap_or("")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// One row of the code table.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// A short lowercase phrase: what went wrong.
    pub title: &'static str,
    /// The Markdown documentation, `docs/codes/CODE.md`.
    pub explanation: &'static str,
}

/// Looks a code up by its text (`"E0201"`), ignoring case.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    ALL.iter().find(|i| i.code.0.eq_ignore_ascii_case(code))
}

macro_rules! codes {
    ($($name:ident = $code:literal, $title:literal;)*) => {
        $(pub const $name: Code = Code($code);)*
        /// Every code, in numeric order.
        pub static ALL: &[CodeInfo] = &[$(CodeInfo {
            code: $name,
            title: $title,
            explanation: include_str!(concat!("../../docs/codes/", $code, ".md")),
        },)*];
    };
}

codes! {
    // 01: syntax
    SYNTAX = "E0101", "syntax error";
    INVALID_UTF8 = "E0102", "file is not valid UTF-8";
    NESTING_TOO_DEEP = "E0103", "blocks nested too deeply";
    INVALID_ESCAPE = "E0104", "invalid escape in a string";
    MISPLACED_DECLARATION = "E0105", "`extends`, `targets` or `allow` in the wrong place";
    DUPLICATE_DECLARATION = "E0106", "`extends` or `targets` written twice";
    ALLOW_ERROR = "E0107", "`allow` names an error code";
    FOR_CONTENT = "E0108", "a bound or a `for` where a `for` block holds values only";
    UNKNOWN_ALLOW_CODE = "W0101", "`allow` names a code that does not exist";
    UNUSED_ALLOW = "W0102", "`allow` silences a warning that never occurs";

    // 02: names, types, units, domains
    UNKNOWN_SETTING = "E0201", "unknown setting";
    NOT_A_SETTING = "E0202", "path names a section, not a setting";
    UNKNOWN_UNIT = "E0203", "unknown duration unit";
    UNSUPPORTED_UNIT = "E0204", "months, years and milliseconds are not durations ward accepts";
    DECIMAL_NUMBER = "E0205", "decimal numbers are not accepted";
    MISSING_UNIT = "E0206", "a duration needs a unit";
    UNIT_ORDER = "E0207", "duration units out of order or repeated";
    WRONG_TYPE = "E0208", "value of the wrong type";
    UNKNOWN_VALUE = "E0209", "unknown keyword or enum value";
    OUT_OF_DOMAIN = "E0210", "value outside the setting's domain";
    NUMBER_TOO_LARGE = "E0211", "number too large";
    DUPLICATE_LIST_ITEM = "E0212", "duplicate item in a list";
    DUPLICATE_SETTING = "E0213", "setting set twice in one file";

    // 03: bounds
    BOUND_VIOLATED = "E0301", "value breaks a bound";
    WARN_BOUND_VIOLATED = "W0301", "value breaks a warning bound";
    BOUNDS_CONFLICT = "E0302", "bounds that no value can satisfy";
    LOOSER_BOUND = "W0302", "bound looser than an inherited one has no effect";
    BOUND_NOT_ALLOWED = "E0303", "only `==` bounds apply to this setting";
    UNVERIFIED_BOUND = "W0303", "bound on a setting that is never set";
    DUPLICATE_BOUND = "E0304", "bound written twice in one file";

    // 04: extends, merge, files
    CANNOT_READ = "E0401", "cannot read a file";
    EXTENDS_CYCLE = "E0402", "`extends` forms a cycle";
    OUTSIDE_ROOT = "E0403", "reference leaves the root directory";
    UNKNOWN_PROFILE = "E0404", "unknown built-in profile";
    MERGE_CONFLICT = "E0405", "parents set a neutral setting differently";
    MERGED_OUT_OF_BOUNDS = "E0406", "merged value falls outside the merged bounds";
    EXTENDS_TOO_DEEP = "E0407", "`extends` chain too long";
    INVALID_PROJECT = "E0408", "invalid project configuration (`ward.toml`)";
    REPLACES_STRICTER = "W0401", "a general value replaces a stricter per-target value it inherits";

    // 05: cross-setting rules
    IDLE_EXCEEDS_LIFETIME = "E0501", "idle timeout longer than the absolute lifetime";
    MIN_EXCEEDS_MAX_LENGTH = "E0502", "minimum password length above the maximum";
    CLASSES_EXCEED_MAX_LENGTH = "E0503", "required character classes exceed the maximum length";
    MIN_AGE_NOT_BELOW_MAX_AGE = "E0504", "minimum password age not below the maximum age";
    REFRESH_SHORTER_THAN_TOKEN = "E0505", "refresh token shorter-lived than the access token";
    CLASSES_EXCEED_MIN_LENGTH = "W0501", "required character classes exceed the minimum length";
    FEDERATED_EXCEEDS_TOKEN = "W0502", "federated token lifetime above the token lifetime";
    TOKEN_EXCEEDS_SESSION = "W0503", "token outlives the session";
    RENEWAL_NOT_BELOW_IDLE = "W0504", "renewal interval not below the idle timeout";
    RENEWAL_DEFEATS_IDLE_BOUND = "W0505", "renewing clients never go idle";
    HISTORY_WITHOUT_MIN_AGE = "W0506", "password history can be cycled through at once";
    LOCKOUT_SETTINGS_UNUSED = "W0507", "lockout window or duration with an unlimited threshold";
    ON_LIMIT_WITHOUT_LIMIT = "W0508", "`on_limit` without `max_concurrent`";

    // 06: targets
    TARGET_INEXACT = "E0601", "value the target cannot hold exactly";
    TARGET_LIMIT = "E0602", "value outside the target's own limits";
    TARGET_INEXPRESSIBLE = "E0603", "value the target has no way to express";
    TARGET_WEAKER = "E0604", "the target would enforce a weaker rule";
    TARGET_FIXED_LOOSER = "E0605", "the target's fixed behaviour is looser than the policy";
    TARGET_DEFAULT_BREAKS_BOUND = "E0606", "the target's default for an unset setting breaks a bound";
    INVALID_DESCRIPTOR = "E0607", "invalid target descriptor";
    UNKNOWN_TARGET = "E0608", "unknown target";
    TARGET_FIXED = "W0601", "the target imposes a fixed behaviour";
    TARGET_RECOMMENDATION = "W0602", "value against the target vendor's recommendation";
    UNSUPPORTED_SETTING = "W0603", "setting none of the file's targets supports";
    TARGET_RESETS_UNSET = "W0604", "the target resets an unset setting to its default";
    TARGET_DEFAULT_BREAKS_WARN_BOUND = "W0605", "the target's default for an unset setting breaks a warning bound";
    FOR_OUTSIDE_TARGETS = "W0606", "`for` block for a target outside the file's `targets`";
    FOR_UNSUPPORTED = "W0607", "per-target value for a setting its targets do not support";

    // 07: services' exports: drift and import
    UNREADABLE_EXPORT = "E0701", "cannot read a service export";
    DRIFT_LOOSER = "E0702", "the service is looser than the policy";
    DRIFT_CHANGED = "E0703", "the service holds another value of a neutral setting";
    DRIFT_BREAKS_BOUND = "E0704", "the service's value breaks a bound";
    DRIFT_UNREADABLE_VALUE = "E0705", "an export field holds a value ward cannot read";
    DRIFT_STRICTER = "W0701", "the service is stricter than the policy";
    DRIFT_BREAKS_WARN_BOUND = "W0702", "the service's value breaks a warning bound";
    DRIFT_WOULD_RESET = "W0703", "a build would reset a field the policy does not decide";
    DRIFT_UNKNOWN_DEFAULT = "W0704", "an export lacks a field whose service default is unknown";
    IMPORT_INEXPRESSIBLE = "W0705", "an export value the policy cannot state";
    IMPORT_UNMAPPED = "W0706", "export fields ward does not map";

    // 08: the command line and input/output. Each stops the command before
    // it runs (exit status 2).
    USAGE = "E0801", "invalid command-line arguments";
    CANNOT_READ_PATH = "E0802", "cannot use a path named on the command line";
    CANNOT_WRITE = "E0803", "cannot write an output";
    UNKNOWN_ARGUMENT = "E0804", "unknown name on the command line";
    OUTPUT_REFUSED = "E0805", "an output ward refuses to write";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_well_formed_unique_and_sorted() {
        let mut seen = std::collections::BTreeSet::new();
        for info in ALL {
            let c = info.code.0;
            assert_eq!(c.len(), 5, "{c}");
            assert!(c.starts_with('E') || c.starts_with('W'), "{c}");
            assert!(c[1..].bytes().all(|b| b.is_ascii_digit()), "{c}");
            assert!(
                matches!(
                    info.code.phase(),
                    "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08"
                ),
                "{c}"
            );
            assert!(seen.insert(c), "duplicate code {c}");
            assert!(!info.title.is_empty());
            assert!(
                !info.title.starts_with(char::is_uppercase),
                "{c}: titles start lowercase"
            );
        }
    }
}
