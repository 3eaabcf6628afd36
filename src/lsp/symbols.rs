//! Document symbols: the policy, its `extends` and `targets` lines, and
//! every block and setting statement, nested as written.

use super::position::{Encoding, LineIndex};
use crate::source::Span;
use crate::syntax::ast::{File, Item, StmtKind};
use lsp_types::{DocumentSymbol, SymbolKind};

pub fn symbols(file: &File, text: &str, index: &LineIndex, enc: Encoding) -> Vec<DocumentSymbol> {
    let Some(p) = &file.policy else {
        return Vec::new();
    };
    let range = |s: Span| index.range(text, s, enc);
    let children = items(&p.items, text, &range);
    vec![symbol(
        p.name.node.clone(),
        Some("policy".into()),
        SymbolKind::MODULE,
        range(p.span),
        range(p.name.span),
        children,
    )]
}

fn items(
    list: &[Item],
    text: &str,
    range: &dyn Fn(Span) -> lsp_types::Range,
) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for item in list {
        match item {
            Item::Extends { refs, span } => {
                let names: Vec<&str> = refs.iter().map(|r| r.node.as_str()).collect();
                out.push(symbol(
                    "extends".into(),
                    Some(names.join(", ")),
                    SymbolKind::NAMESPACE,
                    range(*span),
                    range(*span),
                    Vec::new(),
                ));
            }
            Item::Targets { names, span } => {
                let names: Vec<&str> = names.iter().map(|r| r.node.as_str()).collect();
                out.push(symbol(
                    "targets".into(),
                    Some(names.join(", ")),
                    SymbolKind::ENUM,
                    range(*span),
                    range(*span),
                    Vec::new(),
                ));
            }
            Item::Allow { .. } => {}
            Item::For(f) => out.push(symbol(
                format!("for {}", f.target.node),
                None,
                SymbolKind::NAMESPACE,
                range(f.span),
                range(f.head),
                items(&f.items, text, range),
            )),
            Item::Stmt(stmt) => {
                let name = text.get(stmt.path.span.range()).unwrap_or("").to_string();
                let (kind, detail, children) = match &stmt.kind {
                    StmtKind::Block { items: inner } => {
                        (SymbolKind::NAMESPACE, None, items(inner, text, range))
                    }
                    StmtKind::Assign { value } => (
                        SymbolKind::PROPERTY,
                        text.get(value.span.range()).map(|v| format!("= {v}")),
                        Vec::new(),
                    ),
                    _ => {
                        let rest = text.get(stmt.path.span.end as usize..stmt.span.end as usize);
                        (
                            SymbolKind::OPERATOR,
                            rest.map(|r| r.trim().to_string()),
                            Vec::new(),
                        )
                    }
                };
                if !name.is_empty() {
                    out.push(symbol(
                        name,
                        detail,
                        kind,
                        range(stmt.span),
                        range(stmt.path.span),
                        children,
                    ));
                }
            }
        }
    }
    out
}

#[allow(deprecated)] // `deprecated` is a field LSP 3.17 still requires to be settable
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: lsp_types::Range,
    selection_range: lsp_types::Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    }
}
