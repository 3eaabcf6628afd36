//! `ward import TARGET EXPORT [-o FILE] [--name NAME] [--force]`: a policy
//! that states a service's export (`ward::import`).
//!
//! The policy goes to standard output, or to `-o FILE` (written
//! atomically); an existing file is kept unless `--force`. What could not
//! be imported is reported on standard error as warnings (and listed in
//! the policy's closing comment). Exit status 2 when the export cannot be
//! read or the output cannot be written.

use super::args::Global;
use super::{Reporter, CANNOT_RUN, FAILED, OK};
use clap::Args;
use std::path::PathBuf;
use ward::diag::{codes, Diagnostic};
use ward::resolve::loader::{FileSystem, RealFs};
use ward::source::SourceMap;
use ward::targets::Found;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The target whose export this is: `keycloak`, `aws-iam`, or one from
    /// `--target-file`.
    pub target: String,
    /// The service's export (`kc.sh export`, `aws iam
    /// get-account-password-policy`).
    pub export: PathBuf,
    /// Write the policy here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The policy's name (default: the realm's or the export file's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace `-o FILE` if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn import(args: &ImportArgs, g: &Global) -> i32 {
    let mut rep = Reporter::stderr(g.error_format);
    let fs = RealFs;
    let root = g
        .root
        .clone()
        .unwrap_or_else(|| ward::resolve::loader::default_root(std::path::Path::new(".")));
    let mut files = ward::project::target_paths(&fs, &root);
    files.extend(g.target_file.iter().cloned());
    let mut sources = SourceMap::new();
    let (registry, fatal, mut inputs) = ward::driver::load_targets(&files, &fs, &mut sources);
    if !fatal.is_empty() {
        rep.add(&fatal, &sources);
        return rep.finish(CANNOT_RUN);
    }
    let target = match registry.find(&args.target) {
        Some(Found::Target(t)) => t,
        Some(Found::Group(g, members)) => {
            let names: Vec<String> = members.iter().map(|m| format!("`{}`", m.name)).collect();
            return rep.stop(&[Diagnostic::new(
                codes::USAGE,
                format!(
                    "`{}` is a group: a policy is imported from one member's export",
                    g.name
                ),
            )
            .help(format!(
                "import each of {} from its own file",
                names.join(", ")
            ))]);
        }
        None => {
            let (message, help) = registry.unknown(&args.target);
            return rep.stop(&[Diagnostic::new(codes::UNKNOWN_ARGUMENT, message).help(help)]);
        }
    };
    let bytes = match fs.read(&args.export) {
        Ok(b) => b,
        Err(e) => {
            return rep.stop(&[ward::diag::io::cannot_read_path(
                ward::diag::io::PathRole::Export,
                args.export.display(),
                &ward::diag::io::reason(&e),
            )])
        }
    };
    let out_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if let Some(p) = out_file {
        if !args.force && std::fs::symlink_metadata(p).is_ok() {
            return rep.stop(&[Diagnostic::new(
                codes::CANNOT_WRITE,
                format!("`{}` exists, and `ward import` keeps it", p.display()),
            )
            .help("give `--force` to replace it, or another `-o FILE`")]);
        }
    }
    let name = args.export.to_string_lossy().replace('\\', "/");
    let req = ward::import::Request {
        target,
        export_name: &name,
        bytes: &bytes,
        name: args.name.as_deref(),
    };
    let imported = match ward::import::import(&req, &mut sources) {
        Ok(i) => i,
        Err(d) => {
            rep.add(&[d], &sources);
            rep.count_files(1);
            return rep.finish(CANNOT_RUN);
        }
    };
    rep.add(&imported.diags, &sources);
    rep.count_files(1);
    let status = match out_file {
        Some(p) => {
            // The output may not replace the export it was made from.
            inputs.extend(fs.canonicalize(&args.export).ok());
            super::write_outputs(
                &[(p.clone(), imported.text.into_bytes())],
                &inputs,
                &mut rep,
            )
        }
        None => {
            super::commands::print_out(&imported.text);
            OK
        }
    };
    let status = if status == OK && g.deny_warnings && !imported.diags.is_empty() {
        FAILED
    } else {
        status
    };
    rep.finish(status)
}
