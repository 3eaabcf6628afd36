//! Outputs are all or nothing: a failing `ward build` leaves existing files
//! as they were and creates none; a passing one is byte-identical from run
//! to run.

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use ward::diag::codes;

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

/// `--out-dir` with several targets where one destination is a directory
/// replaced the others and then failed. Every destination is checked first.
#[test]
fn one_bad_destination_among_several_replaces_nothing() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("p.ward"), GOOD).unwrap();
    fs::create_dir_all(d.path().join("out/aws-iam.json")).unwrap();
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
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(codes::OUTPUT_REFUSED.as_str()), "{stderr}");
    assert_eq!(
        fs::read_to_string(d.path().join("out/keycloak.json")).unwrap(),
        "old"
    );
    assert_eq!(fs::read_dir(d.path().join("out")).unwrap().count(), 2);
}

/// `-o` equal to an input (the policy, a parent it extends, a descriptor,
/// by any spelling) overwrote it with JSON. It is refused.
#[test]
fn an_output_onto_an_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let base = "policy base {\n  password.min_length >= 12\n}\n";
    let child = "policy child {\n  extends \"./base.ward\"\n  password.min_length = 20\n}\n";
    fs::write(d.path().join("base.ward"), base).unwrap();
    fs::write(d.path().join("child.ward"), child).unwrap();
    for args in [
        &["build", "child.ward", "-o", "child.ward"][..],
        &["build", "child.ward", "-o", "./child.ward"][..],
        &["build", "child.ward", "-o", "base.ward"][..],
        &["merge", "child.ward", "base.ward", "-o", "base.ward"][..],
        &[
            "report",
            "child.ward",
            "--profile",
            "cis-windows-account-policy",
            "-o",
            "child.ward",
        ][..],
    ] {
        let out = ward(d.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(codes::OUTPUT_REFUSED.as_str()), "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(d.path().join("base.ward")).unwrap(),
        base
    );
    assert_eq!(
        fs::read_to_string(d.path().join("child.ward")).unwrap(),
        child
    );
}

/// `-o LINK` replaced the link with a regular file. Links are followed: the
/// file it points to is replaced and the link stays; a link to nowhere is
/// refused.
#[cfg(unix)]
#[test]
fn an_output_through_a_symlink_keeps_the_link() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("p.ward"), GOOD).unwrap();
    fs::write(d.path().join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink("real.json", d.path().join("link.json")).unwrap();
    let out = ward(d.path(), &["build", "p.ward", "-o", "link.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let link = fs::symlink_metadata(d.path().join("link.json")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(fs::read_to_string(d.path().join("real.json"))
        .unwrap()
        .contains("min_length"));
    std::os::unix::fs::symlink("nowhere.json", d.path().join("dangling.json")).unwrap();
    let out = ward(d.path(), &["build", "p.ward", "-o", "dangling.json"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!d.path().join("nowhere.json").exists());
}

/// `-o` onto a device node or FIFO replaced the node with a regular file
/// (as root, `-o /dev/null` would replace the system's). It is written
/// through; the node stays.
#[cfg(unix)]
#[test]
fn an_output_onto_a_fifo_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("p.ward"), GOOD).unwrap();
    let fifo = d.path().join("out.fifo");
    super::hostile::mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let out = ward(d.path(), &["build", "p.ward", "-o", "out.fifo"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(reader.join().unwrap().contains("min_length"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // `-o -` is standard output.
    let out = ward(d.path(), &["build", "p.ward", "-o", "-"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("min_length"));
    assert!(!d.path().join("-").exists());
}

/// `-o /dev/null` writes through and keeps the device; `-o /dev/full` is
/// E0803 and status 2, and the device stays.
#[cfg(unix)]
#[test]
fn an_output_onto_a_device_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("p.ward"), GOOD).unwrap();
    let out = ward(d.path(), &["build", "p.ward", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    let out = ward(d.path(), &["build", "p.ward", "-o", "/dev/full"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(codes::CANNOT_WRITE.as_str()), "{stderr}");
    assert!(fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `fmt` of a symlinked policy replaced the link with a formatted copy and
/// left the target as it was.
#[cfg(unix)]
#[test]
fn fmt_through_a_symlink_formats_the_target() {
    let d = tempfile::tempdir().unwrap();
    fs::write(
        d.path().join("real.ward"),
        "policy a {\nsession.idle_timeout=1h\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("real.ward", d.path().join("a.ward")).unwrap();
    let out = ward(d.path(), &["fmt", "a.ward"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::symlink_metadata(d.path().join("a.ward"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(d.path().join("real.ward"))
        .unwrap()
        .contains("session.idle_timeout = 1h"));
}

/// `fmt` of several files, one in a directory the user cannot write: no
/// file is rewritten (run as an unprivileged user, see `hostile::ward_as`).
#[cfg(unix)]
#[test]
fn fmt_of_several_files_is_all_or_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let d = super::hostile::dir();
    let p = d.path();
    let a = "policy a {\nsession.idle_timeout=1h\n}\n";
    let b = "policy b {\nsession.idle_timeout=2h\n}\n";
    super::hostile::write(p, "w/a.ward", a);
    super::hostile::write(p, "r/b.ward", b);
    fs::set_permissions(p.join("w"), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(p.join("r"), fs::Permissions::from_mode(0o555)).unwrap();
    let run = super::hostile::ward_as(p, &["fmt", "w/a.ward", "r/b.ward"], true);
    assert_eq!(run.code, Some(2), "{}", run.output);
    assert!(
        run.output.contains(codes::CANNOT_WRITE.as_str()),
        "{}",
        run.output
    );
    assert_eq!(fs::read_to_string(p.join("w/a.ward")).unwrap(), a);
    assert_eq!(fs::read_to_string(p.join("r/b.ward")).unwrap(), b);
    assert_eq!(fs::read_dir(p.join("w")).unwrap().count(), 1);
}
