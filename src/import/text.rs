//! The text of an imported policy, before `ward fmt` lays it out: a header
//! comment, `targets`, one statement per setting in catalog order (a blank
//! line between sections) with the field it came from as a trailing
//! comment, and a closing comment listing what was not imported.

use super::{Left, Stated};
use std::fmt::Write;

/// What the text is made of.
pub(super) struct Parts<'a> {
    pub name: &'a str,
    pub target: &'a str,
    pub export: &'a str,
    pub stated: &'a [Stated],
    pub left: &'a [Left],
    pub unmapped: &'a [String],
}

/// A comment's text on one line, whatever the export holds.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub(super) fn policy(p: &Parts<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Imported by `ward import {} {}`: each value from the field named beside it.",
        p.target,
        one_line(p.export)
    );
    let _ = writeln!(s, "policy {} {{", p.name);
    let _ = writeln!(s, "  targets {}", p.target);
    let mut section = "";
    for st in p.stated {
        let sec = st.key.setting().section;
        if sec != section {
            s.push('\n');
            section = sec;
        }
        let _ = writeln!(
            s,
            "  {} = {}  # {}",
            st.key.path(),
            st.value,
            one_line(&st.from)
        );
    }
    s.push_str("}\n");
    if !p.left.is_empty() {
        let _ = writeln!(
            s,
            "\n# Not imported (the policy cannot state them; `ward drift` reports them):"
        );
        for l in p.left {
            let _ = writeln!(s, "# - {}: {}", one_line(&l.field), one_line(&l.why));
        }
    }
    if !p.unmapped.is_empty() {
        let _ = writeln!(
            s,
            "\n# Fields of the export ward does not map ({}):",
            p.unmapped.len()
        );
        let mut line = String::from("#");
        for f in p.unmapped {
            let item = format!(" {},", one_line(f));
            if line.len() + item.len() > 78 && line.len() > 1 {
                let _ = writeln!(s, "{}", line.trim_end_matches(','));
                line = String::from("#");
            }
            line.push_str(&item);
        }
        let _ = writeln!(s, "{}", line.trim_end_matches(','));
    }
    s
}
