//! Code actions: a quick fix for every published diagnostic whose help
//! proposes a replacement (did-you-mean, a missing unit, a decimal), taken
//! from the diagnostics the server published for the file rather than from
//! what the client sends back, so a client that drops fields still gets
//! them.

use super::diagnostics::Published;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, Url, WorkspaceEdit};
use std::collections::HashMap;

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The quick fixes for the diagnostics of `uri` that touch `range`.
pub fn actions(uri: &Url, range: Range, published: &[Published]) -> Vec<CodeActionOrCommand> {
    published
        .iter()
        .filter(|p| overlaps(p.diag.range, range))
        .filter_map(|p| {
            let fix = p.fix.as_ref()?;
            let changes = HashMap::from([(uri.clone(), vec![fix.edit.clone()])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![p.diag.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}
