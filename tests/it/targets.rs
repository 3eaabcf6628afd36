//! Targets through the binary: which targets a `build` writes and where
//! (`--out-dir` honours the `targets` line, `--target` replaces it, one
//! document per `-o` or standard output, `--format` for the resolved
//! configuration only, one file name per target), and `ward targets` with
//! `--target-file`.

use crate::common::{git_tree as tree, ward};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary directory holding `files`, its own root.
/// The files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

const POLICY: &str = "policy team {\n  targets keycloak, aws-iam\n  session.idle_timeout = 30m\n  password.min_length = 14\n}\n";

#[test]
fn out_dir_writes_the_targets_line_one_file_each() {
    let dir = tree(&[("team.ward", POLICY)]);
    let o = ward(dir.path(), &["build", "team.ward", "--out-dir", "out"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(
        listing(&dir.path().join("out")),
        ["aws-iam.json", "keycloak.json"]
    );
    let k: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/keycloak.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(k["ssoSessionIdleTimeout"], 1800);
    // With no targets at all, the resolved configuration.
    let dir = tree(&[(
        "plain.ward",
        "policy plain {\n  session.idle_timeout = 30m\n}\n",
    )]);
    let o = ward(dir.path(), &["build", "plain.ward", "--out-dir", "out"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(listing(&dir.path().join("out")), ["plain.json"]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "plain.ward",
            "--out-dir",
            "toml",
            "--format",
            "toml",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(listing(&dir.path().join("toml")), ["plain.toml"]);
}

#[test]
fn target_replaces_the_targets_line() {
    // Miro refuses an idle timeout under an hour; with `--target keycloak`
    // Miro is not part of the run.
    let policy = "policy team {\n  targets miro\n  session.idle_timeout = 30m\n}\n";
    let dir = tree(&[("team.ward", policy)]);
    let o = ward(dir.path(), &["check", "team.ward"]);
    assert_eq!(code(&o), 1);
    let o = ward(
        dir.path(),
        &[
            "build",
            "team.ward",
            "--target",
            "keycloak",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(listing(&dir.path().join("out")), ["keycloak.json"]);
}

#[test]
fn one_place_takes_one_document() {
    let dir = tree(&[("team.ward", POLICY)]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "team.ward",
            "--target",
            "keycloak",
            "--target",
            "aws-iam",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "2 targets (`keycloak` and `aws-iam`) cannot all be written to standard output"
        ),
        "{err}"
    );
    assert!(err.contains("--out-dir"), "{err}");
    let o = ward(
        dir.path(),
        &[
            "build",
            "team.ward",
            "-t",
            "keycloak",
            "-t",
            "aws-iam",
            "-o",
            "x.json",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(!dir.path().join("x.json").exists());
    // Without `--target`, one place gets the resolved configuration.
    let o = ward(dir.path(), &["build", "team.ward"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(doc["policy"], "team");
}

#[test]
fn format_is_for_the_resolved_configuration_only() {
    let dir = tree(&[("team.ward", POLICY)]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "team.ward",
            "--target",
            "keycloak",
            "--format",
            "toml",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert!(
        err.contains("`--format toml` applies to the resolved configuration"),
        "{err}"
    );
    let o = ward(dir.path(), &["build", "team.ward", "--format", "toml"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("policy = \"team\""));
}

const MINE: &str = "name = \"mine\"\ntitle = \"Mine\"\nsources = [\"https://example.com\"]\n\
[output]\nfile = \"keycloak.json\"\n\
[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idle\"\n";

#[test]
fn two_targets_writing_one_file_name_are_refused_before_anything_is_written() {
    let dir = tree(&[("team.ward", POLICY), ("mine.toml", MINE)]);
    let o = ward(
        dir.path(),
        &[
            "build",
            "team.ward",
            "--target-file",
            "mine.toml",
            "-t",
            "keycloak",
            "-t",
            "mine",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("`keycloak` and `mine` would both write `keycloak.json`"),
        "{err}"
    );
    assert!(listing(&dir.path().join("out")).is_empty());
}

#[test]
fn targets_lists_and_describes_descriptor_files() {
    let dir = tree(&[(
        "mine.toml",
        MINE.replace("keycloak.json", "mine.json").as_str(),
    )]);
    let o = ward(dir.path(), &["targets", "--target-file", "mine.toml"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("mine ") && l.contains("mine.json")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("keycloak-25 ")), "{out}");
    let o = ward(
        dir.path(),
        &["targets", "mine", "--target-file", "mine.toml"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("mine (Mine)\n"),
        "{}",
        text(&o.stdout)
    );
    let o = ward(dir.path(), &["targets", "mine"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("unknown target `mine`"));
}

#[test]
fn a_descriptor_named_like_a_builtin_is_refused_everywhere() {
    let dir = tree(&[
        ("team.ward", POLICY),
        ("kc.toml", "name = \"keycloak\"\ntitle = \"Mine\"\n"),
    ]);
    for args in [
        vec!["targets", "--target-file", "kc.toml"],
        vec!["targets", "keycloak", "--target-file", "kc.toml"],
        vec!["check", "team.ward", "--target-file", "kc.toml"],
        vec![
            "build",
            "team.ward",
            "--target-file",
            "kc.toml",
            "--target",
            "keycloak",
        ],
        vec!["schema", "target", "keycloak", "--target-file", "kc.toml"],
    ] {
        let o = ward(dir.path(), &args);
        assert_eq!(code(&o), 2, "{args:?}");
        let all = text(&o.stderr) + &text(&o.stdout);
        assert!(
            all.contains("`keycloak` is a built-in target; a descriptor cannot replace it"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn ward_targets_keycloak_says_what_users_of_25_lose() {
    let o = ward(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["targets", "keycloak"],
    );
    assert_eq!(code(&o), 0);
    let out = text(&o.stdout);
    assert!(out.contains("Existing users of Keycloak 25 lose 120 seconds of idle time unless they switch to the target `keycloak-25`"), "{out}");
    let o = ward(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["targets", "keycloak-25"],
    );
    assert!(text(&o.stdout).contains("extends: keycloak"));
}

/// The matrix in `docs/targets.md`, between these markers, is generated:
/// `UPDATE_DOCS=1 cargo test --test it targets::` rewrites it.
const BEGIN: &str =
    "<!-- matrix: generated by `ward targets --matrix --format markdown`; do not edit -->\n";
const END: &str = "<!-- end of matrix -->\n";

#[test]
fn the_matrix_in_the_docs_is_generated() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = ward(repo, &["targets", "--matrix", "--format", "markdown"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let table = text(&o.stdout);
    let path = repo.join("docs/targets.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(a), Some(b)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/targets.md has no generated matrix between its markers");
    };
    let current = &doc[a + BEGIN.len()..b];
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let new = format!("{}{BEGIN}{table}{END}{}", &doc[..a], &doc[b + END.len()..]);
        std::fs::write(&path, new).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(
        current == table,
        "docs/targets.md's matrix differs from `ward targets --matrix --format markdown`; run UPDATE_DOCS=1 cargo test --test it targets::"
    );
    // Every target is a column, every setting a row.
    let header = table.lines().next().unwrap_or("");
    for t in ["keycloak", "linux-pwquality", "windows", "walkme"] {
        assert!(header.contains(&format!("`{t}`")), "{header}");
    }
    assert!(
        table.contains("| `integrations.NAME.cache_ttl` |"),
        "{table}"
    );
}

#[test]
fn the_matrix_comes_in_json_and_for_people() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = ward(repo, &["targets", "--matrix", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let idle = doc["settings"]
        .as_array()
        .and_then(|s| s.iter().find(|x| x["setting"] == "session.idle_timeout"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        idle["targets"]["miro"]["fields"][0]["field"],
        "idle_session_timeout"
    );
    assert_eq!(idle["targets"]["miro"]["fields"][0]["default"], "1d");
    assert_eq!(idle["targets"]["aws-iam"]["supported"], false);
    let renewal = doc["settings"]
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|x| x["setting"] == "session.renewal_interval")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(renewal["targets"]["walkme"]["fields"][0]["fixed"], "15m");
    // A field that does not hold the value itself shows what it holds
    // when absent: Keycloak's constant fields, Salesforce's level.
    let field_default = |setting: &str, target: &str, field: &str| -> Value {
        doc["settings"]
            .as_array()
            .and_then(|s| s.iter().find(|x| x["setting"] == setting))
            .and_then(|x| x["targets"][target]["fields"].as_array())
            .and_then(|f| f.iter().find(|x| x["field"] == field))
            .map(|x| x["default"].clone())
            .unwrap_or_default()
    };
    for (setting, target, field, default) in [
        (
            "lockout.duration",
            "keycloak",
            "bruteForceStrategy",
            "MULTIPLE",
        ),
        ("lockout.duration", "keycloak", "maxTemporaryLockouts", "0"),
        ("lockout.duration", "keycloak", "permanentLockout", "false"),
        (
            "lockout.duration",
            "keycloak-25",
            "maxTemporaryLockouts",
            "0",
        ),
        ("lockout.duration", "keycloak", "waitIncrementSeconds", "1m"),
        (
            "password.min_digit",
            "salesforce",
            "passwordPolicies.complexity",
            "AlphaNumeric",
        ),
    ] {
        assert_eq!(
            field_default(setting, target, field),
            default,
            "{target} `{field}` for {setting}"
        );
    }
    let o = ward(repo, &["targets", "keycloak"]);
    let page = text(&o.stdout);
    assert!(
        page.contains("default:     MULTIPLE (`lockout.duration = 1m`)"),
        "{page}"
    );
    let o = ward(repo, &["targets", "--matrix"]);
    let human = text(&o.stdout);
    assert!(
        human.contains("session.renewal_interval\n  walkme"),
        "{human}"
    );
    assert!(human.contains("fixed `15m`"), "{human}");
    // The matrix is for every target, not one.
    let o = ward(repo, &["targets", "miro", "--matrix"]);
    assert_eq!(code(&o), 2);
}

/// Issue 18: the CIS Windows profile checked against `windows` on the
/// example organisation. The hosts policy passes all nine requirements;
/// the finance team's policy gets the profile's verdicts (history, maximum
/// age, the administrator-unlocked lock) plus what Windows cannot hold (a
/// digit minimum) and its fixed behaviours.
#[test]
fn cis_windows_on_the_example_organisation() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cis = [
        "check",
        "--profile",
        "cis-windows-account-policy",
        "--target",
        "windows",
    ];
    let o = ward(
        repo,
        &[&cis[..], &["policies/examples/hosts.ward"]].concat(),
    );
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(code(&o), 0, "{all}");
    assert!(
        all.contains("report result `pass`, 9 requirements: 9 pass"),
        "{all}"
    );

    let finance = [&cis[..], &["policies/examples/finance.ward"]].concat();
    let o = ward(repo, &finance);
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(code(&o), 1, "{all}");
    assert!(all.contains("report result `fail`"), "{all}");
    let o = ward(repo, &[&finance[..], &["--format", "json"]].concat());
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has = |code: &str, part: &str| found.iter().any(|(c, m)| c == code && m.contains(part));
    // The profile's verdicts.
    assert!(has("E0406", "`password.history` is `5`"), "{found:?}");
    assert!(has("E0406", "`password.max_age` is `never`"), "{found:?}");
    assert!(
        has("E0301", "`lockout.duration` is `until_unlocked`"),
        "{found:?}"
    );
    // What Windows cannot hold, and how it behaves.
    assert!(
        has("E0602", "`windows` cannot hold `password.min_digit = 1`"),
        "{found:?}"
    );
    assert!(has("W0601", "built-in Administrator"), "{found:?}");
    assert!(has("W0603", "(`windows`) supports"), "{found:?}");
}

/// A descriptor that `ward.toml` names is a target for `ward targets`
/// (listing, page, matrix) as for `build`, and a user descriptor can use
/// any format: here `login_defs` lines.
#[test]
fn ward_toml_descriptors_are_targets_everywhere_in_any_format() {
    let mine = r#"name = "defs"
title = "Defs"
vendor = "Acme"
sources = ["https://example.com/defs"]

[output]
format = "login_defs"
file = "my.defs"

[[settings]]
setting = "password.min_length"
field = "MIN_LEN"
"#;
    let dir = tree(&[
        ("defs.toml", mine),
        ("ward.toml", "target_files = [\"defs.toml\"]\n"),
        (
            "p.ward",
            "policy p {\n  targets defs, linux\n  password.min_length = 12\n}\n",
        ),
    ]);
    let o = ward(dir.path(), &["targets"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout)
            .lines()
            .any(|l| l.starts_with("defs ") && l.contains("my.defs")),
        "{}",
        text(&o.stdout)
    );
    let o = ward(dir.path(), &["targets", "defs"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("writes: my.defs (login_defs)"),
        "{}",
        text(&o.stdout)
    );
    let o = ward(dir.path(), &["targets", "--matrix", "--format", "json"]);
    assert!(text(&o.stdout).contains("\"defs\""), "{}", text(&o.stdout));

    let o = ward(dir.path(), &["build", "p.ward", "--out-dir", "out"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let written =
        std::fs::read_to_string(dir.path().join("out/my.defs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(written.lines().any(|l| l == "MIN_LEN\t12"), "{written}");
    assert!(
        listing(&dir.path().join("out")).contains(&"pwquality.conf".to_string()),
        "the group `linux` expands beside it"
    );
}
