//! The commands around the built-in profiles: `ward profiles [NAME]`,
//! `ward report FILE --profile NAME` and the `--profile` flag of `ward
//! check`. The content comes from [`ward::report`]; this file only prints.

use super::args::{Global, ReportFormat};
use super::commands::print_out;
use super::{status, Reporter, CANNOT_RUN, FAILED, OK};
use std::path::Path;
use ward::diag::{codes, Diagnostic};
use ward::driver::Options;
use ward::report::{self, profile, render};
use ward::resolve::stdlib;

/// Checks every `--profile` name and adds them to `opts`; an unknown name is
/// a command-line error (E0802, exit status 2).
pub fn with_profiles(opts: Options, names: &[String]) -> Result<Options, Diagnostic> {
    let mut profiles = Vec::new();
    for n in names {
        match profile::profile_name(n) {
            Ok(name) => profiles.push(name.to_string()),
            Err(help) => return Err(unknown_profile(n, &help)),
        }
    }
    Ok(Options { profiles, ..opts })
}

fn unknown_profile(name: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNKNOWN_ARGUMENT,
        format!("unknown built-in profile `{name}`"),
    )
    .help(help)
}

/// Rows of cells as a table whose columns are padded to their widest cell.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, c) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}  ", w = width[i]));
            }
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// Words of `text` in lines of at most `width` characters, each indented.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut s = String::new();
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
            s.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        s.push_str(&format!("{indent}{line}\n"));
    }
    s
}

/// `ward profiles [NAME]`.
pub fn profiles(name: Option<&str>, g: &Global) -> i32 {
    let Some(name) = name else {
        // A block per profile: the full title, version and sources are too
        // long for one table row in a terminal.
        let mut s = String::new();
        for n in stdlib::names() {
            if let Some(p) = stdlib::profile(n) {
                s.push_str(&format!(
                    "std:{}\n  {}\n  version: {}\n",
                    p.name, p.title, p.version
                ));
                for src in &p.sources {
                    s.push_str(&format!("  source:  {src}\n"));
                }
                s.push('\n');
            }
        }
        s.push_str("`ward profiles NAME` lists a profile's requirements.\n");
        print_out(&s);
        return OK;
    };
    let info = match profile::profile_name(name) {
        Ok(n) => profile::load(n),
        Err(help) => return Reporter::stderr(g.error_format).stop(&[unknown_profile(name, &help)]),
    };
    let Some(info) = info else {
        super::io::err(&format!(
            "error: built-in profile `{name}` does not resolve (a bug in ward)\n"
        ));
        return CANNOT_RUN;
    };
    let p = &info.meta;
    let mut s = format!("std:{}\n  {}\n  version: {}\n", p.name, p.title, p.version);
    for src in &p.sources {
        s.push_str(&format!("  source:  {src}\n"));
    }
    s.push('\n');
    let mut rows = vec![vec![
        "requirement".to_string(),
        "setting".to_string(),
        "bound".to_string(),
        "severity".to_string(),
        "text".to_string(),
    ]];
    for r in &info.requirements {
        rows.push(vec![
            r.id.clone(),
            r.setting(),
            r.bound_text(),
            r.severity().to_string(),
            r.text.clone(),
        ]);
    }
    s.push_str(&table(&rows));
    if !info.notes.is_empty() {
        s.push_str("\nnotes:\n");
        for (i, n) in info.notes.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&wrap(n, 76, "  "));
        }
    }
    print_out(&s);
    OK
}

/// `ward report FILE --profile NAME [--format F] [-o FILE]`.
pub fn report(
    file: &Path,
    name: &str,
    format: ReportFormat,
    output: Option<&Path>,
    show_warnings: bool,
    opts: &Options,
    g: &Global,
) -> i32 {
    let mut rep = Reporter::stderr(g.error_format);
    rep.fold_warnings(!show_warnings);
    if let Err(help) = profile::profile_name(name) {
        return rep.stop(&[unknown_profile(name, &help)]);
    }
    let (report, out) = report::run(file, name, opts);
    rep.add_outcome(&out);
    if !out.fatal.is_empty() {
        return rep.finish(CANNOT_RUN);
    }
    let Some(report) = report else {
        return rep.finish(FAILED);
    };
    let text = match format {
        ReportFormat::Markdown => render::render(&report, render::Format::Markdown),
        ReportFormat::Html => render::render(&report, render::Format::Html),
        ReportFormat::Json => render::render(&report, render::Format::Json),
        ReportFormat::Oscal => {
            let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
            let files: Vec<_> = report.files.iter().map(|f| f.path.clone()).collect();
            match report::stamp::evidence_time(epoch.as_deref(), &files, &report.root) {
                Ok((time, _)) => report::oscal::document(&report, time),
                Err(e) => {
                    super::io::err(&format!("error: {e}\n"));
                    return CANNOT_RUN;
                }
            }
        }
    };
    match output {
        Some(p) if p != Path::new("-") => {
            let code = super::write_outputs(
                &[(p.to_path_buf(), text.into_bytes())],
                &out.inputs,
                &mut rep,
            );
            if code != OK {
                return rep.finish(code);
            }
        }
        _ => print_out(&text),
    }
    let code = if report.fails() {
        FAILED
    } else {
        status(&out, g.deny_warnings)
    };
    rep.finish(code)
}
