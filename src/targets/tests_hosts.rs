//! Tests of the hosts targets (Linux, Windows) and WalkMe's Workstation
//! integrations: what each writes, in its own format, and what it refuses.

use super::tests::{d, file, n, policy, target};
use super::*;
use crate::diag::Diagnostic;
use crate::model::{Assigned, Origin, Resolved};
use crate::source::SourceMap;
use crate::value::{Keyword, Value};

/// The findings of `check`, as the diagnostics they are shown as.
fn check(policy: &Resolved, targets: &[&Target]) -> Vec<Diagnostic> {
    let sources = SourceMap::new();
    super::check(policy, targets)
        .iter()
        .map(|f| f.diagnostic(&sources))
        .collect()
}

fn text(t: &Target, p: &Resolved) -> String {
    String::from_utf8_lossy(&render(p, t)).into_owned()
}

fn codes_of(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

/// `p` with `integrations.NAME.SETTING = value` set.
fn with_integration(mut p: Resolved, name: &str, setting: &str, value: Value) -> Resolved {
    let id = crate::catalog::find("integrations", setting);
    assert!(id.is_some(), "{setting}");
    let Some(id) = id else { return p };
    let i = p.values.len();
    p.values.insert(
        SettingKey {
            id,
            instance: Some(name.into()),
        },
        Assigned {
            value,
            origin: Origin {
                source: file(),
                span: crate::source::Span::new(500 + 10 * i, 505 + 10 * i),
            },
            overrode: Vec::new(),
            merged_from: Vec::new(),
        },
    );
    p
}

#[test]
fn pwquality_writes_negative_credits_and_zero_for_unset_classes() {
    let p = policy(
        &[
            ("password", "min_length", n(15)),
            ("password", "min_digit", n(1)),
        ],
        &["linux-pwquality"],
    );
    let t = target("linux-pwquality");
    assert_eq!(
        text(t, &p),
        "# pwquality.conf written by ward: install as /etc/security/pwquality.conf.\n\
         # libpwquality counts bytes, not characters.\n\
         minlen = 15\ndcredit = -1\nucredit = 0\nlcredit = 0\nocredit = 0\n"
    );
    assert_eq!(t.output.file, "pwquality.conf");
    // The byte count is said; a minimum below libpwquality's 6 is raised.
    let diags = check(&p, &[t]);
    assert_eq!(codes_of(&diags), ["W0601"]);
    assert!(
        diags[0].message.contains("counts bytes"),
        "{}",
        diags[0].message
    );
    let p = policy(&[("password", "min_length", n(4))], &["linux-pwquality"]);
    let diags = check(&p, &[t]);
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("raises a minimum length below 6 to 6")),
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| !d.is_error()));
    // `breached` cannot be held.
    let p = policy(
        &[("password", "blocklist", Value::Enum("breached"))],
        &["linux-pwquality"],
    );
    assert!(codes_of(&check(&p, &[t])).contains(&"E0603"));
}

#[test]
fn faillock_and_login_defs_write_their_lines() {
    let p = policy(
        &[
            ("lockout", "threshold", n(3)),
            ("lockout", "window", d("15m")),
            (
                "lockout",
                "duration",
                Value::Keyword(Keyword::UntilUnlocked),
            ),
            ("password", "max_age", Value::Keyword(Keyword::Never)),
            ("password", "min_age", d("1d")),
        ],
        &["linux"],
    );
    let f = text(target("linux-faillock"), &p);
    assert!(
        f.ends_with("deny = 3\nfail_interval = 900\nunlock_time = 0\n"),
        "{f}"
    );
    let l = text(target("linux-login-defs"), &p);
    assert!(
        l.starts_with("# Lines written by ward to MERGE into /etc/login.defs"),
        "{l}"
    );
    assert!(
        l.ends_with("PASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t1\n"),
        "{l}"
    );
    // pam_faillock takes at most seven days.
    let p = policy(&[("lockout", "duration", d("8d"))], &["linux-faillock"]);
    let diags = check(&p, &[target("linux-faillock")]);
    assert!(codes_of(&diags).contains(&"E0602"), "{diags:#?}");
    assert!(diags
        .iter()
        .any(|d| d.notes.iter().any(|n| n.contains("MAX_TIME_INTERVAL"))));
    // -1 and 99999 both read back as never.
    let row = target("linux-login-defs").rows.first();
    assert_eq!(
        row.and_then(|r| r.decode(Some(&serde_json::json!(-1)))),
        Some(Value::Keyword(Keyword::Never))
    );
}

