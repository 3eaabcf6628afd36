//! Command-line misuse and input/output errors (phase 08), through the
//! binary: each is a coded diagnostic in the form asked for, on the stream
//! the command's diagnostics go to, with exit status 2 and no "in 0 files"
//! summary for a check that never ran.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use ward::diag::codes;

fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A directory with one clean policy, `a.ward`, and its own `.git`.
fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    std::fs::write(
        dir.path().join("a.ward"),
        "policy a {\n  session.idle_timeout = 8h\n}\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    dir
}

/// The one diagnostic of a JSON document, after checking its shape.
fn only_json(out: &str) -> Value {
    let doc: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    let diags = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diags.len(), 1, "{out}");
    assert_eq!(doc["summary"]["errors"], 1, "{out}");
    diags[0].clone()
}

/// Exit status 2, nothing on the other stream, and `code` in `out`.
fn stopped(o: &Output, code: &str, on_stdout: bool) -> String {
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let (out, other) = if on_stdout {
        (text(&o.stdout), text(&o.stderr))
    } else {
        (text(&o.stderr), text(&o.stdout))
    };
    assert!(out.contains(code), "no {code} in:\n{out}");
    assert!(
        other.is_empty(),
        "unexpected output on the other stream:\n{other}"
    );
    assert!(
        !out.contains("in 0 files"),
        "a summary for a check that never ran:\n{out}"
    );
    out
}

