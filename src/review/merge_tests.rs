//! The merge laws, checked on generated policies (per-target values among
//! them).

#![allow(clippy::panic)]

use super::merge_resolved;
use crate::model::Resolved;
use crate::review::testgen::{config, resolve_all, spec};
use crate::source::SourceMap;
use proptest::prelude::*;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Values, each target's values and bound values, without provenance.
fn shape(r: &Resolved) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (k, a) in &r.values {
        m.insert(format!("{} =", k.path()), a.value.to_string());
    }
    for (t, settings) in r.differing() {
        for (k, a) in settings {
            m.insert(format!("for {t}: {} =", k.path()), a.value.to_string());
        }
    }
    for (k, b) in &r.bounds {
        for (sev, l) in [("error", &b.error), ("warn", &b.warn)] {
            for (side, bound) in [("lower", &l.lower), ("upper", &l.upper), ("eq", &l.eq)] {
                if let Some(bound) = bound {
                    m.insert(
                        format!("{} {sev} {side}", k.path()),
                        bound.value.to_string(),
                    );
                }
            }
        }
    }
    m
}

fn merge(sources: &mut SourceMap, ps: &[Arc<Resolved>]) -> Arc<Resolved> {
    let labels: Vec<String> = (0..ps.len()).map(|i| format!("in{i}")).collect();
    Arc::new(merge_resolved("m", ps, &labels, sources).0)
}

proptest! {
    #![proptest_config(config(24))]

    /// The algebra of the module doc, on three generated policies.
    #[test]
    fn merge_is_commutative_associative_idempotent_and_strictest(
        a in spec(),
        b in spec(),
        c in spec(),
    ) {
        let texts = vec![a.text("p0"), b.text("p1"), c.text("p2")];
        let (session, ps) = resolve_all(&texts);
        prop_assert_eq!(ps.len(), 3, "{:?}", texts);
        let mut sources = session.sources;
        let (a, b, c) = (ps[0].clone(), ps[1].clone(), ps[2].clone());

        let ab = merge(&mut sources, &[a.clone(), b.clone()]);
        let ba = merge(&mut sources, &[b.clone(), a.clone()]);
        prop_assert_eq!(shape(&ab), shape(&ba), "commutative");

        let ab_c = merge(&mut sources, &[ab.clone(), c.clone()]);
        let bc = merge(&mut sources, &[b.clone(), c.clone()]);
        let a_bc = merge(&mut sources, &[a.clone(), bc]);
        let abc = merge(&mut sources, &[a.clone(), b.clone(), c.clone()]);
        prop_assert_eq!(shape(&ab_c), shape(&a_bc), "associative");
        prop_assert_eq!(shape(&ab_c), shape(&abc), "n-ary");

        let aa = merge(&mut sources, &[a.clone(), a.clone()]);
        prop_assert_eq!(shape(&aa), shape(&a), "idempotent");

        for input in [&a, &b, &c] {
            at_least_as_strict(&abc, input, 0);
        }
    }
}

