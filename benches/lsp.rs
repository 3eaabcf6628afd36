//! Latency of the language server, driven as an editor drives it: the
//! release `ward lsp` binary over stdio, a client on this side of the pipe.
//!
//! 1. **A keystroke in a 1,000-line policy**: one incremental change (a
//!    digit of one value), timed from sending `didChange` to receiving that
//!    version's `publishDiagnostics`; beside it, `ward check` of the same
//!    file as a process (what an editor without a server would run).
//! 2. **A change to a baseline that 1,000 open policies extend**: one edit
//!    of the open, unsaved baseline, timed until all 1,000 children have
//!    published their diagnostics again.
//!
//! `cargo bench --bench lsp`; prints medians and the 90th percentile.
//! Figures and the machine are in `docs/performance.md`. Not run by
//! `cargo test` (benches never time anything inside a test).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const WARD: &str = env!("CARGO_BIN_EXE_ward");

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = 0;
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
            len = v.parse().ok()?;
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(WARD)
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start ward lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            id: 0,
        };
        let root = format!("file://{}", dir.display());
        s.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.id += 1;
        let id = self.id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let v = self.recv();
            if v["id"] == json!(id) {
                return v;
            }
        }
    }

    fn recv(&mut self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(120))
            .expect("a message from the server")
    }

    /// Waits for `n` publishes whose URI satisfies `want` and whose
    /// version is `version`.
    fn wait_published(&mut self, n: usize, version: i64, want: &dyn Fn(&str) -> bool) {
        let mut seen = 0;
        while seen < n {
            let v = self.recv();
            if v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["version"] == json!(version)
                && want(v["params"]["uri"].as_str().unwrap_or(""))
            {
                seen += 1;
            }
        }
    }

    fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = format!("file://{}", path.display());
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ward", "version": 1, "text": text } }),
        );
        uri
    }

    fn replace(&mut self, uri: &str, version: i64, line: u32, col: u32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 1 } },
                    "text": text
                }]
            }),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// A policy of about `lines` lines: integration blocks of six lines each.
fn big_policy(lines: usize) -> String {
    let mut s = String::from("policy big {\n  targets walkme\n  session.idle_timeout = 8h\n");
    let mut i = 0;
    while s.lines().count() + 6 < lines {
        s.push_str(&format!(
            "  integrations.app_{i} {{\n    enabled   = true\n    audiences = [\"sales\", \"support\"]\n    consent   = user\n    cache_ttl = 5m\n  }}\n"
        ));
        i += 1;
    }
    s.push_str("}\n");
    s
}

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p90 = times[times.len() * 9 / 10];
    println!(
        "{name}: median {:.2} ms, p90 {:.2} ms, min {:.2} ms ({} runs)",
        ms(median),
        ms(p90),
        ms(times[0]),
        times.len()
    );
}

fn keystroke() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let text = big_policy(1000);
    let path = root.join("big.ward");
    std::fs::write(&path, &text).unwrap();
    println!(
        "policy: {} lines, {} bytes",
        text.lines().count(),
        text.len()
    );
    // The same file checked by a `ward check` process, for reference.
    let mut check = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let o = Command::new(WARD)
            .args(["check", "--format", "json", "big.ward"])
            .current_dir(&root)
            .output()
            .unwrap();
        check.push(t.elapsed());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    stats("`ward check` of the same file (process)", check);

    let mut s = Server::start(&root);
    let uri = s.open(&path, &text);
    s.wait_published(1, 1, &|u| u == uri);
    // The line holding the first `cache_ttl = 5m`: its digit.
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("cache_ttl = 5m")
                .map(|c| (i as u32, (c + 12) as u32))
        })
        .unwrap();
    let mut times = Vec::new();
    for v in 2..=202 {
        let digit = if v % 2 == 0 { "6" } else { "5" };
        let t = Instant::now();
        s.replace(&uri, v, line, col, digit);
        s.wait_published(1, v, &|u| u == uri);
        if v > 2 {
            times.push(t.elapsed());
        }
    }
    stats(
        "keystroke in a 1,000-line policy: diagnostics published",
        times,
    );
    s.stop();
}

fn baseline_change() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let base = "policy base {\n  session.idle_timeout <= 12h because \"standard 3.1\"\n  password.min_length >= 12 because \"standard 4.2\"\n  lockout.threshold <= 20\n}\n";
    std::fs::write(root.join("base.ward"), base).unwrap();
    let n = 1000;
    let mut s = Server::start(&root);
    let mut children = Vec::new();
    for i in 0..n {
        let text = format!(
            "policy team-{i} {{\n  extends \"./base.ward\"\n  session.idle_timeout = {}h\n  password.min_length = 14\n  lockout.threshold = 10\n}}\n",
            1 + i % 8
        );
        let path = root.join(format!("team-{i}.ward"));
        std::fs::write(&path, &text).unwrap();
        children.push(s.open(&path, &text));
    }
    s.wait_published(n, 1, &|u| u.contains("/team-"));
    let base_uri = s.open(&root.join("base.ward"), base);
    // Opening the baseline checks it, and its children again.
    s.wait_published(n + 1, 1, &|_| true);
    // The bound's `2` in `12h`, toggled between `12h` and `13h`.
    let mut times = Vec::new();
    for v in 2..=22 {
        let digit = if v % 2 == 0 { "3" } else { "2" };
        let t = Instant::now();
        s.replace(&base_uri, v, 1, 27, digit);
        s.wait_published(n, 1, &|u| u.contains("/team-"));
        times.push(t.elapsed());
    }
    stats(
        "change to a baseline 1,000 open policies extend: all re-published",
        times,
    );
    s.stop();
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    keystroke();
    baseline_change();
}
