//! The `okta` and `entra-id` bodies type-check against the vendors' own
//! models: Okta's Node.js SDK (`@okta/okta-sdk-nodejs`, its generated
//! `PasswordPolicy` and `OktaSignOnPolicyRule`) and Microsoft Graph's
//! TypeScript types (`@microsoft/microsoft-graph-types`: `Domain`,
//! `GroupSetting`, `ConditionalAccessPolicy`), compiled by TypeScript, all
//! pinned in `tests/consumers/package.json` with the Keycloak admin client
//! (one lock file, one TypeScript for every type-check).
//!
//! Each body of ward's keyed document is written verbatim as the
//! initialiser of a constant of its endpoint's type: TypeScript checks
//! excess properties only on object literals, so a field name the model
//! does not have is an error, as is a value of the wrong type (a string
//! where Okta wants a number). One `tsc --noEmit` run checks every body
//! and a copy of each document with one field misspelt, which must be the
//! only files with errors.

use super::{build, node_modules, run, text, tree, TSCONFIG};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Each endpoint ward writes, the model of its body and where the model
/// is imported from. An endpoint missing here fails the test.
const MODELS: &[(&str, &str, &str)] = &[
    (
        "PUT /api/v1/policies/{passwordPolicyId}",
        "PasswordPolicy",
        "@okta/okta-sdk-nodejs/src/types/generated/models/PasswordPolicy.js",
    ),
    (
        "PUT /api/v1/policies/{globalSessionPolicyId}/rules/{ruleId}",
        "OktaSignOnPolicyRule",
        "@okta/okta-sdk-nodejs/src/types/generated/models/OktaSignOnPolicyRule.js",
    ),
    (
        "PATCH /domains/{domainId}",
        "Domain",
        "@microsoft/microsoft-graph-types",
    ),
    (
        "PATCH /groupSettings/{passwordRuleSettingsId}",
        "GroupSetting",
        "@microsoft/microsoft-graph-types",
    ),
    (
        "POST /identity/conditionalAccess/policies",
        "ConditionalAccessPolicy",
        "@microsoft/microsoft-graph-types",
    ),
];

/// Every setting Okta holds, so that every field it writes is checked.
const OKTA: &str = r#"policy full {
  targets okta
  session.idle_timeout       = 30m
  session.absolute_lifetime  = 10h
  password.min_length        = 12
  password.min_upper         = 1
  password.min_lower         = 1
  password.min_digit         = 1
  password.min_symbol        = 0
  password.exclude_username  = true
  password.blocklist         = common
  password.history           = 5
  password.min_age           = 1d
  password.max_age           = 90d
  lockout.threshold          = 5
  lockout.duration           = 30m
}
"#;

/// Okta's other spellings: no expiry, no lockout, no lifetime.
const OKTA_OPEN: &str = r#"policy open {
  targets okta
  password.max_age           = never
  lockout.threshold          = unlimited
  lockout.duration           = until_unlocked
  session.absolute_lifetime  = unlimited
}
"#;

/// Everything Entra ID writes (the rest is fixed).
const ENTRA: &str = r#"policy full {
  targets entra-id
  session.absolute_lifetime  = 12h
  password.max_age           = 90d
  lockout.threshold          = 5
  lockout.duration           = 2m
}
"#;

/// A sign-in frequency in days, and no expiry.
const ENTRA_DAYS: &str = r#"policy days {
  targets entra-id
  session.absolute_lifetime  = 7d
  password.max_age           = never
}
"#;

/// The TypeScript for one keyed document: an import per model and a
/// typed constant per body.
fn typed(doc: &str, what: &str) -> String {
    let keyed: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{what}: {e}\n{doc}"));
    let Some(bodies) = keyed.as_object() else {
        panic!("{what} is not an object of endpoints:\n{doc}")
    };
    assert!(!bodies.is_empty(), "{what} holds no body");
    let mut ts = String::new();
    for (i, (endpoint, body)) in bodies.iter().enumerate() {
        let Some((_, model, from)) = MODELS.iter().find(|(e, _, _)| e == endpoint) else {
            panic!("{what}: no model is known for `{endpoint}`: add it to MODELS")
        };
        let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
        ts.push_str(&format!(
            "import type {{ {model} as M{i} }} from \"{from}\";\nexport const body{i}: M{i} = {pretty};\n"
        ));
    }
    ts
}

/// The document with one field name of its first body misspelt (a letter
/// dropped): the last member at each level down to a leaf, a field the
/// policy decides rather than a fixed member. Returns that name.
fn misspelt(doc: &str) -> (String, String) {
    let mut v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{e}"));
    let mut cur = v
        .as_object_mut()
        .and_then(|m| m.values_mut().next())
        .unwrap_or_else(|| panic!("no body in {doc}"));
    let mut wrong = String::new();
    while let Some(m) = cur.as_object_mut() {
        let Some(last) = m.keys().next_back().cloned() else {
            break;
        };
        if !m[&last].is_object() {
            let len = last.len();
            wrong = format!("{}{}", &last[..len - 2], &last[len - 1..]);
            let leaf = m.remove(&last).unwrap_or_default();
            m.insert(wrong.clone(), leaf);
            break;
        }
        cur = &mut m[&last];
    }
    assert!(!wrong.is_empty(), "no field to misspell in {doc}");
    (v.to_string(), wrong)
}

