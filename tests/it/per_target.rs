//! Per-target values (`for TARGET { … }`, docs/language.md section 10),
//! end to end: what each target is built with, bounds on every target's
//! values, inheritance and merge target by target, groups, the three forms
//! and the resolved schema.

use std::path::Path;
use ward::driver::{self, Options, Outcome};

use crate::common::{errors, schema, validator};

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn run(dir: &Path, name: &str, target_files: &[&str]) -> Outcome {
    let opts = Options {
        root: Some(dir.to_path_buf()),
        target_files: target_files.iter().map(|f| dir.join(f)).collect(),
        ..Options::default()
    };
    driver::build(&dir.join(name), &opts)
}

fn codes(out: &Outcome) -> Vec<String> {
    out.diags.iter().map(|d| d.code.to_string()).collect()
}

/// The resolved JSON of the entry, asserting it has no errors.
fn resolved(out: &Outcome) -> serde_json::Value {
    assert!(!out.has_errors(), "{:#?}", out.diags);
    ward::emit::to_json(&out.policies[0])
}

/// What `ward build --target NAME` writes for the entry, as JSON.
fn built_for(out: &Outcome, name: &str) -> serde_json::Value {
    let t = out.registry.target(name).unwrap();
    let bytes = ward::targets::render(&out.policies[0], t);
    serde_json::from_slice(&bytes).unwrap()
}

const SUPPORT: &str = r#"
policy support {
  targets keycloak, miro
  session.idle_timeout = 30m
  for miro { session.idle_timeout = 1h }   # Miro's shortest
}
"#;

#[test]
fn each_target_is_built_with_its_own_value() {
    let dir = dir_with(&[("support.ward", SUPPORT)]);
    let out = run(dir.path(), "support.ward", &[]);
    let doc = resolved(&out);
    assert_eq!(doc["session"]["idle_timeout"], 1800);
    assert_eq!(doc["for"]["miro"]["session"]["idle_timeout"], 3600);
    // `for` is the last key.
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys.last().map(|k| k.as_str()), Some("for"));
    let miro = built_for(&out, "miro");
    assert_eq!(miro["idle_session_timeout"]["value"], 1);
    assert_eq!(miro["idle_session_timeout"]["unit"], "hours");
    // Keycloak gets the general 30 minutes.
    let keycloak = built_for(&out, "keycloak");
    assert_eq!(keycloak["ssoSessionIdleTimeout"], 1800);
    // The Miro check ran against Miro's own value: 30 minutes would be
    // below Miro's shortest (E0602), an hour is not.
    assert!(
        !codes(&out).contains(&"E0602".to_string()),
        "{:?}",
        codes(&out)
    );
}

#[test]
fn the_general_value_alone_breaks_miros_limit() {
    let text = SUPPORT.replace("for miro { session.idle_timeout = 1h }", "");
    let dir = dir_with(&[("support.ward", &text)]);
    let out = run(dir.path(), "support.ward", &[]);
    assert!(
        codes(&out).iter().any(|c| c.starts_with("E06")),
        "{:?}",
        codes(&out)
    );
}

#[test]
fn a_bound_applies_to_every_targets_value() {
    let text = SUPPORT.replace(
        "session.idle_timeout = 30m\n",
        "session.idle_timeout = 30m\n  session.idle_timeout <= 45m because \"the team's rule\"\n",
    );
    let dir = dir_with(&[("support.ward", &text)]);
    let out = run(dir.path(), "support.ward", &[]);
    let errs: Vec<_> = out
        .diags
        .iter()
        .filter(|d| d.code.as_str() == "E0301")
        .collect();
    assert_eq!(errs.len(), 1, "{:#?}", out.diags);
    let d = errs[0];
    assert!(d.message.starts_with("for `miro`: "), "{}", d.message);
    assert!(d.message.contains("the team's rule"), "{}", d.message);
    let at = d.primary.as_ref().unwrap();
    let file = out.sources.get(at.source);
    let (line, _) = file.line_col(at.span.start);
    assert_eq!(&file.text[at.span.range()], "1h");
    assert_eq!(
        line,
        text.lines().position(|l| l.contains("for miro")).unwrap() + 1
    );
}

