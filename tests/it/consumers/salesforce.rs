//! The `salesforce` output is valid against Salesforce's own schema: the
//! XML Schema inside the Metadata API WSDL (API 63.0) that PyPI's
//! `simple-salesforce` ships, checked with lxml
//! (`tests/consumers/salesforce_xsd.py`), both pinned in
//! `tests/consumers/salesforce-requirements.txt`.
//!
//! The schema is a sequence with enumerations: a misspelt element, an
//! element out of order and a value Salesforce does not offer are each
//! invalid, so ward's files being valid proves the names, the order and
//! the values. And the values ward can write for each fixed-list field
//! are exactly the schema's enumeration: none missing, none invented.

use super::{build, run, text, tree, venv};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use ward::value::Value as Val;

fn salesforce_venv() -> &'static Result<PathBuf, String> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    VENV.get_or_init(|| {
        venv(
            "salesforce-venv",
            "salesforce-requirements.txt",
            &["--no-deps"],
            "bin/python",
            "lxml and simple-salesforce's Metadata API WSDL",
        )
    })
}

/// `salesforce_xsd.py ARGS` in `dir`: its exit status and output.
fn xsd(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let venv = match salesforce_venv() {
        Ok(v) => v.clone(),
        Err(e) => panic!("{e}"),
    };
    let o = run(Command::new(venv.join("bin/python"))
        .arg(super::consumers_dir().join("salesforce_xsd.py"))
        .args(args)
        .current_dir(dir))
    .unwrap_or_else(|e| panic!("{e}"));
    (o.status.code(), text(&o))
}

/// Every field Salesforce holds.
const FULL: &str = r#"policy full {
  targets salesforce
  accounts.allow_proxy_login = false
  password.max_age           = 90d
  password.history           = 5
  lockout.duration           = 30m
  lockout.threshold          = 5
  password.min_length        = 12
  password.min_age           = 1d
  password.min_upper         = 1
  password.min_symbol        = 1
  session.idle_timeout       = 30m
}
"#;

/// The keywords and the other ends of the lists.
const OPEN: &str = r#"policy open {
  targets salesforce
  accounts.allow_proxy_login = true
  password.max_age           = never
  password.history           = 0
  lockout.duration           = until_unlocked
  lockout.threshold          = unlimited
  password.min_length        = 5
  password.min_age           = 0s
  password.min_digit         = 0
  session.idle_timeout       = 24h
}
"#;

#[test]
fn security_settings_are_valid_against_the_metadata_api_schema_and_broken_copies_are_not() {
    let work = tree(&[("full.ward", FULL), ("open.ward", OPEN)]);
    let full = build(work.path(), "full.ward", "salesforce");
    let open = build(work.path(), "open.ward", "salesforce");
    for element in [
        "<SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">",
        "<sessionTimeout>ThirtyMinutes</sessionTimeout>",
        "<maxLoginAttempts>FiveAttempts</maxLoginAttempts>",
        "<minimumPasswordLifetime>true</minimumPasswordLifetime>",
        "<complexity>UpperLowerCaseNumericSpecialCharacters</complexity>",
    ] {
        assert!(full.contains(element), "{element} missing from\n{full}");
    }
    assert!(
        open.contains("<lockoutInterval>Forever</lockoutInterval>"),
        "{open}"
    );
    assert!(
        open.contains("<complexity>NoRestriction</complexity>"),
        "{open}"
    );
    let broken = [
        (
            "misspelt.xml",
            full.replace("maxLoginAttempts>", "maxLoginAttempt>"),
        ),
        // The schema is a sequence: expiration comes before historyRestriction.
        ("reordered.xml", {
            let exp = "        <expiration>NinetyDays</expiration>\n";
            let hist = "        <historyRestriction>5</historyRestriction>\n";
            full.replace(&format!("{exp}{hist}"), &format!("{hist}{exp}"))
        }),
        // complexity comes first in passwordPolicies.
        ("complexity-last.xml", {
            let c = "        <complexity>UpperLowerCaseNumericSpecialCharacters</complexity>\n";
            let end = "    </passwordPolicies>";
            full.replace(c, "").replace(end, &format!("{c}{end}"))
        }),
        (
            "not-offered.xml",
            full.replace(
                "ThirtyMinutes</sessionTimeout>",
                "FortyFiveMinutes</sessionTimeout>",
            ),
        ),
    ];
    std::fs::write(work.path().join("full.xml"), &full).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(work.path().join("open.xml"), &open).unwrap_or_else(|e| panic!("{e}"));
    for (name, body) in &broken {
        assert_ne!(body, &full, "{name} is not broken");
        std::fs::write(work.path().join(name), body).unwrap_or_else(|e| panic!("{e}"));
    }
    let (status, out) = xsd(
        work.path(),
        &[
            "full.xml",
            "open.xml",
            "misspelt.xml",
            "reordered.xml",
            "complexity-last.xml",
            "not-offered.xml",
        ],
    );
    assert!(out.contains("metadata api 63.0"), "{out}");
    assert!(out.contains("full.xml: valid\n"), "{out}");
    assert!(out.contains("open.xml: valid\n"), "{out}");
    for (name, why) in [
        ("misspelt.xml", "maxLoginAttempt'"),
        ("reordered.xml", "This element is not expected"),
        ("complexity-last.xml", "complexity"),
        ("not-offered.xml", "FortyFiveMinutes"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{name}: invalid")) && l.contains(why)),
            "{name} should be invalid ({why}):\n{out}"
        );
    }
    assert_eq!(status, Some(1), "{out}");
}

