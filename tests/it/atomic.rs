//! Outputs are all or nothing: a failing `ward build` leaves existing files
//! as they were and creates none; a passing one is byte-identical from run
//! to run.

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["--root", "."])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

const GOOD: &str = "policy p {\n  password.min_length = 20\n  password.max_length = 64\n}\n";

#[test]
fn a_failing_build_leaves_the_existing_output_untouched() {
    let d = tempfile::tempdir().unwrap();
    fs::write(
        d.path().join("bad.ward"),
        "policy p {\n  password.min_length = 20\n  password.min_length >= 30\n}\n",
    )
    .unwrap();
    let before = b"{\"previous\": \"output\"}\n".to_vec();
    fs::write(d.path().join("existing.json"), &before).unwrap();
    let out = ward(d.path(), &["build", "bad.ward", "-o", "existing.json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(fs::read(d.path().join("existing.json")).unwrap(), before);
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn one_failing_target_writes_no_target() {
    let d = tempfile::tempdir().unwrap();
    // `keycloak` can hold a minimum length of 200; `aws-iam` (at most 128)
    // cannot.
    fs::write(
        d.path().join("p.ward"),
        "policy p {\n  password.min_length = 200\n  password.max_length = 300\n}\n",
    )
    .unwrap();
    fs::create_dir(d.path().join("out")).unwrap();
    fs::write(d.path().join("out/keycloak.json"), "old").unwrap();
    let out = ward(
        d.path(),
        &[
            "build",
            "p.ward",
            "--target",
            "keycloak",
            "--target",
            "aws-iam",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0602"));
    assert_eq!(
        fs::read_to_string(d.path().join("out/keycloak.json")).unwrap(),
        "old"
    );
    assert!(!d.path().join("out/aws-iam.json").exists());
    assert_eq!(fs::read_dir(d.path().join("out")).unwrap().count(), 1);
    // A new directory is not even created.
    let out = ward(
        d.path(),
        &[
            "build",
            "p.ward",
            "--target",
            "keycloak",
            "--target",
            "aws-iam",
            "--out-dir",
            "new",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!d.path().join("new").exists());
}

#[test]
fn builds_are_byte_identical_across_runs() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("p.ward"), GOOD).unwrap();
    for format in ["json", "toml"] {
        let a = ward(d.path(), &["build", "p.ward", "--format", format]);
        let b = ward(d.path(), &["build", "p.ward", "--format", format]);
        assert_eq!(a.status.code(), Some(0), "{a:?}");
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}
