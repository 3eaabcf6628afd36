//! The file-based targets' exports are the files themselves: a Windows
//! security template as `secedit /export` writes it (UTF-16, its own
//! section order, sections ward does not write) and a distribution's
//! whole `login.defs`. Findings are labelled on the field's own line, and
//! `ward import` of ward's own template builds it again.

use super::{code, codes, diags, text, tree, ward};

const WINDOWS: &str = "policy win {
  targets windows
  password.min_length = 14
  lockout.threshold   = 5
}
";

/// `text` as a security template: UTF-16 LE with a byte-order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The local policy as `secedit /export /areas SECURITYPOLICY` lays it
/// out: `[Version]` last, fields and sections ward does not write.
const SECEDIT: &str = "[Unicode]\r
Unicode=yes\r
[System Access]\r
MinimumPasswordAge = 1\r
MaximumPasswordAge = 42\r
MinimumPasswordLength = 8\r
PasswordComplexity = 1\r
PasswordHistorySize = 24\r
LockoutBadCount = 5\r
ResetLockoutCount = 15\r
LockoutDuration = 15\r
RequireLogonToChangePassword = 0\r
NewAdministratorName = \"Administrator\"\r
[Event Audit]\r
AuditSystemEvents = 0\r
[Registry Values]\r
MACHINE\\System\\CurrentControlSet\\Control\\SAM\\RelaxMinimumPasswordLengthLimits=4,1\r
[Privilege Rights]\r
SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544\r
[Version]\r
signature=\"$CHICAGO$\"\r
Revision=1\r
";

#[test]
fn a_security_template_drifts_at_its_line_and_imports_back() {
    let dir = tree(&[("win.ward", WINDOWS)]);
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(d.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
    };
    write("secedit.inf", &utf16(SECEDIT));
    let drift = |file: &str| {
        let from = format!("windows={file}");
        ward(
            d,
            &["drift", "win.ward", "--from", &from, "--format", "json"],
        )
    };
    let o = drift("secedit.inf");
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702"], "{}", text(&o));
    let label = &ds[0]["labels"][0];
    assert_eq!(label["file"], "secedit.inf");
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(6), Some(25)),
        "on `MinimumPasswordLength = 8`: {}",
        text(&o)
    );

    // ward's own template drifts in sync, and imports to a policy that
    // writes it again, the registry line included.
    let o = ward(
        d,
        &["build", "win.ward", "--target", "windows", "-o", "own.inf"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = drift("own.inf");
    assert_eq!((code(&o), diags(&o).len()), (0, 0), "{}", text(&o));
    let o = ward(d, &["import", "windows", "own.inf", "-o", "again.ward"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("W0705"),
        "every field of ward's own template is stated: {}",
        text(&o)
    );
    let o = ward(
        d,
        &[
            "build",
            "again.ward",
            "--target",
            "windows",
            "-o",
            "again.inf",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let read = |name: &str| std::fs::read(d.join(name)).unwrap_or_default();
    assert_eq!(read("again.inf"), read("own.inf"));
}

#[test]
fn a_distributions_login_defs_drifts_at_its_line() {
    let login_defs = "#\n# /etc/login.defs - Configuration control definitions\n#\n\
        MAIL_DIR\t/var/mail\n#\tPASS_MAX_DAYS\tMaximum number of days\n\
        PASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\nUID_MIN\t1000\n";
    let policy = "policy hosts {\n  targets linux-login-defs\n  password.max_age = 90d\n}\n";
    let dir = tree(&[("hosts.ward", policy), ("login.defs", login_defs)]);
    let o = ward(
        dir.path(),
        &[
            "drift",
            "hosts.ward",
            "--from",
            "linux-login-defs=login.defs",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702"], "{}", text(&o));
    assert_eq!(ds[0]["line"], 3);
    let label = &ds[0]["labels"][0];
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(6), Some(15)),
        "on `PASS_MAX_DAYS 99999`, not its comment: {}",
        text(&o)
    );
}
