//! `ward import` end to end: a policy from a realistic export, formatted as
//! `ward fmt` writes it, whose round trip holds (build writes the export's
//! values for every field it maps; drift of it against the export is in
//! sync but for the fields listed as not imported), and `-o` that keeps an
//! existing file unless `--force`.

use crate::common::{git_tree as tree, output_text as text, ward};
use serde_json::{Map, Value};

fn object(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        other => panic!("not an object ({other:?}): {text}"),
    }
}

/// A realm as `kc.sh export --realm acme` writes it: every timeout and
/// brute-force field, and many fields ward does not map.
const REALM: &str = r#"{
  "id": "2b5a1f0e-7d3c-4d8e-9a51-acme00000001",
  "realm": "acme",
  "displayName": "Acme Corporation",
  "displayNameHtml": "<b>Acme</b>",
  "notBefore": 0,
  "defaultSignatureAlgorithm": "RS256",
  "revokeRefreshToken": false,
  "refreshTokenMaxReuse": 0,
  "accessTokenLifespan": 600,
  "accessTokenLifespanForImplicitFlow": 900,
  "ssoSessionIdleTimeout": 1800,
  "ssoSessionMaxLifespan": 28800,
  "ssoSessionIdleTimeoutRememberMe": 0,
  "ssoSessionMaxLifespanRememberMe": 0,
  "offlineSessionIdleTimeout": 2592000,
  "offlineSessionMaxLifespanEnabled": false,
  "offlineSessionMaxLifespan": 5184000,
  "clientSessionIdleTimeout": 0,
  "clientSessionMaxLifespan": 0,
  "clientOfflineSessionIdleTimeout": 0,
  "clientOfflineSessionMaxLifespan": 0,
  "accessCodeLifespan": 60,
  "accessCodeLifespanUserAction": 300,
  "accessCodeLifespanLogin": 1800,
  "actionTokenGeneratedByAdminLifespan": 43200,
  "actionTokenGeneratedByUserLifespan": 300,
  "oauth2DeviceCodeLifespan": 600,
  "oauth2DevicePollingInterval": 5,
  "enabled": true,
  "sslRequired": "external",
  "registrationAllowed": false,
  "registrationEmailAsUsername": false,
  "rememberMe": true,
  "verifyEmail": true,
  "loginWithEmailAllowed": true,
  "duplicateEmailsAllowed": false,
  "resetPasswordAllowed": true,
  "editUsernameAllowed": false,
  "bruteForceProtected": true,
  "permanentLockout": false,
  "maxTemporaryLockouts": 0,
  "bruteForceStrategy": "MULTIPLE",
  "maxFailureWaitSeconds": 900,
  "minimumQuickLoginWaitSeconds": 60,
  "waitIncrementSeconds": 900,
  "quickLoginCheckMilliSeconds": 1000,
  "maxDeltaTimeSeconds": 43200,
  "failureFactor": 5,
  "passwordPolicy": "length(14) and upperCase(1) and lowerCase(1) and digits(1) and specialChars(1) and passwordHistory(12) and hashIterations(210000) and forceExpiredPasswordChange(90)",
  "defaultRole": {"id": "r1", "name": "default-roles-acme", "composite": true, "clientRole": false},
  "requiredCredentials": ["password"],
  "otpPolicyType": "totp",
  "otpPolicyAlgorithm": "HmacSHA1",
  "otpPolicyDigits": 6,
  "otpPolicyPeriod": 30,
  "webAuthnPolicyRpEntityName": "keycloak",
  "roles": {"realm": [{"name": "offline_access"}, {"name": "uma_authorization"}], "client": {}},
  "groups": [],
  "clients": [{"clientId": "account", "enabled": true, "publicClient": true}],
  "browserSecurityHeaders": {"contentSecurityPolicy": "frame-src 'self'", "xFrameOptions": "SAMEORIGIN"},
  "smtpServer": {"host": "smtp.acme.example", "from": "sso@acme.example"},
  "eventsEnabled": false,
  "adminEventsEnabled": true,
  "internationalizationEnabled": false,
  "browserFlow": "browser",
  "attributes": {"cibaBackchannelTokenDeliveryMode": "poll", "frontendUrl": ""},
  "keycloakVersion": "26.0.5",
  "userManagedAccessAllowed": false
}
"#;

