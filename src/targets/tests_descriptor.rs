//! Tests of descriptors as input: every problem a descriptor can have is an
//! `E0607` at the key or value it is about, with the key's real name, all
//! of them at once; and of encodings as data: what a row writes, it reads
//! back (the `decode` drift and import will use).

use super::tests::{d, policy};
use super::*;
use crate::diag::{codes, Diagnostic};
use crate::source::SourceMap;

/// The problems of descriptor `text`, as `(message, the text each points at)`.
pub(super) fn problems(text: &str) -> Vec<(String, String)> {
    let mut map = SourceMap::new();
    let mut reg = Registry::builtin();
    let diags = reg.add(&mut map, "acme.toml", text);
    assert!(diags.iter().all(|d| d.code == codes::INVALID_DESCRIPTOR));
    diags
        .iter()
        .map(|d| (d.message.clone(), pointed(text, d)))
        .collect()
}

fn pointed(text: &str, d: &Diagnostic) -> String {
    let span = d.primary.as_ref().map(|l| l.span).unwrap_or_default();
    text.get(span.range()).unwrap_or("").to_string()
}

fn only(text: &str) -> (String, String) {
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap_or_default()
}

const HEAD: &str = "name = \"acme\"\ntitle = \"Acme\"\n";

fn with(rows: &str) -> String {
    format!("{HEAD}{rows}")
}

#[test]
fn two_rows_writing_one_field_are_refused() {
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idle\"\n\
         [[settings]]\nsetting = \"session.absolute_lifetime\"\nfield = \"idle\"\n",
    ));
    assert_eq!(
        msg,
        "`idle` is written by two rows (`session.idle_timeout` and `session.absolute_lifetime`)"
    );
    assert_eq!(at, "\"idle\"");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"a\"\n\
         [[settings]]\nsetting = \"session.absolute_lifetime\"\nfield = \"a.b\"\n",
    ));
    assert_eq!(msg, "`a` and `a.b` are one field inside the other");
    // Terms of one policy string share their field.
    assert!(problems(&with(
        "[[settings]]\nsetting = \"password.min_length\"\nfield = \"p\"\nencoding = \"term\"\nterm = \"length\"\n\
         [[settings]]\nsetting = \"password.history\"\nfield = \"p\"\nencoding = \"term\"\nterm = \"passwordHistory\"\n",
    ))
    .is_empty());
}

/// Rows with errors of their own still take part in the cross-row check,
/// so every problem is reported at once.
#[test]
fn rows_with_errors_still_collide() {
    let p = problems(&with(
        "[[settings]]\nsetting = \"password.min_length\"\nfield = \"a\"\nmin = 20\nmax = 10\n\
         [[settings]]\nsetting = \"password.history\"\nfield = \"a.b\"\ndefault = 100000\n\
         [[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idle\"\nunti = \"minutes\"\n\
         [[settings]]\nsetting = \"password.max_length\"\nfield = \"idle\"\n",
    ));
    let messages: Vec<&str> = p.iter().map(|(m, _)| m.as_str()).collect();
    for want in [
        "`min = 20` is above `max = 10` for `password.min_length`",
        "unknown key `unti` in a `[[settings]]` row",
        "`a` and `a.b` are one field inside the other",
        "`idle` is written by two rows (`session.idle_timeout` and `password.max_length`)",
    ] {
        assert!(messages.contains(&want), "no {want:?} in {messages:#?}");
    }
    let nested = p.iter().find(|(m, _)| m.contains("one field inside"));
    assert_eq!(nested.map(|(_, at)| at.as_str()), Some("\"a.b\""));
}

#[test]
fn limits_the_wrong_way_round_are_refused() {
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\nmin = \"2h\"\nmax = \"1h\"\n",
    ));
    assert_eq!(
        msg,
        "`min = 2h` is above `max = 1h` for `session.idle_timeout`"
    );
    assert_eq!(at, "min = \"2h\"");
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\nunit = \"minutes\"\ncount = [100, 1]\n",
    ));
    assert_eq!(msg, "`count` is reversed: `[100, 1]`");
    assert_eq!(at, "[100, 1]");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\nrecommend_min = \"9h\"\nrecommend_max = \"8h\"\n",
    ));
    assert!(msg.starts_with("`recommend_min = 9h` is above"), "{msg}");
}

#[test]
fn values_are_read_as_policies_read_them_and_checked_against_the_domain() {
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"audit.export_formats\"\nfield = \"f\"\ndefault = [\"xml\"]\n",
    ));
    assert!(
        msg.starts_with("invalid `default` for `audit.export_formats`"),
        "{msg}"
    );
    assert_eq!(at, "\"xml\"");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\ndefault = \"400d\"\n",
    ));
    assert!(
        msg.starts_with("invalid `default` for `session.idle_timeout`"),
        "{msg}"
    );
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\nmax = \"8 hrs\"\n",
    ));
    assert!(msg.contains("hrs"), "{msg}");
    assert_eq!(at, "hrs");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\nmin = \"1h\"\nmax = \"8h\"\ndefault = \"10h\"\n",
    ));
    assert!(msg.contains("outside the row's own `max = 8h`"), "{msg}");
}

