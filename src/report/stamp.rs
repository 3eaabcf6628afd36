//! When the evidence was collected, so that the same input gives the same
//! bytes.
//!
//! A report is a pure function of the policy files, the profile and ward's
//! version, so its timestamp must be one too. [`evidence_time`] takes, in
//! order: `SOURCE_DATE_EPOCH` when it is set (the reproducible-builds
//! convention: whole seconds since 1970, UTC); else the newest commit time
//! of the policy files involved, as `git log` gives it in the work tree that
//! holds them; else the newest modification time of those files. The clock
//! is never read. [`rfc3339`] writes the time as OSCAL's
//! `date-time-with-timezone` wants it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

/// Where a report's time came from, for the report to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSource {
    /// `SOURCE_DATE_EPOCH`.
    Environment,
    /// The newest commit touching a policy file.
    Commit,
    /// The newest modification time of a policy file.
    Modified,
}

impl TimeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Environment => "SOURCE_DATE_EPOCH",
            TimeSource::Commit => "newest commit of the policy files",
            TimeSource::Modified => "newest modification of the policy files",
        }
    }
}

/// The time of the evidence in seconds since 1970 (UTC). `epoch` is the
/// value of `SOURCE_DATE_EPOCH` (`None` or empty when unset); `files` are
/// the policy files, as paths from the current directory; `root` is the
/// directory `git` runs in. `Err` says what is wrong with `epoch`, or that
/// no file could be dated.
pub fn evidence_time(
    epoch: Option<&str>,
    files: &[PathBuf],
    root: &Path,
) -> Result<(u64, TimeSource), String> {
    if let Some(text) = epoch.filter(|t| !t.is_empty()) {
        return match text.trim().parse::<u64>() {
            Ok(n) if n <= LATEST => Ok((n, TimeSource::Environment)),
            Ok(_) => Err(format!(
                "`SOURCE_DATE_EPOCH` is `{text}`, after the year 2999, which OSCAL cannot write"
            )),
            Err(_) => Err(format!(
                "`SOURCE_DATE_EPOCH` must be a whole number of seconds since 1970-01-01 UTC, not `{text}`"
            )),
        };
    }
    if let Some(t) = commit_time(files, root) {
        return Ok((t.min(LATEST), TimeSource::Commit));
    }
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok()?.modified().ok())
        .filter_map(|m| m.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs().min(LATEST))
        .max()
        .map(|t| (t, TimeSource::Modified))
        .ok_or_else(|| {
            "cannot tell when the policy files were written: set `SOURCE_DATE_EPOCH`".to_string()
        })
}

/// 2999-12-31T23:59:59Z, the last second OSCAL's date pattern accepts.
const LATEST: u64 = 32_503_680_000 - 1;

/// The newest commit time of `files` in the git work tree at `root`, or
/// `None` when git is missing, `root` is no work tree, or no file has a
/// commit.
fn commit_time(files: &[PathBuf], root: &Path) -> Option<u64> {
    if files.is_empty() {
        return None;
    }
    let abs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect();
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "-1", "--format=%ct", "--"])
        .args(&abs)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// `secs` since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
#[allow(clippy::panic)] // tests fail by panicking
mod tests {
    use super::*;

    #[test]
    fn writes_utc_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_751_328_000 + 3_661), "2025-07-01T01:01:01Z");
        assert_eq!(rfc3339(LATEST), "2999-12-31T23:59:59Z");
    }

    #[test]
    fn source_date_epoch_wins_and_is_checked() {
        let none: &[PathBuf] = &[];
        assert_eq!(
            evidence_time(Some("1751328000"), none, Path::new(".")),
            Ok((1_751_328_000, TimeSource::Environment))
        );
        assert!(evidence_time(Some("yesterday"), none, Path::new("."))
            .is_err_and(|e| e.contains("`yesterday`")));
        assert!(evidence_time(Some("99999999999"), none, Path::new(".")).is_err());
        // Unset or empty, with no file to date: an error, never the clock.
        assert!(evidence_time(Some(""), none, Path::new(".")).is_err());
        assert!(evidence_time(None, none, Path::new(".")).is_err());
    }

    #[test]
    fn falls_back_to_the_newest_modification() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let f = dir.path().join("p.ward");
        std::fs::write(&f, "policy p {}\n").unwrap_or_else(|e| panic!("{e}"));
        let (t, src) = evidence_time(None, &[f], dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(src, TimeSource::Modified);
        assert!(t > 1_700_000_000);
    }
}
