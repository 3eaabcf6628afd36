//! `ward lsp`: the language server (section 12 of the language reference).
//!
//! LSP 3.17 over standard input and output, for `.ward`, `.ward.toml` and
//! `.ward.json` files, built on `lsp-server` (rust-analyzer's transport): a
//! synchronous loop that applies every change in the order it arrives, with
//! no async runtime. The server calls the same pipeline as `ward check`
//! ([`crate::driver::run`]), through a file system in which open buffers
//! stand in for the files on disk; it never re-implements a check.
//!
//! One concern per module:
//!
//! - [`server`]: the state and the loop (open documents, what to check
//!   again, publishing); `requests`: the answers to each request;
//! - `documents`, `position`: buffers and their changes; byte offsets ↔
//!   LSP positions (UTF-16, or UTF-8 when the client offers it);
//! - `overlay`, `check`, `graph`: the overlay file system, one check, which
//!   open files depend on which paths;
//! - `diagnostics`, `actions`: diagnostics as LSP diagnostics, and their
//!   quick fixes from [`crate::diag::Suggestion`];
//! - `scan`, `completion`: the cursor's surroundings in text that may not
//!   parse, and what to offer there;
//! - `locate`, `hover`, `definition`, `symbols`: what is at a place in the
//!   syntax tree, and what to say about it;
//! - `format`: `ward fmt` as an edit; `profiles`: `std:` profiles as files
//!   an editor can open.

mod actions;
mod check;
mod completion;
mod definition;
mod diagnostics;
mod documents;
mod format;
mod graph;
mod hover;
mod locate;
mod overlay;
mod position;
mod profiles;
mod requests;
mod scan;
pub mod server;
mod symbols;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};
use position::Encoding;
use std::io::Write;

/// Runs the server over standard input and output, checking with `opts`
/// (the command line's `--root` and `--target-file`, which add to the
/// project's `ward.toml`). The exit status is 0 after `shutdown` and
/// `exit`, 1 when the client went away without them (as LSP asks).
pub fn run_stdio(opts: crate::driver::Options) -> i32 {
    let (conn, io) = Connection::stdio();
    let result = serve(&conn, opts);
    drop(conn);
    let _ = io.join();
    match result {
        Ok(()) => 0,
        Err(e) => {
            // A write that fails is dropped: `eprintln!` would panic.
            let _ = writeln!(std::io::stderr(), "ward lsp: {e}");
            1
        }
    }
}

/// Serves one client on `conn`, from `initialize` to `exit`.
pub(crate) fn serve(conn: &Connection, mut opts: crate::driver::Options) -> Result<(), String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let enc = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    // Paths on the command line are relative to where `ward lsp` started.
    let cwd = std::env::current_dir().unwrap_or_default();
    opts.root = opts.root.map(|r| cwd.join(r));
    opts.target_files = opts.target_files.iter().map(|f| cwd.join(f)).collect();
    enter_workspace(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(enc),
        "serverInfo": { "name": "ward", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = server::Server::new(conn, enc, opts);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.register_watchers();
    }
    server.run()
}

/// File names in diagnostics are relative to the current directory, as
/// `ward check` run from the workspace prints them: the server works from
/// the first workspace folder (or the root the client names).
#[allow(deprecated)] // `root_uri` is what older clients (Neovim 0.7) send
fn enter_workspace(params: &InitializeParams) {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| params.root_uri.clone());
    if let Some(dir) = folder.and_then(|u| u.to_file_path().ok()) {
        let _ = std::env::set_current_dir(dir);
    }
}

fn capabilities(enc: Encoding) -> ServerCapabilities {
    let triggers = [".", "\"", ":", "/", " ", ","];
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(triggers.iter().map(|t| t.to_string()).collect()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}
