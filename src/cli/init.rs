//! `ward init [DIR]`: the first five minutes of a project. Writes a starter
//! policy that checks clean, the project configuration (`ward.toml`), the
//! policy schema, VS Code settings that wire the extension and the schema,
//! a pre-commit configuration with ward's hook, and a GitHub Actions
//! workflow that runs `ward check` with SARIF upload.
//!
//! An existing file is never overwritten: it is kept and listed as
//! skipped. What is written is written all or nothing (`ward::output`).
//! The hook and the action come from ward's repository (`repository` in
//! `Cargo.toml`) at the tag of this version.

use super::args::ErrorFormat;
use super::init_files as files;
use super::{Reporter, OK};
use std::path::{Path, PathBuf};
use ward::diag::{codes, Code, Diagnostic};

/// Where ward's hook and action are published, when `Cargo.toml` does not
/// say (`repository`).
const FALLBACK_REPOSITORY: &str = "https://github.com/OWNER/ward";

pub fn run(dir: Option<&Path>, format: ErrorFormat) -> i32 {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if dir.exists() && !dir.is_dir() {
        let message = format!("`{}` is not a directory", dir.display());
        return fail(format, codes::CANNOT_READ_PATH, message);
    }
    let name = policy_name(&dir);
    let planned = plan(&name);
    let (keep, write): (Vec<_>, Vec<_>) = planned
        .into_iter()
        .map(|(rel, text)| {
            let path = dir.join(&rel);
            (rel, path, text)
        })
        .partition(|(_, path, _)| path.exists());
    for (_, path, _) in &write {
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                let reason = ward::diag::io::reason(&e);
                let message = format!("cannot create `{}`: {reason}", parent.display());
                return fail(format, codes::CANNOT_WRITE, message);
            }
        }
    }
    let outputs: Vec<(PathBuf, Vec<u8>)> = write
        .iter()
        .map(|(_, path, text)| (path.clone(), text.clone().into_bytes()))
        .collect();
    let mut rep = Reporter::stderr(format);
    let status = super::write_outputs(&outputs, &[], &mut rep);
    if status != OK {
        return rep.finish(status);
    }
    let mut report = String::new();
    for (rel, _, _) in &write {
        report.push_str(&format!("wrote    {rel}\n"));
    }
    for (rel, _, _) in &keep {
        report.push_str(&format!("skipped  {rel} (it exists; left as it was)\n"));
    }
    if write.is_empty() {
        report.push_str("nothing written: every file exists\n");
    }
    let shown = dir.display().to_string();
    report.push_str(&format!(
        "\nnext: `ward check {shown}`; in VS Code, install the recommended extensions; `pre-commit install` checks each commit\n"
    ));
    super::commands::print_out(&report);
    OK
}

/// Every file, relative to the project directory, with its text.
fn plan(name: &str) -> Vec<(String, String)> {
    let repo = option_env!("CARGO_PKG_REPOSITORY")
        .filter(|r| !r.is_empty())
        .unwrap_or(FALLBACK_REPOSITORY)
        .trim_end_matches('/')
        .trim_end_matches(".git");
    let slug = repo
        .strip_prefix("https://github.com/")
        .unwrap_or("OWNER/ward");
    let rev = format!("v{}", env!("CARGO_PKG_VERSION"));
    let with_repo = |t: &str| {
        t.replace("REPO_URL", repo)
            .replace("REPO_SLUG", slug)
            .replace("REV", &rev)
    };
    let schema = ward::emit::json_text(&ward::schema::policy());
    [
        (
            format!("policies/{name}.ward"),
            files::POLICY.replace("NAME", name),
        ),
        ("ward.toml".into(), files::PROJECT.to_string()),
        ("schemas/policy.schema.json".into(), schema),
        (
            ".vscode/settings.json".into(),
            files::VSCODE_SETTINGS.into(),
        ),
        (
            ".vscode/extensions.json".into(),
            files::VSCODE_EXTENSIONS.into(),
        ),
        (
            ".pre-commit-config.yaml".into(),
            with_repo(files::PRE_COMMIT),
        ),
        (
            ".github/workflows/ward.yml".into(),
            with_repo(files::WORKFLOW),
        ),
    ]
    .into()
}

/// The directory's name as a policy name (`[a-z][a-z0-9._-]*`), else `main`.
fn policy_name(dir: &Path) -> String {
    let base = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let cleaned: String = base
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '_' | '-' => c,
            _ => '-',
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    match trimmed.chars().next() {
        Some(c) if c.is_ascii_lowercase() => trimmed.to_string(),
        _ => "main".to_string(),
    }
}

fn fail(format: ErrorFormat, code: Code, message: String) -> i32 {
    Reporter::stderr(format).stop(&[Diagnostic::new(code, message)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_come_from_the_directory() {
        assert_eq!(policy_name(Path::new("/tmp/Acme Corp")), "acme-corp");
        assert_eq!(policy_name(Path::new("/tmp/9lives")), "main");
        assert_eq!(policy_name(Path::new("/tmp/_x_")), "x");
    }

    #[test]
    fn every_file_is_planned_once_without_placeholders() {
        let files = plan("acme");
        let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files.len());
        for (name, text) in &files {
            for p in ["REPO_URL", "REPO_SLUG", "REV\n", "@REV"] {
                assert!(!text.contains(p), "{name} still has {p}");
            }
        }
        let policy = &files[0];
        assert_eq!(policy.0, "policies/acme.ward");
        assert!(policy.1.contains("policy acme {"), "{}", policy.1);
    }
}
