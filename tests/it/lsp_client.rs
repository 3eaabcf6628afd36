//! A minimal LSP client for the language-server tests: it starts the real
//! `ward lsp` binary as a child, speaks JSON-RPC over its standard input and
//! output (`Content-Length` framing), and waits for answers with a generous
//! timeout that only asserts completion.

#![allow(dead_code)] // each test module uses some of the helpers

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet taken.
    pub notes: Vec<Value>,
    versions: std::collections::HashMap<String, i64>,
    pub root: PathBuf,
}

/// A temporary project: a directory with a `.git` folder (so it is its own
/// root) holding `files`.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    crate::common::git_tree(files)
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    /// Starts `ward lsp` in `dir` and initializes it; `encodings` is what the
    /// client offers as `general.positionEncodings` (none: UTF-16).
    pub fn start(dir: &Path, encodings: &[&str]) -> (Client, Value) {
        let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut child = Command::new(env!("CARGO_BIN_EXE_ward"))
            .arg("lsp")
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `ward lsp`: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            notes: Vec::new(),
            versions: Default::default(),
            root: root.clone(),
        };
        let mut caps = json!({
            "textDocument": {
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
                "publishDiagnostics": { "relatedInformation": true, "versionSupport": true }
            }
        });
        if !encodings.is_empty() {
            caps["general"] = json!({ "positionEncodings": encodings });
        }
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&root),
                "workspaceFolders": [{ "uri": uri(&root), "name": "project" }],
                "capabilities": caps
            }),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(frame.as_bytes())
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to the server: {e}"));
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no message from the server within {TIMEOUT:?}")
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its `result` (panics on an error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        if let Some(e) = r.get("error") {
            panic!("`{method}` failed: {e}");
        }
        r["result"].clone()
    }

    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.recv(deadline);
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            if v.get("method").is_some() && v.get("id").is_none() {
                self.notes.push(v);
            }
        }
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        let language = if path.to_string_lossy().ends_with(".ward") {
            "ward"
        } else {
            "plaintext"
        };
        self.versions.insert(u.clone(), 1);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": u, "languageId": language, "version": 1, "text": text } }),
        );
        u
    }

    /// Replaces the whole text of an open document.
    pub fn change(&mut self, u: &str, text: &str) {
        self.edit(u, json!([{ "text": text }]));
    }

    /// Sends incremental changes.
    pub fn edit(&mut self, u: &str, changes: Value) {
        let v = self.versions.entry(u.to_string()).or_insert(0);
        *v += 1;
        let version = *v;
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": u, "version": version }, "contentChanges": changes }),
        );
    }

    /// The diagnostics published for `u` for its current version.
    pub fn diagnostics(&mut self, u: &str) -> Vec<Value> {
        let want = self.versions.get(u).copied();
        let deadline = Instant::now() + TIMEOUT;
        let matches = |n: &Value| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == u
                && (want.is_none() || n["params"]["version"] == json!(want))
        };
        loop {
            if let Some(i) = self.notes.iter().rposition(matches) {
                let n = self.notes.remove(i);
                self.notes.retain(|m| {
                    !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u)
                });
                return n["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            let v = self.recv(deadline);
            if v.get("method").is_some() && v.get("id").is_none() {
                self.notes.push(v);
            }
        }
    }

    pub fn at(&self, u: &str, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": u }, "position": { "line": line, "character": character } })
    }

    pub fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
        assert!(status.success(), "`ward lsp` exited with {status}");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The position (line, UTF-16 column) of the end of the first `needle`
/// in `text`.
pub fn pos_after(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"))
        + needle.len();
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let col = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count() as u32;
    (line, col)
}

/// `value` with the project's directory written as `[dir]`, for snapshots.
pub fn redact(value: &Value, dir: &Path) -> Value {
    let text = value.to_string().replace(&uri(dir), "file://[dir]");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}
