//! The exit-status table of `docs/reliability.md`, walked.
//!
//! Each row of the table names a case; here each case is set up and run
//! through the binary in every command the row names, and must end with
//! the row's status and code. A row without a case, or a case without a
//! row, fails: the table and the binary cannot drift apart.

use super::hostile::{dir, expect, mkfifo, ward, ward_as, write};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const OK: &str = "policy p {\n  session.idle_timeout = 15m\n}\n";
const WARNS: &str = "policy p {\n  session.idle_timeout = 15m\n  password.min_length >= 8\n}\n";

/// The rows of the table: case, status, codes (`—` for none).
fn table() -> BTreeMap<String, (i32, Vec<String>)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reliability.md"))
        .unwrap();
    let section = doc
        .split("\n## Exit status\n")
        .nth(1)
        .expect("docs/reliability.md has an `## Exit status` section");
    let mut rows = BTreeMap::new();
    for line in section.lines().take_while(|l| !l.starts_with("## ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `case` | failure | status | codes | held by |
        let Some(case) = cells
            .get(1)
            .and_then(|c| c.strip_prefix('`')?.strip_suffix('`'))
        else {
            continue;
        };
        let status: i32 = cells[3]
            .parse()
            .unwrap_or_else(|_| panic!("status of {case}"));
        let codes = cells[4]
            .split(',')
            .map(|c| c.trim().trim_matches('`').to_string())
            .filter(|c| c != "—")
            .collect();
        assert!(
            rows.insert(case.to_string(), (status, codes)).is_none(),
            "{case} twice"
        );
    }
    rows
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

fn too_large() -> String {
    let mut s = String::from("policy big {\n");
    while s.len() <= 17 * 1024 * 1024 {
        s.push_str(&format!("  # {}\n", "x".repeat(1000)));
    }
    s.push_str("}\n");
    s
}

/// Sets up `case` in `d` and gives the command lines that must end with
/// its status (run unprivileged when the flag is set).
fn case(case: &str, d: &Path) -> Vec<(Vec<&'static str>, bool)> {
    let plain = |cmds: &[&[&'static str]]| cmds.iter().map(|c| (c.to_vec(), false)).collect();
    match case {
        "ok" => {
            write(d, "p.ward", OK);
            write(d, "w.ward", WARNS);
            plain(&[
                &["check", "p.ward", "w.ward"],
                &["build", "p.ward"],
                &["fmt", "--check", "p.ward"],
                &["explain", "p.ward"],
            ])
        }
        "denied-warning" => {
            write(d, "w.ward", WARNS);
            plain(&[&["--deny-warnings", "check", "w.ward"]])
        }
        "syntax-error" => {
            write(
                d,
                "p.ward",
                "policy p {\n  session.idle_timeout = = 15m\n}\n",
            );
            plain(&[
                &["check", "p.ward"],
                &["build", "p.ward"],
                &["explain", "p.ward"],
                &["fmt", "p.ward"],
                &["fmt", "--check", "p.ward"],
            ])
        }
        "invalid-value" => {
            write(
                d,
                "p.ward",
                "policy p {\n  session.idle_timeout = 15 hrs\n}\n",
            );
            plain(&[
                &["check", "p.ward"],
                &["build", "p.ward"],
                &["explain", "p.ward"],
            ])
        }
        "too-large" => {
            write(d, "big.ward", too_large());
            write(d, "p.ward", OK);
            git(d, &["init", "-q"]);
            git(d, &["add", "."]);
            git(d, &["commit", "-q", "-m", "x"]);
            plain(&[
                &["check", "big.ward"],
                &["fmt", "big.ward"],
                &["diff", "HEAD:big.ward", "p.ward"],
            ])
        }
        "bad-parent" => {
            write(d, "a.ward", "policy a {\n  extends \"./missing.ward\"\n}\n");
            write(
                d,
                "b.ward",
                "policy b {\n  extends \"../outside.ward\"\n}\n",
            );
            plain(&[
                &["check", "a.ward"],
                &["build", "a.ward"],
                &["check", "b.ward"],
            ])
        }
        "unformatted" => {
            write(
                d,
                "p.ward",
                "policy p {\nsession.idle_timeout    = 15m\n}\n",
            );
            plain(&[&["fmt", "--check", "p.ward"]])
        }
        "looser" => {
            write(d, "old.ward", OK);
            write(
                d,
                "new.ward",
                "policy p {\n  session.idle_timeout = 8h\n}\n",
            );
            plain(&[&["diff", "old.ward", "new.ward"]])
        }
        "missing-path" => plain(&[
            &["check", "nope.ward"],
            &["build", "nope.ward"],
            &["fmt", "nope.ward"],
            &["explain", "nope.ward"],
        ]),
        "unreadable-path" => {
            use std::os::unix::fs::PermissionsExt;
            let f = write(d, "secret.ward", OK);
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
            mkfifo(&d.join("fifo.ward"));
            vec![
                (vec!["check", "secret.ward"], true),
                (vec!["fmt", "secret.ward"], true),
                (vec!["check", "fifo.ward"], false),
                (vec!["fmt", "fifo.ward"], false),
            ]
        }
        "unlistable-dir" => {
            use std::os::unix::fs::PermissionsExt;
            write(d, "team/p.ward", OK);
            let team = d.join("team");
            std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o000)).unwrap();
            vec![(vec!["check", "."], true), (vec!["fmt", "."], true)]
        }
        "special-ignore-file" => {
            write(d, "p.ward", OK);
            std::os::unix::fs::symlink("/dev/zero", d.join(".gitignore")).unwrap();
            plain(&[&["check", "."], &["fmt", "--check", "."]])
        }
        "not-a-policy" => {
            write(d, "notes.txt", "not a policy\n");
            plain(&[&["fmt", "notes.txt"], &["fmt", "--check", "notes.txt"]])
        }
        "bad-descriptor" => {
            write(d, "p.ward", OK);
            write(d, "bad.toml", "name = \"svc\"\ntitle = 3\n");
            plain(&[
                &["--target-file", "bad.toml", "check", "p.ward"],
                &["--target-file", "bad.toml", "build", "p.ward"],
                &["--target-file", "bad.toml", "schema", "target", "svc"],
            ])
        }
        "unknown-target" => {
            write(d, "p.ward", OK);
            plain(&[&["build", "p.ward", "--target", "nope"]])
        }
        "bad-arguments" => plain(&[&["check", "--no-such-flag"], &["no-such-command"]]),
        "unwritable-output" => {
            write(d, "p.ward", OK);
            plain(&[&["build", "p.ward", "-o", "no/such/dir/p.json"]])
        }
        "refused-output" => {
            write(d, "p.ward", OK);
            std::fs::create_dir(d.join("out")).unwrap();
            plain(&[
                &["build", "p.ward", "-o", "p.ward"],
                &["build", "p.ward", "-o", "out"],
            ])
        }
        other => {
            panic!("docs/reliability.md names the case `{other}`, which this test does not know")
        }
    }
}

const CASES: &[&str] = &[
    "ok",
    "denied-warning",
    "syntax-error",
    "invalid-value",
    "too-large",
    "bad-parent",
    "unformatted",
    "looser",
    "missing-path",
    "unreadable-path",
    "unlistable-dir",
    "special-ignore-file",
    "not-a-policy",
    "bad-descriptor",
    "unknown-target",
    "bad-arguments",
    "unwritable-output",
    "refused-output",
];

#[test]
fn every_row_of_the_exit_status_table() {
    let rows = table();
    let known: Vec<&str> = rows.keys().map(String::as_str).collect();
    let mut cases = CASES.to_vec();
    cases.sort_unstable();
    assert_eq!(known, cases, "the table's cases and this test's");
    for (name, (status, codes)) in &rows {
        let d = dir();
        for (args, unprivileged) in case(name, d.path()) {
            let run = ward_as(d.path(), &args, unprivileged);
            let code = codes.iter().find(|c| run.output.contains(c.as_str()));
            expect(&run, *status, code.map_or("", String::as_str), 200_000);
            assert!(
                codes.is_empty() || code.is_some(),
                "`{name}`: ward {args:?} gave none of {codes:?}:\n{}",
                run.output
            );
        }
        restore(d.path());
    }
}

/// Gives the temporary directory back its permissions, so it is removed.
fn restore(d: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let team = d.join("team");
    if team.exists() {
        std::fs::set_permissions(team, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A value outside its setting's domain is an error; the bound on that
/// setting is not also "never set" (W0303): the value ward could not read
/// may be the one that sets it.
#[test]
fn no_never_set_after_a_value_that_could_not_be_read() {
    let d = dir();
    write(
        d.path(),
        "p.ward",
        "policy p {\n  lockout.threshold <= 10\n  lockout.threshold = 8 hrs\n}\n",
    );
    write(
        d.path(),
        "child.ward",
        "policy child {\n  extends \"./p.ward\"\n}\n",
    );
    for f in ["p.ward", "child.ward"] {
        let run = ward(d.path(), &["check", f]);
        expect(&run, 1, "E0208", 10_000);
        assert!(!run.output.contains("W0303"), "{f}: {}", run.output);
    }
    // Read without error, the bound on an unset setting is still reported.
    write(
        d.path(),
        "q.ward",
        "policy q {\n  lockout.threshold <= 10\n}\n",
    );
    expect(&ward(d.path(), &["check", "q.ward"]), 0, "W0303", 10_000);
}
