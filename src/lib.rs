//! ward: a policy-as-code compiler for security settings.
//!
//! The pipeline, one module per phase, each depending only on those before:
//!
//! 1. [`syntax`]: text → syntax tree ([`syntax::ast`]), with spans and every
//!    recoverable syntax error.
//! 2. [`resolve`]: syntax tree → typed statements (`lower`, against the
//!    [`catalog`]) → `extends` followed through the [`resolve::loader`] →
//!    parents merged, bounds narrowed, values applied → [`model::Resolved`].
//! 3. [`validate`]: values against bounds and domains, cross-setting rules.
//! 4. [`emit`]: the resolved model → JSON or TOML output; [`schema`]: the
//!    JSON Schemas of that output and of the TOML/JSON authoring form,
//!    derived from the catalog.
//!
//! Every phase reports problems as [`diag::Diagnostic`]s and goes on; the
//! renderers in [`diag::render`] turn them into text for people and tools.
//! The command line in `cli` is a thin layer over [`driver`]; [`report`]
//! checks a policy against a built-in profile, requirement by requirement.

pub mod catalog;
pub(crate) mod check;
pub mod diag;
pub mod drift;
pub mod driver;
pub mod emit;
pub(crate) mod finding;
pub mod import;
pub mod lsp;
pub(crate) mod markup;
pub mod model;
pub mod output;
pub mod project;
pub mod report;
pub mod resolve;
pub mod review;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod targets;
pub mod validate;
pub mod value;
