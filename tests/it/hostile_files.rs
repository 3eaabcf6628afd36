//! Hostile file systems: special files where ward expects files, ignore
//! files that are links to devices, directories that cannot be listed,
//! files that are too large on every path that reads one. Every file ward
//! reads goes through one reader (`resolve::loader::read_regular`); each
//! case here is a way of reaching it, through the binary.

use super::hostile::{dir, expect, mkfifo, ward, ward_as, write};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

const POLICY: &str = "policy p {\n  session.idle_timeout = 15m\n}\n";

/// A committed `.gitignore` that is a link to `/dev/zero` once made
/// `ward check .` read forever (1 GB/s); a FIFO made it block. Each ignore
/// file ward reads is now refused unless it is a regular file (links are
/// not followed, as git does not follow them).
#[test]
fn ignore_files_that_are_devices_links_or_fifos() {
    for name in [".gitignore", ".ignore", "sub/.gitignore"] {
        for kind in ["zero", "fifo", "link"] {
            let d = dir();
            write(d.path(), "p.ward", POLICY);
            write(d.path(), "sub/q.ward", POLICY);
            let path = d.path().join(name);
            match kind {
                "zero" => symlink("/dev/zero", &path).unwrap(),
                "fifo" => mkfifo(&path),
                _ => {
                    write(d.path(), "real-ignore", "build/\n");
                    symlink(d.path().join("real-ignore"), &path).unwrap();
                }
            }
            for cmd in [&["check", "."][..], &["fmt", "--check", "."][..]] {
                let run = ward(d.path(), cmd);
                expect(&run, 2, "E0802", 10_000);
                assert!(
                    run.output.contains("the ignore file"),
                    "{name} ({kind}): {}",
                    run.output
                );
            }
        }
    }
}

#[test]
fn git_info_exclude_that_is_a_fifo() {
    let d = dir();
    write(d.path(), "p.ward", POLICY);
    fs::create_dir_all(d.path().join(".git/info")).unwrap();
    mkfifo(&d.path().join(".git/info/exclude"));
    let run = ward(d.path(), &["check", "."]);
    expect(&run, 2, "E0802", 10_000);
    assert!(run.output.contains("exclude"), "{}", run.output);
    // A regular exclude file works as git's does.
    let d = dir();
    write(d.path(), "p.ward", POLICY);
    write(d.path(), "gen/x.ward", "policy x {\n  nonsense\n}\n");
    write(d.path(), ".git/info/exclude", "gen/\n");
    expect(
        &ward(d.path(), &["check", "."]),
        0,
        "no problems in 1 file",
        10_000,
    );
}

/// The walk reads the ignore files of the work tree above the directory it
/// is given, as git does, and lets a deeper file re-include.
#[test]
fn ignore_files_above_and_below_the_walked_directory() {
    let d = dir();
    fs::create_dir_all(d.path().join(".git")).unwrap();
    write(d.path(), ".gitignore", "*.gen.ward\n");
    write(d.path(), "team/a.ward", POLICY);
    write(d.path(), "team/b.gen.ward", "policy b {\n  nonsense\n}\n");
    write(d.path(), "team/keep/.gitignore", "!*.gen.ward\n");
    write(d.path(), "team/keep/c.gen.ward", POLICY);
    let run = ward(&d.path().join("team"), &["check", "."]);
    expect(&run, 0, "no problems in 2 files", 10_000);
}

/// An unreadable subdirectory was skipped ("no problems in 0 files", exit
/// 0). It is reported, and the command cannot run.
#[test]
fn an_unreadable_subdirectory() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    write(d.path(), "team/p.ward", POLICY);
    fs::set_permissions(d.path().join("team"), fs::Permissions::from_mode(0o000)).unwrap();
    for cmd in [&["check", "."][..], &["fmt", "--check", "."][..]] {
        let run = ward_as(d.path(), cmd, true);
        expect(&run, 2, "E0802", 10_000);
        assert!(
            run.output.contains("cannot read the directory") && run.output.contains("team"),
            "{}",
            run.output
        );
    }
    fs::set_permissions(d.path().join("team"), fs::Permissions::from_mode(0o755)).unwrap();
}

