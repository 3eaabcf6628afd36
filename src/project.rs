//! The project configuration: `ward.toml` at the root directory.
//!
//! A project names the descriptor files of the services it uses beyond the
//! built-in targets, so that `targets acme-sso` and `for acme-sso` mean the
//! same from the command line, in CI and in the language server without
//! flags (section 8 of the language reference):
//!
//! ```toml
//! target_files = ["ops/acme-sso.toml"]
//! ```
//!
//! Paths are relative to the root (the directory holding `ward.toml`).
//! `--target-file` adds to the list. The file is read through the same
//! [`FileSystem`] as the policies, so the language server's unsaved buffer
//! of `ward.toml` stands in for the file on disk. A malformed `ward.toml`,
//! an unknown key or a listed file that cannot be read is a diagnostic at
//! its line (E0408, E0401), never a reason to stop.

use crate::diag::{codes, suggest, Diagnostic};
use crate::resolve::loader::FileSystem;
use crate::source::{SourceId, SourceMap, Span};
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item, Value};

/// The name of the project configuration file, at the root.
pub(crate) const FILE_NAME: &str = "ward.toml";

/// The keys `ward.toml` takes.
const KEYS: &[&str] = &["target_files"];

/// One descriptor file the project names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetFile {
    /// The path as written, joined to the root.
    pub path: PathBuf,
    /// Where it is written in `ward.toml`.
    pub at: (SourceId, Span),
}

/// What `ward.toml` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    /// The file, when there is one.
    pub source: Option<SourceId>,
    pub target_files: Vec<TargetFile>,
}

/// Reads `ROOT/ward.toml` if it exists. The file is added to `sources` (so
/// its diagnostics can point into it); problems come back as diagnostics.
pub fn load(
    fs: &dyn FileSystem,
    root: &Path,
    sources: &mut SourceMap,
) -> (Project, Vec<Diagnostic>) {
    let path = root.join(FILE_NAME);
    let Ok(bytes) = fs.read(&path) else {
        return (Project::default(), Vec::new());
    };
    let name = crate::resolve::loader::display_name(&crate::resolve::loader::FileKey::Path(path));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let src = sources.add(name.clone(), text.as_str());
    if let Err(e) = std::str::from_utf8(&bytes) {
        let at = e.valid_up_to();
        let d = Diagnostic::new(
            codes::INVALID_UTF8,
            format!("`{name}` is not valid UTF-8: invalid byte at offset {at}"),
        )
        .at(src, Span::new(at, at + 1), "invalid UTF-8 here")
        .help("save the file as UTF-8");
        return (with_source(src), vec![d]);
    }
    let (files, diags) = parse(src, &text, root);
    (
        Project {
            source: Some(src),
            target_files: files,
        },
        diags,
    )
}

/// The descriptor files `ROOT/ward.toml` names, for commands that read
/// descriptors without checking policies (`ward schema`); its problems are
/// reported by the commands that check.
pub fn target_paths(fs: &dyn FileSystem, root: &Path) -> Vec<PathBuf> {
    let (project, _) = load(fs, root, &mut SourceMap::new());
    project.target_files.into_iter().map(|t| t.path).collect()
}

fn with_source(src: SourceId) -> Project {
    Project {
        source: Some(src),
        target_files: Vec::new(),
    }
}

/// Reads the text of `ward.toml` (file `src`).
fn parse(src: SourceId, text: &str, root: &Path) -> (Vec<TargetFile>, Vec<Diagnostic>) {
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            let title = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            let d = invalid(format!("invalid TOML in `ward.toml`: {title}"))
                .at(src, span, "here")
                .help("see https://toml.io for TOML's syntax");
            return (Vec::new(), vec![d]);
        }
    };
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for (key, item) in doc.as_table().iter() {
        let key_span = doc
            .as_table()
            .key(key)
            .and_then(|k| k.span())
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        if key != "target_files" {
            let near = suggest::did_you_mean(key, KEYS.iter().copied());
            diags.push(
                invalid(format!("unknown key `{key}` in `ward.toml`"))
                    .at(src, key_span, "not a project setting")
                    .help(match near {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => "`ward.toml` takes `target_files = [\"PATH.toml\", ...]`".into(),
                    })
                    .maybe_suggest(key_span, near),
            );
            continue;
        }
        target_files(src, item, key_span, root, &mut files, &mut diags);
    }
    (files, diags)
}

