//! `ward lsp`: the language server over standard input and output.

//!
//! The global `--root` and `--target-file` apply to every file the server
//! checks, in addition to the project's `ward.toml`.

pub fn lsp(opts: ward::driver::Options) -> i32 {
    ward::lsp::run_stdio(opts)
}