#[test]
fn the_linux_group_stands_for_four_files() {
    let reg = Registry::builtin();
    let members = reg.expand("linux").unwrap_or_default();
    let files: Vec<&str> = members.iter().map(|t| t.output.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "pwquality.conf",
            "pwhistory.conf",
            "faillock.conf",
            "login.defs"
        ]
    );
}

#[test]
fn windows_writes_a_utf16_security_template() {
    let p = policy(
        &[
            ("password", "min_length", n(14)),
            ("password", "max_age", Value::Keyword(Keyword::Never)),
            ("password", "history", n(24)),
            ("lockout", "threshold", n(5)),
            ("lockout", "window", d("15m")),
            ("lockout", "duration", d("15m")),
            ("session", "idle_timeout", d("15m")),
        ],
        &["windows"],
    );
    let t = target("windows");
    let bytes = render(&p, t);
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "byte-order mark");
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap_or_default();
    insta::assert_snapshot!("windows-inf", text.replace("\r\n", "\n"));
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    assert!(text.starts_with(
        "[Unicode]\r\nUnicode=yes\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n"
    ));
    assert_eq!(
        t.output
            .writer
            .read(&bytes)
            .ok()
            .map(serde_json::Value::Object),
        Some(emit(&p, t))
    );
    // The reset time may not exceed the lock duration.
    let p = policy(
        &[
            ("lockout", "window", d("1h")),
            ("lockout", "duration", d("15m")),
        ],
        &["windows"],
    );
    let diags = check(&p, &[t]);
    assert_eq!(codes_of(&diags), ["E0602"]);
    assert!(
        diags[0]
            .message
            .contains("requires `lockout.window` to be at most `lockout.duration`"),
        "{}",
        diags[0].message
    );
    // Class minimums cannot be held one by one.
    let p = policy(&[("password", "min_upper", n(1))], &["windows"]);
    let diags = check(&p, &[t]);
    assert_eq!(codes_of(&diags), ["E0602"]);
    assert!(diags[0]
        .notes
        .iter()
        .any(|n| n.contains("three of five categories")));
}

#[test]
fn walkme_writes_workstation_integrations() {
    let p = policy(&[], &["walkme"]);
    let p = with_integration(p, "outlook_calendar", "enabled", Value::Bool(true));
    let p = with_integration(
        p,
        "outlook_calendar",
        "audiences",
        Value::List(["sales".to_string()].into()),
    );
    let p = with_integration(p, "outlook_calendar", "consent", Value::Enum("admin"));
    let p = with_integration(p, "slack", "enabled", Value::Bool(false));
    let t = target("walkme");
    insta::assert_json_snapshot!("walkme-integrations", emit(&p, t));
    let diags = check(&p, &[t]);
    assert_eq!(codes_of(&diags), ["W0601"], "{diags:#?}");
    assert!(diags[0].message.contains("administrator's consent"));
    // The cache is five minutes: shorter is an error, longer a warning.
    let short = with_integration(
        policy(&[], &["walkme"]),
        "outlook_calendar",
        "cache_ttl",
        d("1m"),
    );
    let diags = check(&short, &[t]);
    assert_eq!(codes_of(&diags), ["E0605"]);
    assert!(
        diags[0].message.contains("five minutes"),
        "{}",
        diags[0].message
    );
    let long = with_integration(
        policy(&[], &["walkme"]),
        "outlook_calendar",
        "cache_ttl",
        d("10m"),
    );
    assert_eq!(codes_of(&check(&long, &[t])), ["W0601"]);
    // Admin consent cannot be required of a provider that asks for none.
    let slack = with_integration(
        policy(&[], &["walkme"]),
        "slack",
        "consent",
        Value::Enum("admin"),
    );
    assert_eq!(codes_of(&check(&slack, &[t])), ["E0603"]);
}
