//! Tests of `level` rows (one field from several settings) as descriptor
//! input: every problem is an `E0607` at what it is about; and as data:
//! the field written from every setting at once, each read back alone.

#![allow(clippy::panic)] // tests fail by panicking

use super::tests::policy;
use super::tests_descriptor::problems;
use super::*;
use crate::source::SourceMap;
use crate::value::Value;

const HEAD: &str = "name = \"acme\"\ntitle = \"Acme\"\n";

/// A row writing `classes` from the upper-case and digit minimums, with
/// `levels` as given (TOML lines) and `extra` keys.
fn row(extra: &str, levels: &str) -> String {
    format!(
        "{HEAD}[[settings]]\nsettings = [\"password.min_upper\", \"password.min_digit\"]\n\
         field = \"classes\"\nencoding = \"level\"\n{extra}\n[settings.levels]\n{levels}"
    )
}

const LEVELS: &str = "none = {}\ndigits = { \"password.min_digit\" = 1 }\n\
                      both = { \"password.min_upper\" = 1, \"password.min_digit\" = 1 }\n";

fn target(text: &str) -> Target {
    let mut map = SourceMap::new();
    match Target::from_toml(&mut map, "acme.toml", text) {
        Ok(t) => t,
        Err(d) => panic!("{d:#?}"),
    }
}

#[test]
fn a_level_row_is_one_row_per_setting_sharing_the_field() {
    let t = target(&row("default = \"digits\"", LEVELS));
    let settings: Vec<String> = t.rows.iter().map(Row::setting_path).collect();
    assert_eq!(settings, ["password.min_upper", "password.min_digit"]);
    assert!(t.rows.iter().all(|r| r.field.as_deref() == Some("classes")));
    // Each row's default is what the default level guarantees of it.
    assert_eq!(t.rows[0].default, Some(Value::Count(0)));
    assert_eq!(t.rows[1].default, Some(Value::Count(1)));
    let write = |upper: Option<u64>, digit: Option<u64>| {
        let mut values = Vec::new();
        if let Some(n) = upper {
            values.push(("password", "min_upper", Value::Count(n)));
        }
        if let Some(n) = digit {
            values.push(("password", "min_digit", Value::Count(n)));
        }
        emit(&policy(&values, &["acme"]), &t)
    };
    assert_eq!(write(None, None), serde_json::json!({}));
    assert_eq!(
        write(Some(0), None),
        serde_json::json!({ "classes": "none" })
    );
    assert_eq!(
        write(None, Some(1)),
        serde_json::json!({ "classes": "digits" })
    );
    assert_eq!(
        write(Some(1), Some(0)),
        serde_json::json!({ "classes": "both" })
    );
    // A minimum no level holds is refused on its own setting, and the
    // field is not guessed at.
    assert_eq!(write(Some(2), Some(1)), serde_json::json!({}));
    let p = policy(&[("password", "min_upper", Value::Count(2))], &["acme"]);
    let found = check(&p, &[&t]);
    let [crate::finding::Finding::Target { key, problem, .. }] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(key.path(), "password.min_upper");
    let crate::finding::TargetProblem::Inexact { grain, nearest, .. } = problem else {
        panic!("{problem:?}")
    };
    assert!(nearest.is_empty(), "{nearest:?}");
    assert!(
        grain.contains("the levels of `classes`") && grain.contains("at most 1"),
        "{grain}"
    );
    // Read back, each setting is what the level guarantees of it.
    let both = serde_json::json!("both");
    assert_eq!(t.rows[0].decode(Some(&both)), Some(Value::Count(1)));
    assert_eq!(
        t.rows[1].decode(Some(&serde_json::json!("none"))),
        Some(Value::Count(0))
    );
    assert_eq!(t.rows[1].decode(None), Some(Value::Count(1)));
    assert_eq!(t.rows[1].decode(Some(&serde_json::json!("other"))), None);
}

#[test]
fn level_rows_are_checked_where_each_problem_is() {
    let cases: &[(String, &str, &str)] = &[
        (
            row("", "none = {}\nupper = { \"password.min_upper\" = 1 }\ndigits = { \"password.min_digit\" = 1 }\n"),
            "no level of `levels` guarantees what every other level does",
            "[settings.levels]",
        ),
        (
            row("", "none = {}\nall = { \"password.min_symbol\" = 1 }\n"),
            "`password.min_symbol` is not one of this row's `settings`",
            "\"password.min_symbol\"",
        ),
        (
            row("default = \"AlphaNumeric\"", LEVELS),
            "the default `AlphaNumeric` is not one of the `levels`",
            "\"AlphaNumeric\"",
        ),
        (
            row("min = 1", LEVELS),
            "unknown key `min` in a `[[settings]]` row",
            "min",
        ),
        (
            row("setting = \"password.min_upper\"", LEVELS),
            "a row names one `setting` or several `settings`, not both",
            "setting = \"password.min_upper\"",
        ),
        (
            row("", "none = {}\nall = { \"password.min_digit\" = \"1h\" }\n"),
            "invalid `levels` for `password.min_digit`",
            "h",
        ),
        (
            format!("{HEAD}[[settings]]\nsettings = [\"session.idle_timeout\"]\nfield = \"f\"\nencoding = \"level\"\nlevels = {{ a = {{}} }}\n"),
            "a `level` field cannot be written from `session.idle_timeout`",
            "\"session.idle_timeout\"",
        ),
        (
            format!("{HEAD}[[settings]]\nsettings = [\"password.min_upper\"]\nfield = \"f\"\nencoding = \"one_of\"\nlevels = {{ a = {{}} }}\n"),
            "a row of several `settings` is written by `level`, not `one_of`",
            "\"one_of\"",
        ),
        (
            format!("{HEAD}[[settings]]\nsetting = \"password.min_upper\"\nfield = \"f\"\nencoding = \"level\"\n"),
            "`level` writes one field from several settings: name them in `settings = [...]` instead of `setting`",
            "encoding = \"level\"",
        ),
    ];
    for (text, message, at) in cases {
        let p = problems(text);
        assert!(
            p.iter()
                .any(|(m, a)| m.starts_with(message) && a.starts_with(at)),
            "expected `{message}` at `{at}` in\n{text}\ngot {p:#?}"
        );
    }
}

#[test]
fn a_level_field_is_one_field_for_the_cross_row_check() {
    // Its rows share the field; another row writing it is refused.
    let text = format!(
        "{}[[settings]]\nsetting = \"password.min_length\"\nfield = \"classes\"\n",
        row("", LEVELS)
    );
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|(m, _)| m.contains("`classes` is written by two rows")),
        "{p:#?}"
    );
    assert!(problems(&row("", LEVELS)).is_empty());
}
