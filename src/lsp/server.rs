//! The server's state and its loop: one message at a time, in order.
//!
//! Notifications change the open documents and mark the policies to check
//! again (the changed file, if it is a policy, and every open policy whose
//! last check touched it). Checks run when the queue of incoming messages is
//! empty, so a burst of keystrokes is checked once, and before any request
//! that reads their results (hover, definition, code actions). Each check
//! publishes the diagnostics of its entry, and of the closed files it
//! reached (a parent's errors show in the editor's problem list); an open
//! policy's own check is what its diagnostics are.

use super::check::{self, Checked, Roots};
use super::diagnostics::{self, Published};
use super::documents::Document;
use super::position::Encoding;

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

pub struct Server<'c> {
    pub(super) conn: &'c Connection,
    pub(super) enc: Encoding,
    pub(super) docs: HashMap<Url, Document>,
    /// The open buffers by canonical path, for the overlay.
    pub(super) texts: HashMap<PathBuf, Arc<str>>,
    pub(super) results: HashMap<Url, Checked>,
    /// Each open policy's own diagnostics.
    pub(super) own: HashMap<Url, Vec<Published>>,
    /// What each open policy's check found in other files.
    pub(super) reached: HashMap<Url, BTreeMap<Url, Vec<Published>>>,
    /// What is published for each URI now.
    pub(super) shown: HashMap<Url, Vec<Published>>,
    pub(super) graph: super::graph::Graph,
    pub(super) dirty: BTreeSet<Url>,
    pub(super) roots: Roots,
    /// The flags `ward lsp` was started with (`--root`, `--target-file`).
    pub(super) opts: crate::driver::Options,
}

