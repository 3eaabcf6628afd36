//! Hostile readers and terminals: pipes that close, disks that fill, long
//! lines, control characters. Through the binary.

use super::hostile::{dir, write};
use std::process::{Command, Stdio};
use ward::diag::codes;

const GOOD: &str = "policy p {\n  session.idle_timeout = 15m\n}\n";
const BAD: &str = "policy p {\n  session.idle_timeout = 15 hrs\n}\n";

/// Runs `ward ARGS` in `dir` with standard output and standard error on
/// pipes whose reading ends are closed as soon as ward starts, before it
/// writes (as in `ward build p.ward 2>&1 | head -c0`). The exit status.
fn closed_pipe(dir: &std::path::Path, args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

/// A closed pipe made ward panic (exit 101). It now ends quietly with the
/// status it had already determined.
#[test]
fn a_closed_pipe_keeps_the_status() {
    let d = dir();
    write(d.path(), "good.ward", GOOD);
    write(d.path(), "bad.ward", BAD);
    for (args, want) in [
        (&["build", "good.ward"][..], 0),
        (&["check", "good.ward"][..], 0),
        (&["check", "bad.ward"][..], 1),
        (&["build", "bad.ward"][..], 1),
        (&["check", "--format", "json", "bad.ward"][..], 1),
        (&["explain", "good.ward"][..], 0),
        (&["schema", "all"][..], 0),
        (&["targets"][..], 0),
        (&["check", "missing.ward"][..], 2),
        (&["explain-code", "E0201"][..], 0),
    ] {
        assert_eq!(closed_pipe(d.path(), args), Some(want), "ward {args:?}");
    }
}

/// `ward build f.ward > /dev/full` exited 0: the output was lost without a
/// word. It is E0803 and status 2.
#[test]
fn standard_output_on_a_full_disk() {
    let d = dir();
    write(d.path(), "good.ward", GOOD);
    write(d.path(), "bad.ward", BAD);
    for args in [
        &["build", "good.ward"][..],
        &["check", "bad.ward"][..],
        &["schema", "resolved"][..],
        &["explain", "good.ward"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(args)
            .current_dir(d.path())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "ward {args:?}: {stderr}");
        assert!(
            stderr.contains(codes::CANNOT_WRITE.as_str()) && stderr.contains("standard output"),
            "ward {args:?}: {stderr}"
        );
    }
}

/// Nothing in `src/` writes with `print!`/`eprint!` (which panic when a
/// write fails): the command line writes through `cli::io`.
#[test]
fn no_print_macros_in_the_sources() {
    let mut stack = vec![std::path::PathBuf::from("src")];
    let mut found = Vec::new();
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    if ["print!(", "println!(", "eprint!(", "eprintln!("]
                        .iter()
                        .any(|m| code.contains(m))
                    {
                        found.push(format!("{}:{}: {line}", path.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
