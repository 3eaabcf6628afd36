//! `ward schema resolved|policy|target NAME|all [--out-dir DIR]`: print the
//! JSON Schemas, or write them as `DIR/NAME.schema.json`, all or nothing.
//!
//! `ward schema all` without `--out-dir` prints one JSON object from file
//! name to schema. The schemas themselves are built by `ward::schema`.

use super::args::ErrorFormat;
use super::{render_diags, CANNOT_RUN, OK};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use ward::diag::{codes, Diagnostic};
use ward::emit::json_text;
use ward::schema;

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

pub fn run(args: SchemaArgs, err_format: ErrorFormat) -> i32 {
    let many = matches!(args.which, Which::All);
    let schemas = match args.which {
        Which::Resolved => vec![(schema::file_name("resolved"), schema::resolved())],
        Which::Policy => vec![(schema::file_name("policy"), schema::policy())],
        Which::All => schema::all(),
        Which::Target { name } => match schema::target(&name) {
            Some(s) => vec![(schema::file_name(&format!("target-{name}")), s)],
            None => {
                eprintln!("error: unknown target `{name}`");
                return CANNOT_RUN;
            }
        },
    };
    match args.out_dir {
        Some(dir) => write(&dir, &schemas, err_format),
        None => {
            let value = match schemas.as_slice() {
                [(_, one)] if !many => one.clone(),
                _ => serde_json::Value::Object(schemas.into_iter().collect()),
            };
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(json_text(&value).as_bytes());
            let _ = stdout.flush();
            OK
        }
    }
}

fn write(dir: &Path, schemas: &[(String, serde_json::Value)], err_format: ErrorFormat) -> i32 {
    let outputs: Vec<(PathBuf, Vec<u8>)> = schemas
        .iter()
        .map(|(name, s)| (dir.join(name), json_text(s).into_bytes()))
        .collect();
    match ward::output::write_all(&outputs) {
        Ok(()) => OK,
        Err((path, e)) => {
            let d = Diagnostic::new(
                codes::CANNOT_READ,
                format!(
                    "cannot write `{}`: {}",
                    path.display(),
                    ward::resolve::io_reason(&e)
                ),
            );
            eprint!("{}", render_diags(err_format, &[d], &Default::default(), 0));
            CANNOT_RUN
        }
    }
}
