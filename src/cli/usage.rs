//! Arguments clap refuses, as `E0801` diagnostics in the form asked for.
//!
//! When clap cannot parse the command line, nothing it parsed can say which
//! form the diagnostics should take; a forgiving scan of the raw arguments
//! finds `--error-format` (and, for `ward check`, `--format`), so a CI job
//! that reads JSON or SARIF gets a document it can read even when its own
//! arguments are wrong. clap's message becomes the diagnostic's message, its
//! tips the help and its usage line a note; quotes become backticks, as in
//! every other ward message. `--help` and `--version` are not errors and are
//! printed as clap prints them.

use super::args::{Cli, ErrorFormat};
use super::{Reporter, CANNOT_RUN, OK};
use clap::error::ErrorKind;
use clap::{CommandFactory, ValueEnum};
use std::ffi::OsString;
use ward::diag::render::Stream;
use ward::diag::{codes, Diagnostic};

/// Reports a refused command line and returns its exit status.
pub fn refused(e: &clap::Error, argv: &[OsString]) -> i32 {
    let reporter = requested(argv);
    let prints_help = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || (e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            && reporter.format == ErrorFormat::Human);
    if prints_help {
        let _ = e.print();
        return if e.use_stderr() { CANNOT_RUN } else { OK };
    }
    reporter.stop(&[diagnostic(e)])
}

/// The form and stream the arguments ask for, as far as a scan without
/// clap can tell: the last `--error-format`, or for `ward check` its
/// `--format`, which wins and sends the diagnostics to standard output.
pub fn requested(argv: &[OsString]) -> Reporter {
    let args: Vec<String> = argv
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let takes_value = |flag: &str| {
        matches!(
            flag,
            "--error-format" | "--root" | "--target-file" | "--format" | "--profile"
        )
    };
    let mut command: Option<&str> = None;
    let mut error_format = None;
    let mut check_format = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "--" {
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        if flag.starts_with("--") {
            let value = match inline {
                Some(v) => Some(v),
                None if takes_value(flag) => {
                    i += 1;
                    args.get(i).cloned()
                }
                None => None,
            };
            let parsed = value.and_then(|v| ErrorFormat::from_str(&v, true).ok());
            match flag {
                "--error-format" => error_format = parsed.or(error_format),
                "--format" if command == Some("check") => check_format = parsed.or(check_format),
                _ => {}
            }
        } else if command.is_none() && subcommands.iter().any(|s| s == arg) {
            command = Some(arg);
        }
        i += 1;
    }
    let format = check_format.or(error_format).unwrap_or(ErrorFormat::Human);
    if command == Some("check") {
        Reporter::new(format, Stream::Stdout)
    } else {
        Reporter::stderr(format)
    }
}

/// clap's error as an `E0801` diagnostic.
pub fn diagnostic(e: &clap::Error) -> Diagnostic {
    from_text(&e.render().to_string())
}

/// Splits clap's plain rendering: the first paragraph is the message (with
/// any listed arguments and the possible values), `tip:` lines are the
/// help, the `Usage:` line a note; "For more information" is dropped.
fn from_text(text: &str) -> Diagnostic {
    let mut paragraphs = text.split("\n\n").map(str::trim_end);
    let first = paragraphs.next().unwrap_or_default();
    let mut lines = first.lines();
    let head = lines.next().unwrap_or_default();
    let mut message = backticks(head.trim_start_matches("error:").trim());
    let mut helps = Vec::new();
    let mut listed = Vec::new();
    for line in lines.map(str::trim) {
        if let Some(values) = line
            .strip_prefix("[possible values:")
            .and_then(|v| v.strip_suffix(']'))
        {
            helps.push(format!("possible values: {}", values.trim()));
        } else if !line.is_empty() {
            listed.push(format!("`{line}`"));
        }
    }
    if !listed.is_empty() {
        let sep = if message.ends_with(':') { " " } else { ": " };
        message = format!("{message}{sep}{}", listed.join(", "));
    }
    if message.is_empty() {
        message = "invalid arguments".to_string();
    }
    let mut notes = Vec::new();
    for para in paragraphs {
        for line in para.lines().map(str::trim) {
            if let Some(tip) = line.strip_prefix("tip:") {
                helps.push(backticks(tip.trim()));
            } else if let Some(usage) = line.strip_prefix("Usage:") {
                notes.push(format!("usage: `{}`", usage.trim()));
            }
        }
    }
    let mut d = Diagnostic::new(codes::USAGE, message);
    if !helps.is_empty() {
        d = d.help(helps.join("; "));
    }
    for n in notes {
        d = d.note(n);
    }
    d
}

/// clap quotes with `'x'`; ward messages quote user input with backticks.
fn backticks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // An apostrophe inside a word (`doesn't`) is not a quote.
        let inside_word = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c == '\'' && !inside_word {
            out.push('`');
            open = !open;
        } else {
            out.push(c);
        }
    }
    if open {
        // An unbalanced quote: give the text back as it was.
        return s.to_string();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        std::iter::once("ward")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn finds_the_form_without_clap() {
        let r = requested(&os(&["check", "--format", "json", "--bogus"]));
        assert_eq!((r.format, r.stream), (ErrorFormat::Json, Stream::Stdout));
        let r = requested(&os(&[
            "--error-format=sarif",
            "build",
            "x",
            "--format",
            "toml",
        ]));
        assert_eq!((r.format, r.stream), (ErrorFormat::Sarif, Stream::Stderr));
        let r = requested(&os(&[
            "--root",
            "check",
            "build",
            "--error-format",
            "github",
        ]));
        assert_eq!((r.format, r.stream), (ErrorFormat::Github, Stream::Stderr));
        let r = requested(&os(&["check", "--error-format", "xml"]));
        assert_eq!((r.format, r.stream), (ErrorFormat::Human, Stream::Stdout));
    }

    #[test]
    fn clap_text_becomes_message_help_and_note() {
        let d = from_text(
            "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: ward check [OPTIONS] [PATHS]...\n\nFor more information, try '--help'.\n",
        );
        assert_eq!(d.code, codes::USAGE);
        assert_eq!(d.message, "unexpected argument `--bogus` found");
        assert_eq!(
            d.help.as_deref(),
            Some("to pass `--bogus` as a value, use `-- --bogus`")
        );
        assert_eq!(d.notes, ["usage: `ward check [OPTIONS] [PATHS]...`"]);

        let d = from_text("error: the following required arguments were not provided:\n  <FILE>\n\nUsage: ward build <FILE>\n");
        assert_eq!(
            d.message,
            "the following required arguments were not provided: `<FILE>`"
        );
        let d = from_text(
            "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: json, toml]\n",
        );
        assert_eq!(d.message, "invalid value `xml` for `--format <FORMAT>`");
        assert_eq!(d.help.as_deref(), Some("possible values: json, toml"));
    }

    #[test]
    fn apostrophes_in_words_stay() {
        assert_eq!(backticks("doesn't take 'x'"), "doesn't take `x`");
        assert_eq!(backticks("odd 'quote"), "odd 'quote");
    }
}
