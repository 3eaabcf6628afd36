//! Reading a policy as it was at a git revision (`ward diff main:acme.ward
//! acme.ward`).
//!
//! `REV:PATH` is read with `git show REV:PATH`, run as a subprocess from the
//! current directory. The files it `extends` are read at the same revision:
//! [`GitFs`] is a [`FileSystem`] that maps every path under the work tree
//! to `git show REV:relpath`, so the resolver, its root confinement and its
//! diagnostics work unchanged. As with git, `PATH` is relative to the top
//! of the work tree, unless it starts with `./` or `../` (then it is
//! relative to the current directory).

use crate::driver::{self, Options, Outcome};
use crate::resolve::loader::{
    normalize, read_capped, too_large, FileSystem, RealFs, MAX_FILE_BYTES,
};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A policy named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Git { rev: String, path: String },
}

impl Input {
    /// A file if one exists at `arg`; `REV:PATH` if it has a colon; else a
    /// file (whose absence is reported when it is read).
    pub fn parse(arg: &str) -> Input {
        if Path::new(arg).exists() {
            return Input::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Input::Git {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => Input::File(PathBuf::from(arg)),
        }
    }
}

/// The files of one revision of the work tree that holds the current
/// directory.
#[derive(Clone, Debug)]
pub struct GitFs {
    rev: String,
    top: PathBuf,
}

fn git(dir: &Path, args: &[&str]) -> io::Result<std::process::Output> {
    Command::new("git").current_dir(dir).args(args).output()
}

fn stderr_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("git failed")
        .trim_start_matches("fatal: ")
        .to_string()
}

impl GitFs {
    /// Opens revision `rev` of the work tree around `cwd`.
    pub fn open(cwd: &Path, rev: &str) -> Result<GitFs, String> {
        let top = git(cwd, &["rev-parse", "--show-toplevel"])
            .map_err(|e| format!("cannot run `git`: {e}"))?;
        if !top.status.success() {
            return Err(format!("not in a git work tree: {}", stderr_line(&top)));
        }
        let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        let verify = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|e| format!("cannot run `git`: {e}"))?;
        if !verify.status.success() {
            return Err(format!("`{rev}` is not a git revision"));
        }
        Ok(GitFs {
            rev: rev.to_string(),
            top,
        })
    }

    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The path `git show REV:PATH` means, as an absolute path.
    pub fn entry(&self, cwd: &Path, path: &str) -> PathBuf {
        if path.starts_with("./") || path.starts_with("../") {
            normalize(&cwd.join(path))
        } else {
            normalize(&self.top.join(path))
        }
    }

    fn object(&self, path: &Path) -> io::Result<String> {
        let rel = normalize(path);
        let rel = rel
            .strip_prefix(&self.top)
            .map_err(|_| io::Error::new(io::ErrorKind::NotFound, "outside the git work tree"))?;
        Ok(format!(
            "{}:{}",
            self.rev,
            rel.to_string_lossy().replace('\\', "/")
        ))
    }
}

impl FileSystem for GitFs {
    /// The blob at `REV:path`, through the one reader's cap: its size is
    /// asked first, and the bytes are read from git's output with
    /// [`read_capped`], so a blob over the limit is never held whole.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let obj = self.object(path)?;
        let out = git(&self.top, &["cat-file", "-t", &obj])?;
        let kind = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such file"));
        }
        if kind != "blob" {
            return Err(io::Error::other("is not a file at this revision"));
        }
        let size = git(&self.top, &["cat-file", "-s", &obj])?;
        let size: u64 = String::from_utf8_lossy(&size.stdout)
            .trim()
            .parse()
            .map_err(|_| io::Error::other("git did not give the file's size"))?;
        if size > MAX_FILE_BYTES {
            return Err(too_large(size));
        }
        let mut child = Command::new("git")
            .current_dir(&self.top)
            .args(["cat-file", "blob", &obj])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let read = match child.stdout.take() {
            Some(stdout) => read_capped(stdout),
            None => Err(io::Error::other("git gave no output")),
        };
        // Stop git if ward stopped reading (a blob that grew past the cap).
        if read.is_err() {
            let _ = child.kill();
        }
        let status = child.wait()?;
        let bytes = read?;
        if !status.success() {
            return Err(io::Error::other("git could not read the file"));
        }
        Ok(bytes)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let p = normalize(path);
        if p == self.top {
            return Ok(p);
        }
        let obj = self.object(&p)?;
        let out = git(&self.top, &["cat-file", "-e", &obj])?;
        if out.status.success() {
            Ok(p)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
    }
}

/// Resolves one input: a file on disk, or `REV:PATH` with its parents read
/// at that revision (the root is then the work tree's top).
pub fn resolve_input(input: &Input, opts: &Options) -> Outcome {
    match input {
        Input::File(p) => driver::run(std::slice::from_ref(p), opts, &RealFs),
        Input::Git { rev, path } => {
            let cwd = std::env::current_dir()
                .and_then(std::fs::canonicalize)
                .unwrap_or_default();
            match GitFs::open(&cwd, rev) {
                Ok(fs) => {
                    let entry = fs.entry(&cwd, path);
                    let opts = Options {
                        root: Some(fs.top().to_path_buf()),
                        ..opts.clone()
                    };
                    driver::run(&[entry], &opts, &fs)
                }
                Err(msg) => Outcome {
                    fatal: vec![crate::diag::io::cannot_read_path(
                        crate::diag::io::PathRole::File,
                        format!("{rev}:{path}"),
                        &msg,
                    )],
                    ..Outcome::default()
                },
            }
        }
    }
}
