//! Every document ward writes validates against its committed schema,
//! checked with the `jsonschema` crate:
//!
//! - the resolved configuration of every policy under `tests/fixtures/valid/`,
//!   `policies/examples/` and `policies/std/tests/` (`.ward`, `.ward.toml`,
//!   `.ward.json`) against `resolved.schema.json`;
//! - for every built-in target, `targets::emit` of the example organisation's
//!   policies and of generated policies (each row's limits, default, omitted
//!   values, keywords, enum and list values, alone and all together) that
//!   pass the target's check, against `target-NAME.schema.json`; every field
//!   a target can write is seen at least once;
//! - values beyond a target's limits, which `check` refuses, are rejected by
//!   the schema too, as are hand-made wrong documents.

#![allow(clippy::panic)] // a test reports a failure by panicking

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ward::catalog::Type;
use ward::model::{Assigned, Origin, Resolved, SettingKey};
use ward::source::Span;
use ward::targets::{self, Target};
use ward::value::Value as Val;

use crate::common::{errors, schema, validator};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every policy file under `dir`, recursively, sorted.
fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p.to_string_lossy().to_string();
            if p.is_dir() && !name.ends_with("snapshots") {
                stack.push(p);
            } else if [".ward", ".ward.toml", ".ward.json"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn build(file: &Path) -> std::sync::Arc<Resolved> {
    let out = ward::driver::build(file, &ward::driver::Options::default());
    let errs: Vec<&String> = out
        .diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.message)
        .collect();
    assert!(errs.is_empty(), "{}: {errs:?}", file.display());
    match out.policies.first() {
        Some(p) => p.clone(),
        None => panic!("{} did not resolve", file.display()),
    }
}

#[test]
fn every_resolved_policy_validates_against_the_resolved_schema() {
    let v = validator(&schema("resolved.schema.json"));
    let mut checked = 0;
    for dir in [
        "tests/fixtures/valid",
        "policies/examples",
        "policies/std/tests",
    ] {
        for file in policy_files(&root().join(dir)) {
            let doc = ward::emit::to_json(&build(&file));
            assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} policies checked");
    eprintln!("{checked} resolved policies validated");
}

/// A resolved policy holding `values`, as the resolver would produce it.
fn resolved_with(values: &[(SettingKey, Val)]) -> Resolved {
    let origin = Origin {
        source: ward::source::SourceMap::new().add("generated.ward", ""),
        span: Span::default(),
    };
    let mut policy = Resolved {
        name: "generated".into(),
        ..Resolved::default()
    };
    for (key, value) in values {
        let assigned = Assigned {
            value: value.clone(),
            origin,
            overrode: Vec::new(),
            merged_from: Vec::new(),
        };
        policy.values.insert(key.clone(), assigned);
    }
    policy
}

/// Values worth trying for a row: its limits, default, recommendations,
/// omitted values and keywords, the domain's ends and some round values.
fn candidates(row: &targets::Row) -> Vec<Val> {
    let s = row.setting();
    let mut out: Vec<Val> = [&row.min, &row.max, &row.default, &row.recommend_min]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    out.extend(row.omit.iter().cloned());
    out.extend(s.keywords.iter().map(|k| Val::Keyword(*k)));
    match s.ty {
        Type::Duration { min, max } => {
            out.extend([min, max, 60, 900, 3600, 8 * 3600, 86_400, 30 * 86_400].map(Val::Duration))
        }
        Type::Count { min, max } => out.extend([min, max, 0, 1, 5, 12, 24].map(Val::Count)),
        Type::Bool => out.extend([Val::Bool(false), Val::Bool(true)]),
        Type::Enum(names) => out.extend(names.iter().map(|n| Val::Enum(n))),
        Type::EnumList(names) => {
            out.push(Val::List(names.iter().map(|n| n.to_string()).collect()));
            out.extend(names.iter().map(|n| Val::List([n.to_string()].into())));
            out.push(Val::List(BTreeSet::new()));
        }
        Type::StrList => out.push(Val::List(["b", "a"].map(String::from).into())),
    }
    let (lo, hi) = s.domain().unwrap_or((0, u64::MAX));
    let mut unique = Vec::new();
    for v in out {
        let in_domain = match v {
            Val::Duration(n) | Val::Count(n) => (lo..=hi).contains(&n),
            _ => true,
        };
        if in_domain && !unique.contains(&v) {
            unique.push(v);
        }
    }
    unique
}

fn passes(policy: &Resolved, t: &Target) -> bool {
    !targets::check(policy, &[t])
        .iter()
        .any(|f| f.severity() == ward::diag::Severity::Error)
}

/// The value at a dotted field path, as `emit` nests it.
fn lookup<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |cur, part| cur.get(part))
}