/// Runs `tsc -p` on `files` in a probe directory under the package (so
/// that the models resolve from its node_modules).
fn tsc(modules: &Path, files: &[(String, String)]) -> (bool, String) {
    let probe = tempfile::Builder::new()
        .prefix("probe-")
        .tempdir_in(modules)
        .unwrap_or_else(|e| panic!("cannot make a probe directory: {e}"));
    std::fs::write(probe.path().join("tsconfig.json"), TSCONFIG).unwrap_or_else(|e| panic!("{e}"));
    for (name, body) in files {
        std::fs::write(probe.path().join(name), body).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = run(Command::new("node")
        .arg(modules.join("node_modules/typescript/bin/tsc"))
        .arg("-p")
        .arg(probe.path())
        .current_dir(probe.path()))
    .unwrap_or_else(|e| panic!("{e}"));
    (o.status.success(), text(&o))
}

#[test]
fn okta_and_entra_bodies_type_check_against_the_vendor_models_and_a_misspelt_field_fails() {
    let modules = match node_modules() {
        Ok(dir) => dir.clone(),
        Err(e) => panic!("{e}"),
    };
    let work = tree(&[
        ("okta.ward", OKTA),
        ("okta-open.ward", OKTA_OPEN),
        ("entra.ward", ENTRA),
        ("entra-days.ward", ENTRA_DAYS),
    ]);
    let mut files = Vec::new();
    let mut wrongs = Vec::new();
    for (policy, target) in [
        ("okta.ward", "okta"),
        ("okta-open.ward", "okta"),
        ("entra.ward", "entra-id"),
        ("entra-days.ward", "entra-id"),
    ] {
        let doc = build(work.path(), policy, target);
        let stem = policy.trim_end_matches(".ward");
        files.push((format!("{stem}.ts"), typed(&doc, policy)));
        let (bad, wrong) = misspelt(&doc);
        files.push((format!("misspelt-{stem}.ts"), typed(&bad, policy)));
        wrongs.push((format!("misspelt-{stem}.ts("), wrong));
    }
    // Every model is used, so every endpoint is checked.
    for (endpoint, model, _) in MODELS {
        assert!(
            files
                .iter()
                .any(|(_, ts)| ts.contains(&format!("{{ {model} as"))),
            "no body of `{endpoint}` was checked"
        );
    }
    let full = &files[0].1;
    for field in [
        "minLowerCase",
        "historyCount",
        "autoUnlockMinutes",
        "maxSessionIdleMinutes",
        "\"type\": \"PASSWORD\"",
        "\"name\": \"Default Policy\"",
    ] {
        assert!(full.contains(field), "{field} missing from\n{full}");
    }
    let (ok, out) = tsc(&modules, &files);
    assert!(!ok, "tsc accepted misspelt fields {wrongs:?}:\n{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error TS")).collect();
    for line in &errors {
        assert!(
            wrongs
                .iter()
                .any(|(file, _)| line.starts_with(file.as_str())),
            "an error outside the misspelt copies (ward's own bodies must type-check):\n{out}"
        );
    }
    for (file, wrong) in &wrongs {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(file.as_str()) && l.contains(wrong.as_str())),
            "tsc did not refuse `{wrong}` in {file}..:\n{out}"
        );
    }
}

/// A value of the wrong type is refused too: Okta's flags are numbers, so
/// the boolean `true` ward would write for AWS is an error.
#[test]
fn a_boolean_where_okta_wants_a_number_fails() {
    let modules = match node_modules() {
        Ok(dir) => dir.clone(),
        Err(e) => panic!("{e}"),
    };
    let work = tree(&[("okta.ward", OKTA)]);
    let doc = build(work.path(), "okta.ward", "okta");
    let wrong = doc.replacen("\"minLowerCase\": 1", "\"minLowerCase\": true", 1);
    assert_ne!(wrong, doc, "no minLowerCase in\n{doc}");
    let (ok, out) = tsc(&modules, &[("flag.ts".into(), typed(&wrong, "okta.ward"))]);
    assert!(!ok, "tsc accepted a boolean minLowerCase:\n{out}");
    assert!(
        out.contains("flag.ts(") && out.contains("error TS2322"),
        "expected a type error in flag.ts:\n{out}"
    );
}

/// The names of the "Password Rule Settings" template's values (template
/// `5cf42378-d67d-4f36-ba46-e8b86229381d`, as Graph lists it under
/// `directorySettingTemplates`). The values are strings in a name/value
/// list, so TypeScript cannot see a misspelt name: this stands in for it.
const PASSWORD_RULE_SETTINGS: &[&str] = &[
    "BannedPasswordCheckOnPremisesMode",
    "EnableBannedPasswordCheckOnPremises",
    "EnableBannedPasswordCheck",
    "LockoutDurationInSeconds",
    "LockoutThreshold",
    "BannedPasswordList",
];

#[test]
fn entra_lockout_values_are_named_as_the_password_rule_settings_template_names_them() {
    let work = tree(&[("entra.ward", ENTRA)]);
    let doc: Value = serde_json::from_str(&build(work.path(), "entra.ward", "entra-id"))
        .unwrap_or_else(|e| panic!("{e}"));
    let body = &doc["PATCH /groupSettings/{passwordRuleSettingsId}"];
    assert_eq!(body["templateId"], "5cf42378-d67d-4f36-ba46-e8b86229381d");
    let names: Vec<&str> = body["values"]
        .as_array()
        .unwrap_or_else(|| panic!("no values in {body}"))
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["LockoutThreshold", "LockoutDurationInSeconds"]);
    for name in names {
        assert!(
            PASSWORD_RULE_SETTINGS.contains(&name),
            "`{name}` is not a value of the template"
        );
    }
    for v in body["values"].as_array().into_iter().flatten() {
        assert!(
            v["value"].is_string(),
            "directory setting values are strings: {v}"
        );
    }
}
