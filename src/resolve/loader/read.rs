//! The one reader: every file ward reads from disk comes through here.
//!
//! Policies, ignore files, target descriptors and (later) service exports
//! are read with [`read_regular`]; git blobs with [`read_capped`]. The
//! reader refuses what is not a regular file (directories, FIFOs, devices,
//! sockets, and a symlink to any of them) without ever blocking on it, and
//! never holds more than [`MAX_FILE_BYTES`] of a file, even one that grows
//! while it is read.
//!
//! On Unix the file is opened with `O_NONBLOCK | O_NOCTTY`, so opening a
//! FIFO nobody writes to returns at once, and the kind and size are checked
//! on the opened descriptor (`fstat`), so a file swapped after a check is
//! still refused. [`Follow::NoLinks`] adds `O_NOFOLLOW`: ignore files are
//! read that way, as git reads them.

use std::io::{self, Read};
use std::path::Path;

/// The largest file ward reads; larger files are refused with a diagnostic
/// rather than parsed into memory several times their size.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Whether the last component of a path may be a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// Read what the link points to (policies, descriptors).
    Links,
    /// Refuse a link (ignore files: git does not follow them either).
    NoLinks,
}

/// Reads the regular file at `path`, at most [`MAX_FILE_BYTES`] of it.
pub fn read_regular(path: &Path, follow: Follow) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path, follow)?;
    read_sized(file, len)
}

/// Reads `file`, whose size `fstat` gave as `len`, at most
/// [`MAX_FILE_BYTES`] of it. Room for that size and one byte more: a file
/// that has not changed is read in one call, plus the one that finds its
/// end (from an empty buffer, `read_to_end` starts with 32 bytes and
/// doubles).
pub(crate) fn read_sized(file: std::fs::File, len: u64) -> io::Result<Vec<u8>> {
    let len = usize::try_from(len).unwrap_or(0);
    read_capped_into(file, Vec::with_capacity(len.saturating_add(1)))
}

/// Opens the regular file at `path` for reading, refusing anything else
/// without blocking; returns it with its size (at most [`MAX_FILE_BYTES`]).
/// The kind and size are those of the file opened.
pub(crate) fn open_regular(path: &Path, follow: Follow) -> io::Result<(std::fs::File, u64)> {
    // A first look by path, so a device or FIFO is refused without even
    // being opened (opening some devices has side effects).
    let meta = match follow {
        Follow::Links => std::fs::metadata(path)?,
        Follow::NoLinks => std::fs::symlink_metadata(path)?,
    };
    check_kind(&meta)?;
    let file = open_options(follow).open(path).map_err(|e| {
        if follow == Follow::NoLinks && is_loop(&e) {
            not_followed()
        } else {
            e
        }
    })?;
    // Then the file actually opened, which is what is read.
    let meta = file.metadata()?;
    check_kind(&meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    Ok((file, meta.len()))
}

/// Checks that `file`, opened from `path`, lies under `root` (canonical).
///
/// On Linux the kernel says where the opened file is
/// (`/proc/self/fd/N`), which no later swap can change. Elsewhere, or
/// without `/proc`, the path is canonicalized again and must lead, inside
/// the root, to the same file (device and inode) as the one opened.
pub(super) fn confirm_within(file: &std::fs::File, path: &Path, root: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        let fd = std::path::PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        if let Ok(opened) = std::fs::read_link(fd) {
            return if opened.starts_with(root) {
                Ok(())
            } else {
                Err(escaped())
            };
        }
    }
    let again = std::fs::canonicalize(path)?;
    if !again.starts_with(root) {
        return Err(escaped());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (opened, now) = (file.metadata()?, std::fs::metadata(&again)?);
        if (opened.dev(), opened.ino()) != (now.dev(), now.ino()) {
            return Err(escaped());
        }
    }
    Ok(())
}

fn escaped() -> io::Error {
    io::Error::other(
        "led outside the root once opened (a directory on its path was replaced while ward read it)",
    )
}

/// Reads everything `reader` gives, refusing more than [`MAX_FILE_BYTES`]:
/// at most one byte past the limit is ever held.
pub fn read_capped(reader: impl Read) -> io::Result<Vec<u8>> {
    read_capped_into(reader, Vec::new())
}

/// [`read_capped`] into `buf` (empty, with room reserved).
fn read_capped_into(reader: impl Read, mut buf: Vec<u8>) -> io::Result<Vec<u8>> {
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(buf.len() as u64));
    }
    Ok(buf)
}

fn check_kind(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory, not a file",
        ));
    }
    if meta.file_type().is_symlink() {
        return Err(not_followed());
    }
    if !meta.is_file() {
        return Err(io::Error::other(format!(
            "is {}, not a regular file",
            special_kind(meta)
        )));
    }
    Ok(())
}

/// What a non-regular file is, in words.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
}

fn not_followed() -> io::Error {
    io::Error::other("is a symbolic link, which ward does not follow here")
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

fn open_options(follow: Follow) -> std::fs::OpenOptions {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = match follow {
            Follow::Links => 0,
            Follow::NoLinks => libc::O_NOFOLLOW,
        };
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    #[cfg(not(unix))]
    let _ = follow;
    opts
}

/// Refuses a file over [`MAX_FILE_BYTES`]. The kind is
/// [`io::ErrorKind::FileTooLarge`], so a caller can tell a refused file (a
/// problem with the input) from one that could not be read.
pub(crate) fn too_large(len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "is {} MiB; ward reads files of at most {} MiB",
            len.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests fail by panicking
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_the_rest() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("a.ward");
        std::fs::write(&file, "policy a {}\n").unwrap();
        assert_eq!(
            read_regular(&file, Follow::Links).ok().as_deref(),
            Some(&b"policy a {}\n"[..])
        );
        assert!(read_regular(d.path(), Follow::Links).is_err());
        #[cfg(unix)]
        {
            let link = d.path().join("zero");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let e = read_regular(&link, Follow::Links).err();
            assert!(e.is_some_and(|e| e.to_string().contains("device")));
            let good = d.path().join("good");
            std::os::unix::fs::symlink(&file, &good).unwrap();
            assert!(read_regular(&good, Follow::Links).is_ok());
            let e = read_regular(&good, Follow::NoLinks).err();
            assert!(e.is_some_and(|e| e.to_string().contains("symbolic link")));
        }
    }

    #[test]
    fn never_holds_more_than_the_cap() {
        let endless = io::repeat(b'x');
        let e = read_capped(endless).err();
        assert!(e.is_some_and(|e| e.kind() == io::ErrorKind::FileTooLarge));
    }
}