#[test]
fn clap_errors_come_in_every_form() {
    let d = dir();
    // Human, and for `check` on standard output like its other diagnostics.
    let out = stopped(
        &ward(d.path(), &["check", "--bogus"]),
        codes::USAGE.as_str(),
        true,
    );
    assert!(out.contains("unexpected argument `--bogus` found"), "{out}");
    assert!(out.contains("usage: `ward check"), "{out}");
    // `check --format json` gives JSON even when the arguments are wrong.
    let out = stopped(
        &ward(d.path(), &["check", "--format", "json", "--formt", "x"]),
        codes::USAGE.as_str(),
        true,
    );
    let diag = only_json(&out);
    assert_eq!(diag["code"], codes::USAGE.as_str());
    assert_eq!(diag["file"], Value::Null);
    assert!(
        diag["help"].as_str().unwrap_or("").contains("`--format`"),
        "{diag}"
    );
    // Other commands: standard error, in `--error-format`.
    let out = stopped(
        &ward(d.path(), &["--error-format", "sarif", "build"]),
        codes::USAGE.as_str(),
        false,
    );
    let log: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"],
        codes::USAGE.as_str(),
        "{out}"
    );
    assert!(log["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap_or("")
        .contains("`<FILE>`"));
    let out = stopped(
        &ward(
            d.path(),
            &[
                "build",
                "a.ward",
                "--format",
                "xml",
                "--error-format=github",
            ],
        ),
        codes::USAGE.as_str(),
        false,
    );
    assert!(
        out.starts_with("::error title=E0801::invalid value `xml`"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    let out = stopped(
        &ward(
            d.path(),
            &[
                "build", "a.ward", "-t", "miro", "-t", "keycloak", "-o", "x.json",
            ],
        ),
        codes::USAGE.as_str(),
        false,
    );
    assert!(out.contains("`--out-dir`"), "{out}");
    // Help and version are not errors.
    let o = ward(d.path(), &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("Usage: ward"));
}

#[test]
fn unknown_names_are_usage_errors() {
    let d = dir();
    let out = stopped(
        &ward(
            d.path(),
            &[
                "check",
                "--profile",
                "pci-dss4",
                "--format",
                "json",
                "a.ward",
            ],
        ),
        codes::UNKNOWN_ARGUMENT.as_str(),
        true,
    );
    let diag = only_json(&out);
    assert_eq!(diag["message"], "unknown built-in profile `pci-dss4`");
    assert_eq!(diag["help"], "did you mean `pci-dss-4.0`?");
    for (args, message) in [
        (&["targets", "mirro"][..], "unknown target `mirro`"),
        (&["schema", "target", "mirro"][..], "unknown target `mirro`"),
        (
            &["build", "a.ward", "--target", "mirro"][..],
            "unknown target `mirro`",
        ),
        (
            &["explain-code", "E9999"][..],
            "`E9999` is not a ward diagnostic code",
        ),
        (&["profiles", "nist"][..], "unknown built-in profile `nist`"),
        (
            &["report", "a.ward", "--profile", "nist"][..],
            "unknown built-in profile `nist`",
        ),
        (
            &["explain", "a.ward", "session.idle_timout"][..],
            "unknown setting `session.idle_timout`",
        ),
    ] {
        let mut args = args.to_vec();
        args.extend(["--error-format", "json"]);
        let out = stopped(
            &ward(d.path(), &args),
            codes::UNKNOWN_ARGUMENT.as_str(),
            false,
        );
        let diag = only_json(&out);
        assert_eq!(diag["code"], codes::UNKNOWN_ARGUMENT.as_str(), "{args:?}");
        assert_eq!(diag["message"], message, "{args:?}");
    }
    // Human: the help, and no summary line.
    let out = stopped(
        &ward(d.path(), &["targets", "mirro"]),
        codes::UNKNOWN_ARGUMENT.as_str(),
        false,
    );
    assert!(out.contains("did you mean `miro`?"), "{out}");
    // `--name` that is not a policy name is invalid, not unknown.
    let out = stopped(
        &ward(d.path(), &["merge", "a.ward", "a.ward", "--name", "Bad"]),
        codes::USAGE.as_str(),
        false,
    );
    assert!(out.contains("`Bad` is not a policy name"), "{out}");
}

#[test]
fn unreadable_paths_stop_the_command() {
    let d = dir();
    let out = stopped(
        &ward(d.path(), &["check", "missing.ward"]),
        codes::CANNOT_READ_PATH.as_str(),
        true,
    );
    assert!(out.contains("cannot read `missing.ward`"), "{out}");
    assert!(out.contains("relative to the current directory"), "{out}");
    let out = stopped(
        &ward(d.path(), &["check", "--format", "sarif", "missing.ward"]),
        codes::CANNOT_READ_PATH.as_str(),
        true,
    );
    let log: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"],
        codes::CANNOT_READ_PATH.as_str(),
        "{out}"
    );
    for args in [
        &["build", "missing.ward"][..],
        &["explain", "missing.ward"][..],
        &["fmt", "missing.ward"][..],
        &["--target-file", "nope.toml", "build", "a.ward"][..],
        &["--target-file", "nope.toml", "schema", "all"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--error-format", "json"]);
        let diag = only_json(&stopped(
            &ward(d.path(), &args),
            codes::CANNOT_READ_PATH.as_str(),
            false,
        ));
        assert_eq!(diag["code"], codes::CANNOT_READ_PATH.as_str(), "{args:?}");
    }
    // A file checked beside one that cannot be read: the run happened, so
    // the summary counts it.
    let o = ward(d.path(), &["check", "a.ward", "missing.ward"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stdout).contains(codes::CANNOT_READ_PATH.as_str()));
    assert!(
        text(&o.stdout).contains("1 error in 1 file"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn unwritable_outputs_stop_the_command() {
    let d = dir();
    let out = stopped(
        &ward(d.path(), &["build", "a.ward", "-o", "no/such/dir/a.json"]),
        codes::CANNOT_WRITE.as_str(),
        false,
    );
    assert!(out.contains("cannot write `no/such/dir/a.json`"), "{out}");
    std::fs::write(d.path().join("file"), "x").ok();
    for args in [
        &["build", "a.ward", "-t", "miro", "--out-dir", "file/out"][..],
        &["merge", "a.ward", "a.ward", "-o", "file/m.json"][..],
        &["schema", "all", "--out-dir", "file/s"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--error-format", "json"]);
        let diag = only_json(&stopped(
            &ward(d.path(), &args),
            codes::CANNOT_WRITE.as_str(),
            false,
        ));
        assert_eq!(diag["code"], codes::CANNOT_WRITE.as_str(), "{args:?}");
    }
}