/// Imports `export` for `target`, then checks the round trip: the policy
/// is what `ward fmt` writes, builds to the export's values for every
/// field, and drifts against the export only where the import said it
/// could not state a field. Returns the policy.
fn round_trip(target: &str, export: &str) -> String {
    let dir = tree(&[("export.json", export)]);
    let d = dir.path();
    let o = ward(d, &["import", target, "export.json", "-o", "imported.ward"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let policy = std::fs::read_to_string(d.join("imported.ward")).unwrap_or_else(|e| panic!("{e}"));
    let not_imported = policy
        .lines()
        .skip_while(|l| !l.starts_with("# Not imported"))
        .skip(1)
        .take_while(|l| l.starts_with("# - "))
        .filter_map(|l| l.trim_start_matches("# - ").split(':').next())
        .map(str::to_string)
        .collect::<Vec<_>>();

    let o = ward(d, &["fmt", "--check", "imported.ward"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "not as `ward fmt` writes it:\n{policy}\n{}",
        text(&o)
    );
    let o = ward(d, &["check", "imported.ward", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{policy}\n{}", text(&o));

    let o = ward(d, &["build", "imported.ward", "--target", target]);
    assert!(o.status.success(), "{policy}\n{}", text(&o));
    let built = object(&String::from_utf8_lossy(&o.stdout));
    // An export that is not JSON (AWS's `NoSuchEntity`) has no fields to
    // compare as written; drift compares it below.
    let have = serde_json::from_str::<Map<String, Value>>(export).unwrap_or_default();
    let have = match have.get("PasswordPolicy") {
        Some(Value::Object(inner)) => inner.clone(),
        _ => have,
    };
    let Some(t) = ward::targets::builtin(target) else {
        panic!("no target {target}");
    };
    for (field, value) in built.iter().filter(|_| !have.is_empty()) {
        if not_imported.contains(field) {
            continue;
        }
        let theirs = have.get(field).unwrap_or(&Value::Null);
        // A field the service reads as another one when it holds 0 (a
        // remember-me timeout): ward writes that other field's value.
        let falls_back = t.rows.iter().find_map(|r| match &r.reading.fallback {
            Some(ward::targets::export::Fallback::Field(other))
                if r.field.as_deref() == Some(field) =>
            {
                Some(other.clone())
            }
            _ => None,
        });
        if let (Some(other), Some(0)) = (&falls_back, theirs.as_u64()) {
            assert_eq!(
                Some(value),
                built.get(other),
                "{field} falls back to {other}"
            );
            continue;
        }
        match (value, theirs) {
            (Value::String(a), Value::String(b)) if a.contains(" and ") || b.contains(" and ") => {
                // A policy string: every term ward writes is in the export.
                for term in a.split(" and ") {
                    assert!(
                        b.split(" and ").any(|t| t.trim() == term),
                        "{field}: `{term}` is not in `{b}`"
                    );
                }
            }
            _ => assert_eq!(value, theirs, "{field} after the round trip:\n{policy}"),
        }
    }
    let o = ward(
        d,
        &[
            "drift",
            "imported.ward",
            "--from",
            &format!("{target}=export.json"),
            "--format",
            "json",
        ],
    );
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    for f in doc["diagnostics"].as_array().into_iter().flatten() {
        let field_named = not_imported.iter().any(|n| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("`{n}`")))
        });
        let dropped = f["message"]
            .as_str()
            .is_some_and(|m| m.contains("would drop"));
        assert!(
            field_named || dropped,
            "drift of the imported policy finds {f}\n{policy}"
        );
    }
    assert_ne!(o.status.code(), Some(2), "{}", text(&o));
    policy
}

/// `ward import keycloak` of a full realm export round-trips.
#[test]
fn a_keycloak_realm_round_trips() {
    let policy = round_trip("keycloak", REALM);
    assert!(
        policy.starts_with("# Imported by `ward import keycloak export.json`"),
        "{policy}"
    );
    assert!(
        policy.contains("policy acme {"),
        "named after the realm:\n{policy}"
    );
    // Each statement, spaces collapsed, with the field it came from.
    let lines: Vec<String> = policy
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for want in [
        "session.absolute_lifetime = 8h # ssoSessionMaxLifespan = 28800",
        "token.lifetime = 10m # accessTokenLifespan = 600",
        "password.history = 12 # passwordPolicy: passwordHistory(12)",
        "password.max_age = 90d # passwordPolicy: forceExpiredPasswordChange(90)",
        "lockout.duration = 15m # waitIncrementSeconds = 900",
        "lockout.window = 12h # maxDeltaTimeSeconds = 43200",
    ] {
        assert!(lines.iter().any(|l| l == want), "no `{want}` in\n{policy}");
    }
    // Units as a person writes them, never a count of seconds.
    assert!(
        !policy
            .lines()
            .any(|l| l.contains("= 1800s") || l.contains("00s ")),
        "{policy}"
    );
    // What ward does not map is listed, terms of the policy string too.
    for unmapped in [
        "displayName",
        "smtpServer",
        "clients",
        "passwordPolicy: hashIterations(210000)",
    ] {
        assert!(
            policy.contains(unmapped),
            "{unmapped} not listed:\n{policy}"
        );
    }
}

/// `ward import aws-iam` of a `get-account-password-policy` reply
/// round-trips, and an account without a policy imports AWS's defaults.
#[test]
fn an_aws_reply_round_trips() {
    let reply = r#"{
    "PasswordPolicy": {
        "MinimumPasswordLength": 16,
        "RequireSymbols": true,
        "RequireNumbers": true,
        "RequireUppercaseCharacters": false,
        "RequireLowercaseCharacters": true,
        "AllowUsersToChangePassword": true,
        "ExpirePasswords": true,
        "MaxPasswordAge": 180,
        "PasswordReusePrevention": 24,
        "HardExpiry": true
    }
}"#;
    let policy = round_trip("aws-iam", reply);
    let flat = policy.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("password.max_age = 180d # MaxPasswordAge = 180"),
        "{policy}"
    );
    assert!(policy.contains("# ExpirePasswords"), "{policy}");
    let none = "An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 123456789012 cannot be found.\n";
    let policy = round_trip("aws-iam", none);
    let flat = policy.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("password.min_length = 8 #"),
        "AWS's default policy:\n{policy}"
    );
    assert!(flat.contains("password.max_age = never #"), "{policy}");
}

