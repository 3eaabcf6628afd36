//! Files and paths that cannot be used: the one wording of an I/O error,
//! and the one "cannot read" diagnostic for a path named on the command line
//! or in `ward.toml` (`E0802`). A policy file that cannot be read is a
//! finding (`E0401`, [`crate::finding::Finding::CannotRead`]), not this.

use super::{codes, Diagnostic};
use std::fmt::Display;

/// An I/O error as a short lowercase phrase, without the OS error number.
pub fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}

/// What a path that cannot be read was meant to be, in the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathRole {
    /// A file named as such.
    File,
    /// A directory walked for policy files.
    Directory,
    /// An ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`) read
    /// during a walk.
    IgnoreFile,
    /// A service's export (`drift`, `import`).
    Export,
}

impl PathRole {
    fn words(self) -> &'static str {
        match self {
            PathRole::File => "",
            PathRole::Directory => "the directory ",
            PathRole::IgnoreFile => "the ignore file ",
            PathRole::Export => "the export ",
        }
    }
}

/// `E0802`: a path the command was given cannot be read, so the command
/// cannot run (exit 2). `why` is [`reason`] of the error, or a tool's own
/// words (git's, for a revision).
pub fn cannot_read_path(role: PathRole, path: impl Display, why: &str) -> Diagnostic {
    Diagnostic::new(
        codes::CANNOT_READ_PATH,
        format!("cannot read {}`{path}`: {why}", role.words()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_short_and_lowercase() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(reason(&e), "no such file");
        let e = std::io::Error::from_raw_os_error(21);
        assert_eq!(reason(&e), "is a directory");
    }

    #[test]
    fn the_role_is_named_before_the_path() {
        let d = cannot_read_path(PathRole::Export, "realm.json", "no such file");
        assert_eq!(
            d.message,
            "cannot read the export `realm.json`: no such file"
        );
        assert_eq!(d.code, codes::CANNOT_READ_PATH);
    }
}
