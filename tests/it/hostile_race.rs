//! The root-confinement race of issue 12.7, raced for real.
//!
//! `extends` was canonicalized once and then opened again by path: a
//! directory swapped for a symlink between the two made ward read a file
//! outside the root (172 of 4,895 runs). A second thread here puts a
//! symlink to a directory outside the root in the place of a directory and
//! back, by renames, as fast as it can while `ward check` runs again and
//! again; the file outside must never be read.

use super::hostile::{dir, ward, write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Puts the symlink `link` where the directory `d` is and back, by
/// renames (between them `d` is briefly missing; ward then cannot read it,
/// which is fine). Each of the four states is held for a moment, so that
/// `d` is the symlink a quarter of the time, as when the thread spins, but
/// the thread does not take a core from the rest of the suite for the
/// length of the test.
fn swap_twice(d: &Path, link: &Path, hold: &Path) {
    let moment = Duration::from_micros(20);
    for (from, to) in [(d, hold), (link, d), (d, link), (hold, d)] {
        let _ = std::fs::rename(from, to);
        std::thread::sleep(moment);
    }
}

#[test]
fn extends_never_reads_outside_the_root_while_a_directory_is_swapped() {
    let top = dir();
    let root = top.path().join("root");
    // Fifty parents, each a chance for the race in every run.
    let parents: Vec<String> = (0..50).map(|i| format!("\"./d/p{i}.ward\"")).collect();
    write(
        &root,
        "main.ward",
        format!("policy main {{\n  extends {}\n}}\n", parents.join(", ")),
    );
    for i in 0..50 {
        write(
            &root,
            &format!("d/p{i}.ward"),
            format!("policy p{i} {{\n  session.idle_timeout = 1h\n}}\n"),
        );
        // Outside the root: a policy whose typo names it.
        write(
            top.path(),
            &format!("outside/p{i}.ward"),
            format!("policy p{i} {{\n  session.outside_the_root = 1h\n}}\n"),
        );
    }
    std::os::unix::fs::symlink("../outside", root.join("alt")).unwrap();
    let (d, alt, hold) = (root.join("d"), root.join("alt"), top.path().join("hold"));

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut swaps = 0u64;
            while !stop.load(Ordering::Relaxed) {
                swap_twice(&d, &alt, &hold);
                swaps += 2;
            }
            swaps
        })
    };
    let start = Instant::now();
    let (mut runs, mut refused, mut leaks) = (0, 0, Vec::new());
    while runs < 300 && start.elapsed() < Duration::from_secs(15) {
        let run = ward(&root, &["check", "main.ward"]);
        assert!(!run.output.contains("panicked"), "{}", run.output);
        if run.output.contains("outside_the_root") {
            leaks.push(run.output);
        } else if run.code != Some(0) {
            refused += 1;
            // Refused: outside the root, or changed while it was read.
            assert_eq!(run.code, Some(1), "{}", run.output);
            assert!(
                run.output.contains("E0403") || run.output.contains("E0401"),
                "{}",
                run.output
            );
        }
        runs += 1;
    }
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert!(
        leaks.is_empty(),
        "{} of {runs} runs read the file outside the root ({swaps} swaps); the first:\n{}",
        leaks.len(),
        leaks[0]
    );
    // The swaps reached ward (some runs refused a parent), and with the
    // directory back in place every parent is read.
    assert!(refused > 0, "{runs} runs, none saw a swap");
    let run = ward(&root, &["check", "main.ward"]);
    assert_eq!(run.code, Some(0), "{}", run.output);
}
