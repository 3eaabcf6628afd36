//! Standard output and standard error, written so that they never panic.
//!
//! `print!` and `eprint!` panic when a write fails: a closed pipe
//! (`ward build p.ward 2>&1 | head -c1`) made ward exit 101, and a full
//! disk (`> /dev/full`) was ignored. Every write to either stream goes
//! through [`out`] or [`err`] instead:
//!
//! - a closed pipe (`EPIPE`) on either stream stops writing to it quietly;
//!   ward finishes and exits with the status it had already determined
//!   (contract section 8);
//! - any other failure on standard output is remembered, and [`finish`]
//!   reports it as `E0803` on standard error and makes the status 2;
//! - a failure on standard error cannot be reported anywhere, and is
//!   dropped.

use super::args::ErrorFormat;
use super::Reporter;
use std::io::{self, Write};
use std::sync::Mutex;
use ward::diag::{codes, Diagnostic};

/// What became of a stream.
#[derive(Debug)]
enum State {
    Open,
    /// The reader went away: write nothing more, and say nothing.
    Closed,
    /// A write failed otherwise: reported once at the end.
    Failed(io::Error),
}

static STDOUT: Mutex<State> = Mutex::new(State::Open);
static STDERR: Mutex<State> = Mutex::new(State::Open);

fn write_to(state: &Mutex<State>, stream: &mut dyn Write, bytes: &[u8]) {
    let mut state = match state.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if !matches!(*state, State::Open) {
        return;
    }
    let done = stream.write_all(bytes).and_then(|()| stream.flush());
    if let Err(e) = done {
        *state = if e.kind() == io::ErrorKind::BrokenPipe {
            State::Closed
        } else {
            State::Failed(e)
        };
    }
}

/// Writes `text` to standard output.
pub fn out(text: &str) {
    out_bytes(text.as_bytes());
}

/// Writes `bytes` to standard output (a target's file need not be UTF-8:
/// an INF is UTF-16).
pub fn out_bytes(bytes: &[u8]) {
    write_to(&STDOUT, &mut io::stdout().lock(), bytes);
}

/// Writes `text` to standard error.
pub fn err(text: &str) {
    write_to(&STDERR, &mut io::stderr().lock(), text.as_bytes());
}

/// The exit status, once everything is written: `code`, or 2 with an
/// `E0803` on standard error when standard output could not be written.
pub fn finish(code: i32, format: ErrorFormat) -> i32 {
    let failed = match STDOUT.lock() {
        Ok(mut s) => std::mem::replace(&mut *s, State::Closed),
        Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), State::Closed),
    };
    match failed {
        State::Failed(e) => {
            let d = Diagnostic::new(
                codes::CANNOT_WRITE,
                format!(
                    "cannot write to standard output: {}",
                    ward::diag::io::reason(&e)
                ),
            )
            .help("free space on the device, or send the output elsewhere (`-o FILE`)");
            Reporter::stderr(format).stop(&[d])
        }
        State::Open | State::Closed => code,
    }
}
