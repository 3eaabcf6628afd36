//! Writing outputs atomically: all or nothing.
//!
//! Every output of a command is computed before any is written; then
//! [`write_all`] writes them in four steps:
//!
//! 1. **Check every destination.** A directory, a symbolic link that points
//!    nowhere, a file the command read (an input), or two outputs landing on
//!    one file is refused before anything is written. A symbolic link to a
//!    file is followed: the file it points to is replaced, the link kept.
//!    A device, a FIFO or a socket is not replaced but written through.
//! 2. **Stage.** Each file is written to a temporary file beside its
//!    destination, with the permissions of the file it replaces (else
//!    `rw-r--r--`), and synced.
//! 3. **Rename into place**, after keeping a hard link to (or a copy of)
//!    each file about to be replaced. If a rename fails part-way, the files
//!    already replaced are restored from those and the new ones removed.
//! 4. **Write through** to devices and FIFOs, last: a stream cannot be
//!    taken back, so it is written only once every file is in place.
//!
//! On any error, temporaries and backups are removed and every existing
//! file is as it was.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the outputs were not written.
#[derive(Debug)]
pub enum WriteError {
    /// A destination ward will not write (`E0805`).
    Refused { path: PathBuf, reason: String },
    /// Writing failed (`E0803`).
    Io { path: PathBuf, error: io::Error },
}

/// Where one output goes, once its destination is checked.
#[derive(Debug)]
enum Plan {
    /// A regular file to create or replace (the link's target, for a link).
    File { target: PathBuf, exists: bool },
    /// A device, FIFO or socket: opened and written, never replaced.
    Stream(PathBuf),
}

/// The file-system operations step 3 uses, so that tests can make a rename
/// fail part-way.
pub(crate) trait Ops {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
}

struct RealOps;

impl Ops for RealOps {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
}

/// Writes every `(path, bytes)` pair, or none of them. `inputs` are the
/// files the command read (canonical or not): none may be replaced.
pub fn write_all(outputs: &[(PathBuf, Vec<u8>)], inputs: &[PathBuf]) -> Result<(), WriteError> {
    write_all_with(outputs, inputs, &RealOps)
}

pub(crate) fn write_all_with(
    outputs: &[(PathBuf, Vec<u8>)],
    inputs: &[PathBuf],
    ops: &dyn Ops,
) -> Result<(), WriteError> {
    // 1. Check every destination.
    let mut plans = Vec::with_capacity(outputs.len());
    for (path, _) in outputs {
        let plan = plan(path, inputs)?;
        let target = match &plan {
            Plan::File { target, .. } | Plan::Stream(target) => target,
        };
        if plans.iter().any(|(_, p): &(&PathBuf, Plan)| match p {
            Plan::File { target: t, .. } | Plan::Stream(t) => t == target,
        }) {
            return Err(refused(
                path,
                "two outputs of this command would be written to it",
            ));
        }
        plans.push((path, plan));
    }
    // 2. Stage every file beside its destination.
    let mut staged: Vec<(tempfile::TempPath, &Path, bool)> = Vec::new();
    for ((path, bytes), (_, plan)) in outputs.iter().zip(&plans) {
        if let Plan::File { target, exists } = plan {
            let tmp = stage(target, bytes).map_err(|error| WriteError::Io {
                path: path.clone(),
                error,
            })?;
            staged.push((tmp, target.as_path(), *exists));
        }
    }
    // 3. Keep what is replaced, then rename into place.
    let mut backups: Vec<Option<tempfile::TempPath>> = Vec::with_capacity(staged.len());
    for (_, target, exists) in &staged {
        let backup = if *exists {
            Some(backup(target).map_err(|error| WriteError::Io {
                path: target.to_path_buf(),
                error,
            })?)
        } else {
            None
        };
        backups.push(backup);
    }
    let mut done: Vec<(usize, &Path)> = Vec::new();
    let mut failure = None;
    for (i, (tmp, target, _)) in staged.into_iter().enumerate() {
        match ops.rename(&tmp, target) {
            Ok(()) => {
                // The temporary's name is now the destination's: forget it
                // without removing it.
                let _ = tmp.keep();
                done.push((i, target));
            }
            Err(error) => {
                failure = Some(WriteError::Io {
                    path: target.to_path_buf(),
                    error,
                });
                break;
            }
        }
    }
    if let Some(e) = failure {
        // Restore what was replaced, remove what was created.
        for (i, target) in done.into_iter().rev() {
            match backups.get_mut(i).and_then(Option::take) {
                Some(b) => {
                    if std::fs::rename(&b, target).is_ok() {
                        let _ = b.keep();
                    }
                }
                None => {
                    let _ = std::fs::remove_file(target);
                }
            }
        }
        return Err(e);
    }
    // Success: the backups go.
    drop(backups);
    // 4. Streams, last.
    for ((path, bytes), (_, plan)) in outputs.iter().zip(&plans) {
        if let Plan::Stream(target) = plan {
            write_through(target, bytes).map_err(|error| WriteError::Io {
                path: path.clone(),
                error,
            })?;
        }
    }
    Ok(())
}

