//! The writers' laws: any set of destinations where one fails leaves every
//! file as it was (property tests); links are followed, devices written
//! through.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail by panicking

use super::*;
use proptest::prelude::*;
use std::cell::Cell;
use std::collections::BTreeMap;

/// Fails the `n`th rename (counting from 0) and no other.
struct FailRename {
    n: usize,
    seen: Cell<usize>,
}

// Only used on one thread; `Ops` does not need `Sync`.
impl Ops for FailRename {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let i = self.seen.get();
        self.seen.set(i + 1);
        if i == self.n {
            Err(io::Error::other("injected failure"))
        } else {
            std::fs::rename(from, to)
        }
    }
}

/// Everything under `dir`: each path with its kind and content (or where a
/// link points).
fn state(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if t.is_symlink() {
                out.insert(rel, format!("link {:?}", std::fs::read_link(&p).ok()));
            } else if t.is_dir() {
                out.insert(rel, "dir".to_string());
                stack.push(p);
            } else {
                out.insert(rel, format!("file {:?}", std::fs::read(&p).ok()));
            }
        }
    }
    out
}

#[derive(Clone, Copy, Debug)]
enum Failure {
    Directory,
    MissingParent,
    DanglingLink,
    Input,
    Rename,
}

fn failure() -> impl Strategy<Value = Failure> {
    prop_oneof![
        Just(Failure::Directory),
        Just(Failure::MissingParent),
        Just(Failure::DanglingLink),
        Just(Failure::Input),
        Just(Failure::Rename),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For any set of destinations (some existing, some new, some through
    /// a link) where one fails, in any way and at any position, nothing is
    /// replaced, nothing is created and nothing is left behind.
    #[test]
    fn one_failing_destination_replaces_nothing(
        existing in prop::collection::vec(prop::option::of("[a-z]{0,8}"), 1..6),
        linked in prop::collection::vec(any::<bool>(), 6),
        how in failure(),
        at in 0usize..6,
    ) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let n = existing.len();
        let k = at % n;
        let mut outputs = Vec::new();
        let mut inputs = Vec::new();
        for (i, content) in existing.iter().enumerate() {
            let real = root.join(format!("out{i}.json"));
            if let Some(c) = content {
                std::fs::write(&real, c).unwrap();
            }
            let mut dest = real.clone();
            if linked[i] && content.is_some() {
                dest = root.join(format!("link{i}.json"));
                std::os::unix::fs::symlink(&real, &dest).unwrap();
            }
            if i == k {
                match how {
                    Failure::Directory => {
                        dest = root.join(format!("dir{i}"));
                        std::fs::create_dir(&dest).unwrap();
                    }
                    Failure::MissingParent => dest = root.join("missing").join("x.json"),
                    Failure::DanglingLink => {
                        dest = root.join(format!("dangling{i}"));
                        std::os::unix::fs::symlink(root.join("nowhere"), &dest).unwrap();
                    }
                    Failure::Input => {
                        std::fs::write(&real, "input").unwrap();
                        inputs.push(real.clone());
                    }
                    Failure::Rename => {}
                }
            }
            outputs.push((dest, format!("new {i}").into_bytes()));
        }
        let before = state(root);
        let ops = FailRename {
            n: if matches!(how, Failure::Rename) { k } else { usize::MAX },
            seen: Cell::new(0),
        };
        let result = write_all_with(&outputs, &inputs, &ops);
        prop_assert!(result.is_err());
        prop_assert_eq!(state(root), before);
    }

    /// Without a failure every output is written, through links, and only
    /// the destinations change.
    #[test]
    fn without_a_failure_everything_is_written(
        existing in prop::collection::vec(prop::option::of("[a-z]{0,8}"), 1..6),
        linked in prop::collection::vec(any::<bool>(), 6),
    ) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let mut outputs = Vec::new();
        let mut want = BTreeMap::new();
        for (i, content) in existing.iter().enumerate() {
            let real = root.join(format!("out{i}.json"));
            if let Some(c) = content {
                std::fs::write(&real, c).unwrap();
            }
            let mut dest = real.clone();
            if linked[i] && content.is_some() {
                dest = root.join(format!("link{i}.json"));
                std::os::unix::fs::symlink(&real, &dest).unwrap();
                want.insert(
                    PathBuf::from(format!("link{i}.json")),
                    format!("link {:?}", Some(real.clone())),
                );
            }
            let bytes = format!("new {i}").into_bytes();
            want.insert(
                PathBuf::from(format!("out{i}.json")),
                format!("file {:?}", Some(bytes.clone())),
            );
            outputs.push((dest, bytes));
        }
        write_all(&outputs, &[]).unwrap();
        prop_assert_eq!(state(root), want);
    }
}

#[test]
fn devices_are_written_through_and_kept() {
    use std::os::unix::fs::FileTypeExt;
    write_all(&[(PathBuf::from("/dev/null"), b"x".to_vec())], &[]).unwrap();
    let t = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(t.is_char_device());
}

#[test]
fn an_input_is_refused_by_any_name() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p.ward");
    std::fs::write(&p, "policy p {}\n").unwrap();
    let hard = d.path().join("hard.json");
    std::fs::hard_link(&p, &hard).unwrap();
    for dest in [p.clone(), d.path().join("./p.ward"), hard] {
        let r = write_all(&[(dest, b"{}".to_vec())], std::slice::from_ref(&p));
        assert!(matches!(r, Err(WriteError::Refused { .. })), "{r:?}");
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "policy p {}\n");
}