/// `ward fmt notes.txt` exited 0 and said nothing.
#[test]
fn fmt_of_a_file_that_is_not_a_policy() {
    let d = dir();
    write(d.path(), "notes.txt", "not a policy\n");
    let run = ward(d.path(), &["fmt", "notes.txt"]);
    expect(&run, 2, "E0802", 10_000);
    assert!(
        run.output.contains("`notes.txt` is not a policy file"),
        "{}",
        run.output
    );
    // TOML and JSON policies are left to their own formatters.
    write(d.path(), "x.ward.toml", "policy = \"x\"\n");
    expect(&ward(d.path(), &["fmt", "x.ward.toml"]), 0, "", 10_000);
}

fn fifty_megabytes() -> String {
    let line = format!("# {}\n", "x".repeat(1022));
    let mut text = String::from("policy big {\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    text.push_str("}\n");
    text
}

/// `fmt` read a 50 MB file whole (520 MB of memory) and formatted it; it is
/// refused before it is read, with the status `check` gives (1).
#[test]
fn fmt_of_a_fifty_megabyte_file() {
    let d = dir();
    write(d.path(), "big.ward", fifty_megabytes());
    for cmd in [&["fmt", "big.ward"][..], &["fmt", "--check", "."][..]] {
        let run = ward(d.path(), cmd);
        expect(&run, 1, "E0401", 10_000);
        assert!(run.output.contains("at most 16 MiB"), "{}", run.output);
    }
}

/// `--target-file` was read with `read_to_string` by `schema target`: a
/// FIFO blocked it, `/dev/zero` ate memory. Every command refuses them, and
/// a descriptor that cannot be read or is malformed is status 2 everywhere.
#[test]
fn target_files_that_are_special_or_broken() {
    let d = dir();
    write(d.path(), "p.ward", POLICY);
    mkfifo(&d.path().join("fifo.toml"));
    symlink("/dev/zero", d.path().join("zero.toml")).unwrap();
    write(d.path(), "bad.toml", "name = \"svc\"\ntitle = 3\n");
    let mut big = String::from("name = \"svc\"\ntitle = \"Svc\"\n");
    while big.len() < 17 * 1024 * 1024 {
        big.push_str(&format!("# {}\n", "x".repeat(1000)));
    }
    write(d.path(), "big.toml", big);
    for (file, code) in [
        ("fifo.toml", "E0802"),
        ("zero.toml", "E0802"),
        ("bad.toml", "E0607"),
        ("big.toml", "E0802"),
    ] {
        for cmd in [
            &["check", "p.ward"][..],
            &["build", "p.ward"][..],
            &["schema", "target", "svc"][..],
        ] {
            let mut args = vec!["--target-file", file];
            args.extend_from_slice(cmd);
            let run = ward(d.path(), &args);
            expect(&run, 2, code, 10_000);
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(ok.status.success(), "git {args:?}: {ok:?}");
}

/// `diff REV:PATH` read the whole blob before checking its size, and gave
/// status 2 where a file on disk gives 1. The size is asked first; the
/// status is the one the same file gets on disk.
#[test]
fn diff_of_a_blob_over_the_limit() {
    let d = dir();
    git(d.path(), &["init", "-q"]);
    write(d.path(), "big.ward", fifty_megabytes());
    write(d.path(), "p.ward", POLICY);
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-q", "-m", "x"]);
    let run = ward(d.path(), &["diff", "HEAD:big.ward", "p.ward"]);
    expect(&run, 1, "E0401", 10_000);
    assert!(run.output.contains("at most 16 MiB"), "{}", run.output);
    let run = ward(d.path(), &["diff", "big.ward", "p.ward"]);
    expect(&run, 1, "E0401", 10_000);
    let run = ward(d.path(), &["diff", "HEAD:nope.ward", "p.ward"]);
    expect(&run, 2, "E0802", 10_000);
}
