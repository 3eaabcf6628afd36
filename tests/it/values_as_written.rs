//! Values in messages are shown as the user wrote them, and help proposes
//! the syntax of the file it is about (issue 11, item 13), through the
//! binary.

use crate::common::{git_tree as tree, ward};
use serde_json::Value;
use std::path::Path;

/// The diagnostics of `ward check --format json FILE`.
fn diagnostics(dir: &Path, file: &str) -> Vec<Value> {
    let out = ward(dir, &["check", "--format", "json", file]);
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    doc["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// The one diagnostic with `code`.
fn one<'a>(found: &'a [Value], code: &str) -> &'a Value {
    let all: Vec<&Value> = found.iter().filter(|d| d["code"] == code).collect();
    match all.as_slice() {
        [d] => d,
        _ => panic!("expected one {code}, found {}: {found:#?}", all.len()),
    }
}

fn text(d: &Value, key: &str) -> String {
    d[key].as_str().unwrap_or_default().to_string()
}

fn notes(d: &Value) -> Vec<String> {
    d["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

/// `12345m` stays `12345m` and `<= 48h` stays `<= 48h` (once printed as
/// `8d13h45m` and `<= 2d`); what the value comes to is a note, because the
/// two are compared in different units.
#[test]
fn a_broken_bound_shows_the_value_and_the_bound_as_written() {
    let dir = tree(&[(
        "a.ward",
        "policy a {\n  session.idle_timeout = 12345m\n  session.idle_timeout <= 48h\n}\n",
    )]);
    let found = diagnostics(dir.path(), "a.ward");
    let d = one(&found, "E0301");
    assert_eq!(
        text(d, "message"),
        "`session.idle_timeout` is `12345m`, but a bound requires `<= 48h`"
    );
    assert_eq!(
        text(d, "help"),
        "set `session.idle_timeout` to `48h` or less"
    );
    assert_eq!(notes(d), ["`12345m` is `8d13h45m`"]);
    let human = String::from_utf8_lossy(&ward(dir.path(), &["check", "a.ward"]).stdout).to_string();
    assert!(
        !human.contains("8d13h45m` set") && !human.contains("2d"),
        "{human}"
    );
}

/// Both sides of a rule as written (`61s` was `1m1s`); a value written in
/// its canonical form gets no note.
#[test]
fn a_broken_rule_shows_both_values_as_written() {
    let dir = tree(&[(
        "r.ward",
        "policy r {\n  session.idle_timeout = 90 min\n  session.absolute_lifetime = 61s\n}\n",
    )]);
    let found = diagnostics(dir.path(), "r.ward");
    let d = one(&found, "E0501");
    let message = text(d, "message");
    assert!(
        message
            .ends_with("`session.idle_timeout` is `90 min`, `session.absolute_lifetime` is `61s`"),
        "{message}"
    );
    assert_eq!(notes(d), ["`90 min` is `1h30m`", "`61s` is `1m1s`"]);

    let dir = tree(&[(
        "c.ward",
        "policy c {\n  session.idle_timeout = 2h\n  session.absolute_lifetime = 1h\n}\n",
    )]);
    let found = diagnostics(dir.path(), "c.ward");
    assert!(notes(one(&found, "E0501")).is_empty());
}

/// Out of the catalog's range: the value as written, what it comes to
/// beside the range.
#[test]
fn an_out_of_range_value_is_shown_as_written() {
    let dir = tree(&[("o.ward", "policy o {\n  audit.retention = 87624h\n}\n")]);
    let found = diagnostics(dir.path(), "o.ward");
    let d = one(&found, "E0210");
    assert_eq!(
        text(d, "message"),
        "`87624h` is above the range of `audit.retention`"
    );
    assert_eq!(notes(d), ["`87624h` is `3651d`"]);
}

/// A target's limit compared with a value written in other units.
#[test]
fn a_target_problem_shows_the_value_as_written() {
    let dir = tree(&[(
        "m.ward",
        "policy m {\n  targets miro\n  session.idle_timeout = 12345m\n}\n",
    )]);
    let found = diagnostics(dir.path(), "m.ward");
    let d = one(&found, "E0601");
    assert_eq!(
        text(d, "message"),
        "`miro` cannot hold `session.idle_timeout = 12345m` exactly"
    );
    assert_eq!(notes(d), ["`12345m` is `8d13h45m`"]);
}

/// `months` is not "`months` (months)"; an abbreviation still says what it
/// stands for.
#[test]
fn a_rejected_unit_says_what_it_means_only_when_that_adds_to_it() {
    let dir = tree(&[(
        "u.ward",
        "policy u {\n  password.max_age = 3 months\n  password.min_age = 1mo\n}\n",
    )]);
    let found = diagnostics(dir.path(), "u.ward");
    let messages: Vec<String> = found
        .iter()
        .filter(|d| d["code"] == "E0204")
        .map(|d| text(d, "message"))
        .collect();
    assert_eq!(
        messages,
        [
            "`months` is not a unit ward accepts",
            "`mo` (months) is not a unit ward accepts"
        ]
    );
}

/// Help about a TOML or JSON file writes that form's syntax: a duration is
/// a string there, and `allow` is a list of tables.
#[test]
fn help_for_toml_and_json_files_proposes_their_own_syntax() {
    let dir = tree(&[
        (
            "t.ward.toml",
            "policy = \"t\"\n[session]\nabsolute_lifetime = \"90\"\n",
        ),
        (
            "j.ward.json",
            "{ \"policy\": \"j\", \"session\": { \"absolute_lifetime\": \"90\" } }\n",
        ),
        (
            "w.ward",
            "policy w {\n  session.absolute_lifetime = 90\n}\n",
        ),
    ]);
    let help = |file: &str| text(one(&diagnostics(dir.path(), file), "E0206"), "help");
    let quoted = "add a unit: `\"90m\"` means 90 minutes; `\"90s\"` would be 90 seconds";
    assert_eq!(help("t.ward.toml"), quoted);
    assert_eq!(help("j.ward.json"), quoted);
    assert_eq!(
        help("w.ward"),
        "add a unit: `90m` means 90 minutes; `90s` would be 90 seconds"
    );
}

/// The `allow` that W0603's help proposes for a TOML or JSON file is
/// written as proposed (with the path filled in) and silences it.
#[test]
fn the_allow_proposed_for_toml_and_json_files_works_as_written() {
    let cases = [
        (
            "t.ward.toml",
            "policy = \"t\"\ntargets = [\"miro\"]\n",
            "[password]\nhistory = 5\n",
            "allow = [{ codes = [\"W0603\"], on = [\"PATH\"] }]",
        ),
        (
            "j.ward.json",
            "{ \"policy\": \"j\", \"targets\": [\"miro\"], ",
            "\"password\": { \"history\": 5 } }\n",
            "\"allow\": [{ \"codes\": [\"W0603\"], \"on\": [\"PATH\"] }]",
        ),
    ];
    for (file, head, tail, proposed) in cases {
        let dir = tree(&[(file, &format!("{head}{tail}"))]);
        let help = text(one(&diagnostics(dir.path(), file), "W0603"), "help");
        assert!(
            help.ends_with(&format!("with `{proposed}`")),
            "{file}: {help}"
        );
        let sep = if file.ends_with(".json") { ", " } else { "\n" };
        let fixed = format!(
            "{head}{}{sep}{tail}",
            proposed.replace("PATH", "password.history")
        );
        std::fs::write(dir.path().join(file), &fixed).unwrap_or_else(|e| panic!("{e}"));
        let after = diagnostics(dir.path(), file);
        assert!(after.is_empty(), "{file}:\n{fixed}\n{after:#?}");
    }
}