#[test]
fn cross_setting_rules_see_each_targets_values_together() {
    // The general values are fine; Miro's idle timeout is longer than the
    // absolute lifetime, for Miro only (E0501).
    let text = r#"
policy support {
  targets keycloak, miro
  session.idle_timeout = 30m
  session.absolute_lifetime = 8h
  for miro { session.idle_timeout = 10h }
}
"#;
    let dir = dir_with(&[("support.ward", text)]);
    let out = run(dir.path(), "support.ward", &[]);
    let rule: Vec<_> = out
        .diags
        .iter()
        .filter(|d| d.code.as_str() == "E0501")
        .collect();
    assert_eq!(rule.len(), 1, "{:#?}", out.diags);
    assert!(
        rule[0].message.starts_with("for `miro`: "),
        "{}",
        rule[0].message
    );
}

const BASE: &str = r#"
policy base {
  token.lifetime = 1h
  session.idle_timeout = 30m
  for keycloak { token.lifetime = 5m }
  for miro { session.idle_timeout = 1h }
}
"#;

#[test]
fn a_child_that_says_nothing_inherits_the_per_target_value() {
    let child = "policy team {\n  extends \"./base.ward\"\n  targets keycloak, miro\n}\n";
    let dir = dir_with(&[("base.ward", BASE), ("team.ward", child)]);
    let out = run(dir.path(), "team.ward", &[]);
    let doc = resolved(&out);
    assert_eq!(doc["for"]["keycloak"]["token"]["lifetime"], 300);
    assert_eq!(doc["for"]["miro"]["session"]["idle_timeout"], 3600);
    let keycloak = built_for(&out, "keycloak");
    assert_eq!(keycloak["accessTokenLifespan"], 300);
}

#[test]
fn a_childs_general_value_replaces_the_parents_per_target_value() {
    let child = "policy team {\n  extends \"./base.ward\"\n  targets keycloak, miro\n  token.lifetime = 2m\n  session.idle_timeout = 2h\n}\n";
    let dir = dir_with(&[("base.ward", BASE), ("team.ward", child)]);
    let out = run(dir.path(), "team.ward", &[]);
    let doc = resolved(&out);
    assert_eq!(doc["token"]["lifetime"], 120);
    assert!(doc.get("for").is_none(), "{doc}");
    // 2m is stricter than Keycloak's 5m: no warning. 2h is looser than
    // Miro's inherited 1h: W0401, naming what it replaced.
    let w: Vec<_> = out
        .diags
        .iter()
        .filter(|d| d.code.as_str() == "W0401")
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", out.diags);
    assert!(
        w[0].message.contains("`1h`") && w[0].message.contains("`miro`"),
        "{}",
        w[0].message
    );
    let miro = built_for(&out, "miro");
    assert_eq!(miro["idle_session_timeout"]["value"], 2);
}

#[test]
fn merge_takes_the_strictest_value_per_target() {
    let a = "policy a {\n  token.lifetime = 1h\n  for keycloak { token.lifetime = 10m }\n}\n";
    let b = "policy b {\n  token.lifetime = 30m\n  for keycloak { token.lifetime = 20m }\n  for miro { token.lifetime = 45m }\n}\n";
    let child = "policy c {\n  extends \"./a.ward\", \"./b.ward\"\n  targets keycloak\n}\n";
    let dir = dir_with(&[("a.ward", a), ("b.ward", b), ("c.ward", child)]);
    let out = run(dir.path(), "c.ward", &[]);
    let doc = resolved(&out);
    assert_eq!(doc["token"]["lifetime"], 1800);
    assert_eq!(doc["for"]["keycloak"]["token"]["lifetime"], 600);
    // Miro: b's 45m against a's general 1h: 45m, which is looser than the
    // general 30m, so Miro's value differs.
    assert_eq!(doc["for"]["miro"]["token"]["lifetime"], 2700);
}

#[test]
fn groups_apply_to_each_member_and_a_members_own_block_wins() {
    let group = "name = \"web\"\ntitle = \"Web services\"\nmembers = [\"keycloak\", \"miro\"]\n";
    let policy = r#"
policy support {
  targets web
  session.idle_timeout = 30m
  for web { session.idle_timeout = 1h }
  for keycloak { session.idle_timeout = 20m }
}
"#;
    let dir = dir_with(&[("web.toml", group), ("support.ward", policy)]);
    let out = run(dir.path(), "support.ward", &["web.toml"]);
    let doc = resolved(&out);
    assert_eq!(doc["for"]["keycloak"]["session"]["idle_timeout"], 1200);
    assert_eq!(doc["for"]["miro"]["session"]["idle_timeout"], 3600);
    // The same setting twice for one target through two groups' blocks.
    let twice = policy.replace("for keycloak {", "for web {");
    std::fs::write(dir.path().join("twice.ward"), twice).unwrap();
    let out = run(dir.path(), "twice.ward", &["web.toml"]);
    assert_eq!(
        codes(&out).iter().filter(|c| *c == "E0213").count(),
        1,
        "{:#?}",
        out.diags
    );
}

