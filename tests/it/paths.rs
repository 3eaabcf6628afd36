//! File names in every output form (contract section 9): human and JSON
//! output relative to the current directory, also from a subdirectory;
//! GitHub annotations and SARIF relative to the git work tree holding each
//! file, or `GITHUB_WORKSPACE`, whatever `--root` and the current directory
//! are.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ward(dir: &Path, args: &[&str], workspace: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE");
    if let Some(w) = workspace {
        cmd.env("GITHUB_WORKSPACE", w);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `top/repo` (a git work tree) with a baseline whose bound a team file in
/// `teams/` breaks, so diagnostics name both files; `top/other` is a second
/// work tree.
fn repos() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let top = std::fs::canonicalize(d.path()).unwrap_or_else(|e| panic!("{e}"));
    let files = [
        (
            "repo/baseline.ward",
            "policy baseline {\n  session.idle_timeout <= 12h\n}\n",
        ),
        (
            "repo/teams/a.ward",
            "policy a {\n  extends \"../baseline.ward\"\n  session.idle_timeout = 20h\n}\n",
        ),
        (
            "other/b.ward",
            "policy b {\n  session.idle_timeout = 10m\n  session.idle_timeout >= 1h\n}\n",
        ),
    ];
    for (name, text) in files {
        let path = top.join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(&top)).ok();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    std::fs::create_dir_all(top.join("repo/.git")).ok();
    std::fs::create_dir_all(top.join("other/.git")).ok();
    std::fs::create_dir_all(top.join("repo/teams/sub")).ok();
    (d, top)
}

/// The primary file of each diagnostic and the files of its labels.
fn json_files(o: &Output) -> Vec<String> {
    let doc: Value = serde_json::from_str(&out(o)).unwrap_or_else(|e| panic!("{e}: {}", out(o)));
    let mut files = Vec::new();
    for d in doc["diagnostics"].as_array().into_iter().flatten() {
        files.extend(d["file"].as_str().map(str::to_string));
        for l in d["labels"].as_array().into_iter().flatten() {
            files.extend(l["file"].as_str().map(str::to_string));
        }
    }
    files
}

fn sarif_uris(o: &Output) -> Vec<String> {
    let log: Value = serde_json::from_str(&out(o)).unwrap_or_else(|e| panic!("{e}: {}", out(o)));
    let mut uris = Vec::new();
    for r in log["runs"][0]["results"].as_array().into_iter().flatten() {
        for loc in r["locations"]
            .as_array()
            .into_iter()
            .chain(r["relatedLocations"].as_array())
            .flatten()
        {
            uris.extend(
                loc["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .map(str::to_string),
            );
        }
    }
    uris
}

#[test]
fn human_and_json_are_relative_to_the_current_directory() {
    let (_d, top) = repos();
    let teams = top.join("repo/teams");
    let o = ward(&teams, &["check", "a.ward", "--format", "json"], None);
    assert_eq!(
        json_files(&o),
        ["a.ward", "../baseline.ward"],
        "{}",
        out(&o)
    );
    let o = ward(
        &teams.join("sub"),
        &["check", "../a.ward", "--format", "json"],
        None,
    );
    assert_eq!(
        json_files(&o),
        ["../a.ward", "../../baseline.ward"],
        "{}",
        out(&o)
    );
    let o = ward(&teams.join("sub"), &["check", "../a.ward"], None);
    assert!(out(&o).contains("../a.ward:3:26"), "{}", out(&o));
    assert!(out(&o).contains("../../baseline.ward:2:"), "{}", out(&o));
    assert!(
        !out(&o).contains(top.to_string_lossy().as_ref()),
        "{}",
        out(&o)
    );
    // From above both repositories.
    let o = ward(
        &top,
        &[
            "check",
            "repo/teams/a.ward",
            "other/b.ward",
            "--format",
            "json",
        ],
        None,
    );
    let files = json_files(&o);
    assert!(files.contains(&"other/b.ward".to_string()), "{files:?}");
    assert!(
        files.contains(&"repo/baseline.ward".to_string()),
        "{files:?}"
    );
}

#[test]
fn github_and_sarif_are_relative_to_each_work_tree() {
    let (_d, top) = repos();
    let want_github = "::error file=teams/a.ward,line=3,";
    let runs: [(PathBuf, Vec<&str>); 4] = [
        (top.join("repo/teams"), vec!["check", "a.ward"]),
        (top.join("repo/teams/sub"), vec!["check", "../a.ward"]),
        (top.clone(), vec!["check", "repo/teams/a.ward"]),
        (
            top.join("repo"),
            vec!["--root", "teams/..", "check", "teams/a.ward"],
        ),
    ];
    for (dir, args) in &runs {
        let mut github = args.clone();
        github.extend(["--format", "github"]);
        let o = ward(dir, &github, None);
        let text = out(&o);
        assert!(text.contains(want_github), "{args:?} in {dir:?}:\n{text}");
        assert!(text.contains("%0Abaseline.ward:2:"), "{args:?}:\n{text}");
        let mut sarif = args.clone();
        sarif.extend(["--format", "sarif"]);
        let uris = sarif_uris(&ward(dir, &sarif, None));
        assert_eq!(
            uris,
            ["teams/a.ward", "baseline.ward"],
            "{args:?} in {dir:?}"
        );
    }
    // Two work trees in one run: each file relative to its own.
    let o = ward(
        &top,
        &[
            "check",
            "repo/teams/a.ward",
            "other/b.ward",
            "--format",
            "sarif",
        ],
        None,
    );
    let uris = sarif_uris(&o);
    assert!(uris.contains(&"b.ward".to_string()), "{uris:?}");
    assert!(uris.contains(&"teams/a.ward".to_string()), "{uris:?}");
    // GITHUB_WORKSPACE wins when it holds the file.
    let o = ward(
        &top.join("repo/teams"),
        &["check", "a.ward", "--format", "github"],
        Some(&top),
    );
    assert!(
        out(&o).contains("::error file=repo/teams/a.ward,"),
        "{}",
        out(&o)
    );
    let uris = sarif_uris(&ward(
        &top.join("repo/teams"),
        &["check", "a.ward", "--format", "sarif"],
        Some(&top.join("repo")),
    ));
    assert_eq!(uris, ["teams/a.ward", "baseline.ward"]);
}
