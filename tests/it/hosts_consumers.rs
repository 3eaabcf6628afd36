//! The Linux targets' files, handed to the software that reads them.
//!
//! - libpwquality (Debian `python3-pwquality`, through Debian's own
//!   `/usr/bin/python3`) reads the `pwquality.conf` that `ward build` writes
//!   for `min_length = 15, min_digit = 1`: it refuses a password one
//!   character short and one without a digit, and accepts one that meets the
//!   policy.
//! - `pam_faillock` (Debian `libpam-modules`) reads the `faillock.conf`
//!   written for `threshold = 3`, in a PAM stack run by `pamtester` under
//!   `pam_wrapper` (Debian `libpam-wrapper`), with its service file and tally
//!   in a temporary directory: the machine's own PAM configuration is never
//!   read or touched. It locks the account after the third failure.
//!
//! The packages are installed here when missing, pinned to the versions the
//! tests were written against (`.ci/run` installs them first); a test whose
//! consumer cannot be installed fails, it never skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// Debian packages and the versions the tests expect.
const PACKAGES: &[(&str, &str)] = &[
    ("python3-pwquality", "1.4.5-1+b1"),
    ("libpwquality-tools", "1.4.5-1+b1"),
    // libpwquality's dictionary check (on by default) needs the dictionary.
    ("cracklib-runtime", "2.9.6-5+b1"),
    ("libpam-wrapper", "1.1.4-1+b2"),
    ("pamtester", "0.1.2-4"),
];

/// One installer at a time: dpkg holds a lock.
static INSTALL: Mutex<()> = Mutex::new(());

fn installed(pkg: &str) -> Option<String> {
    let o = Command::new("dpkg-query")
        .args(["-W", "-f", "${Status} ${Version}", pkg])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let version = text.strip_prefix("install ok installed ")?;
    Some(version.trim().to_string())
}

