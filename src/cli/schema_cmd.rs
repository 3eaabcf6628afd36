//! `ward schema resolved|policy|target NAME|all [--out-dir DIR]`: print the
//! JSON Schemas, or write them as `DIR/NAME.schema.json`, all or nothing.
//!
//! `ward schema all` without `--out-dir` prints one JSON object from file
//! name to schema. The schemas themselves are built by `ward::schema`.
//! Targets read with `--target-file` get output schemas too, and take
//! precedence over built-ins of the same name; the policy schema completes
//! and checks their names in `targets` (and `for`) beside the built-ins.

use super::args::ErrorFormat;
use super::{render_diags, CANNOT_RUN, OK};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use ward::diag::{codes, Diagnostic};
use ward::emit::json_text;
use ward::resolve::loader::{FileSystem, RealFs};
use ward::schema;
use ward::source::SourceMap;
use ward::targets::{self, Target};

#[derive(Args, Debug)]
pub struct SchemaArgs {
    #[command(subcommand)]
    pub which: Which,
    /// Write `DIR/NAME.schema.json` files instead of printing.
    #[arg(long, value_name = "DIR", global = true)]
    pub out_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Which {
    /// The resolved configuration that `ward build` writes.
    Resolved,
    /// The TOML/JSON authoring form of a policy (`NAME.ward.toml`).
    Policy,
    /// The output of `ward build --target NAME`.
    Target { name: String },
    /// Every schema.
    All,
}

pub fn run(args: SchemaArgs, target_files: &[PathBuf], err_format: ErrorFormat) -> i32 {
    let custom = match read_targets(target_files, err_format) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let many = matches!(args.which, Which::All);
    let policy = || {
        let mut known = targets::builtins();
        known.retain(|b| !custom.iter().any(|t| t.name == b.name));
        known.extend(custom.iter().cloned());
        let options = schema::PolicyOptions::with_targets(&known);
        (schema::file_name("policy"), schema::policy_with(&options))
    };
    let schemas = match args.which {
        Which::Resolved => vec![(schema::file_name("resolved"), schema::resolved())],
        Which::Policy => vec![policy()],
        Which::All => {
            let mut all = schema::all();
            let (name, s) = policy();
            if let Some(slot) = all.iter_mut().find(|(n, _)| *n == name) {
                slot.1 = s;
            }
            for t in &custom {
                let name = schema::target_file_name(&t.name);
                let s = schema::target_schema(t);
                match all.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = s,
                    None => all.push((name, s)),
                }
            }
            all
        }
        Which::Target { name } => {
            let found = match custom.iter().find(|t| t.name == name) {
                Some(t) => Some(schema::target_schema(t)),
                None => schema::target(&name),
            };
            match found {
                Some(s) => vec![(schema::target_file_name(&name), s)],
                None => {
                    let mut names: Vec<&str> = targets::builtin_names();
                    names.extend(custom.iter().map(|t| t.name.as_str()));
                    let help = ward::diag::suggest::help_did_you_mean(&name, names.iter().copied())
                        .map(|h| format!("\n  = help: {h}"))
                        .unwrap_or_default();
                    super::io::err(&format!(
                        "error: unknown target `{name}`{help}\n  = note: the targets are {}\n",
                        names.join(", ")
                    ));
                    return CANNOT_RUN;
                }
            }
        }
    };
    match args.out_dir {
        Some(dir) => write(&dir, &schemas, err_format),
        None => {
            let value = match schemas.as_slice() {
                [(_, one)] if !many => one.clone(),
                _ => serde_json::Value::Object(schemas.into_iter().collect()),
            };
            super::io::out(&json_text(&value));
            OK
        }
    }
}

/// Reads every `--target-file`; a file that cannot be read or parsed stops
/// the command with its diagnostics (exit 2).
fn read_targets(files: &[PathBuf], err_format: ErrorFormat) -> Result<Vec<Target>, i32> {
    let mut sources = SourceMap::default();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for path in files {
        let text = RealFs.read(path).and_then(|b| {
            String::from_utf8(b).map_err(|_| std::io::Error::other("is not valid UTF-8"))
        });
        match text {
            Ok(text) => {
                let name = path.to_string_lossy().replace('\\', "/");
                match Target::from_toml(&mut sources, &name, &text) {
                    Ok(t) => out.push(t),
                    Err(mut d) => diags.append(&mut d),
                }
            }
            Err(e) => diags.push(Diagnostic::new(
                codes::CANNOT_READ_PATH,
                format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    ward::resolve::io_reason(&e)
                ),
            )),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        super::io::err(&render_diags(err_format, &diags, &sources, files.len()));
        Err(CANNOT_RUN)
    }
}

fn write(dir: &Path, schemas: &[(String, serde_json::Value)], err_format: ErrorFormat) -> i32 {
    let outputs: Vec<(PathBuf, Vec<u8>)> = schemas
        .iter()
        .map(|(name, s)| (dir.join(name), json_text(s).into_bytes()))
        .collect();
    super::write_outputs(&outputs, &[], err_format)
}