#[test]
fn an_unknown_target_in_a_for_block_has_did_you_mean() {
    let text = "policy p {\n  for mirro { session.idle_timeout = 1h }\n}\n";
    let dir = dir_with(&[("p.ward", text)]);
    let out = run(dir.path(), "p.ward", &[]);
    let d = out
        .diags
        .iter()
        .find(|d| d.code.as_str() == "E0608")
        .unwrap();
    assert!(format!("{:?}", d.help).contains("`miro`"), "{d:#?}");
}

const WARD: &str = r#"
policy support {
  targets keycloak, miro, arcgis
  session.idle_timeout = 30m
  token.lifetime = 5m
  for miro { session.idle_timeout = 1h }
  for arcgis {
    token.lifetime = 8h
  }
}
"#;

const TOML: &str = r#"
policy = "support"
targets = ["keycloak", "miro", "arcgis"]

[session]
idle_timeout = "30m"

[token]
lifetime = "5m"

[for.miro.session]
idle_timeout = "1h"

[for.arcgis.token]
lifetime = "8h"
"#;

const JSON: &str = r#"{
  "policy": "support",
  "targets": ["keycloak", "miro", "arcgis"],
  "session": { "idle_timeout": "30m" },
  "token": { "lifetime": "5m" },
  "for": {
    "miro": { "session": { "idle_timeout": "1h" } },
    "arcgis": { "token": { "lifetime": "8h" } }
  }
}
"#;

#[test]
fn the_three_forms_build_to_identical_bytes() {
    let dir = dir_with(&[
        ("s.ward", WARD),
        ("s.ward.toml", TOML),
        ("s.ward.json", JSON),
    ]);
    let bytes = |name: &str| {
        let out = run(dir.path(), name, &[]);
        assert!(!out.has_errors(), "{name}: {:#?}", out.diags);
        let p = &out.policies[0];
        let arcgis = ward::targets::render(p, out.registry.target("arcgis").unwrap());
        (ward::emit::json(p), arcgis)
    };
    let ward = bytes("s.ward");
    assert!(ward.0.contains("\"for\""), "{}", ward.0);
    assert_eq!(bytes("s.ward.toml"), ward);
    assert_eq!(bytes("s.ward.json"), ward);
}

#[test]
fn the_resolved_schema_validates_documents_with_for() {
    let v = validator(&schema("resolved.schema.json"));
    let dir = dir_with(&[("s.ward", WARD)]);
    let doc = resolved(&run(dir.path(), "s.ward", &[]));
    assert!(doc.get("for").is_some());
    assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{doc}");
    let mut bad = doc.clone();
    bad["for"]["miro"]["session"]["idle_timout"] = serde_json::json!(60);
    assert!(
        !v.is_valid(&bad),
        "a misspelt setting under `for` was accepted"
    );
    let mut empty = doc;
    empty["for"]["miro"] = serde_json::json!({});
    assert!(!v.is_valid(&empty), "an empty target object was accepted");
}

#[test]
fn the_policy_schema_accepts_for_tables() {
    let v = validator(&schema("policy.schema.json"));
    let doc: serde_json::Value = serde_json::from_str(JSON).unwrap();
    assert_eq!(errors(&v, &doc), Vec::<String>::new());
}

#[test]
fn the_language_server_knows_values_in_for_blocks() {
    use crate::lsp_client::{project, uri, Client};
    let base = "policy base {\n  session.idle_timeout = 1h\n  for miro { session.idle_timeout = 12h }\n}\n";
    let child = "policy team {\n  extends \"./base.ward\"\n  targets keycloak, miro\n  for miro {\n    session.idle_timeout = 8h\n  }\n}\n";
    let dir = project(&[("base.ward", base), ("team.ward", child)]);
    let (mut c, _) = Client::start(dir.path(), &[]);
    let u = c.open(&c.root.join("team.ward"), child);
    // Hover on the setting inside `for miro`: Miro's value, what it
    // overrode (the parent's Miro value), then the general value.
    let h = c.request("textDocument/hover", c.at(&u, 4, 8));
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("For `miro`: `8h`, set at `"), "{text}");
    assert!(text.contains("Overrode `12h` at `"), "{text}");
    assert!(text.contains("General: Effective value: `1h`"), "{text}");
    // Definition: Miro's value, here.
    let d = c.request("textDocument/definition", c.at(&u, 4, 8));
    assert_eq!(d[0]["uri"], uri(&c.root.join("team.ward")), "{d}");
    assert_eq!(d[0]["range"]["start"]["line"], 4, "{d}");
    // On the target's name: the target.
    let h = c.request("textDocument/hover", c.at(&u, 3, 6));
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("**`miro`**"), "{text}");
    c.shutdown();
}

