//! Colour is decided per stream (contract section 9): output that goes to a
//! file or a pipe has no escape codes, whatever the other stream is. Each
//! test gives the binary a real pseudo-terminal on one stream and a file on
//! the other.

#![cfg(unix)]

use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

const ESC: u8 = 0x1b;

/// A pseudo-terminal: the master to read from, the slave for the child.
fn pty() -> (std::fs::File, std::fs::File) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_string_lossy().as_ref())
        .expect("open the slave");
    (std::fs::File::from(master), slave)
}

/// Runs `ward args` in `dir` with the terminal on standard error
/// (`terminal_on_stderr`) or standard output, and the other stream in a
/// file. Returns (what the terminal showed, what the file holds).
fn run(dir: &Path, args: &[&str], terminal_on_stderr: bool) -> (Vec<u8>, Vec<u8>) {
    let (mut master, slave) = pty();
    let file_path = dir.join("log");
    let file = std::fs::File::create(&file_path).expect("log file");
    let (out, err): (Stdio, Stdio) = if terminal_on_stderr {
        (file.into(), slave.into())
    } else {
        (slave.into(), file.into())
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("NO_GRAPHICS")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("spawn ward");
    // The slave handles were moved into the child's stdio and are closed in
    // this process once `Command` is dropped at the end of `spawn`'s
    // statement, so the master reads to the end when the child exits.
    let status = child.wait().expect("wait");
    assert!(status.code().is_some(), "ward was killed");
    let mut shown = Vec::new();
    let mut buf = [0u8; 4096];
    // Linux reports the end of a closed pseudo-terminal as EIO.
    while let Ok(n) = master.read(&mut buf) {
        if n == 0 {
            break;
        }
        shown.extend_from_slice(&buf[..n]);
    }
    (shown, std::fs::read(&file_path).expect("read the log"))
}

fn dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(d.path().join(".git")).ok();
    std::fs::write(
        d.path().join("bad.ward"),
        "policy bad {\n  session.idle_timeout = 20h\n  session.idle_timeout <= 12h\n}\n",
    )
    .expect("write");
    d
}

#[test]
fn check_into_a_file_has_no_escape_codes_when_stderr_is_a_terminal() {
    let d = dir();
    let (_, log) = run(d.path(), &["check", "bad.ward"], true);
    let text = String::from_utf8_lossy(&log);
    assert!(text.contains("E0301"), "{text}");
    assert!(!log.contains(&ESC), "escape codes in the file:\n{text}");
    // And on a terminal, `check` does colour its output.
    let (shown, _) = run(d.path(), &["check", "bad.ward"], false);
    assert!(shown.contains(&ESC), "{}", String::from_utf8_lossy(&shown));
}

#[test]
fn diagnostics_into_a_file_have_no_escape_codes_when_stdout_is_a_terminal() {
    let d = dir();
    // `build` writes its diagnostics to standard error.
    let (_, log) = run(d.path(), &["build", "bad.ward"], false);
    let text = String::from_utf8_lossy(&log);
    assert!(text.contains("E0301"), "{text}");
    assert!(!log.contains(&ESC), "escape codes in the file:\n{text}");
    let (shown, _) = run(d.path(), &["build", "bad.ward"], true);
    assert!(shown.contains(&ESC), "{}", String::from_utf8_lossy(&shown));
}
