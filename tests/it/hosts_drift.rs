//! `ward drift` and `ward import` on the hosts targets' own files, through
//! the binary: what `ward build` writes for `linux` and `windows` is in sync
//! with the policy; a changed line of `faillock.conf` or of the UTF-16
//! security template is an error at the policy's line, labelled on the
//! export's line; and each file imports to a policy that builds it again.

use crate::common::{output_text as text, ward};
use serde_json::Value;
use std::process::Output;

const HOSTS: &str = "policy hosts {
  targets linux, windows
  password.min_length = 14
  password.history    = 5
  password.min_age    = 1d
  password.max_age    = 365d
  lockout.threshold   = 5
  lockout.window      = 15m
  lockout.duration    = 15m
}
";

/// Each hosts target and the file `ward build --out-dir` writes for it.
const FILES: &[(&str, &str)] = &[
    ("linux-pwquality", "pwquality.conf"),
    ("linux-pwhistory", "pwhistory.conf"),
    ("linux-faillock", "faillock.conf"),
    ("linux-login-defs", "login.defs"),
    ("windows", "windows.inf"),
];

/// A directory holding `hosts.ward` and its build under `out/`.
fn built() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    std::fs::write(dir.path().join("hosts.ward"), HOSTS).unwrap_or_else(|e| panic!("{e}"));
    let o = ward(dir.path(), &["build", "hosts.ward", "--out-dir", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    dir
}

/// The one diagnostic of a `--format json` run.
fn only_diagnostic(o: &Output) -> Value {
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(o)));
    let ds = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(ds.len(), 1, "{}", text(o));
    ds[0].clone()
}

#[test]
fn what_build_writes_is_in_sync() {
    let dir = built();
    for (target, file) in FILES {
        let from = format!("{target}=out/{file}");
        let o = ward(dir.path(), &["drift", "hosts.ward", "--from", &from]);
        assert_eq!(o.status.code(), Some(0), "{target}: {}", text(&o));
        assert!(text(&o).contains("no problems"), "{target}: {}", text(&o));
    }
}

#[test]
fn a_changed_faillock_line_is_an_error_labelled_on_the_line() {
    let dir = built();
    let path = dir.path().join("out/faillock.conf");
    let conf = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(conf.contains("deny = 5\n"), "{conf}");
    std::fs::write(&path, conf.replace("deny = 5\n", "deny = 7\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let line = conf
        .lines()
        .position(|l| l.starts_with("deny"))
        .map(|i| i + 1);
    let o = ward(
        dir.path(),
        &[
            "drift",
            "hosts.ward",
            "--from",
            "linux-faillock=out/faillock.conf",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let d = only_diagnostic(&o);
    assert_eq!(d["code"], "E0702", "{d}");
    assert_eq!(
        d["line"].as_u64(),
        Some(7),
        "the policy's threshold line: {d}"
    );
    let label = &d["labels"][0];
    assert_eq!(label["file"], "out/faillock.conf", "{d}");
    assert_eq!(label["line"].as_u64(), line.map(|l| l as u64), "{d}");
    assert_eq!(label["column"].as_u64(), Some(8), "at the value: {d}");
}

/// The template is UTF-16: the label's line and column are the decoded
/// text's, and the snippet shows it decoded.
#[test]
fn a_changed_security_template_line_is_an_error_labelled_on_the_line() {
    let dir = built();
    let path = dir.path().join("out/windows.inf");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        &bytes[..2],
        &[0xFF, 0xFE],
        "UTF-16 LE with a byte-order mark"
    );
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let inf = String::from_utf16(&units).unwrap_or_else(|e| panic!("{e}"));
    let changed = inf.replace("LockoutBadCount = 5\r\n", "LockoutBadCount = 0\r\n");
    assert_ne!(changed, inf, "{inf}");
    let mut out = vec![0xFF, 0xFE];
    out.extend(changed.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{e}"));
    let line = inf
        .lines()
        .position(|l| l.starts_with("LockoutBadCount"))
        .map(|i| i as u64 + 1);

    let args = ["drift", "hosts.ward", "--from", "windows=out/windows.inf"];
    let o = ward(dir.path(), &[&args[..], &["--format", "json"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let d = only_diagnostic(&o);
    assert_eq!(d["code"], "E0702", "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("`System Access.LockoutBadCount` is `0` (`unlimited`)"),
        "{d}"
    );
    let label = &d["labels"][0];
    assert_eq!(label["line"].as_u64(), line, "{d}");
    assert_eq!(label["column"].as_u64(), Some(19), "{d}");
    let human = text(&ward(dir.path(), &args));
    assert!(human.contains("LockoutBadCount = 0"), "{human}");
}

/// Each file imports to a policy that passes `check` and builds the same
/// file again, byte for byte.
#[test]
fn each_file_imports_and_builds_again() {
    let dir = built();
    for (target, file) in FILES {
        let export = format!("out/{file}");
        let o = ward(
            dir.path(),
            &["import", target, &export, "-o", "imported.ward", "--force"],
        );
        assert_eq!(o.status.code(), Some(0), "{target}: {}", text(&o));
        let policy = std::fs::read_to_string(dir.path().join("imported.ward"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!policy.contains("# Not imported"), "{target}:\n{policy}");
        let o = ward(dir.path(), &["check", "imported.ward"]);
        assert_eq!(o.status.code(), Some(0), "{target}: {policy}\n{}", text(&o));
        let o = ward(
            dir.path(),
            &["build", "imported.ward", "--out-dir", "again"],
        );
        assert_eq!(o.status.code(), Some(0), "{target}: {policy}\n{}", text(&o));
        let a = std::fs::read(dir.path().join(&export)).unwrap_or_else(|e| panic!("{e}"));
        let b = std::fs::read(dir.path().join("again").join(file))
            .unwrap_or_else(|e| panic!("{target}: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b),
            "{target} after the round trip:\n{policy}"
        );
        std::fs::remove_dir_all(dir.path().join("again")).ok();
    }
}
