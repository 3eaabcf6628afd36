//! `ward lsp`: the language server over standard input and output.

pub fn lsp() -> i32 {
    ward::lsp::run_stdio()
}
