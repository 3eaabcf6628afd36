//! The sizes at which four paths were quadratic, run through the binary.
//! Each must finish within a generous limit (a test of completion, not of
//! speed: `benches/pipeline.rs` records the times, `docs/performance.md`
//! the figures before and after).
//!
//! | path | sizes | before (release) |
//! |---|---|---|
//! | `W0303` grouping | 40,000 and 160,000 bounds | 3.0 s, 28.6 s |
//! | one diagnostic with many labels, human form | 8,000 and 16,000 labels | 18 s, 74 s |
//! | `diff` of many changed integrations | 40,000 + 40,000 | 315 s |
//! | `schema target` with many descriptor rows | 100,000 rows | 593 s |

use super::hostile::{dir, expect, ward_within, write};
use std::time::Duration;

/// Debug builds on two shared cores: generous, but a quadratic path at
/// these sizes takes far longer.
const LIMIT: Duration = Duration::from_secs(240);

fn bounds(n: usize, name: &str) -> String {
    let mut s = format!("policy {name} {{\n");
    for i in 0..n {
        s.push_str(&format!("  integrations.i{i}.cache_ttl <= 1d\n"));
    }
    s.push_str("}\n");
    s
}

#[test]
fn w0303_over_many_bounds() {
    let d = dir();
    for n in [40_000, 160_000] {
        write(d.path(), &format!("w{n}.ward"), bounds(n, "p"));
        let run = ward_within(d.path(), &["check", &format!("w{n}.ward")], LIMIT);
        expect(&run, 0, "W0303", 200_000);
    }
}

#[test]
fn one_diagnostic_with_many_labels() {
    let d = dir();
    for n in [8_000, 16_000] {
        write(d.path(), &format!("base{n}.ward"), bounds(n, "base"));
        write(
            d.path(),
            &format!("lab{n}.ward"),
            format!("policy lab {{\n  extends \"./base{n}.ward\"\n}}\n"),
        );
        let run = ward_within(d.path(), &["check", &format!("lab{n}.ward")], LIMIT);
        expect(&run, 0, "W0303", 100_000);
        assert!(
            run.output
                .contains(&format!("{} more places not drawn", n - 15)),
            "{}",
            &run.output[..run.output.len().min(3000)]
        );
    }
}

#[test]
fn diff_of_many_changed_integrations() {
    let d = dir();
    let n = 40_000;
    let mut old = String::from("policy p {\n");
    let mut new = String::from("policy p {\n");
    for i in 0..n {
        old.push_str(&format!("  integrations.a{i}.cache_ttl = 1h\n"));
        new.push_str(&format!("  integrations.b{i}.cache_ttl = 2h\n"));
    }
    old.push_str("}\n");
    new.push_str("}\n");
    write(d.path(), "old.ward", old);
    write(d.path(), "new.ward", new);
    let run = ward_within(d.path(), &["diff", "old.ward", "new.ward"], LIMIT);
    expect(&run, 1, "80000 changes, 80000 looser", usize::MAX);
}

#[test]
fn schema_of_a_descriptor_with_many_rows() {
    let d = dir();
    let n = 100_000;
    let mut desc = String::from("name = \"big\"\ntitle = \"Big\"\n\n");
    for i in 0..n {
        desc.push_str(&format!(
            "[[settings]]\nsetting = \"session.idle_timeout\"\nfield = \"f{i}\"\nencoding = \"integer\"\nunit = \"minutes\"\n\n"
        ));
    }
    write(d.path(), "big.toml", desc);
    let run = ward_within(
        d.path(),
        &["--target-file", "big.toml", "schema", "target", "big"],
        LIMIT,
    );
    expect(&run, 0, "\"f99999\"", usize::MAX);
}
