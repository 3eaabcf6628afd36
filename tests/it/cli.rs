//! End-to-end tests of the `ward` binary: exit statuses, `check` and
//! `build` output, targets, atomic writes. Each runs the real binary in a
//! temporary directory.

use crate::common::ward;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Output;

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary directory holding `files`, with a `.git` folder so it is its
/// own root.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The diagnostics of a `--format json` run.
fn diags(o: &Output) -> Vec<Value> {
    let text = stdout(o);
    let doc: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    doc["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_examples_check_clean() {
    let o = ward(&repo(), &["check", "policies/examples"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("no problems in 6 files"),
        "{}",
        stdout(&o)
    );
    let o = ward(&repo(), &["check", "--deny-warnings", "policies/examples"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn build_prints_the_resolved_configuration_of_section_6() {
    // Section 6 of the language reference: the example of section 1 with an
    // empty baseline, durations in seconds, set settings only.
    let o = ward(
        &repo(),
        &["build", "tests/fixtures/valid/section1-acme/main.ward"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let got: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    let want = json!({
      "policy": "acme",
      "session": { "idle_timeout": 28800, "absolute_lifetime": 43200, "renewal_interval": 900, "max_concurrent": 500 },
      "token": { "lifetime": 86400, "federated_lifetime": 7200 },
      "password": { "min_length": 15, "history": 5, "max_age": "never", "blocklist": "breached", "enforce_on": "next_login" },
      "lockout": { "threshold": 10, "window": 900, "duration": 3600 },
      "accounts": { "deactivate_after": 7776000, "allow_proxy_login": false },
      "audit": { "retention": 31536000 },
      "integrations": { "outlook_calendar": { "enabled": true, "audiences": ["sales", "support"], "consent": "admin", "cache_ttl": 300 } }
    });
    assert_eq!(got, want);
    // Keys in catalog order, and the same bytes every time.
    let text = stdout(&o);
    let idle = text.find("idle_timeout").unwrap_or(usize::MAX);
    let life = text.find("absolute_lifetime").unwrap_or(0);
    assert!(idle < life);
    let again = ward(
        &repo(),
        &["build", "tests/fixtures/valid/section1-acme/main.ward"],
    );
    assert_eq!(again.stdout, o.stdout);
    // TOML too.
    let t = ward(
        &repo(),
        &[
            "build",
            "--format",
            "toml",
            "tests/fixtures/valid/section1-acme/main.ward",
        ],
    );
    assert_eq!(code(&t), 0);
    assert!(
        stdout(&t).contains("[session]\nidle_timeout = 28800"),
        "{}",
        stdout(&t)
    );
}

#[test]
fn five_mistakes_give_five_diagnostics_at_their_lines() {
    let dir = tree(&[(
        "p.ward",
        "policy p {\n  session.idle_timout = 8h\n  session.absolute_lifetime = 12 hrs\n  password.min_length = 1.5\n  password.blocklist = breachd\n  lockout.window = 15\n}\n",
    )]);
    let o = ward(dir.path(), &["check", "--format", "json", "p.ward"]);
    assert_eq!(code(&o), 1);
    let d = diags(&o);
    let got: Vec<(String, u64)> = d
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("E0201".to_string(), 2),
            ("E0203".to_string(), 3),
            ("E0205".to_string(), 4),
            ("E0209".to_string(), 5),
            ("E0206".to_string(), 6)
        ]
    );
    for d in &d {
        assert!(
            d["help"].as_str().is_some_and(|h| !h.is_empty()),
            "no help: {d}"
        );
    }
    assert!(d[0]["help"].as_str().unwrap_or("").contains("idle_timeout"));
    assert!(d[4]["help"].as_str().unwrap_or("").contains("15m"));
}

#[test]
fn exit_statuses() {
    let dir = tree(&[
        ("ok.ward", "policy ok {\n  session.idle_timeout = 1h\n}\n"),
        (
            "warn.ward",
            "policy w {\n  session.on_limit = deny_new\n}\n",
        ),
        ("err.ward", "policy e {\n  session.idle_timeout = 1\n}\n"),
    ]);
    let p = dir.path();
    assert_eq!(code(&ward(p, &["check", "ok.ward"])), 0);
    assert_eq!(code(&ward(p, &["check", "warn.ward"])), 0);
    assert_eq!(
        code(&ward(p, &["check", "--deny-warnings", "warn.ward"])),
        1
    );
    assert_eq!(code(&ward(p, &["check", "err.ward"])), 1);
    assert_eq!(code(&ward(p, &["check", "missing.ward"])), 2);
    assert_eq!(code(&ward(p, &["check", "--no-such-flag"])), 2);
    let all = ward(p, &["check", "."]);
    assert_eq!(code(&all), 1);
    assert!(
        stdout(&all).contains("1 error, 1 warning in 3 files"),
        "{}",
        stdout(&all)
    );
    assert_eq!(code(&ward(p, &["build", "err.ward"])), 1);
    assert_eq!(code(&ward(p, &["build", "missing.ward"])), 2);
}

#[test]
fn failed_builds_write_nothing() {
    let dir = tree(&[
        (
            "bad.ward",
            "policy bad {\n  session.idle_timeout = 8 hrs\n}\n",
        ),
        (
            "good.ward",
            "policy good {\n  session.idle_timeout = 8h\n}\n",
        ),
        ("out.json", "previous contents\n"),
    ]);
    let p = dir.path();
    let o = ward(p, &["build", "bad.ward", "-o", "out.json"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        std::fs::read_to_string(p.join("out.json")).unwrap_or_default(),
        "previous contents\n"
    );
    let o = ward(p, &["build", "good.ward", "-o", "out.json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read_to_string(p.join("out.json"))
        .unwrap_or_default()
        .contains("28800"));
    // No temporaries left behind.
    let names: Vec<String> = std::fs::read_dir(p)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(names.iter().all(|n| !n.starts_with(".ward-")), "{names:?}");
    // Several targets where one cannot hold the policy: nothing is written.
    let o = ward(
        p,
        &[
            "build",
            "good.ward",
            "--target",
            "miro",
            "--target",
            "keycloak",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let short = tree(&[("s.ward", "policy s {\n  session.idle_timeout = 15m\n}\n")]);
    let o = ward(
        short.path(),
        &[
            "build",
            "s.ward",
            "--target",
            "keycloak",
            "--target",
            "miro",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(!short.path().join("out").join("keycloak.json").exists());
}

#[test]
fn builds_every_target_for_the_example_organisation() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = out.path().to_string_lossy().into_owned();
    let mut args = vec!["build", "policies/examples/product.ward", "--out-dir", &dir];
    for t in [
        "keycloak",
        "aws-iam",
        "miro",
        "arcgis",
        "qualtrics",
        "walkme",
    ] {
        args.extend(["--target", t]);
    }
    let o = ward(&repo(), &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let read = |name: &str| -> Value {
        let text =
            std::fs::read_to_string(out.path().join(format!("{name}.json"))).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    let kc = read("keycloak");
    // Keycloak 26+ adds no grace: 8h is 28800 s.
    assert_eq!(kc["ssoSessionIdleTimeout"], json!(28800));
    assert_eq!(kc["ssoSessionIdleTimeoutRememberMe"], json!(28800));
    assert_eq!(kc["failureFactor"], json!(10));
    assert_eq!(kc["waitIncrementSeconds"], kc["maxFailureWaitSeconds"]);
    assert!(kc["passwordPolicy"]
        .as_str()
        .unwrap_or("")
        .contains("length(15)"));
    let aws = read("aws-iam");
    for field in [
        "MinimumPasswordLength",
        "RequireSymbols",
        "RequireNumbers",
        "RequireUppercaseCharacters",
        "RequireLowercaseCharacters",
        "AllowUsersToChangePassword",
        "PasswordReusePrevention",
        "HardExpiry",
    ] {
        assert!(aws.get(field).is_some(), "aws-iam lacks {field}: {aws}");
    }
    // `max_age = never` is expressed by leaving the field out.
    assert!(aws.get("MaxPasswordAge").is_none());
    assert_eq!(
        read("miro")["idle_session_timeout"],
        json!({"value": 8, "unit": "hours"})
    );
    assert_eq!(read("arcgis")["maxTokenExpirationMinutes"], json!(60));
    assert!(read("qualtrics").is_object());
    assert!(read("walkme").is_object());
}

/// `(policy body, target, code, words the message or help must contain)`.
const REFUSALS: &[(&str, &str, &str, &[&str])] = &[
    (
        "session.idle_timeout = 45m",
        "miro",
        "E0602",
        &["miro", "1h"],
    ),
    (
        "session.idle_timeout = 20d",
        "miro",
        "E0602",
        &["miro", "14d"],
    ),
    (
        "session.idle_timeout = 12345m",
        "miro",
        "E0601",
        &["miro", "9999m", "205h", "8d"],
    ),
    (
        "token.lifetime = 2h 15s",
        "arcgis",
        "E0601",
        &["arcgis", "minutes", "2h"],
    ),
    (
        "password.history = 25",
        "aws-iam",
        "E0602",
        &["aws-iam", "24"],
    ),
];

#[test]
fn targets_refuse_what_they_cannot_hold() {
    for (body, target, want, words) in REFUSALS {
        let text = format!("policy p {{\n  targets {target}\n  {body}\n}}\n");
        let dir = tree(&[("p.ward", &text)]);
        let o = ward(dir.path(), &["check", "--format", "json", "p.ward"]);
        assert_eq!(code(&o), 1, "{body}: {}", stdout(&o));
        let d = diags(&o);
        let hit = d
            .iter()
            .find(|d| d["code"] == *want)
            .unwrap_or_else(|| panic!("{body}: no {want} in {d:?}"));
        let all = format!("{} {} {}", hit["message"], hit["help"], hit["notes"]);
        for w in *words {
            assert!(all.contains(w), "{body}: `{w}` missing from {all}");
        }
        assert_eq!(hit["line"], json!(3), "{body}: points at the value");
    }
}

#[test]
fn a_new_service_is_a_toml_file() {
    let dir = tree(&[
        (
            "acme-sso.toml",
            "name = \"acme-sso\"\ntitle = \"Acme SSO\"\nsources = [\"https://example.invalid/docs\"]\n\n[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idleMinutes\"\nencoding = \"integer\"\nunit = \"minutes\"\nmin = \"5m\"\nmax = \"1d\"\n",
        ),
        ("p.ward", "policy p {\n  targets acme-sso\n  session.idle_timeout = 2h\n}\n"),
        ("bad.ward", "policy bad {\n  targets acme-sso\n  session.idle_timeout = 90s\n}\n"),
    ]);
    let p = dir.path();
    let o = ward(
        p,
        &[
            "--target-file",
            "acme-sso.toml",
            "build",
            "p.ward",
            "--target",
            "acme-sso",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    assert_eq!(v, json!({"idleMinutes": 120}));
    let o = ward(
        p,
        &[
            "--target-file",
            "acme-sso.toml",
            "check",
            "--format",
            "json",
            "bad.ward",
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(diags(&o)
        .iter()
        .any(|d| d["message"].as_str().unwrap_or("").contains("acme-sso")));
    // Without the descriptor, the name is unknown.
    let o = ward(p, &["check", "--format", "json", "p.ward"]);
    assert!(
        diags(&o).iter().any(|d| d["code"] == "E0608"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn extends_stays_inside_the_root() {
    let dir = tree(&[
        (
            "inner/p.ward",
            "policy p {\n  extends \"../outside.ward\"\n}\n",
        ),
        ("inner/.git/keep", ""),
    ]);
    let o = ward(
        &dir.path().join("inner"),
        &["check", "--format", "json", "p.ward"],
    );
    assert_eq!(code(&o), 1);
    assert!(diags(&o).iter().any(|d| d["code"] == "E0403"));
    // With the outer directory as root, the reference is merely missing.
    let root = dir.path().to_string_lossy().into_owned();
    let o = ward(
        &dir.path().join("inner"),
        &["check", "--root", &root, "--format", "json", "p.ward"],
    );
    assert!(
        diags(&o).iter().any(|d| d["code"] == "E0401"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_shared_parent_is_reported_once_and_ignored_files_are_skipped() {
    let dir = tree(&[
        (
            "base.ward",
            "policy base {\n  session.idle_timeout = 8 hrs\n}\n",
        ),
        ("a.ward", "policy a {\n  extends \"./base.ward\"\n}\n"),
        ("b.ward", "policy b {\n  extends \"./base.ward\"\n}\n"),
        (".hidden/h.ward", "policy h {\n  nonsense here\n}\n"),
        ("build/x.ward", "policy x {\n  nonsense here\n}\n"),
        (".gitignore", "build/\n"),
        ("notes.txt", "not a policy\n"),
    ]);
    let o = ward(dir.path(), &["check", "--format", "json"]);
    let d = diags(&o);
    assert_eq!(d.len(), 1, "{}", stdout(&o));
    assert_eq!(d[0]["code"], "E0203");
    assert_eq!(d[0]["file"], "base.ward");
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    assert_eq!(doc["summary"]["files"], json!(3), "base, a and b");
}

#[cfg(unix)]
#[test]
fn written_files_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("p.ward", "policy p {\n  session.idle_timeout = 8h\n}\n")]);
    let o = ward(dir.path(), &["build", "p.ward", "-o", "out.json"]);
    assert_eq!(code(&o), 0);
    let mode = std::fs::metadata(dir.path().join("out.json"))
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn service_defaults_alone_never_break_a_rule() {
    // Keycloak's own defaults (unlimited threshold, a window and a duration)
    // are not the policy's doing.
    let dir = tree(&[(
        "k.ward",
        "policy k {\n  targets keycloak\n  session.idle_timeout = 1h\n}\n",
    )]);
    let o = ward(dir.path(), &["check", "--format", "json", "k.ward"]);
    assert!(
        diags(&o).iter().all(|d| d["code"] != "W0507"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn zero_passes_through_a_field_without_offset() {
    let dir = tree(&[
        ("t.toml", "name = \"svc\"\ntitle = \"Svc\"\n\n[[settings]]\nsetting = \"password.min_age\"\nfield = \"minAge\"\n"),
        ("z.ward", "policy z {\n  password.min_age = 0s\n}\n"),
    ]);
    let o = ward(
        dir.path(),
        &[
            "--target-file",
            "t.toml",
            "build",
            "z.ward",
            "--target",
            "svc",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    assert_eq!(v["minAge"], json!(0));
}

#[test]
fn a_broken_descriptor_is_shown_not_called_unknown() {
    let dir = tree(&[
        ("t.toml", "name = \"svc\"\ntitle = \"Svc\"\n\n[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"idle\"\nunit = \"weeks\"\n"),
        ("z.ward", "policy z {\n  session.idle_timeout = 1h\n}\n"),
    ]);
    let o = ward(
        dir.path(),
        &[
            "--target-file",
            "t.toml",
            "build",
            "z.ward",
            "--target",
            "svc",
        ],
    );
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("E0607"), "{}", stderr(&o));
}

#[test]
fn fmt_writes_nothing_when_a_file_fails_and_leaves_toml_alone() {
    let dir = tree(&[
        ("a.ward", "policy a {\nsession.idle_timeout=1h\n}\n"),
        ("b.ward", "policy b {\n  session.idle_timeout = \n}\n"),
        (
            "x.ward.toml",
            "policy = \"x\"\n[session]\nidle_timeout=\"1h\"\n",
        ),
    ]);
    let p = dir.path();
    let o = ward(p, &["fmt", "a.ward", "b.ward"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        std::fs::read_to_string(p.join("a.ward")).unwrap_or_default(),
        "policy a {\nsession.idle_timeout=1h\n}\n"
    );
    let o = ward(p, &["fmt", "--check", "x.ward.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = ward(p, &["fmt", "a.ward"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read_to_string(p.join("a.ward"))
        .unwrap_or_default()
        .contains("session.idle_timeout = 1h"));
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let dir = tree(&[(
        "b.ward",
        "\u{feff}policy b {\n  session.idle_timeout = 1h\n}\n",
    )]);
    let o = ward(dir.path(), &["build", "b.ward"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("3600"));
}