fn target_files(
    src: SourceId,
    item: &Item,
    key_span: Span,
    root: &Path,
    files: &mut Vec<TargetFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let span_of = |v: &Value| v.span().map_or(key_span, |r| Span::new(r.start, r.end));
    let Some(Value::Array(list)) = item.as_value() else {
        let span = item.span().map_or(key_span, |r| Span::new(r.start, r.end));
        diags.push(
            invalid("`target_files` must be a list of paths".to_string())
                .at(src, span, "not a list")
                .help("write `target_files = [\"ops/acme-sso.toml\"]`"),
        );
        return;
    };
    for v in list.iter() {
        match v {
            Value::String(s) if !s.value().is_empty() => {
                let rel = Path::new(s.value());
                if rel.is_absolute() {
                    diags.push(
                        invalid(format!("`{}` is an absolute path", s.value()))
                            .at(src, span_of(v), "absolute path")
                            .help("write the path relative to the directory of `ward.toml`"),
                    );
                    continue;
                }
                files.push(TargetFile {
                    path: crate::resolve::loader::normalize(&root.join(rel)),
                    at: (src, span_of(v)),
                });
            }
            _ => diags.push(
                invalid("each entry of `target_files` is a path in quotes".to_string())
                    .at(src, span_of(v), "not a path")
                    .help("write `target_files = [\"ops/acme-sso.toml\"]`"),
            ),
        }
    }
}

fn invalid(message: String) -> Diagnostic {
    Diagnostic::new(codes::INVALID_PROJECT, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::loader::MemoryFs;

    fn run(text: &str) -> (Project, Vec<Diagnostic>, SourceMap) {
        let fs = MemoryFs::default().with("/r/ward.toml", text);
        let mut sources = SourceMap::new();
        let (p, d) = load(&fs, Path::new("/r"), &mut sources);
        (p, d, sources)
    }

    #[test]
    fn names_target_files_relative_to_the_root() {
        let (p, d, _) = run("target_files = [\"ops/acme-sso.toml\", \"./b.toml\"]\n");
        assert!(d.is_empty(), "{d:?}");
        let paths: Vec<_> = p.target_files.iter().map(|t| t.path.clone()).collect();
        assert_eq!(
            paths,
            [
                PathBuf::from("/r/ops/acme-sso.toml"),
                PathBuf::from("/r/b.toml")
            ]
        );
    }

    #[test]
    fn no_file_is_no_project() {
        let fs = MemoryFs::default();
        let mut sources = SourceMap::new();
        let (p, d) = load(&fs, Path::new("/r"), &mut sources);
        assert_eq!(p, Project::default());
        assert!(d.is_empty() && sources.is_empty());
    }

    #[test]
    fn malformed_project_files_are_diagnostics_at_their_line() {
        let (_, d, sources) = run("# project\ntarget_file = [\"a.toml\"]\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, codes::INVALID_PROJECT);
        assert_eq!(d[0].message, "unknown key `target_file` in `ward.toml`");
        let l = d[0].primary.as_ref().map(|l| l.span.start).unwrap_or(0);
        assert_eq!(
            sources
                .ids()
                .next()
                .map(|id| sources.get(id).line_col(l))
                .unwrap_or_default(),
            (2, 1)
        );
        assert_eq!(
            d[0].suggestion.as_ref().map(|s| s.replacement.as_str()),
            Some("target_files")
        );

        let (_, d, sources) = run("target_files = \"a.toml\"\n");
        assert_eq!(d[0].message, "`target_files` must be a list of paths");
        let l = d[0].primary.as_ref().map(|l| l.span.start).unwrap_or(0);
        assert_eq!(
            sources
                .ids()
                .next()
                .map(|id| sources.get(id).line_col(l))
                .unwrap_or_default(),
            (1, 16)
        );

        let (_, d, _) = run("target_files = [1, \"/etc/x.toml\"]\n");
        assert_eq!(d.len(), 2, "{d:?}");

        let (_, d, sources) = run("\n\ntarget_files = [\n");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("invalid TOML in `ward.toml`"),
            "{}",
            d[0].message
        );
        let l = d[0].primary.as_ref().map(|l| l.span.start).unwrap_or(0);
        assert_eq!(
            sources
                .ids()
                .next()
                .map(|id| sources.get(id).line_col(l))
                .unwrap_or_default()
                .0,
            4
        );
    }
}
