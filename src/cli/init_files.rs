//! What `ward init` writes: the text of each starter file. `NAME` is the
//! policy's name and `REPO` / `REV` where ward's hook and action come from.

/// The starter policy: commented, and clean under `ward check`.
pub const POLICY: &str = r#"# A starter policy. `ward check` validates every policy under a directory,
# `ward build policies/NAME.ward` writes the resolved configuration, and
# `ward explain policies/NAME.ward` says where each value comes from.
#
# Build on a compliance profile (`ward profiles` lists them) and check
# against the services you run (`ward targets` lists them):
#
#   extends "std:pci-dss-4.0"
#   targets keycloak, aws-iam
policy NAME {
  session {
    idle_timeout      = 15m
    idle_timeout      <= 1h because "an idle session ends within the hour"
    absolute_lifetime = 8h
  }

  token.lifetime = 1h

  password {
    min_length = 14
    min_length >= 12 because "passwords have at least 12 characters"
    max_age    = never
    blocklist  = breached
  }

  lockout {
    threshold = 10      # failed sign-ins ...
    window    = 15m     # ... counted within this window ...
    duration  = 30m     # ... lock the account this long
  }

  accounts.deactivate_after = 90d
  audit.retention           = 365d
}
"#;

/// The project configuration (section 8 of the language reference).
pub const PROJECT: &str = r#"# ward project configuration, read from the project's root by `ward check`,
# CI and the language server (`ward lsp`), so that they agree without flags.

# Descriptor files of services that are not built in (docs/targets.md),
# relative to this file. Their names can then be used in `targets` lines
# and `for` blocks, e.g. target_files = ["ops/acme-sso.toml"].
target_files = []
"#;

/// VS Code: the TOML schema for `*.ward.toml` (Even Better TOML). JSON
/// policies get their schema from the ward extension.
pub const VSCODE_SETTINGS: &str = r#"{
  "evenBetterToml.schema.associations": {
    "\\.ward\\.toml$": "./schemas/policy.schema.json"
  }
}
"#;

/// VS Code: the extensions this project uses.
pub const VSCODE_EXTENSIONS: &str = r#"{
  "recommendations": ["ward.ward", "tamasfe.even-better-toml"]
}
"#;

/// pre-commit: ward's own hook (`.pre-commit-hooks.yaml` in ward's
/// repository).
pub const PRE_COMMIT: &str = r#"# pre-commit (https://pre-commit.com): `pre-commit install`, then every
# commit runs `ward check` on the policy files it changes.
repos:
  - repo: REPO_URL
    rev: REV
    hooks:
      - id: ward-check
"#;

/// GitHub Actions: ward's action, with the results in code scanning.
pub const WORKFLOW: &str = r#"# Checks the policies on every push and pull request; the problems show as
# code scanning alerts on the pull request (SARIF).
name: ward

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: REPO_SLUG@REV
        with:
          paths: .
          format: sarif
"#;
