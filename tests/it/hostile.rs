//! Hostile inputs, run through the real binary.
//!
//! Each case writes files into a temporary directory and runs `ward check`
//! (or `ward build`) on them under a 60-second timeout. Every case must end
//! with a diagnostic and exit status 1, or 2 when a path named on the
//! command line cannot be read; never a panic, a hang or a stack overflow,
//! and with output of bounded size. Peak memory of the large cases is
//! measured by `benches/run.sh`, not here.

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use ward::diag::codes;

pub(crate) const TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) struct Run {
    pub code: Option<i32>,
    pub output: String,
    pub elapsed: Duration,
}

/// Runs `ward ARGS` in `dir` with the root set to `dir`, killing it after
/// [`TIMEOUT`]. Standard output and error go to files, so a full pipe
/// cannot stall the child.
pub(crate) fn ward(dir: &Path, args: &[&str]) -> Run {
    ward_as(dir, args, false)
}

/// [`ward`], as an unprivileged user when `unprivileged` is set and the
/// tests run as root (as in CI), so that file permissions apply: root reads
/// a file of mode 000 anyway. `setpriv` (util-linux) drops to `nobody`.
pub(crate) fn ward_as(dir: &Path, args: &[&str], unprivileged: bool) -> Run {
    ward_run(dir, args, unprivileged, TIMEOUT)
}

/// [`ward`] with its own time limit, for the large cases: the limit only
/// says the run finished (the time is the benchmarks' to record).
pub(crate) fn ward_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    ward_run(dir, args, false, limit)
}

