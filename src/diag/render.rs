//! Renderers: diagnostics → text for people (human) and tools (JSON).
//! (Interim plain renderer; replaced by the full renderers.)

use super::{Diagnostic, Summary};
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    pub color: bool,
    pub graphics: bool,
    pub width: usize,
}

impl HumanStyle {
    pub fn detect() -> HumanStyle {
        HumanStyle {
            color: false,
            graphics: false,
            width: 100,
        }
    }
    pub fn snapshot() -> HumanStyle {
        HumanStyle {
            color: false,
            graphics: true,
            width: 100,
        }
    }
}

pub fn render(
    _format: Format,
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: &Summary,
    _style: &HumanStyle,
) -> String {
    let mut out = String::new();
    for d in diags {
        let loc = d
            .primary
            .as_ref()
            .map(|l| {
                let f = sources.get(l.source);
                let (line, col) = f.line_col(l.span.start);
                format!("{}:{line}:{col}: ", f.name)
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "{loc}{}[{}]: {}\n",
            d.severity.as_str(),
            d.code,
            d.message
        ));
        for l in &d.labels {
            let f = sources.get(l.source);
            let (line, col) = f.line_col(l.span.start);
            out.push_str(&format!("  {}:{line}:{col}: {}\n", f.name, l.message));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {h}\n"));
        }
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}
