//! The Keycloak realm document type-checks against the admin client's
//! `RealmRepresentation`.
//!
//! Ward's JSON is written verbatim as the initialiser of a typed constant
//! in a `.ts` file: JSON is a TypeScript expression, and TypeScript checks
//! excess properties only on object literals, so a field the type does not
//! have (a misspelling) is an error, as is a value of the wrong type. One
//! `tsc --noEmit` run checks ward's documents and a copy with one field
//! misspelt, which must be the only file with errors.

use super::{build, node_modules, run, text, tree, TSCONFIG};
use std::path::Path;
use std::process::Command;

const IMPORT: &str = "import type RealmRepresentation from \"@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js\";\n";

/// Every setting Keycloak holds, so every field ward writes is checked.
const FULL: &str = r#"policy realm {
  targets keycloak
  session.idle_timeout       = 30m
  session.absolute_lifetime  = 10h
  token.lifetime             = 5m
  password.min_length        = 12
  password.max_length        = 64
  password.min_upper         = 1
  password.min_lower         = 1
  password.min_digit         = 1
  password.min_symbol        = 1
  password.history           = 5
  password.exclude_username  = true
  password.max_age           = 90d
  lockout.threshold          = 5
  lockout.window             = 15m
  lockout.duration           = 1h
}
"#;

/// The other spellings: brute force off, a permanent lock, no expiry.
const OPEN: &str = r#"policy open {
  targets keycloak
  session.idle_timeout       = 8h
  password.min_length        = 8
  password.max_age           = never
  lockout.threshold          = unlimited
  lockout.duration           = until_unlocked
}
"#;

fn typed(doc: &str) -> String {
    format!("{IMPORT}export const realm: RealmRepresentation = {doc};\n")
}

/// The document with its first field name misspelt (a letter dropped).
fn misspelt(doc: &str) -> (String, String) {
    let start = doc
        .find('"')
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no field in {doc}"));
    let len = doc[start..]
        .find('"')
        .unwrap_or_else(|| panic!("unterminated field"));
    let name = &doc[start..start + len];
    let wrong = format!("{}{}", &name[..len - 2], &name[len - 1..]);
    let out = format!("{}{wrong}{}", &doc[..start], &doc[start + len..]);
    (out, wrong)
}

#[test]
fn the_realm_type_checks_against_realm_representation_and_a_misspelt_field_fails() {
    let modules = match node_modules() {
        Ok(dir) => dir.clone(),
        Err(e) => panic!("{e}"),
    };
    let work = tree(&[("full.ward", FULL), ("open.ward", OPEN)]);
    let full = build(work.path(), "full.ward", "keycloak");
    let open = build(work.path(), "open.ward", "keycloak");
    for field in [
        "ssoSessionIdleTimeout",
        "passwordPolicy",
        "bruteForceProtected",
        "failureFactor",
    ] {
        assert!(full.contains(field), "{field} missing from\n{full}");
    }
    let (bad, wrong) = misspelt(&full);
    // The probe must sit under tests/consumers/ so that `tsc` resolves the
    // admin client from its node_modules.
    let probe = tempfile::Builder::new()
        .prefix("probe-")
        .tempdir_in(&modules)
        .unwrap_or_else(|e| panic!("cannot make a probe directory: {e}"));
    let files = [
        ("tsconfig.json", TSCONFIG.to_string()),
        ("full.ts", typed(&full)),
        ("open.ts", typed(&open)),
        ("misspelt.ts", typed(&bad)),
    ];
    for (name, body) in &files {
        std::fs::write(probe.path().join(name), body).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = run(Command::new(modules.join("node_modules/.bin/tsc"))
        .arg("-p")
        .arg(probe.path())
        .current_dir(probe.path()))
    .unwrap_or_else(|e| panic!("{e}"));
    let out = text(&o);
    assert!(
        !o.status.success(),
        "tsc accepted a misspelt field `{wrong}`:\n{out}"
    );
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error TS")).collect();
    assert!(
        !errors.is_empty(),
        "tsc failed without a type error:\n{out}"
    );
    for line in &errors {
        assert!(
            line.starts_with("misspelt.ts(") && line.contains(&wrong),
            "an error outside the misspelt copy (ward's own documents must type-check):\n{out}"
        );
    }
    assert!(out.contains("RealmRepresentation"), "{out}");
    check_names_the_admin_client_version(&modules);
}

/// The lock file pins what the test ran against.
fn check_names_the_admin_client_version(dir: &Path) {
    let lock = std::fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
    let installed = std::fs::read_to_string(
        dir.join("node_modules/@keycloak/keycloak-admin-client/package.json"),
    )
    .unwrap_or_default();
    let version = |t: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(t).ok()?;
        v["version"].as_str().map(str::to_string)
    };
    let locked: serde_json::Value = serde_json::from_str(&lock).unwrap_or_default();
    let pinned = locked["packages"]["node_modules/@keycloak/keycloak-admin-client"]["version"]
        .as_str()
        .map(str::to_string);
    assert_eq!(
        version(&installed),
        pinned,
        "node_modules differs from the lock file: run `npm ci --prefix tests/consumers`"
    );
}