/// `ward drift` expects each target's own values: the realm ward builds
/// for Keycloak's exception is in sync, and a realm holding the general
/// value instead is reported.
#[test]
fn drift_expects_the_targets_own_values() {
    let policy = "policy sso {\n  targets keycloak\n  session.idle_timeout = 1h\n  for keycloak { session.idle_timeout = 30m }\n}\n";
    let dir = dir_with(&[("sso.ward", policy)]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let ward = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = ward(&[
        "build",
        "sso.ward",
        "--target",
        "keycloak",
        "-o",
        "built.json",
    ]);
    assert!(o.status.success(), "{o:?}");
    let built: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("built.json")).unwrap()).unwrap();
    assert_eq!(built["ssoSessionIdleTimeout"], 1800);
    let o = ward(&[
        "drift",
        "sso.ward",
        "--from",
        "keycloak=built.json",
        "--exact",
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // The realm as the general value would have it: looser than Keycloak's
    // own 30 minutes.
    let mut general = built;
    general["ssoSessionIdleTimeout"] = serde_json::json!(3600);
    std::fs::write(dir.path().join("general.json"), general.to_string()).unwrap();
    let o = ward(&["drift", "sso.ward", "--from", "keycloak=general.json"]);
    let text = String::from_utf8_lossy(&o.stderr).to_string() + &String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("E0702"), "{text}");
}

/// `report --profile`: a bound of the profile holds for every target's
/// value, so Miro's exception fails the requirement the general value meets.
#[test]
fn a_profile_requirement_fails_on_a_targets_own_value() {
    let policy = "policy r {\n  extends \"std:pci-dss-4.0\"\n  targets miro\n  session.idle_timeout = 10m\n  for miro { session.idle_timeout = 1h }\n}\n";
    let dir = dir_with(&[("r.ward", policy)]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["report", "--profile", "pci-dss-4.0", "r.ward"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let row = text
        .lines()
        .find(|l| l.starts_with("| 8.2.8 "))
        .unwrap_or("");
    assert!(
        row.contains("**fail**") && row.contains("for `miro`"),
        "{text}"
    );
}

/// The built-in group `linux`: its block applies to each member, a
/// member's own block wins, and the pwquality file is written with the
/// member's own value.
#[test]
fn the_linux_group_and_a_members_own_block() {
    let policy = "policy hosts {\n  targets linux\n  password.min_length = 12\n  for linux { password.min_length = 14 }\n  for linux-pwquality { password.min_length = 16 }\n}\n";
    let dir = dir_with(&[("hosts.ward", policy)]);
    let out = run(dir.path(), "hosts.ward", &[]);
    let doc = resolved(&out);
    assert_eq!(doc["for"]["linux-pwquality"]["password"]["min_length"], 16);
    assert_eq!(doc["for"]["linux-login-defs"]["password"]["min_length"], 14);
    let t = out.registry.target("linux-pwquality").unwrap();
    let text = String::from_utf8(ward::targets::render(&out.policies[0], t)).unwrap();
    assert!(text.contains("minlen = 16"), "{text}");
    // The group's value reaches only members that do not hold the setting.
    assert!(
        codes(&out).contains(&"W0607".to_string()),
        "{:?}",
        codes(&out)
    );
}

/// `ward merge` (the command): per target, the strictest of the inputs'
/// values for that target, in the `for` key of what it writes.
#[test]
fn ward_merge_takes_the_strictest_value_per_target() {
    let a = "policy a {\n  token.lifetime = 1h\n  for keycloak { token.lifetime = 10m }\n}\n";
    let b = "policy b {\n  token.lifetime = 30m\n  for keycloak { token.lifetime = 20m }\n}\n";
    let dir = dir_with(&[("a.ward", a), ("b.ward", b)]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["merge", "a.ward", "b.ward", "--name", "m"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["token"]["lifetime"], 1800);
    assert_eq!(doc["for"]["keycloak"]["token"]["lifetime"], 600);
}
