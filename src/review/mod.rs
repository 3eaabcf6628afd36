//! Review tools: the library side of `ward explain`, `ward merge` and
//! `ward diff`.
//!
//! Each reads the resolved model ([`crate::model::Resolved`]). Nothing here
//! prints or exits: every function returns data (and text renderings of
//! it) for the command line to write. (`ward fmt`, which is about layout
//! and comments, is a syntax tool: [`crate::syntax::fmt`].)
//!
//! - [`explain`]: where each value comes from and what bounds it;
//! - [`merge`]: the strictest combination of several policies;
//! - [`diff`]: what got stricter or looser between two versions.

pub mod diff;
mod diff_per_target;
pub mod explain;
mod explain_per_target;
pub mod git;
pub mod merge;
#[cfg(test)]
pub(crate) mod testgen;

use crate::catalog::{self, SettingId};
use crate::model::{Origin, SettingKey};
use crate::source::SourceMap;
use serde::Serialize;

/// A place in a source file, ready to show: `file:line` and the line's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    /// The source line, trimmed.
    pub text: String,
}

impl Location {
    pub fn of(origin: &Origin, sources: &SourceMap) -> Location {
        let file = sources.get(origin.source);
        let (line, _) = file.line_col(origin.span.start);
        Location {
            file: file.name.clone(),
            line,
            text: file.line_text(line).trim().to_string(),
        }
    }

    /// `policies/baseline.ward:5`.
    pub fn short(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Reads a setting path as a user types it on the command line:
/// `session.idle_timeout`, `integrations.outlook_calendar.enabled`,
/// `integrations."ms-teams".enabled`, with the grammar's own rule for paths
/// ([`crate::syntax::parse_path`]).
pub(crate) fn parse_setting(path: &str) -> Option<SettingKey> {
    let parsed = crate::syntax::parse_path(path, 0).ok()?;
    let names: Vec<&str> = parsed.segments.iter().map(|s| s.node.as_str()).collect();
    SettingKey::of_segments(&names)
}

/// Every plain setting path in the catalog, for did-you-mean.
pub(crate) fn catalog_paths() -> Vec<String> {
    catalog::all()
        .filter(|(_, s)| !s.is_instanced())
        .map(|(id, _): (SettingId, _)| SettingKey::plain(id).path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_paths_parse() {
        let k = parse_setting("session.idle_timeout").map(|k| k.path());
        assert_eq!(k.as_deref(), Some("session.idle_timeout"));
        let k = parse_setting("integrations.\"ms-teams\".enabled").map(|k| k.path());
        assert_eq!(k.as_deref(), Some("integrations.\"ms-teams\".enabled"));
        assert!(parse_setting("session.idle").is_none());
        assert!(parse_setting("integrations.enabled").is_none());
        assert!(parse_setting("nothing").is_none());
    }
}
