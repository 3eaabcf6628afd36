//! A [`Report`] as one self-contained HTML page.
//!
//! Inline CSS only: no scripts, no fonts, no images, no external resource,
//! so the page can be attached to an audit as a single file and opened
//! offline. Every piece of user or profile text is escaped. The counts come
//! first; each row's status has its own colour, and the status word is
//! written out so the page reads the same without colour.

use super::render::{summary_line, value_at, value_text, verdict_meaning};
use super::{Report, Status, Verdict};

use crate::markup::escape;

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.meta { color: #57606a; margin: 0 0 1rem; }
.meta dt { font-weight: 600; float: left; clear: left; width: 6rem; }
.meta dd { margin: 0 0 .2rem 6rem; }
.counts { display: flex; gap: .75rem; margin: 1rem 0 1.5rem; flex-wrap: wrap; }
.count { border-radius: 6px; padding: .5rem 1rem; min-width: 6rem; text-align: center; border: 1px solid #d0d7de; }
.count b { display: block; font-size: 1.6rem; }
.verdict { font-size: 1.1rem; font-weight: 700; padding: .5rem 1rem; border-radius: 6px; display: inline-block; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .85rem; }
.status { font-weight: 700; white-space: nowrap; }
td code, td.nowrap { white-space: nowrap; }
.pass { background: #dafbe1; color: #116329; }
.fail { background: #ffebe9; color: #a40e26; }
.warn { background: #fff8c5; color: #7d4e00; }
.notset { background: #eaeef2; color: #424a53; }
.notenforced { background: #fff1e5; color: #953800; }
.meaning { margin: .25rem 0 0; color: #57606a; }
td.reason { font-size: .85rem; }
";

fn class(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Warn => "warn",
        Status::NotSet => "notset",
        Status::NotEnforced => "notenforced",
    }
}

/// The page.
pub fn page(r: &Report) -> String {
    let p = &r.profile.meta;
    let c = r.counts();
    let title = format!("Compliance report: {} against std:{}", r.policy, p.name);
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str(&format!("<title>{}</title>\n", escape(&title)));
    s.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    s.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    let verdict = r.result();
    let vclass = match verdict {
        Verdict::Fail => "fail",
        Verdict::Incomplete => "notenforced",
        Verdict::Warn => "warn",
        Verdict::Pass => "pass",
    };
    s.push_str(&format!(
        "<p class=\"verdict {vclass}\">{}: {}</p>\n<p class=\"meaning\">{}</p>\n",
        verdict.as_str().to_uppercase(),
        escape(&summary_line(r)),
        escape(&verdict_meaning(r).replace('`', ""))
    ));
    s.push_str("<div class=\"counts\">\n");
    for (st, n) in [
        (Status::Pass, c.pass),
        (Status::Fail, c.fail),
        (Status::Warn, c.warn),
        (Status::NotSet, c.not_set),
        (Status::NotEnforced, c.not_enforced),
    ] {
        s.push_str(&format!(
            "<div class=\"count {}\"><b>{n}</b>{}</div>\n",
            class(st),
            st.as_str()
        ));
    }
    s.push_str("</div>\n<dl class=\"meta\">\n");
    s.push_str(&format!(
        "<dt>Policy</dt><dd><code>{}</code> ({})</dd>\n",
        escape(&r.policy),
        escape(&r.file)
    ));
    s.push_str(&format!(
        "<dt>Profile</dt><dd><code>std:{}</code>: {}</dd>\n",
        escape(p.name),
        escape(&p.title)
    ));
    s.push_str(&format!(
        "<dt>Version</dt><dd>{}</dd>\n",
        escape(&p.version)
    ));
    for src in &p.sources {
        // A source is shown as text, not a link: the page loads nothing and
        // leads nowhere by itself.
        s.push_str(&format!("<dt>Source</dt><dd>{}</dd>\n", escape(src)));
    }
    s.push_str("</dl>\n<table>\n<thead><tr><th>requirement</th><th>text</th><th>setting</th><th>bound</th><th>severity</th><th>value</th><th>set at</th><th>status</th><th>reason</th></tr></thead>\n<tbody>\n");
    for row in &r.rows {
        s.push_str(&format!(
            "<tr class=\"{cls}\"><td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td class=\"nowrap\">{}</td><td><code>{}</code></td><td><code>{}</code></td><td class=\"status {cls}\">{}</td><td class=\"reason\">{}</td></tr>\n",
            escape(&row.req.id),
            escape(&row.req.text),
            escape(&row.req.setting()),
            escape(&row.req.bound_text()),
            row.req.severity(),
            escape(&value_text(row)),
            escape(&value_at(row)),
            row.status.as_str(),
            escape(&row.reason),
            cls = class(row.status),
        ));
    }
    s.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    s
}
