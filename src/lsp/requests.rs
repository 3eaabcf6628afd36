//! The requests: completion, hover, definition, formatting, code actions
//! and document symbols, each answered from the open buffers and the last
//! checks' results (the server flushes pending checks before the requests
//! that read them).

use super::documents::Document;
use super::server::Server;
use super::{actions, completion, definition, format, hover, locate, symbols};
use crate::source::Span;
use crate::syntax::Form;
use lsp_server::{ErrorCode, Request};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;

impl Server<'_> {
    pub(super) fn answer(&self, r: &Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(r: &Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(r.params.clone())
                .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
        }
        fn json<T: serde::Serialize>(v: T) -> Result<serde_json::Value, (ErrorCode, String)> {
            Ok(serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
        }
        match r.method.as_str() {
            req::Completion::METHOD => {
                let p: CompletionParams = params(r)?;
                json(self.completion(&p.text_document_position))
            }
            req::HoverRequest::METHOD => {
                let p: HoverParams = params(r)?;
                json(self.hover(&p.text_document_position_params))
            }
            req::GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = params(r)?;
                json(self.definition(&p.text_document_position_params))
            }
            req::Formatting::METHOD => {
                let p: DocumentFormattingParams = params(r)?;
                let Some(doc) = self.docs.get(&p.text_document.uri) else {
                    return json(());
                };
                json(format::format(&name(doc), &doc.text, &doc.index, self.enc))
            }
            req::CodeActionRequest::METHOD => {
                let p: CodeActionParams = params(r)?;
                let uri = &p.text_document.uri;
                let shown = self.shown.get(uri).map(Vec::as_slice).unwrap_or(&[]);
                json(actions::actions(uri, p.range, shown))
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = params(r)?;
                let Some(doc) = self.docs.get(&p.text_document.uri) else {
                    return json(());
                };
                let file = locate::parse(&name(doc), &doc.text);
                json(DocumentSymbolResponse::Nested(symbols::symbols(
                    &file, &doc.text, &doc.index, self.enc,
                )))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("`{other}` is not supported"),
            )),
        }
    }

    fn doc_at(&self, p: &TextDocumentPositionParams) -> Option<(&Document, usize)> {
        let doc = self.docs.get(&p.text_document.uri)?;
        Some((doc, doc.index.offset(&doc.text, p.position, self.enc)))
    }

    fn completion(&self, p: &TextDocumentPositionParams) -> Option<CompletionResponse> {
        let (doc, offset) = self.doc_at(p)?;
        if Form::of(&name(doc)) != Form::Ward {
            return None;
        }
        let builtin = crate::targets::Registry::builtin();
        let registry = self
            .results
            .get(&p.text_document.uri)
            .map_or(&builtin, |c| &c.outcome.registry);
        let targets: Vec<(String, String)> = registry
            .targets()
            .map(|t| (t.name.clone(), t.title.clone()))
            .chain(registry.groups().map(|g| (g.name.clone(), g.title.clone())))
            .collect();
        let env = completion::Env {
            path: &doc.path,
            targets: &targets,
        };
        let to_range = |a: usize, b: usize| doc.index.range(&doc.text, Span::new(a, b), self.enc);
        let items = completion::complete(&doc.text, offset, &env, &to_range);
        Some(CompletionResponse::Array(items))
    }

    fn hover(&self, p: &TextDocumentPositionParams) -> Option<Hover> {
        let (doc, offset) = self.doc_at(p)?;
        let file = locate::parse(&name(doc), &doc.text);
        let at = locate::at(&file, offset)?;
        let outcome = self.results.get(&p.text_document.uri).map(|c| &c.outcome);
        let text = hover::hover(&at, outcome)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(doc.index.range(&doc.text, span_of(&at), self.enc)),
        })
    }

    fn definition(&self, p: &TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
        let (doc, offset) = self.doc_at(p)?;
        let file = locate::parse(&name(doc), &doc.text);
        let at = locate::at(&file, offset)?;
        let fs = super::overlay::Overlay::new(&self.texts);
        let checked = self.results.get(&p.text_document.uri);
        let locs = definition::definition(&at, &doc.path, checked, &fs, self.enc);
        (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
    }
}

fn name(doc: &Document) -> String {
    doc.path.to_string_lossy().into_owned()
}

fn span_of(at: &locate::At) -> Span {
    match at {
        locate::At::Setting { span, .. }
        | locate::At::Section { span, .. }
        | locate::At::Reference { span, .. }
        | locate::At::Target { span, .. }
        | locate::At::Code { span, .. } => *span,
    }
}