fn ward_run(dir: &Path, args: &[&str], unprivileged: bool, limit: Duration) -> Run {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    let start = Instant::now();
    let mut cmd = if unprivileged && is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(env!("CARGO_BIN_EXE_ward"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_ward"))
    };
    let mut child = cmd
        .args(["--root", "."])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`ward {}` did not finish in {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let mut output = String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned();
    output.push_str(&String::from_utf8_lossy(&fs::read(&err_path).unwrap()));
    Run {
        code,
        output,
        elapsed,
    }
}

/// Makes a FIFO at `path` (coreutils' `mkfifo`; the test fails without it).
pub(crate) fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// Is this process root? (`id -u` prints 0.)
pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Asserts the run ended with `code` and reported `diag`, without a panic
/// and with at most `max_output` bytes of diagnostics.
pub(crate) fn expect(run: &Run, code: i32, diag: &str, max_output: usize) {
    let shown: String = run.output.chars().take(2000).collect();
    assert!(!run.output.contains("panicked"), "ward panicked:\n{shown}");
    assert_eq!(run.code, Some(code), "exit status; output:\n{shown}");
    assert!(
        run.output.contains(diag),
        "expected {diag} in the output:\n{shown}"
    );
    assert!(
        run.output.len() <= max_output,
        "{} bytes of output (at most {max_output} expected):\n{shown}",
        run.output.len()
    );
}

pub(crate) fn dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    // Readable by the unprivileged user of [`ward_as`].
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
    d
}

pub(crate) fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_hundred_thousand_nested_blocks() {
    let d = dir();
    let n = 100_000;
    let text = format!("policy p {{\n{}{}}}\n", "a {".repeat(n), "}".repeat(n));
    write(d.path(), "p.ward", &text);
    // The human snippet shows the offending line whole; JSON has no snippet.
    expect(
        &ward(d.path(), &["check", "p.ward"]),
        1,
        "E0103",
        2 * text.len(),
    );
    let json = ward(d.path(), &["check", "--format", "json", "p.ward"]);
    expect(&json, 1, "E0103", 10_000);
}

#[test]
fn a_hundred_thousand_nested_lists() {
    let d = dir();
    let n = 100_000;
    let text = format!(
        "policy p {{\n  integrations.x.audiences = {}{}\n}}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    write(d.path(), "p.ward", &text);
    expect(
        &ward(d.path(), &["check", "p.ward"]),
        1,
        "E0103",
        2 * text.len(),
    );
    let json = ward(d.path(), &["check", "--format", "json", "p.ward"]);
    expect(&json, 1, "E0103", 10_000);
}

/// A 50 MB file is refused before it is read. It is an input problem, not
/// an I/O failure, so the status is 1 whether the file is named on the
/// command line or reached through `extends` (see docs/decisions.md).
#[test]
fn a_fifty_megabyte_file() {
    let d = dir();
    let line = format!("# {}\n", "x".repeat(1022));
    let mut text = String::from("policy big {\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    text.push_str("}\n");
    write(d.path(), "big.ward", &text);
    write(
        d.path(),
        "child.ward",
        "policy child {\n  extends \"./big.ward\"\n}\n",
    );
    let run = ward(d.path(), &["check", "big.ward"]);
    expect(&run, 1, "E0401", 10_000);
    assert!(run.output.contains("at most 16 MiB"), "{}", run.output);
    expect(
        &ward(d.path(), &["check", "child.ward"]),
        1,
        "E0401",
        10_000,
    );
    // A directory holding it is checked too, and the file is refused.
    expect(&ward(d.path(), &["check", "."]), 1, "E0401", 10_000);
}

#[test]
fn a_one_megabyte_line() {
    let d = dir();
    let long = "a".repeat(1024 * 1024);
    // As a setting name, a comment, a string and a bare word.
    write(
        d.path(),
        "name.ward",
        format!("policy p {{\n  {long} = 1\n}}\n"),
    );
    write(
        d.path(),
        "comment.ward",
        format!("policy p {{\n  session.idle_timeout = 1h # {long}\n}}\n"),
    );
    write(
        d.path(),
        "string.ward",
        format!("policy p {{\n  integrations.x.audiences = [\"{long}\"]\n}}\n"),
    );
    write(
        d.path(),
        "word.ward",
        format!("policy p {{\n  password.blocklist = {long}\n}}\n"),
    );
    for file in ["name.ward", "word.ward"] {
        let run = ward(d.path(), &["check", file]);
        assert_eq!(
            run.code,
            Some(1),
            "{file}: {}",
            &run.output[..run.output.len().min(500)]
        );
        assert!(!run.output.contains("panicked"), "{file}");
        assert!(
            run.elapsed < Duration::from_secs(10),
            "{file}: {:?}",
            run.elapsed
        );
    }
    let run = ward(d.path(), &["check", "comment.ward"]);
    assert_eq!(
        run.code,
        Some(0),
        "{}",
        &run.output[..run.output.len().min(500)]
    );
}

#[test]
fn invalid_utf8() {
    let d = dir();
    write(
        d.path(),
        "p.ward",
        b"policy p {\n  session.idle_timeout = 1h \xff\xfe\n}\n",
    );
    expect(&ward(d.path(), &["check", "p.ward"]), 1, "E0102", 10_000);
}

#[test]
fn nul_bytes() {
    let d = dir();
    write(
        d.path(),
        "p.ward",
        b"policy p {\n  session.\0idle = 1h\n\0\0\0}\n",
    );
    write(d.path(), "q.ward", b"\0\0\0\0");
    expect(&ward(d.path(), &["check", "p.ward"]), 1, "E0101", 10_000);
    expect(&ward(d.path(), &["check", "q.ward"]), 1, "E0101", 10_000);
}

#[test]
fn integers_of_forty_digits() {
    let d = dir();
    let big = "9".repeat(40);
    write(
        d.path(),
        "p.ward",
        format!(
            "policy p {{\n  password.min_length = {big}\n  session.idle_timeout = {big}h\n  \
             lockout.threshold <= {big}\n}}\n"
        ),
    );
    expect(&ward(d.path(), &["check", "p.ward"]), 1, "E0211", 10_000);
}

/// 100,000 statements for one setting: the repeats are reported, but
/// output stays small and the run fast.
#[test]
fn a_hundred_thousand_statements_for_one_setting() {
    let d = dir();
    let mut text = String::from("policy p {\n");
    for i in 0..100_000 {
        text.push_str(&format!("  password.min_length = {}\n", 12 + i % 50));
    }
    text.push_str("}\n");
    write(d.path(), "p.ward", text);
    let run = ward(d.path(), &["check", "p.ward"]);
    expect(&run, 1, "E0213", 50_000);
    assert!(run.output.contains("more"), "{}", run.output);
    let json = ward(d.path(), &["check", "--format", "json", "p.ward"]);
    expect(&json, 1, "E0213", 100_000);
}

#[test]
fn extends_cycles_of_length_one_to_fifty() {
    let d = dir();
    for len in 1..=50usize {
        let sub = d.path().join(format!("c{len}"));
        for i in 0..len {
            write(
                &sub,
                &format!("p{i}.ward"),
                format!(
                    "policy p{i} {{\n  extends \"./p{}.ward\"\n}}\n",
                    (i + 1) % len
                ),
            );
        }
        let run = ward(d.path(), &["check", &format!("c{len}")]);
        expect(&run, 1, "E0402", 20_000 + 400 * len * len);
    }
}

#[test]
fn a_thousand_deep_extends_chain() {
    let d = dir();
    for i in 0..1000 {
        let parent = if i + 1 < 1000 {
            format!("  extends \"./p{}.ward\"\n", i + 1)
        } else {
            String::new()
        };
        write(
            d.path(),
            &format!("p{i}.ward"),
            format!("policy p{i} {{\n{parent}}}\n"),
        );
    }
    expect(&ward(d.path(), &["check", "p0.ward"]), 1, "E0407", 10_000);
    // Every file of the chain as an entry.
    let run = ward(d.path(), &["check", "."]);
    expect(&run, 1, "E0407", 2_000_000);
}

#[test]
fn extends_through_a_symlink_that_leaves_the_root() {
    let d = dir();
    let root = d.path().join("root");
    write(d.path(), "outside.ward", "policy outside {}\n");
    write(
        &root,
        "p.ward",
        "policy p {\n  extends \"./link.ward\"\n}\n",
    );
    std::os::unix::fs::symlink(d.path().join("outside.ward"), root.join("link.ward")).unwrap();
    let run = ward(&root, &["check", "p.ward"]);
    expect(&run, 1, "E0403", 10_000);
}

#[test]
fn dot_dot_traversal() {
    let d = dir();
    let root = d.path().join("root");
    write(d.path(), "outside.ward", "policy outside {}\n");
    write(
        &root,
        "a/p.ward",
        "policy p {\n  extends \"../../outside.ward\", \"../../../../../../../../etc/passwd\", \"./../a/../../outside.ward\"\n}\n",
    );
    expect(&ward(&root, &["check", "a/p.ward"]), 1, "E0403", 10_000);
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let d = dir();
    fs::create_dir_all(d.path().join("dir.ward")).unwrap();
    write(
        d.path(),
        "p.ward",
        "policy p {\n  extends \"./dir.ward\"\n}\n",
    );
    expect(&ward(d.path(), &["check", "p.ward"]), 1, "E0401", 10_000);
    // `build` takes one file; a directory cannot be built.
    expect(&ward(d.path(), &["build", "dir.ward"]), 2, "E0802", 10_000);
}

#[test]
fn a_fifo_where_a_file_is_expected() {
    let d = dir();
    mkfifo(&d.path().join("fifo.ward"));
    write(
        d.path(),
        "p.ward",
        "policy p {\n  extends \"./fifo.ward\"\n}\n",
    );
    // Nothing ever writes to the FIFO: reading it would hang.
    expect(&ward(d.path(), &["check", "p.ward"]), 1, "E0401", 10_000);
    expect(&ward(d.path(), &["check", "fifo.ward"]), 2, "E0802", 10_000);
    // A directory walk skips it.
    expect(&ward(d.path(), &["check", "."]), 1, "E0401", 10_000);
}

/// Mode 000, read as an unprivileged user (see [`ward_as`]): through
/// `extends` an input problem (1), on the command line or found in a
/// directory the command cannot run (2).
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let secret = write(d.path(), "secret.ward", "policy secret {}\n");
    write(
        d.path(),
        "p.ward",
        "policy p {\n  extends \"./secret.ward\"\n}\n",
    );
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let run = ward_as(d.path(), &["check", "p.ward"], true);
    expect(&run, 1, "E0401", 10_000);
    assert!(run.output.contains("permission denied"), "{}", run.output);
    let run = ward_as(d.path(), &["check", "secret.ward"], true);
    expect(&run, 2, "E0802", 10_000);
    expect(
        &ward_as(d.path(), &["check", "."], true),
        2,
        "E0802",
        10_000,
    );
    expect(&ward_as(d.path(), &["fmt", "."], true), 2, "E0802", 10_000);
    expect(
        &ward_as(d.path(), &["fmt", "--check", "secret.ward"], true),
        2,
        "E0802",
        10_000,
    );
}

#[test]
fn a_missing_file_on_the_command_line() {
    let d = dir();
    let code = codes::CANNOT_READ_PATH.as_str();
    expect(&ward(d.path(), &["check", "nope.ward"]), 2, code, 10_000);
    expect(&ward(d.path(), &["build", "nope.ward"]), 2, code, 10_000);
    expect(&ward(d.path(), &["fmt", "nope.ward"]), 2, code, 10_000);
    expect(&ward(d.path(), &["explain", "nope.ward"]), 2, code, 10_000);
    expect(
        &ward(d.path(), &["diff", "nope.ward", "nope.ward"]),
        2,
        code,
        10_000,
    );
}

/// An `-o` in a directory that does not exist.
#[test]
fn an_output_that_cannot_be_written() {
    let d = dir();
    write(d.path(), "p.ward", "policy p {}\n");
    let run = ward(d.path(), &["build", "p.ward", "-o", "no/such/dir/p.json"]);
    expect(&run, 2, codes::CANNOT_WRITE.as_str(), 10_000);
}
