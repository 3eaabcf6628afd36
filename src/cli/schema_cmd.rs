//! `ward schema resolved|policy|target NAME|all [--out-dir DIR]`: print the
//! JSON Schemas, or write them as `DIR/NAME.schema.json`, all or nothing.
//!
//! `ward schema all` without `--out-dir` prints one JSON object from file
//! name to schema. The schemas themselves are built by `ward::schema`.
//! Targets read with `--target-file` get output schemas too, and take
//! precedence over built-ins of the same name; the policy schema completes
//! and checks their names in `targets` (and `for`) beside the built-ins.

use super::args::ErrorFormat;
use super::{Reporter, OK};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use ward::diag::{codes, Diagnostic};
use ward::emit::json_text;
use ward::schema;
use ward::targets;

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
    let registry = match super::build_cmd::load_registry(target_files, err_format) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let custom = registry.custom();
    let many = matches!(args.which, Which::All);
    let policy = || {
        let options = schema::PolicyOptions::for_registry(&registry);
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
            for t in custom {
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
                    let mut names: Vec<&str> = targets::builtins()
                        .iter()
                        .map(|t| t.name.as_str())
                        .collect();
                    names.extend(custom.iter().map(|t| t.name.as_str()));
                    let d = Diagnostic::new(
                        codes::UNKNOWN_ARGUMENT,
                        format!("unknown target `{name}`"),
                    )
                    .maybe_help(ward::diag::suggest::help_did_you_mean(
                        &name,
                        names.iter().copied(),
                    ))
                    .note(format!("the targets are {}", names.join(", ")));
                    return Reporter::stderr(err_format).stop(&[d]);
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
fn write(dir: &Path, schemas: &[(String, serde_json::Value)], err_format: ErrorFormat) -> i32 {
    let outputs: Vec<(PathBuf, Vec<u8>)> = schemas
        .iter()
        .map(|(name, s)| (dir.join(name), json_text(s).into_bytes()))
        .collect();
    let mut rep = Reporter::stderr(err_format);
    let code = super::write_outputs(&outputs, &[], &mut rep);
    rep.finish(code)
}
