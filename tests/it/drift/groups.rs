//! A group's exports as a directory: `--from GROUP=DIR` reads each
//! member's file (by its output file name), a member whose file is missing
//! stops the command, and a file is refused for a group.

use super::{code, codes, diags, text, tree, ward};

/// Two file-based services and a group of both, described by the user.
const PAM: &str = r#"name = "box-pam"
title = "Box PAM"

[output]
format = "key_value"
file = "pwquality.conf"

[[settings]]
setting = "password.min_length"
field = "minlen"
default = 8
"#;

const LOGIN: &str = r#"name = "box-login"
title = "Box login"

[output]
format = "login_defs"
file = "login.defs"

[[settings]]
setting = "password.max_age"
field = "PASS_MAX_DAYS"
unit = "days"
keywords = { never = 99999 }
default = "never"
"#;

const GROUP: &str = r#"name = "box"
title = "Box"
members = ["box-pam", "box-login"]
"#;

const POLICY: &str = "policy box {
  targets box
  password.min_length = 14
  password.max_age    = 90d
}
";

const TARGET_FILES: [&str; 6] = [
    "--target-file",
    "pam.toml",
    "--target-file",
    "login.toml",
    "--target-file",
    "box.toml",
];

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = TARGET_FILES.to_vec();
    all.extend(args);
    ward(dir, &all)
}

#[test]
fn a_group_takes_the_directory_that_holds_its_members_files() {
    let dir = tree(&[
        ("pam.toml", PAM),
        ("login.toml", LOGIN),
        ("box.toml", GROUP),
        ("box.ward", POLICY),
        ("etc/motd", "not an export\n"),
    ]);
    let d = dir.path();
    // What a build writes for the group is in sync with the policy.
    let o = run(
        d,
        &["build", "box.ward", "--target", "box", "--out-dir", "etc"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let drift = |args: &[&str]| {
        let mut all = vec!["drift", "box.ward", "--format", "json"];
        all.extend(args);
        run(d, &all)
    };
    let o = drift(&["--from", "box=etc"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(diags(&o).is_empty(), "{}", text(&o));

    // Each member's file is compared, and each finding names its file.
    std::fs::write(d.join("etc/pwquality.conf"), "minlen = 9\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(d.join("etc/login.defs"), "PASS_MAX_DAYS\t99999\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let o = drift(&["--from", "box=etc"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0702", "E0702"], "{}", text(&o));
    let mut files: Vec<&str> = ds
        .iter()
        .filter_map(|d| d["labels"][0]["file"].as_str())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["etc/login.defs", "etc/pwquality.conf"],
        "{}",
        text(&o)
    );
    let lines: Vec<u64> = ds.iter().filter_map(|d| d["line"].as_u64()).collect();
    assert_eq!(lines, [3, 4], "at the policy lines: {}", text(&o));

    // One member's file given for the whole group is refused: a group
    // takes a directory.
    let o = drift(&["--from", "box=etc/login.defs"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert_eq!(codes(&diags(&o)), ["E0801"], "{}", text(&o));

    // A member with no file in the directory stops the command rather
    // than passing unchecked.
    std::fs::remove_file(d.join("etc/login.defs")).unwrap_or_else(|e| panic!("{e}"));
    let o = drift(&["--from", "box=etc"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    let ds = diags(&o);
    assert_eq!(codes(&ds), ["E0802"], "{}", text(&o));
    let message = ds[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("`box-login`") && message.contains("`login.defs`"),
        "{message}"
    );
    // The member still present is read on its own.
    let o = drift(&["--from", "box-pam=etc/pwquality.conf"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert_eq!(codes(&diags(&o)), ["E0702"], "{}", text(&o));
}
