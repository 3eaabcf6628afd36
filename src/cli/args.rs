//! The command line as parsed (clap). What the arguments mean is decided in
//! the command modules; this file only describes their shape.

use super::review_cmds::{DiffFormat, ExplainFormat};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ward",
    version,
    about = "Compile security policies: check, build, explain."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// How diagnostics are written.
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    /// Treat warnings as errors (exit status 1).
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// The directory no `extends` may leave (default: the git work tree, else
    /// the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// A descriptor of a service beyond the built-in targets (repeatable).
    #[arg(long, global = true, value_name = "FILE.toml")]
    pub target_file: Vec<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    Human,
    Json,
    Github,
    Sarif,
}

/// The forms of `ward targets --matrix`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Toml,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and validate every policy under the paths; report all problems.
    Check {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// The form of the diagnostics, written to standard output.
        #[arg(long, value_enum)]
        format: Option<ErrorFormat>,
        /// Also check against a built-in profile, as if every policy extended
        /// it (`NAME` or `std:NAME`; repeatable).
        #[arg(long = "profile", value_name = "NAME")]
        profiles: Vec<String>,
        /// Check against this target instead of each file's `targets` line
        /// (repeatable, groups allowed).
        #[arg(long = "target", short = 't', value_name = "TARGET")]
        targets: Vec<String>,
    },
    /// Write the resolved configuration of one policy, or its targets'
    /// configurations.
    Build {
        file: PathBuf,
        /// The format of the resolved configuration (default JSON); a target
        /// is always written in its service's format.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Output file, or `-` for standard output (the default).
        #[arg(
            short = 'o',
            long = "output",
            value_name = "FILE",
            conflicts_with = "out_dir"
        )]
        output: Option<PathBuf>,
        /// Directory for one file per target, from `--target` or else the
        /// file's `targets` line (each under its own file name).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Emit this service's configuration instead of the resolved policy
        /// (repeatable, groups allowed; replaces the file's `targets` line).
        #[arg(long = "target", short = 't', value_name = "TARGET")]
        targets: Vec<String>,
    },
    /// List the targets (built-in and `--target-file`), or show what one supports.
    Targets {
        name: Option<String>,
        /// Print the settings × targets matrix: supported, how encoded,
        /// default, fixed.
        #[arg(long, conflicts_with = "name")]
        matrix: bool,
        /// The form of the matrix.
        #[arg(long, value_enum, requires = "matrix")]
        format: Option<MatrixFormat>,
    },
    /// Explain each value and bound: where it was set, what it overrode, why it holds.
    Explain {
        file: PathBuf,
        /// Settings to explain, such as `session.idle_timeout` (default: every set one).
        settings: Vec<String>,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        /// Show the check's warnings in full on standard error (by default
        /// one line counts them, so they do not bury the output).
        #[arg(long)]
        show_warnings: bool,
    },
    /// Write the strictest combination of several policies.
    Merge {
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The merged policy's name (default: `merged`).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Output file, or `-` for standard output (the default).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare two versions of a policy: stricter, looser, changed, added, removed.
    Diff {
        /// A file, or `REV:PATH` read from git.
        old: String,
        /// A file, or `REV:PATH` read from git.
        new: String,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Exit 0 even when something got looser.
        #[arg(long)]
        allow_looser: bool,
        /// Show the check's warnings in full on standard error (by default
        /// one line counts them, so they do not bury the output).
        #[arg(long)]
        show_warnings: bool,
    },
    /// Rewrite `.ward` files in the canonical layout.
    Fmt {
        /// List the files that would change and exit 1 if any; write nothing.
        #[arg(long)]
        check: bool,
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
    },
    /// Print the documentation of a diagnostic code.
    ExplainCode { code: String },
    /// List the built-in compliance profiles, or show one's requirements.
    Profiles { name: Option<String> },
    /// Print or write the JSON Schemas (draft 2020-12).
    Schema(super::schema_cmd::SchemaArgs),
    /// Compare services' real configurations, as they export them, with
    /// the policy (exit status 1 when one is looser).
    Drift(super::drift_cmd::DriftArgs),
    /// Write a policy that states a service's export.
    Import(super::import_cmd::ImportArgs),
    /// Run the language server over standard input and output (LSP 3.17).
    Lsp,
    /// Report a policy's compliance with a built-in profile, requirement by
    /// requirement (exit status 1 when a requirement of error severity is
    /// `fail` or `not enforced`).
    Report {
        file: PathBuf,
        /// The built-in profile (`NAME` or `std:NAME`).
        #[arg(long, value_name = "NAME")]
        profile: String,
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Output file, or `-` for standard output (the default).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Show the check's warnings in full on standard error (by default
        /// one line counts them, so they do not bury the output).
        #[arg(long)]
        show_warnings: bool,
    },
    /// Start a project: a starter policy, ward.toml, editor settings, a
    /// pre-commit hook and a CI workflow (existing files are kept).
    Init {
        /// Where (default: the current directory; created if missing).
        dir: Option<PathBuf>,
    },
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
    /// OSCAL 1.2.1 assessment results (JSON).
    Oscal,
}
