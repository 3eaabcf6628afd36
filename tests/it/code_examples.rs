//! Each page of `docs/codes/` shows an example; here every example is run
//! through the binary and must report the page's code, as rustc's error
//! index checks its examples.
//!
//! An example is the first ```` ```ward ```` block under `## Example`:
//!
//! - one policy, checked as `example.ward`;
//! - several files, each after a `# NAME` line (`# main.ward`,
//!   `# x.toml (a target descriptor)`): the first policy is the entry, a
//!   `ward.toml` is the project file at the root, any other `.toml` is a
//!   `--target-file`;
//! - or a command line, `# ward ARGS` on the first line, run on the policy
//!   that follows (named as the command names it); a comment `# NAME: TEXT`
//!   after it, NAME a `.json` or `.toml` file, is that file holding TEXT
//!   (a service's export for `ward drift`).
//!
//! A few examples cannot be run as written (bytes that are not UTF-8, a chain
//! of 65 files shown elided, a directory without permissions, a full disk);
//! [`NOT_RUNNABLE`] lists them with the reason, and their fixtures or tests
//! elsewhere hold the code (`tests/it/codes.rs` checks one exists).

use std::path::Path;
use std::process::Command;
use ward::diag::codes::ALL;

/// Pages whose example cannot be run as written, and why.
const NOT_RUNNABLE: &[(&str, &str)] = &[
    (
        "E0102",
        "the example describes a byte that is not UTF-8; Markdown holds text",
    ),
    ("E0103", "65 nested blocks are shown elided"),
    ("E0407", "a chain of 65 files is shown elided"),
    ("E0802", "needs a directory without read permission"),
    ("E0803", "needs an output device that is full"),
];

/// The files of an example and the command to run in their directory.
struct Example {
    files: Vec<(String, String)>,
    args: Vec<String>,
}

fn example_block(page: &str) -> Option<&str> {
    let ex = page.split("## Example").nth(1)?.split("\n## ").next()?;
    let start = ex.find("```ward\n")? + "```ward\n".len();
    let len = ex[start..].find("```")?;
    Some(&ex[start..start + len])
}

/// `# NAME` where NAME is a file an example holds.
fn file_header(line: &str) -> Option<&str> {
    let name = line.strip_prefix("# ")?.split_whitespace().next()?;
    [".ward", ".toml", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
        .then_some(name)
}

fn parse(block: &str) -> Example {
    let first = block.lines().next().unwrap_or("");
    if let Some(cmd) = first.strip_prefix("# ward ") {
        let args: Vec<String> = cmd
            .split_whitespace()
            .take_while(|a| !a.starts_with('(') && !a.starts_with('>'))
            .map(str::to_string)
            .collect();
        let name = args
            .iter()
            .find(|a| a.ends_with(".ward"))
            .cloned()
            .unwrap_or_else(|| "example.ward".to_string());
        let body = block.split_once('\n').map(|(_, b)| b).unwrap_or("");
        let mut files = vec![(name, body.to_string())];
        for line in body.lines() {
            let Some((file, text)) = line.strip_prefix("# ").and_then(|l| l.split_once(": "))
            else {
                continue;
            };
            if file.ends_with(".json") || file.ends_with(".toml") {
                files.push((file.to_string(), format!("{text}\n")));
            }
        }
        return Example { files, args };
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        match file_header(line) {
            Some(name) => files.push((name.to_string(), String::new())),
            None => match files.last_mut() {
                Some((_, text)) => {
                    text.push_str(line);
                    text.push('\n');
                }
                None => files.push(("example.ward".to_string(), format!("{line}\n"))),
            },
        }
    }
    let policy =
        |n: &str| n.ends_with(".ward") || n.ends_with(".ward.toml") || n.ends_with(".ward.json");
    let mut args = vec![
        "check".to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    for (name, _) in &files {
        if !policy(name) && name.ends_with(".toml") && name != "ward.toml" {
            args.push("--target-file".to_string());
            args.push(name.clone());
        }
    }
    if let Some((entry, _)) = files.iter().find(|(n, _)| policy(n)) {
        args.push(entry.clone());
    }
    Example { files, args }
}

/// The output of running `ex` in a fresh git work tree.
fn run(ex: &Example) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir(dir.path().join(".git")).ok();
    for (name, text) in &ex.files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(&ex.args)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_page_example_reports_its_code() {
    let mut problems = Vec::new();
    for info in ALL {
        let code = info.code.as_str();
        if NOT_RUNNABLE.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let Some(block) = example_block(info.explanation) else {
            problems.push(format!("{code}: no ```ward example"));
            continue;
        };
        let ex = parse(block);
        let out = run(&ex);
        let reported = match serde_json::from_str::<serde_json::Value>(&out) {
            Ok(doc) => doc["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|d| d["code"] == code),
            Err(_) => out.contains(code),
        };
        if !reported {
            problems.push(format!(
                "{code}: `ward {}` on docs/codes/{code}.md's example does not report it:\n{out}",
                ex.args.join(" ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn examples_that_cannot_run_name_real_codes() {
    for (code, why) in NOT_RUNNABLE {
        assert!(
            ALL.iter().any(|i| i.code.as_str() == *code),
            "{code} ({why}) is not in the table"
        );
        assert!(Path::new("docs/codes").join(format!("{code}.md")).exists());
    }
}

/// The message a page shows (`error[CODE]: MESSAGE`) is what ward says for
/// its example, for the pages whose example's facts come from a target
/// descriptor that changes (Keycloak 26's idle timeout has no grace).
#[test]
fn the_drift_page_shows_the_message_ward_gives_its_example() {
    let code = "E0702";
    let info = ALL
        .iter()
        .find(|i| i.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code}"));
    let block = example_block(info.explanation).unwrap_or_else(|| panic!("{code}: no example"));
    let shown = info
        .explanation
        .lines()
        .find_map(|l| l.strip_prefix(&format!("error[{code}]: ")))
        .unwrap_or_else(|| panic!("{code}: the page shows no `error[{code}]:` line"));
    let mut ex = parse(block);
    ex.args.extend(["--format".to_string(), "json".to_string()]);
    let out = run(&ex);
    let doc: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(&shown),
        "docs/codes/{code}.md shows `{shown}`; ward says {messages:?}"
    );
}
