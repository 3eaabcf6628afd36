//! `ward init` and `ward completions`, through the binary: a new project
//! checks clean, existing files are kept and listed, the files it writes
//! are what their readers expect; the bash completion script, sourced in a
//! real bash, completes `ward ch` to `check`.

use std::path::Path;
use std::process::{Command, Output};

fn ward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run ward: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const WRITTEN: [&str; 7] = [
    "policies/x.ward",
    "ward.toml",
    "schemas/policy.schema.json",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".pre-commit-config.yaml",
    ".github/workflows/ward.yml",
];

#[test]
fn a_new_project_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let o = ward(tmp.path(), &["init", "x"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for f in WRITTEN {
        assert!(
            out.contains(&format!("wrote    {f}")),
            "{f} not reported:\n{out}"
        );
        assert!(tmp.path().join("x").join(f).is_file(), "{f} not written");
    }
    // Clean: no error and no warning.
    let o = ward(tmp.path(), &["check", "--deny-warnings", "x"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("no problems"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn existing_files_are_kept_and_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    std::fs::create_dir_all(dir.join(".vscode")).unwrap();
    std::fs::write(dir.join(".vscode/settings.json"), "{ \"mine\": true }\n").unwrap();
    let o = ward(tmp.path(), &["init", "x"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("skipped  .vscode/settings.json"), "{out}");
    assert!(out.contains("wrote    ward.toml"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap(),
        "{ \"mine\": true }\n"
    );
    // Run again: nothing is written, nothing changes.
    let before = std::fs::read(dir.join("policies/x.ward")).unwrap();
    let o = ward(tmp.path(), &["init", "x"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!text(&o.stdout).contains("wrote"), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("nothing written"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(std::fs::read(dir.join("policies/x.ward")).unwrap(), before);
}

#[test]
fn a_file_where_the_directory_belongs_cannot_run() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x"), "").unwrap();
    let o = ward(tmp.path(), &["init", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("`x` is not a directory"),
        "{}",
        text(&o.stderr)
    );
}

/// What init writes is what its readers take: the JSON files parse, the
/// TOML schema association points at the schema it wrote (the committed
/// one), `ward.toml` is TOML with `target_files`, and the pre-commit
/// configuration names the hook this repository ships.
#[test]
fn the_written_files_are_what_their_readers_expect() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(ward(tmp.path(), &["init", "x"]).status.code(), Some(0));
    let dir = tmp.path().join("x");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let settings: serde_json::Value = serde_json::from_str(&read(".vscode/settings.json")).unwrap();
    let assoc = &settings["evenBetterToml.schema.associations"];
    let target = assoc["\\.ward\\.toml$"].as_str().unwrap();
    assert!(dir.join(target).is_file(), "{target}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        read("schemas/policy.schema.json"),
        std::fs::read_to_string(root.join("schemas/policy.schema.json")).unwrap()
    );
    let ext: serde_json::Value = serde_json::from_str(&read(".vscode/extensions.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let id = format!(
        "{}.{}",
        manifest["publisher"].as_str().unwrap(),
        manifest["name"].as_str().unwrap()
    );
    assert!(
        ext["recommendations"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(id)),
        "{ext} does not recommend {id}"
    );
    let project: toml::Value = toml::from_str(&read("ward.toml")).unwrap();
    assert_eq!(project["target_files"], toml::Value::Array(vec![]));
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let config = read(".pre-commit-config.yaml");
    let id_line = hooks
        .lines()
        .find(|l| l.trim_start().starts_with("- id:"))
        .unwrap();
    let hook = id_line.split(':').nth(1).unwrap().trim();
    assert!(config.contains(&format!("- id: {hook}")), "{config}");
    assert!(
        config.contains(&format!("rev: v{}", env!("CARGO_PKG_VERSION"))),
        "{config}"
    );
    let workflow = read(".github/workflows/ward.yml");
    assert!(
        workflow.contains("format: sarif") && workflow.contains("security-events: write"),
        "{workflow}"
    );
}

#[test]
fn completions_print_a_script_for_every_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = ward(tmp.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", text(&o.stderr));
        let script = text(&o.stdout);
        for word in ["check", "build", "completions", "init", "error-format"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let o = ward(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The bash script, sourced in a real bash, completes `ward ch` to `check`
/// (and only that), and a subcommand's flags after it.
#[test]
fn bash_completes_a_subcommand() {
    let tmp = tempfile::tempdir().unwrap();
    let o = ward(tmp.path(), &["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let script = tmp.path().join("ward.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    let complete = |line: &str| -> Vec<String> {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            r#"source "$1"
fn=$(complete -p ward | sed -E 's/.*-F ([^ ]+).*/\1/')
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE="{line}"
COMP_POINT=${{#COMP_LINE}}
"$fn" ward "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
            words = words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            cword = words.len() - 1,
        );
        let out = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program, "bash"])
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("bash is needed for this test: {e}"));
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().map(str::to_string).collect()
    };
    assert_eq!(complete("ward ch"), ["check"]);
    let flags = complete("ward check --f");
    assert!(flags.contains(&"--format".to_string()), "{flags:?}");
    let subcommands = complete("ward ");
    for s in ["build", "init", "completions"] {
        assert!(subcommands.contains(&s.to_string()), "{subcommands:?}");
    }
}

/// pre-commit itself (pinned, installed into a virtual environment under
/// `target/` on first use) accepts this repository's hook manifest and the
/// configuration `ward init` writes, and refuses a configuration without
/// `rev`, so the check can fail.
#[test]
fn pre_commit_reads_the_hook_and_the_config_init_writes() {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-venv");
    let pre_commit = venv.join("bin/pre-commit");
    let requirements =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/pre-commit-requirements.txt");
    let stamp = venv.join("requirements.txt");
    let wanted = std::fs::read(&requirements).unwrap();
    if std::fs::read(&stamp).ok().as_deref() != Some(wanted.as_slice()) || !pre_commit.is_file() {
        let run = |cmd: &mut Command| {
            let out = cmd.output().unwrap_or_else(|e| {
                panic!(
                    "python3 is needed for this test ({e}); Debian: apt-get install python3-venv"
                )
            });
            assert!(
                out.status.success(),
                "{}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        };
        let _ = std::fs::remove_dir_all(&venv);
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(venv.join("bin/pip"))
            .args([
                "install",
                "--quiet",
                "--no-deps",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements));
        std::fs::write(&stamp, &wanted).unwrap();
    }
    let validate = |what: &str, file: &Path| -> Output {
        Command::new(&pre_commit)
            .arg(what)
            .arg(file)
            .output()
            .unwrap_or_else(|e| panic!("cannot run pre-commit: {e}"))
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = validate("validate-manifest", &root.join(".pre-commit-hooks.yaml"));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(ward(tmp.path(), &["init", "x"]).status.code(), Some(0));
    let config = tmp.path().join("x/.pre-commit-config.yaml");
    let o = validate("validate-config", &config);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let without_rev: String = std::fs::read_to_string(&config)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("rev:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let broken = tmp.path().join("broken.yaml");
    std::fs::write(&broken, without_rev).unwrap();
    let o = validate("validate-config", &broken);
    assert!(
        !o.status.success(),
        "a configuration without rev was accepted"
    );
}