#[test]
fn offsets_that_leave_nothing_or_overflow_are_refused() {
    let (msg, at) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\noffset = -40000000\n",
    ));
    assert_eq!(
        msg,
        "`offset = -40000000` leaves nothing to write for `session.idle_timeout`"
    );
    assert_eq!(at, "-40000000");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f\"\noffset = 9223372036854775807\n",
    ));
    assert!(msg.contains("overflows the output"), "{msg}");
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"password.min_length\"\nfield = \"f\"\noffset = 1\n",
    ));
    assert!(msg.contains("applies to durations"), "{msg}");
}

#[test]
fn keys_are_named_as_written_with_did_you_mean_and_every_problem_reported() {
    let p = problems(&with(
        "[[settings]]\nsetting = \"password.min_length\"\nfield = \"f\"\nencoding = \"value_unit\"\nunits = [\"minutes\"]\n\
         [[settings]]\nsetting = \"session.idle_timeout\"\nfeild = \"g\"\n\
         [[settings]]\nsetting = \"session.absolute_lifetime\"\nfield = \"h\"\nunits = [\"hours\"]\n",
    ));
    let msgs: Vec<&str> = p.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(
        msgs.contains(&"encoding `value_unit` does not fit `password.min_length`"),
        "{msgs:#?}"
    );
    assert!(
        msgs.contains(&"unknown key `feild` in a `[[settings]]` row"),
        "{msgs:#?}"
    );
    assert!(
        msgs.contains(&"unknown key `units` in a `[[settings]]` row"),
        "{msgs:#?}"
    );
    let mut map = SourceMap::new();
    let diags = Registry::builtin().add(
        &mut map,
        "acme.toml",
        &with("[[settings]]\nsetting = \"session.idle_timeout\"\nfeild = \"g\"\nunits = [\"hours\"]\n"),
    );
    let helps: Vec<&str> = diags.iter().filter_map(|d| d.help.as_deref()).collect();
    assert!(helps.contains(&"did you mean `field`?"), "{helps:#?}");
    assert!(
        helps.contains(
            &"`units` is a key of the `value_unit` encoding; this row's encoding is `integer`"
        ),
        "{helps:#?}"
    );
    let (msg, at) = only(&format!("{HEAD}vendr = \"Acme\"\n"));
    assert_eq!(msg, "unknown key `vendr` in the descriptor");
    assert_eq!(at, "vendr");
}

#[test]
fn a_descriptor_cannot_take_a_builtin_name() {
    let (msg, at) = only("name = \"keycloak\"\ntitle = \"Mine\"\n");
    assert_eq!(
        msg,
        "`keycloak` is a built-in target; a descriptor cannot replace it"
    );
    assert_eq!(at, "\"keycloak\"");
    // … but can start from one.
    assert!(problems(
        "name = \"acme-keycloak\"\ntitle = \"Acme Keycloak\"\nextends = \"keycloak\"\n"
    )
    .is_empty());
    let (msg, _) = only("name = \"x\"\ntitle = \"X\"\nextends = \"keycloac\"\n");
    assert_eq!(msg, "unknown target `keycloac` in `extends`");
}

#[test]
fn fields_are_checked_against_the_output_format() {
    let (msg, at) = only(&with(
        "[output]\nformat = \"key_value\"\nfile = \"x.conf\"\n[[settings]]\nsetting = \"password.min_length\"\nfield = \"a.b\"\n",
    ));
    assert!(
        msg.starts_with("the `key_value` format cannot write `a.b`"),
        "{msg}"
    );
    assert_eq!(at, "\"a.b\"");
    let (msg, _) = only(&with("[output]\nformat = \"jsn\"\n"));
    assert_eq!(msg, "unknown output format `jsn`");
    let (msg, _) = only(&with("[output]\nfile = \"../x.json\"\n"));
    assert_eq!(msg, "`../x.json` is not a file name");
}

#[test]
fn integration_rows_name_each_integration() {
    let (msg, _) = only(&with(
        "[[settings]]\nsetting = \"integrations.*.enabled\"\nfield = \"enabled\"\n",
    ));
    assert!(msg.contains("needs `{name}`"), "{msg}");
    assert!(problems(&with(
        "[[settings]]\nsetting = \"integrations.*.enabled\"\nfield = \"integrations.{name}.on\"\n",
    ))
    .is_empty());
}

/// Every value each built-in row writes reads back as itself, so drift and
/// import can compare a service's export in policy terms.
#[test]
fn what_a_row_writes_it_reads_back() {
    let mut checked = 0;
    for t in builtins() {
        for row in &t.rows {
            let s = row.setting();
            let mut values: Vec<crate::value::Value> = [&row.min, &row.max, &row.default]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            values.extend(s.keywords.iter().map(|k| crate::value::Value::Keyword(*k)));
            values.extend([d("15m"), d("8h"), d("1d"), crate::value::Value::Count(1)]);
            for v in values {
                let Ok(encoding::Encoded::Json(j)) = row.encode(&v) else {
                    continue;
                };
                if row.encoding.kind() == "constant"
                    && !matches!(v, crate::value::Value::Keyword(_))
                {
                    continue;
                }
                assert_eq!(
                    row.decode(Some(&j)),
                    Some(v.clone()),
                    "{}: {} = {v} as {j}",
                    t.name,
                    row.setting_path()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "only {checked} values");
    let _ = policy(&[], &[]);
}
