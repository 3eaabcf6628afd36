//! Fuzz target: any bytes as a target descriptor (`--target-file`).
//!
//! The input is `/r/t.toml` in a `MemoryFs`, loaded as `check` and `build`
//! load `--target-file`s (`driver::load_targets`), its problems rendered in
//! every format. A descriptor that loads is described, given its output
//! schema, and a fixed policy setting every section is emitted through it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use ward::diag::render::{self, Format, HumanStyle};
use ward::diag::Summary;
use ward::driver::{self, Options};
use ward::resolve::loader::MemoryFs;
use ward::source::SourceMap;

const POLICY: &str = "policy p {
  session.idle_timeout = 8h
  session.absolute_lifetime = 12h
  password.min_length = 12
  password.history = 5
  password.max_age = 90d
  lockout.threshold = 10
  lockout.window = 15m
  lockout.duration = 1h
  accounts.deactivate_after = 90d
  audit.retention = 365d
  token.lifetime = 1h
  integrations.cal.enabled = true
  integrations.cal.cache_ttl = 1h
}
";

fuzz_target!(|data: &[u8]| {
    let fs = MemoryFs::default()
        .with("/r/t.toml", data.to_vec())
        .with("/r/p.ward", POLICY);
    let files = [PathBuf::from("/r/t.toml")];
    let mut sources = SourceMap::new();
    let (registry, fatal, _) = driver::load_targets(&files, &fs, &mut sources);
    let summary = Summary::of(&fatal, 1);
    for f in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let _ = render::render(f, &fatal, &sources, &summary, &HumanStyle::snapshot());
    }
    if registry.custom().is_empty() {
        return;
    }
    let opts = Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    };
    let out = driver::run(&[PathBuf::from("/r/p.ward")], &opts, &fs);
    for t in registry.custom() {
        let _ = ward::targets::describe(t);
        let _ = ward::schema::target_schema(t);
        for p in &out.policies {
            let _ = ward::targets::render(p, t);
        }
    }
});
