//! Real LSP clients driving the real `ward lsp` binary headless:
//!
//! - the protocol libraries VS Code's language client is built on
//!   (`vscode-languageserver-protocol`, `vscode-jsonrpc`), pinned in
//!   `tests/lsp/package-lock.json` and installed by the first run with
//!   `npm ci`; the script is `tests/lsp/client.mjs`;
//! - Neovim's built-in client (Debian's Neovim 0.7; `.ci/run` installs it
//!   when it is missing), with `tests/lsp/nvim.lua`.
//!
//! Each runs the acceptance list of the language-server issue and prints a
//! line per check. A client that cannot be found fails the test, and says
//! how to install it; it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lsp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp")
}

fn on_path(tool: &str, hint: &str) {
    match Command::new(tool).arg("--version").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "`{tool} --version` failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("`{tool}` is not on PATH ({e}): {hint}"),
    }
}

fn output_of(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn vscode_protocol_client_drives_the_server() {
    let hint =
        "the LSP client test needs Node.js 20 and npm (Debian: `apt-get install nodejs npm`)";
    on_path("node", hint);
    let dir = lsp_dir();
    if !dir.join("node_modules").is_dir() {
        on_path("npm", hint);
        let o = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run `npm ci`: {e}"));
        assert!(
            o.status.success(),
            "`npm ci --prefix tests/lsp` failed:\n{}",
            output_of(&o)
        );
    }
    let o = Command::new("node")
        .arg("client.mjs")
        .current_dir(&dir)
        .env("WARD_BIN", env!("CARGO_BIN_EXE_ward"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    let text = output_of(&o);
    assert!(
        o.status.success() && text.contains("all passed"),
        "tests/lsp/client.mjs:\n{text}"
    );
}

#[test]
fn neovim_drives_the_server() {
    on_path("nvim", "the Neovim client test needs Neovim 0.7 or later (Debian: `apt-get install neovim`; `.ci/run` installs it)");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("canonicalize: {e}"));
    std::fs::create_dir(root.join(".git")).ok();
    let files = [
        ("base.ward", "policy base {\n  session.idle_timeout <= 12h because \"Acme standard 4.2\"\n  session.idle_timeout = 4h\n}\n"),
        ("team.ward", "policy team {\n  extends \"./base.ward\"\n  session {\n    idle_timout = 8h\n  }\n}\n"),
    ];
    for (name, text) in files {
        std::fs::write(root.join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    let script = lsp_dir().join("nvim.lua");
    let o = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("WARD_BIN", env!("CARGO_BIN_EXE_ward"))
        .env("WARD_PROJECT", &root)
        .env("XDG_STATE_HOME", root.join(".state"))
        .env("XDG_DATA_HOME", root.join(".data"))
        .env("XDG_CACHE_HOME", root.join(".cache"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run nvim: {e}"));
    let text = output_of(&o);
    assert!(
        o.status.success() && text.contains("all passed"),
        "tests/lsp/nvim.lua:\n{text}"
    );
}