/// Installs every package of [`PACKAGES`] that is missing.
fn ensure_consumers() {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let missing: Vec<String> = PACKAGES
        .iter()
        .filter(|(p, _)| installed(p).is_none())
        .map(|(p, v)| format!("{p}={v}"))
        .collect();
    if !missing.is_empty() {
        let apt = |args: &[&str]| {
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let mut args = vec!["install", "-y", "--no-install-recommends"];
        args.extend(missing.iter().map(String::as_str));
        if !apt(&args) {
            assert!(apt(&["update"]), "apt-get update failed");
            assert!(apt(&args), "cannot install {missing:?}");
        }
    }
    for (p, v) in PACKAGES {
        let got = installed(p);
        assert!(got.is_some(), "{p} is not installed");
        if got.as_deref() != Some(*v) {
            eprintln!("note: {p} is {got:?}, the tests were written against {v}");
        }
    }
}

fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

/// `ward build POLICY --out-dir out` in a fresh directory: the directory
/// and the written file `name`.
fn built(policy: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    std::fs::write(dir.path().join("hosts.ward"), policy).unwrap_or_else(|e| panic!("{e}"));
    let o = ward(dir.path(), &["build", "hosts.ward", "--out-dir", "out"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let file = dir.path().join("out").join(name);
    assert!(file.exists(), "{} was not written", file.display());
    (dir, file)
}

/// libpwquality's verdict on `password` for `user` under `conf`:
/// `Ok(score)` or `Err((code, message))`.
fn pwquality(conf: &Path, password: &str, user: &str) -> Result<i64, (i64, String)> {
    const SCRIPT: &str = r#"
import sys, pwquality
s = pwquality.PWQSettings()
s.read_config(sys.argv[1])
try:
    print("OK", s.check(sys.argv[2], None, sys.argv[3]))
except pwquality.PWQError as e:
    print("REFUSED", e.args[0], e.args[1])
"#;
    let o = Command::new("/usr/bin/python3")
        .args(["-c", SCRIPT])
        .arg(conf)
        .args([password, user])
        .output()
        .unwrap_or_else(|e| panic!("cannot run /usr/bin/python3: {e}"));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "python failed: {}{out}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut words = out.trim().splitn(3, ' ');
    match (words.next(), words.next(), words.next()) {
        (Some("OK"), Some(score), None) => Ok(score.parse().unwrap_or(0)),
        (Some("REFUSED"), Some(code), Some(msg)) => {
            Err((code.parse().unwrap_or(0), msg.to_string()))
        }
        _ => panic!("unexpected output: {out}"),
    }
}

#[test]
fn libpwquality_enforces_the_written_pwquality_conf() {
    ensure_consumers();
    let (_dir, conf) = built(
        "policy hosts {\n  targets linux-pwquality\n  allow W0601\n  password.min_length = 15\n  password.min_digit = 1\n}\n",
        "pwquality.conf",
    );
    let text = std::fs::read_to_string(&conf).unwrap_or_default();
    assert!(text.contains("minlen = 15\ndcredit = -1\n"), "{text}");
    // One character short.
    let short = pwquality(&conf, "Tqzmrbvkxwplh9", "alice");
    assert!(
        matches!(&short, Err((-14, m)) if m.contains("shorter than 15")),
        "{short:?}"
    );
    // Long enough, no digit.
    let no_digit = pwquality(&conf, "Tqzmrbvkxwplhyw", "alice");
    assert!(
        matches!(&no_digit, Err((-10, m)) if m.contains("1 digits")),
        "{no_digit:?}"
    );
    // Meets the policy.
    let good = pwquality(&conf, "Tqzmrbvkxwplh9y", "alice");
    assert!(good.is_ok(), "{good:?}");
}

/// The path of a file a Debian package installed, ending in `suffix`.
fn packaged(pkg: &str, suffix: &str) -> PathBuf {
    let o = Command::new("dpkg")
        .args(["-L", pkg])
        .output()
        .unwrap_or_else(|e| panic!("dpkg -L {pkg}: {e}"));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find(|l| l.ends_with(suffix))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{pkg} has no {suffix}"))
}

#[test]
fn pam_faillock_locks_after_the_written_threshold() {
    ensure_consumers();
    let (dir, conf) = built(
        "policy hosts {\n  targets linux-faillock\n  allow W0601\n  lockout.threshold = 3\n  lockout.window = 15m\n  lockout.duration = 10m\n}\n",
        "faillock.conf",
    );
    let text = std::fs::read_to_string(&conf).unwrap_or_default();
    assert!(text.contains("deny = 3\n"), "{text}");
    let faillock = packaged("libpam-modules", "/pam_faillock.so");
    let deny = packaged("libpam-modules", "/pam_deny.so");
    let matrix = packaged("libpam-wrapper", "/pam_matrix.so");
    let wrapper = packaged("libpam-wrapper", "/libpam_wrapper.so");
    let root = dir.path();
    let services = root.join("services");
    let tally = root.join("tally");
    std::fs::create_dir_all(&services).ok();
    std::fs::create_dir_all(&tally).ok();
    let passdb = root.join("passdb");
    std::fs::write(&passdb, "nobody:right:ward-faillock\n").ok();
    // The emitted file, untouched; the tally directory and `nodelay` (no
    // 2 s wait per failure) are module arguments, which override the file.
    let args = format!("conf={} dir={} nodelay", conf.display(), tally.display());
    let (f, m, d) = (faillock.display(), matrix.display(), deny.display());
    let stack = format!(
        "auth     required                 {f} preauth {args}\n\
         auth     [success=1 default=bad]  {m} passdb={p}\n\
         auth     [default=die]            {f} authfail {args}\n\
         auth     sufficient               {f} authsucc {args}\n\
         auth     required                 {d}\n\
         account  required                 {f} {args}\n\
         account  required                 {m} passdb={p}\n",
        p = passdb.display()
    );
    std::fs::write(services.join("ward-faillock"), stack).ok();
    let attempt = |password: &str| -> (bool, String) {
        let mut child = Command::new("pamtester")
            .args(["ward-faillock", "nobody", "authenticate", "acct_mgmt"])
            .env("LD_PRELOAD", &wrapper)
            .env("PAM_WRAPPER", "1")
            .env("PAM_WRAPPER_SERVICE_DIR", &services)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run pamtester: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let _ = writeln!(stdin, "{password}");
        }
        let o = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("pamtester: {e}"));
        let all =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        (o.status.success(), all)
    };
    let (ok, out) = attempt("right");
    assert!(
        ok,
        "the right password is refused before any failure: {out}"
    );
    // Two failures do not lock (and a success clears the count).
    for i in 1..=2 {
        let (ok, out) = attempt("wrong");
        assert!(!ok, "wrong password {i} accepted: {out}");
    }
    let (ok, out) = attempt("right");
    assert!(ok, "locked after 2 failures of 3: {out}");
    // The third failure locks: the right password is refused.
    for i in 1..=3 {
        let (ok, out) = attempt("wrong");
        assert!(!ok, "wrong password {i} accepted: {out}");
    }
    let (ok, out) = attempt("right");
    assert!(!ok, "not locked after 3 failures: {out}");
    assert!(out.contains("locked"), "{out}");
}