fn at_least_as_strict(merged: &Resolved, input: &Resolved, round: usize) {
    for (k, a) in &input.values {
        let m = merged.value(k);
        let s = k.setting();
        let ord = m.and_then(|m| s.strictness_cmp(m, &a.value));
        assert!(
            matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
            "round {round}: `{}` merged {m:?} is looser than {}",
            k.path(),
            a.value
        );
    }
    // Each target's values too: the merged value for a target (its own,
    // else the general one) is at least as strict as the input's.
    let targets = input.for_targets.keys().chain(merged.for_targets.keys());
    for t in targets {
        let keys = input
            .values
            .keys()
            .chain(input.for_targets.get(t).into_iter().flat_map(|m| m.keys()));
        for k in keys {
            let Some(mine) = input.value_for(t, k) else {
                continue;
            };
            let m = merged.value_for(t, k).map(|m| &m.value);
            let ord = m.and_then(|m| k.setting().strictness_cmp(m, &mine.value));
            assert!(
                matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                "round {round}: for {t}: `{}` merged {m:?} is looser than {}",
                k.path(),
                mine.value
            );
        }
    }
    for (k, b) in &input.bounds {
        let s = k.setting();
        let Some(mb) = merged.bounds.get(k) else {
            panic!("round {round}: bounds on `{}` lost", k.path());
        };
        for sev in [crate::diag::Severity::Error, crate::diag::Severity::Warning] {
            let (il, ml) = (b.get(sev), mb.get(sev));
            if let Some(lo) = &il.lower {
                let m = ml.lower.as_ref().map(|m| s.value_cmp(&m.value, &lo.value));
                assert!(matches!(m, Some(Some(Ordering::Greater | Ordering::Equal))));
            }
            if let Some(hi) = &il.upper {
                let m = ml.upper.as_ref().map(|m| s.value_cmp(&m.value, &hi.value));
                assert!(matches!(m, Some(Some(Ordering::Less | Ordering::Equal))));
            }
        }
    }
}

#[test]
fn neutral_conflicts_name_both_sources() {
    let texts = vec![
        "policy a {\n  session.on_limit = deny_new\n}\n".to_string(),
        "policy b {\n  session.on_limit = end_oldest\n}\n".to_string(),
    ];
    let (session, ps) = resolve_all(&texts);
    let mut sources = session.sources;
    let labels = vec!["a.ward".to_string(), "b.ward".to_string()];
    let (_, found) = merge_resolved("m", &ps, &labels, &mut sources);
    let diags: Vec<_> = found.iter().map(|f| f.diagnostic(&sources)).collect();
    let d = diags
        .iter()
        .find(|d| d.code == crate::diag::codes::MERGE_CONFLICT);
    let Some(d) = d else {
        panic!("no conflict in {diags:?}")
    };
    let files: Vec<&str> = d
        .labels
        .iter()
        .map(|l| sources.get(l.source).name.as_str())
        .collect();
    assert_eq!(files, ["/g/p0.ward", "/g/p1.ward"]);
}

#[test]
fn policy_names_are_checked() {
    assert!(super::check_name("acme-all").is_none());
    assert!(super::check_name("Acme").is_some());
    assert!(super::check_name("").is_some());
}

#[test]
fn a_file_named_twice_is_one_input() {
    use crate::driver::Options;
    use crate::resolve::loader::MemoryFs;
    use std::path::PathBuf;
    let fs = MemoryFs::default().with(
        "/r/a.ward",
        "policy a {\n  session.idle_timeout = 1h\n  session.idle_timeout <= 2h\n}\n",
    );
    let opts = Options {
        root: Some(PathBuf::from("/r")),
        ..Options::default()
    };
    let alone = crate::driver::run(&[PathBuf::from("/r/a.ward")], &opts, &fs);
    let files = [PathBuf::from("/r/a.ward"), PathBuf::from("/r/./a.ward")];
    let merged = super::merge_files(&files, Some("a"), &opts, &fs);
    assert!(
        merged.outcome.diags.is_empty(),
        "{:?}",
        merged.outcome.diags
    );
    let (Some(m), Some(a)) = (merged.policy, alone.policies.first()) else {
        panic!("no policy: {:?}", merged.outcome.fatal);
    };
    assert_eq!(shape(&m), shape(a));
}

/// The generator does give per-target values: the laws above see them.
#[test]
fn generated_policies_have_per_target_values() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let texts: Vec<String> = (0..20)
        .filter_map(|i| {
            Some(
                spec()
                    .new_tree(&mut runner)
                    .ok()?
                    .current()
                    .text(&format!("p{i}")),
            )
        })
        .collect();
    let (_, ps) = resolve_all(&texts);
    assert_eq!(ps.len(), 20);
    let with = ps.iter().filter(|p| !p.for_targets.is_empty()).count();
    assert!(
        with >= 5,
        "only {with} of 20 generated policies have per-target values"
    );
}
