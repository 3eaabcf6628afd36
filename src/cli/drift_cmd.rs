//! `ward drift FILE --from TARGET=EXPORT... [--exact]`: compare services'
//! real configurations with the policy (`ward::drift`).
//!
//! Like `check`, the findings are the output: they go to standard output,
//! and `--format` means `--error-format`. Exit status: 0 when nothing
//! drifted looser and no error bound is broken; 1 on any error finding (or
//! the policy's own errors), or on any finding at all with `--exact`; 2
//! when an export cannot be read or parsed.

use super::args::{ErrorFormat, Global};
use super::{Reporter, CANNOT_RUN, FAILED, OK};
use clap::Args;
use std::path::PathBuf;
use ward::diag::render::Stream;
use ward::driver::Options;
use ward::resolve::loader::RealFs;

#[derive(Args, Debug)]
pub struct DriftArgs {
    /// The policy file.
    pub file: PathBuf,
    /// A service's export: `keycloak=realm.json`, `aws-iam=policy.json`, a
    /// group or `kc.sh export --dir` with a directory (repeatable).
    #[arg(long = "from", value_name = "TARGET=EXPORT", required = true, value_parser = parse_from)]
    pub from: Vec<ward::drift::From>,
    /// Fail (exit status 1) on any drift, stricter too.
    #[arg(long)]
    pub exact: bool,
    /// The form of the findings, written to standard output.
    #[arg(long, value_enum)]
    pub format: Option<ErrorFormat>,
}

fn parse_from(s: &str) -> Result<ward::drift::From, String> {
    match s.split_once('=') {
        Some((t, p)) if !t.is_empty() && !p.is_empty() => Ok(ward::drift::From {
            target: t.to_string(),
            path: PathBuf::from(p),
        }),
        _ => Err(format!(
            "`{s}` is not `TARGET=EXPORT`: write e.g. `--from keycloak=realm.json`"
        )),
    }
}

pub fn drift(args: &DriftArgs, opts: Options, g: &Global) -> i32 {
    let out = ward::drift::drift(&args.file, &args.from, &opts, &RealFs);
    // As for `check`, the findings are the output: standard output.
    let mut rep = Reporter::new(args.format.unwrap_or(g.error_format), Stream::Stdout);
    let mut all = out.fatal.clone();
    all.extend(out.diags.iter().cloned());
    rep.add(&all, &out.sources);
    rep.count_files(out.files);
    let status = if !out.fatal.is_empty() {
        CANNOT_RUN
    } else if out.has_errors() || ((args.exact || g.deny_warnings) && !out.diags.is_empty()) {
        FAILED
    } else {
        OK
    };
    // Even a run in sync says so: "no problems in 2 files".
    super::commands::print_out(&rep.render());
    status
}