/// Each fixed-list field and the schema's type of it.
const LISTS: &[(&str, &str)] = &[
    ("sessionSettings.sessionTimeout", "SessionTimeout"),
    ("passwordPolicies.expiration", "Expiration"),
    ("passwordPolicies.lockoutInterval", "LockoutInterval"),
    ("passwordPolicies.maxLoginAttempts", "MaxLoginAttempts"),
];

/// Every value a row can write: the encodings of durations in steps of a
/// minute up to two days and of a day up to 400 days, of counts up to 100,
/// and of the setting's keywords.
fn writable(row: &ward::targets::Row) -> BTreeSet<String> {
    let s = row.setting();
    let mut values: Vec<Val> = s.keywords.iter().map(|k| Val::Keyword(*k)).collect();
    if matches!(s.ty, ward::catalog::Type::Duration { .. }) {
        values.extend((0..=2 * 24 * 60).map(|m| Val::Duration(m * 60)));
        values.extend((2..=400).map(|d| Val::Duration(d * 86_400)));
    } else {
        values.extend((0..=100).map(Val::Count));
    }
    values
        .iter()
        .filter_map(|v| match row.encode(v) {
            Ok(ward::targets::encoding::Encoded::Json(serde_json::Value::String(s))) => Some(s),
            _ => None,
        })
        .collect()
}

#[test]
fn the_values_ward_writes_for_each_fixed_list_are_the_schema_enumeration() {
    let t = ward::targets::builtin("salesforce").unwrap_or_else(|| panic!("no salesforce"));
    let work = tree(&[]);
    let types: Vec<&str> = LISTS.iter().map(|(_, t)| *t).collect();
    let mut args = vec!["--enum"];
    args.extend(&types);
    let (status, out) = xsd(work.path(), &args);
    assert_eq!(status, Some(0), "{out}");
    for (field, ty) in LISTS {
        let schema: BTreeSet<String> = out
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{ty}: ")))
            .unwrap_or_else(|| panic!("no enumeration {ty}:\n{out}"))
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let row = t
            .rows
            .iter()
            .find(|r| r.field.as_deref() == Some(*field))
            .unwrap_or_else(|| panic!("salesforce writes no `{field}`"));
        assert_eq!(writable(row), schema, "`{field}` against the schema's {ty}");
    }
}

/// The password complexity field is written from every class minimum at
/// once: each level ward can write is in the schema's `Complexity`, and
/// each value of it reads back (a retrieved file can hold any of them).
#[test]
fn every_complexity_level_is_the_schema_enumeration_and_reads_back() {
    let t = ward::targets::builtin("salesforce").unwrap_or_else(|| panic!("no salesforce"));
    let work = tree(&[]);
    let (status, out) = xsd(work.path(), &["--enum", "Complexity"]);
    assert_eq!(status, Some(0), "{out}");
    let schema: Vec<String> = out
        .lines()
        .find_map(|l| l.strip_prefix("Complexity: "))
        .unwrap_or_else(|| panic!("no enumeration Complexity:\n{out}"))
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let rows: Vec<&ward::targets::Row> = t
        .rows
        .iter()
        .filter(|r| r.field.as_deref() == Some("passwordPolicies.complexity"))
        .collect();
    assert_eq!(rows.len(), 5, "one row per class minimum");
    let mut written: BTreeSet<String> = BTreeSet::new();
    for row in &rows {
        written.extend(writable(row));
        for value in &schema {
            let j = serde_json::Value::String(value.clone());
            assert!(
                row.decode(Some(&j)).is_some(),
                "`{value}` does not read back for `{}`",
                row.selector.path()
            );
        }
    }
    let enumeration: BTreeSet<String> = schema.iter().cloned().collect();
    assert!(
        written.is_subset(&enumeration),
        "ward writes {written:?}, the schema has {enumeration:?}"
    );
    // One minimum alone reaches four levels; all four classes at once
    // (FULL, validated above) the fifth; three of four classes guarantees
    // no class but a letter, which AlphaNumeric holds as weakly, so ward
    // never writes it.
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(!written.contains("Any3UpperLowerCaseNumericSpecialCharacters"));
}