fn refused(path: &Path, reason: &str) -> WriteError {
    WriteError::Refused {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// What writing to `path` means, or why it is refused.
fn plan(path: &Path, inputs: &[PathBuf]) -> Result<Plan, WriteError> {
    let io_err = |error: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Plan::File {
                target: path.to_path_buf(),
                exists: false,
            })
        }
        Err(e) => return Err(io_err(e)),
    };
    let target = if link.file_type().is_symlink() {
        std::fs::canonicalize(path)
            .map_err(|_| refused(path, "it is a symbolic link that points nowhere"))?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).map_err(io_err)?;
    if meta.is_dir() {
        return Err(refused(path, "it is a directory"));
    }
    if is_input(&target, &meta, inputs) {
        return Err(refused(
            path,
            "it is an input of this command; the output would replace it",
        ));
    }
    if meta.is_file() {
        Ok(Plan::File {
            target,
            exists: true,
        })
    } else {
        Ok(Plan::Stream(target))
    }
}

/// Is the existing file `target` one of `inputs` (by path, or on Unix by
/// device and inode, which also catches a hard link)?
fn is_input(target: &Path, meta: &std::fs::Metadata, inputs: &[PathBuf]) -> bool {
    let canonical = std::fs::canonicalize(target).ok();
    inputs.iter().any(|i| {
        let same_path = std::fs::canonicalize(i)
            .ok()
            .is_some_and(|c| Some(c) == canonical);
        same_path || same_file(meta, i)
    })
}

#[cfg(unix)]
fn same_file(meta: &std::fs::Metadata, other: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(other).is_ok_and(|o| o.dev() == meta.dev() && o.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &Path) -> bool {
    false
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to a synced temporary file beside `target`.
fn stage(target: &Path, bytes: &[u8]) -> io::Result<tempfile::TempPath> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".ward-")
        .suffix(".tmp")
        .tempfile_in(dir_of(target))?;
    tmp.write_all(bytes)?;
    if let Some(perms) = permissions_for(target) {
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp.into_temp_path())
}

/// A second name for the file at `target`, beside it, from which it can be
/// restored: a hard link, or a copy where links are not supported.
fn backup(target: &Path) -> io::Result<tempfile::TempPath> {
    let dir = dir_of(target);
    let linked = tempfile::Builder::new()
        .prefix(".ward-old-")
        .suffix(".tmp")
        .make_in(&dir, |p| std::fs::hard_link(target, p));
    if let Ok(link) = linked {
        return Ok(link.into_temp_path());
    }
    let mut copy = tempfile::Builder::new()
        .prefix(".ward-old-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    io::copy(&mut std::fs::File::open(target)?, &mut copy)?;
    if let Some(perms) = permissions_for(target) {
        copy.as_file().set_permissions(perms)?;
    }
    Ok(copy.into_temp_path())
}

/// Writes to a device, FIFO or socket as it is, never creating a file.
fn write_through(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(target)?;
    f.write_all(bytes)?;
    f.flush()
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

#[cfg(all(test, unix))]
#[path = "output_tests.rs"]
mod tests;
