//! Ward's outputs handed to the software that consumes them (section 7 of
//! the language reference, "Proved by the real consumer").
//!
//! - [`aws`]: the AWS CLI applies the `aws-iam` document to moto's server on
//!   127.0.0.1 and reads it back; values ward refuses are refused by botocore
//!   (minimums, client-side) or by the server (maximums).
//! - [`keycloak`]: the realm JSON type-checks against `RealmRepresentation`
//!   from `@keycloak/keycloak-admin-client` with `tsc --noEmit`, as an object
//!   literal, so a misspelt field fails.
//!
//! The consumers are pinned in `tests/consumers/` (`requirements.txt`, a
//! full `pip freeze`; `package.json` with its committed lock file) and
//! installed by the first test that needs them, only when missing: Python
//! packages into a venv under `target/tmp/consumers/`, npm packages with
//! `npm ci` into `tests/consumers/node_modules`. A consumer that cannot be
//! installed fails the test, with the reason; nothing is skipped.

mod aws;
mod keycloak;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// `tests/consumers/`: the pins and helper scripts.
pub fn consumers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers")
}

/// Where installed tools live between runs (`target/tmp/consumers`).
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("consumers")
}

/// Runs a command, or says why it could not start.
pub fn run(cmd: &mut Command) -> Result<Output, String> {
    cmd.output()
        .map_err(|e| format!("cannot run `{cmd:?}`: {e}"))
}

/// stdout and stderr of a finished command, for messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs the `ward` binary in `dir`.
pub fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

/// A temporary directory holding `files`, with a `.git` folder so it is its
/// own root.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}

/// `ward build FILE --target T -o OUT` in `dir`, which must succeed; the
/// document written, as text.
pub fn build(dir: &Path, file: &str, target: &str) -> String {
    let out_name = format!("{target}.out.json");
    let o = ward(dir, &["build", file, "--target", target, "-o", &out_name]);
    assert!(
        o.status.success(),
        "`ward build {file} --target {target}` failed:\n{}",
        text(&o)
    );
    std::fs::read_to_string(dir.join(&out_name))
        .unwrap_or_else(|e| panic!("cannot read {out_name}: {e}"))
}

/// The venv holding the AWS CLI and moto, installed once from
/// `tests/consumers/requirements.txt` (reinstalled when that file changed).
pub fn python_venv() -> &'static Result<PathBuf, String> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    VENV.get_or_init(|| {
        let pins = std::fs::read_to_string(consumers_dir().join("requirements.txt"))
            .map_err(|e| format!("cannot read tests/consumers/requirements.txt: {e}"))?;
        let venv = cache_dir().join("aws-venv");
        let stamp = venv.join("ward-requirements.txt");
        let ready = venv.join("bin/aws").is_file()
            && venv.join("bin/python").is_file()
            && std::fs::read_to_string(&stamp).is_ok_and(|s| s == pins);
        if ready {
            return Ok(venv);
        }
        let _ = std::fs::remove_dir_all(&venv);
        std::fs::create_dir_all(cache_dir()).map_err(|e| format!("cannot create the cache: {e}"))?;
        let made = run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).map_err(|e| {
            format!("{e}: the AWS CLI tests need Python 3 with `venv` (Debian: `apt-get install python3-venv`)")
        })?;
        if !made.status.success() {
            return Err(format!("`python3 -m venv` failed:\n{}", text(&made)));
        }
        let pip = run(Command::new(venv.join("bin/pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                "-r",
            ])
            .arg(consumers_dir().join("requirements.txt")))?;
        if !pip.status.success() {
            return Err(format!(
                "installing the AWS CLI and moto from tests/consumers/requirements.txt failed:\n{}",
                text(&pip)
            ));
        }
        std::fs::write(&stamp, pins).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
        Ok(venv)
    })
}

/// `tests/consumers/node_modules`, installed once with `npm ci` from the
/// committed lock file.
pub fn node_modules() -> &'static Result<PathBuf, String> {
    static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    NODE.get_or_init(|| {
        let dir = consumers_dir();
        let tsc = dir.join("node_modules/.bin/tsc");
        let admin = dir.join("node_modules/@keycloak/keycloak-admin-client/package.json");
        if tsc.is_file() && admin.is_file() {
            return Ok(dir);
        }
        let out = run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir))
        .map_err(|e| {
            format!("{e}: the type-check tests need Node.js 20 and npm (Debian: `apt-get install nodejs npm`)")
        })?;
        if out.status.success() {
            Ok(dir)
        } else {
            Err(format!("`npm ci --prefix tests/consumers` failed:\n{}", text(&out)))
        }
    })
}
