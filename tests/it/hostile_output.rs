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

/// A 115 KB minified `.ward.json` with an error late in its one line made
/// the human form panic inside miette (a label past column 65,535). Long
/// lines are cut around the span, and the header keeps the real column.
#[test]
fn an_error_late_in_a_long_minified_line() {
    let d = dir();
    let mut json = String::from("{\"policy\":\"p\",\"integrations\":{");
    let mut i = 0;
    while json.len() < 115_000 {
        json.push_str(&format!("\"i{i}\":{{\"cache_ttl\":\"1h\"}},"));
        i += 1;
    }
    json.push_str("\"late\":{\"cache_ttl\":\"8 hrs\"}}}");
    write(d.path(), "p.ward.json", &json);
    let col = json.find("hrs").unwrap() + 1;
    for style in [None, Some("1")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
        cmd.args(["check", "p.ward.json"]).current_dir(d.path());
        if let Some(v) = style {
            cmd.env("NO_GRAPHICS", v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        assert!(text.contains("E0203"), "{text}");
        assert!(text.contains(&format!(":1:{col}")), "column {col}: {text}");
        assert!(text.len() < 4_000, "{} bytes:\n{text}", text.len());
    }
}

/// An `extends` line naming 5,000 missing files: each label far past column
/// 65,535, 5,000 diagnostics (capped per code) and no panic.
#[test]
fn an_extends_line_naming_five_thousand_files() {
    let d = dir();
    let names: Vec<String> = (0..5000)
        .map(|i| format!("\"./missing-{i}.ward\""))
        .collect();
    write(
        d.path(),
        "p.ward",
        format!("policy p {{\n  extends {}\n}}\n", names.join(", ")),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["--root", ".", "check", "p.ward"])
        .current_dir(d.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(text.contains("E0401"));
    assert!(text.len() < 200_000, "{} bytes", text.len());
}

/// A 4 MB one-line file with fifteen kinds of error wrote 3 GB (every
/// diagnostic printed the whole line) in 42 s. Each report shows a window
/// of the line; the total is capped.
#[test]
fn a_four_megabyte_line_with_many_errors() {
    let d = dir();
    let mut line = String::from("policy p { ");
    let bad = [
        "session.idle_timout = 1h",
        "session.idle_timeout = 8 hrs",
        "session.idle_timeout = 3 months",
        "session.idle_timeout = 1.5h",
        "session.idle_timeout = 60",
        "session.idle_timeout = 1m1h",
        "password.min_length = yes",
        "password.blocklist = nope",
        "password.min_length = 99999999999999999999999",
        "lockout.threshold = 0",
        "session = 1h",
        "password.min_length >= 30",
        "password.min_length = 12",
        "allow E0201",
        "nonsense here",
    ];
    let mut i = 0;
    while line.len() < 4 * 1024 * 1024 {
        line.push_str(bad[i % bad.len()]);
        line.push_str("; ");
        line.push_str(&"x".repeat(0));
        i += 1;
    }
    line.push_str("}\n");
    write(d.path(), "p.ward", &line);
    let run = super::hostile::ward(d.path(), &["check", "p.ward"]);
    assert_eq!(
        run.code,
        Some(1),
        "{}",
        &run.output[..run.output.len().min(2000)]
    );
    assert!(!run.output.contains("panicked"));
    assert!(
        run.output.len() < 2 * 1024 * 1024,
        "{} bytes of output",
        run.output.len()
    );
}

/// Human output stops after 1 MiB and says how much was left out.
#[test]
fn human_output_is_capped_with_a_count_of_the_rest() {
    let d = dir();
    // 400 files with 50 long-line errors each.
    for f in 0..400 {
        let mut text = String::from("policy p {\n");
        for i in 0..50 {
            text.push_str(&format!(
                "  session.idle_timout{i} = 1h # {}\n",
                "x".repeat(200)
            ));
        }
        text.push_str("}\n");
        write(d.path(), &format!("p{f}.ward"), text);
    }
    let run = super::hostile::ward(d.path(), &["check", "."]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.output.len() < 1024 * 1024 + 64 * 1024,
        "{}",
        run.output.len()
    );
    assert!(
        run.output.contains("more not shown"),
        "{}",
        &run.output[run.output.len() - 500..]
    );
    assert!(
        run.output.contains("20000 errors in 400 files"),
        "{}",
        &run.output[run.output.len() - 500..]
    );
}

/// `because "\u{1b}]0;pwned\u{7}"` retitled the terminal of whoever read
/// the diagnostics, and string names and raw ESC bytes came through too.
/// Control characters are escaped in every human and GitHub output.
#[test]
fn control_characters_never_reach_the_terminal() {
    let d = dir();
    write(
        d.path(),
        "p.ward",
        "policy \"x\\u{1b}[31mred\" {\n  session.idle_timeout <= 1h because \"\\u{1b}]0;pwned\\u{7}\"\n  session.idle_timeout = 2h # raw \u{1b}[2J here\n}\n",
    );
    for args in [
        &["check", "p.ward"][..],
        &["--error-format", "github", "check", "p.ward"][..],
        &["build", "p.ward"][..],
        &["explain", "p.ward"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(args)
            .current_dir(d.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.contains(&0x1b),
            "ward {args:?}: {}",
            String::from_utf8_lossy(&all)
        );
        assert!(!all.contains(&0x07), "ward {args:?}");
    }
    // With colour on, only ward's own escape sequences (SGR) appear.
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["check", "p.ward"])
        .current_dir(d.path())
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("\u{1b}]") && !text.contains("\u{1b}[2J"),
        "{text}"
    );
}

/// Lone CR line endings: line 1, column 60 in JSON and `3:60` in human
/// output disagreed. CR, LF and CRLF each end a line in every form.
#[test]
fn every_form_counts_lines_the_same_way() {
    let d = dir();
    for (name, nl) in [("cr.ward", "\r"), ("lf.ward", "\n"), ("crlf.ward", "\r\n")] {
        write(
            d.path(),
            name,
            format!("policy p {{{nl}  session.idle_timeout = 1h{nl}  session.idle_timout = 1h{nl}}}{nl}"),
        );
        let json = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(["check", "--format", "json", name])
            .current_dir(d.path())
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let diag = &doc["diagnostics"][0];
        assert_eq!(
            (diag["line"].as_u64(), diag["column"].as_u64()),
            (Some(3), Some(11)),
            "{name}"
        );
        let human = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(["check", name])
            .current_dir(d.path())
            .env("NO_GRAPHICS", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&human.stdout);
        assert!(text.contains(&format!("{name}:3:11")), "{name}: {text}");
        let gh = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(["--error-format", "github", "check", name])
            .current_dir(d.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&gh.stdout);
        assert!(text.contains("line=3,col=11"), "{name}: {text}");
        let sarif = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(["--error-format", "sarif", "check", name])
            .current_dir(d.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&sarif.stdout);
        assert!(text.contains("\"startLine\": 3"), "{name}: {text}");
    }
}

/// A byte-order mark was accepted in `.ward` and `.ward.toml` but was E0101
/// in `.ward.json`.
#[test]
fn a_byte_order_mark_in_every_form() {
    let d = dir();
    write(
        d.path(),
        "a.ward",
        "\u{feff}policy a {\n  session.idle_timeout = 1h\n}\n",
    );
    write(
        d.path(),
        "b.ward.toml",
        "\u{feff}policy = \"b\"\n[session]\nidle_timeout = \"1h\"\n",
    );
    write(
        d.path(),
        "c.ward.json",
        "\u{feff}{\"policy\": \"c\", \"session\": {\"idle_timeout\": \"1h\"}}\n",
    );
    for f in ["a.ward", "b.ward.toml", "c.ward.json"] {
        let out = Command::new(env!("CARGO_BIN_EXE_ward"))
            .args(["check", f])
            .current_dir(d.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