/// `-o FILE` keeps an existing file unless `--force`, and never writes
/// over the export it reads.
#[test]
fn an_existing_output_is_kept_unless_forced() {
    let dir = tree(&[("export.json", REALM), ("mine.ward", "policy mine {}\n")]);
    let d = dir.path();
    let o = ward(d, &["import", "keycloak", "export.json", "-o", "mine.ward"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("mine.ward")).unwrap_or_default(),
        "policy mine {}\n"
    );
    let o = ward(
        d,
        &[
            "import",
            "keycloak",
            "export.json",
            "-o",
            "mine.ward",
            "--force",
            "--name",
            "Acme SSO",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let written = std::fs::read_to_string(d.join("mine.ward")).unwrap_or_default();
    assert!(written.contains("policy \"Acme SSO\" {"), "{written}");
    let o = ward(
        d,
        &[
            "import",
            "keycloak",
            "export.json",
            "-o",
            "export.json",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("export.json")).unwrap_or_default(),
        REALM
    );
    // Standard output by default; a broken export is exit 2.
    let o = ward(d, &["import", "keycloak", "export.json"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("policy acme {"));
    std::fs::write(d.join("bad.json"), "{\"realm\": ").unwrap_or_else(|e| panic!("{e}"));
    let o = ward(d, &["import", "keycloak", "bad.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("E0701"), "{}", text(&o));
    let o = ward(d, &["import", "keycloack", "export.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("E0804"), "{}", text(&o));
}