impl<'c> Server<'c> {
    pub fn new(conn: &'c Connection, enc: Encoding, opts: crate::driver::Options) -> Server<'c> {
        Server {
            conn,
            enc,
            docs: HashMap::new(),
            texts: HashMap::new(),
            results: HashMap::new(),
            own: HashMap::new(),
            reached: HashMap::new(),
            shown: HashMap::new(),
            graph: Default::default(),
            dirty: BTreeSet::new(),
            roots: Roots::default(),
            opts,
        }
    }

    /// Serves until `shutdown` and `exit`, or until the client goes away.
    pub fn run(&mut self) -> Result<(), String> {
        loop {
            let msg = if self.dirty.is_empty() {
                match self.conn.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => {
                        return Err("the client closed the connection without `shutdown`".into())
                    }
                }
            } else {
                match self.conn.receiver.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty) => {
                        self.flush();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => {
                        return Err("the client closed the connection without `shutdown`".into())
                    }
                }
            };
            match msg {
                Message::Request(r) => {
                    if self.conn.handle_shutdown(&r).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    self.request(r);
                }
                Message::Notification(n) => self.notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.conn.sender.send(msg);
    }

    // ---- notifications ----

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    if let Some(doc) = Document::new(d.uri.clone(), d.text, d.version) {
                        self.texts.insert(doc.path.clone(), doc.text.clone());
                        let path = doc.path.clone();
                        self.docs.insert(d.uri.clone(), doc);
                        self.changed(&d.uri, &path);
                    }
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let enc = self.enc;
                    let Some(doc) = self.docs.get_mut(&uri) else {
                        return;
                    };
                    for change in &p.content_changes {
                        doc.apply(change, enc);
                    }
                    doc.version = p.text_document.version;
                    let path = doc.path.clone();
                    self.texts.insert(path.clone(), doc.text.clone());
                    self.changed(&uri, &path);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.close(&p.text_document.uri);
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) {
                    for change in p.changes {
                        if let Ok(path) = change.uri.to_file_path() {
                            let path = super::documents::canonical_path(&path);
                            let deps: Vec<Url> = self.graph.dependents(&path).cloned().collect();
                            self.dirty.extend(deps);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `uri` (at `path`) changed: check it and whatever depends on it.
    fn changed(&mut self, uri: &Url, path: &std::path::Path) {
        if self.docs.get(uri).is_some_and(Document::is_policy) {
            self.dirty.insert(uri.clone());
        }
        let deps: Vec<Url> = self.graph.dependents(path).cloned().collect();
        self.dirty.extend(deps);
    }

    fn close(&mut self, uri: &Url) {
        let Some(doc) = self.docs.remove(uri) else {
            return;
        };
        self.texts.remove(&doc.path);
        self.dirty.remove(uri);
        self.results.remove(uri);
        self.own.remove(uri);
        self.graph.remove(uri);
        let reached = self.reached.remove(uri).unwrap_or_default();
        for other in reached.keys() {
            self.republish(other, false);
        }
        self.republish(uri, true);
        // Those that extend it now read it from disk.
        let deps: Vec<Url> = self.graph.dependents(&doc.path).cloned().collect();
        self.dirty.extend(deps);
    }

    // ---- checking and publishing ----

    /// Checks every policy marked for checking.
    pub fn flush(&mut self) {
        while let Some(uri) = self.dirty.pop_first() {
            self.check(&uri);
        }
    }

    fn check(&mut self, uri: &Url) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if !doc.is_policy() {
            return;
        }
        let path = doc.path.clone();
        let root = match &self.opts.root {
            Some(r) => r.clone(),
            None => self.roots.of(&path),
        };
        let texts = &self.texts;
        let opts = &self.opts;
        let enc = self.enc;
        let done = catch_unwind(AssertUnwindSafe(|| {
            let checked = check::check(&path, &root, opts, texts);
            let files = diagnostics::by_file(&checked.outcome, uri, enc);
            (checked, files)
        }));
        let Ok((checked, mut files)) = done else {
            self.log(&format!(
                "internal error while checking {uri}: please report it"
            ));
            return;
        };
        self.graph.set(uri, checked.deps.clone());
        self.results.insert(uri.clone(), checked);
        self.own
            .insert(uri.clone(), files.remove(uri).unwrap_or_default());
        let old = self.reached.insert(uri.clone(), files).unwrap_or_default();
        let mut affected: BTreeSet<Url> = old.into_keys().collect();
        affected.extend(
            self.reached
                .get(uri)
                .into_iter()
                .flat_map(|m| m.keys().cloned()),
        );
        affected.remove(uri);
        for u in affected {
            self.republish(&u, false);
        }
        // The entry's diagnostics are published after every check, changed
        // or not, with the version they are for.
        self.republish(uri, true);
    }

    /// Publishes what `uri` should show now, if it changed (or always).
    fn republish(&mut self, uri: &Url, always: bool) {
        let is_own =
            self.docs.get(uri).is_some_and(Document::is_policy) && self.own.contains_key(uri);
        let now: Vec<Published> = if is_own {
            self.own.get(uri).cloned().unwrap_or_default()
        } else {
            let mut all: Vec<Published> = Vec::new();
            for m in self.reached.values() {
                for p in m.get(uri).into_iter().flatten() {
                    if !all.contains(p) {
                        all.push(p.clone());
                    }
                }
            }
            all
        };
        if !always && self.shown.get(uri).map_or(now.is_empty(), |s| *s == now) {
            return;
        }
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: now.iter().map(|p| p.diag.clone()).collect(),
            version: self.docs.get(uri).map(|d| d.version),
        };
        self.send(Notification::new(notif::PublishDiagnostics::METHOD.into(), params).into());
        if now.is_empty() {
            self.shown.remove(uri);
        } else {
            self.shown.insert(uri.clone(), now);
        }
    }

    fn log(&self, message: &str) {
        let params = LogMessageParams {
            typ: MessageType::ERROR,
            message: message.to_string(),
        };
        self.send(Notification::new(notif::LogMessage::METHOD.into(), params).into());
    }

    // ---- requests ----

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        if matches!(
            r.method.as_str(),
            req::HoverRequest::METHOD
                | req::GotoDefinition::METHOD
                | req::CodeActionRequest::METHOD
        ) {
            self.flush();
        }
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(&r)));
        let resp = match answer {
            Ok(Ok(v)) => Response::new_ok(id, v),
            Ok(Err((code, msg))) => Response::new_err(id, code as i32, msg),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("internal error in `{}`: please report it", r.method),
            ),
        };
        self.send(resp.into());
    }

    /// Registers for changes to policy files and `ward.toml` on disk, when
    /// the client can watch files for the server.
    pub(crate) fn register_watchers(&self) {
        let watchers = [
            "**/*.ward",
            "**/*.ward.toml",
            "**/*.ward.json",
            "**/ward.toml",
            "**/*.toml",
        ]
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*g).to_string()),
            kind: None,
        })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "ward-watch-files".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from("ward-register-watchers".to_string());
        self.send(Request::new(id, req::RegisterCapability::METHOD.into(), params).into());
    }
}