#[test]
fn what_each_target_emits_validates_against_its_schema() {
    let examples: Vec<_> = [
        "product.ward",
        "baseline.ward",
        "finance.ward",
        "support.ward.toml",
        "hosts.ward",
    ]
    .iter()
    .map(|f| build(&root().join("policies/examples").join(f)))
    .collect();
    let mut report = Vec::new();
    for t in targets::builtins() {
        let v = validator(&schema(&format!("target-{}.schema.json", t.name)));
        let mut validated = 0;
        let mut seen = BTreeSet::new();
        let mut check = |policy: &Resolved, what: &str| {
            if !passes(policy, t) {
                return;
            }
            // What the writer wrote, read back: for a target in another
            // format than JSON, the fields its file holds.
            let bytes = targets::render(policy, t);
            let doc = match t.output.writer.read(&bytes) {
                Ok(fields) => Value::Object(fields),
                Err(e) => panic!("{}: cannot read back what it wrote: {e}", t.name),
            };
            assert_eq!(
                doc,
                targets::emit(policy, t),
                "{}: the file does not hold the fields",
                t.name
            );
            assert_eq!(
                errors(&v, &doc),
                Vec::<String>::new(),
                "{} for {what}: {doc}",
                t.name
            );
            for f in t.rows.iter().filter_map(|r| r.field_for(&key_of(r))) {
                if lookup(&doc, &f).is_some() {
                    seen.insert(f);
                }
            }
            validated += 1;
        };
        for p in &examples {
            check(p, &p.name);
        }
        check(&resolved_with(&[]), "an empty policy");
        let mut first_fitting = Vec::new();
        for row in &t.rows {
            let key = key_of(row);
            for value in candidates(row) {
                let policy = resolved_with(&[(key.clone(), value.clone())]);
                if passes(&policy, t) && !first_fitting.iter().any(|(k, _)| *k == key) {
                    first_fitting.push((key.clone(), value.clone()));
                }
                check(&policy, &format!("{} = {value}", key.path()));
            }
        }
        check(&resolved_with(&first_fitting), "every row at once");
        for field in t.rows.iter().filter_map(|r| r.field_for(&key_of(r))) {
            assert!(
                seen.contains(&field),
                "{}: `{field}` never written; saw {seen:?}",
                t.name
            );
        }
        report.push(format!("{}: {validated}", t.name));
        assert!(validated >= 5, "{}: only {validated} documents", t.name);
    }
    eprintln!("validated emitted documents: {}", report.join(", "));
}

fn target(name: &str) -> &'static Target {
    targets::builtin(name).unwrap_or_else(|| panic!("no target {name}"))
}

/// The key a row feeds: its setting, for one integration when the row
/// feeds integrations.
fn key_of(row: &targets::Row) -> SettingKey {
    SettingKey {
        id: row.selector.id,
        instance: match &row.selector.instance {
            targets::Instance::Plain => None,
            targets::Instance::Any => Some("outlook_calendar".into()),
            targets::Instance::Named(n) => Some(n.clone()),
        },
    }
}

fn setting(section: &str, name: &str) -> SettingKey {
    match ward::catalog::find(section, name) {
        Some(id) => SettingKey::plain(id),
        None => panic!("no setting {section}.{name}"),
    }
}

/// A value `check` refuses for being beyond a target's limits is refused by
/// the target's schema when `emit` writes it anyway.
#[test]
fn values_beyond_a_target_limit_are_rejected_by_its_schema() {
    let cases = [
        (
            "arcgis",
            setting("token", "lifetime"),
            Val::Duration(15 * 86_400),
        ),
        (
            "miro",
            setting("session", "idle_timeout"),
            Val::Duration(15 * 86_400),
        ),
        (
            "miro",
            setting("session", "idle_timeout"),
            Val::Duration(30 * 60),
        ),
        (
            "aws-iam",
            setting("password", "min_length"),
            Val::Count(200),
        ),
        (
            "aws-iam",
            setting("password", "max_age"),
            Val::Duration(2000 * 86_400),
        ),
        ("aws-iam", setting("password", "history"), Val::Count(30)),
    ];
    for (name, key, value) in cases {
        let t = target(name);
        let policy = resolved_with(&[(key.clone(), value.clone())]);
        assert!(
            !passes(&policy, t),
            "{name} accepts {} = {value}",
            key.path()
        );
        let doc = targets::emit(&policy, t);
        let v = validator(&schema(&format!("target-{name}.schema.json")));
        assert!(
            !v.is_valid(&doc),
            "{name}: {} = {value} gives {doc}, accepted",
            key.path()
        );
    }
}

#[test]
fn wrong_target_documents_are_rejected() {
    let bad = [
        ("arcgis", json!({ "maxTokenExpirationMinutes": 0 })),
        ("arcgis", json!({ "maxTokenExpirationMinutes": "60" })),
        ("arcgis", json!({ "tokenExpiration": 60 })),
        (
            "miro",
            json!({ "idle_session_timeout": { "value": 10_000, "unit": "minutes" } }),
        ),
        (
            "miro",
            json!({ "idle_session_timeout": { "value": 8, "unit": "weeks" } }),
        ),
        ("miro", json!({ "idle_session_timeout": { "value": 8 } })),
        (
            "miro",
            json!({ "idle_session_timeout": { "enabled": true } }),
        ),
        (
            "qualtrics",
            json!({ "account_lockout": { "failed_attempts": 5 } }),
        ),
        (
            "qualtrics",
            json!({ "audit_log": { "export_formats": ["JSON"] } }),
        ),
        (
            "keycloak",
            json!({ "passwordPolicy": "length(12) or digits(1)" }),
        ),
        ("keycloak", json!({ "passwordPolicy": "length(twelve)" })),
        ("keycloak", json!({ "bruteForceProtected": "yes" })),
        ("aws-iam", json!({ "MinimumPasswordLength": 12 })),
        ("walkme", json!({ "inactivity_timeout_minutes": -5 })),
    ];
    for (name, doc) in bad {
        let v = validator(&schema(&format!("target-{name}.schema.json")));
        assert!(!v.is_valid(&doc), "{name}: {doc} was accepted");
    }
    let keycloak = validator(&schema("target-keycloak.schema.json"));
    let ok = json!({ "passwordPolicy": "length(12) and upperCase(1) and notContainsUsername(undefined) and forceExpiredPasswordChange(90)" });
    assert_eq!(errors(&keycloak, &ok), Vec::<String>::new());
}
