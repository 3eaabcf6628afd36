//! The built-in profiles as files an editor can open.
//!
//! `std:NAME` profiles live inside the binary. Go-to-definition on
//! `extends "std:pci-dss-4.0"`, and labels that point into a profile, need
//! a URI: the profile's text is written once to
//! `TMPDIR/ward-VERSION-std/NAME.ward` (atomically, rewritten when its
//! contents differ) and that file is named.

use std::path::PathBuf;

/// The directory the profiles are written to.
pub fn dir() -> PathBuf {
    std::env::temp_dir().join(format!("ward-{}-std", env!("CARGO_PKG_VERSION")))
}

/// The file holding `std:NAME`, written if needed; `None` for an unknown
/// profile or when it cannot be written.
pub fn path(name: &str) -> Option<PathBuf> {
    let text = crate::resolve::stdlib::get(name)?;
    let dir = dir();
    let path = dir.join(format!("{name}.ward"));
    if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
        return Some(path);
    }
    std::fs::create_dir_all(&dir).ok()?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).ok()?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).ok()?;
    tmp.persist(&path).ok()?;
    Some(path)
}
