//! The integration tests, as one binary so the suite links once.
//!
//! Each module is one area; `common` holds the helpers the schema tests share.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

mod architecture;
mod atomic;
mod authoring;
mod authoring_schema;
mod check_cli;
mod cli;
mod code_examples;
mod codes;
mod colour;
mod common;
mod consumers;
mod did_you_mean;
mod docs;
mod drift;
mod drift_fixtures;
mod editor_tools;
mod emitted_documents;
mod findings;
mod fixtures;
mod hostile;
mod hostile_files;
mod hostile_output;
mod hosts_consumers;
mod hosts_drift;
mod import;
mod init_cmd;
mod lsp;
mod lsp_client;
mod lsp_clients;
mod lsp_forms;
mod oscal;
mod oscal_trestle;
mod paths;
mod per_target;
mod policy_schema;
mod profiles;
mod project;
mod props;
mod report_html;
mod report_status;
mod review;
mod schemas;
mod targets;
mod usage;
mod vscode_extension;
