//! Criterion benchmarks of each phase on generated policies: parse
//! (syntax + lowering), resolve (a hundred team policies sharing a baseline
//! and a `std:` profile, in memory), validate and emit.
//!
//! `cargo bench --bench pipeline`; whole-process figures are in
//! `benches/run.sh`. Not run by `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;
use ward::driver::{self, Options};
use ward::resolve::loader::MemoryFs;

const BASELINE: &str = "policy baseline {
  session.idle_timeout = 1h
  session.idle_timeout in 5m..12h because \"standard 3.1\"
  password.min_length = 15
  password.min_length >= 12 because \"standard 4.2\"
  lockout.threshold = 10
  lockout.threshold <= 20 because \"standard 4.5\"
}
";

fn team(i: usize) -> String {
    format!(
        "policy team-{i} {{
  extends \"../baseline.ward\", \"std:owasp-asvs-5.0-l1\"
  session {{
    idle_timeout   = {}m
    max_concurrent = 3
    on_limit       = deny_new
  }}
  password.min_length = {}
  integrations.calendar {{
    enabled   = true
    audiences = [\"sales\", \"support\"]
    consent   = admin
  }}
}}
",
        15 + i % 60,
        12 + i % 12
    )
}

/// One policy of about `bytes` bytes: integrations, one block each.
fn large(bytes: usize) -> String {
    let mut s = String::from("policy big {\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "  integrations.app_{i} {{\n    enabled = true\n    audiences = [\"sales\", \"t{}\"]\n    cache_ttl = {}m\n  }}\n",
            i % 97,
            5 + i % 50
        ));
        i += 1;
    }
    s.push_str("}\n");
    s
}

fn corpus(n: usize) -> (MemoryFs, Vec<PathBuf>) {
    let mut fs = MemoryFs::default().with("/r/baseline.ward", BASELINE);
    let mut files = Vec::new();
    for i in 0..n {
        let p = PathBuf::from(format!("/r/teams/team-{i:04}.ward"));
        fs = fs.with(p.clone(), team(i));
        files.push(p);
    }
    (fs, files)
}

fn opts() -> Options {
    Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    }
}

fn bench(c: &mut Criterion) {
    let text = large(256 * 1024);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse+lower 256 KiB", |b| {
        b.iter(|| {
            let (ast, _) = ward::syntax::parse(&text);
            ward::resolve::lower(&ast)
        })
    });
    g.finish();

    let (fs, files) = corpus(100);
    let mut g = c.benchmark_group("resolve");
    g.throughput(Throughput::Elements(files.len() as u64));
    g.bench_function("100 team policies", |b| {
        b.iter(|| driver::run(&files, &opts(), &fs))
    });
    g.finish();

    let out = driver::run(&files, &opts(), &fs);
    let policy = out.policies.first().cloned();
    if let Some(p) = policy {
        c.bench_function("validate one policy", |b| {
            b.iter(|| ward::validate::check(&p, &out.sources))
        });
        c.bench_function("emit one policy as JSON", |b| {
            b.iter(|| ward::emit::json(&p))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
