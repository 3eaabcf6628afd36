//! Writing outputs atomically: all or nothing.
//!
//! Every output is computed before any is written. Each is written to a
//! temporary file beside its destination, and only when all are written are
//! they renamed into place. On any error the temporaries are removed and
//! existing files are untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(path, bytes)` pair, or none of them.
pub fn write_all(outputs: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged: Vec<(tempfile::NamedTempFile, &Path)> = Vec::new();
    for (path, bytes) in outputs {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let fail = |e: std::io::Error| (path.clone(), e);
        let mut tmp = tempfile::Builder::new()
            .prefix(".ward-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(fail)?;
        tmp.write_all(bytes).map_err(fail)?;
        if let Some(perms) = permissions_for(path) {
            tmp.as_file().set_permissions(perms).map_err(fail)?;
        }
        tmp.as_file().sync_all().map_err(fail)?;
        staged.push((tmp, path.as_path()));
    }
    // Renames within one directory are atomic; a failure part-way leaves the
    // outputs already renamed complete and the rest untouched.
    for (tmp, path) in staged {
        tmp.persist(path)
            .map_err(|e| (path.to_path_buf(), e.error))?;
    }
    Ok(())
}

/// The permissions a written file gets: those of the file it replaces, else
/// the usual `rw-r--r--` (a temporary file starts as `rw-------`).
fn permissions_for(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
