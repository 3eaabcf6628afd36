//! The open documents: each buffer's text as the editor has it, changed in
//! the order the changes arrive.
//!
//! A document is known by its URI; the server handles `file:` URIs, whose
//! path (with the directory's symlinks resolved, so it matches what the
//! resolver's `canonicalize` gives) is the key the overlay file system
//! serves the buffer under.

use super::position::{Encoding, LineIndex};
use lsp_types::{TextDocumentContentChangeEvent, Url};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One open buffer.
#[derive(Clone, Debug)]
pub struct Document {
    /// The canonical path the buffer stands in for.
    pub path: PathBuf,
    pub text: Arc<str>,
    pub version: i32,
    pub index: LineIndex,
}

impl Document {
    /// `None` for a URI that is not a file path.
    pub fn new(uri: Url, text: String, version: i32) -> Option<Document> {
        let path = canonical_path(&uri.to_file_path().ok()?);
        Some(Document {
            path,
            index: LineIndex::new(&text),
            text: text.into(),
            version,
        })
    }

    /// Applies one change: a range replaced, or the whole text.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        let text = match change.range {
            None => change.text.clone(),
            Some(range) => {
                let r = self.index.span(&self.text, range, enc);
                let mut s = String::with_capacity(self.text.len() + change.text.len());
                s.push_str(&self.text[..r.start]);
                s.push_str(&change.text);
                s.push_str(&self.text[r.end..]);
                s
            }
        };
        self.index = LineIndex::new(&text);
        self.text = text.into();
    }

    /// Is this a policy file (`.ward`, `.ward.toml`, `.ward.json`)?
    pub(crate) fn is_policy(&self) -> bool {
        crate::driver::is_policy_file(&self.path.to_string_lossy())
    }
}

/// `path` with its directory's symlinks resolved; the file itself need not
/// exist (an unsaved new buffer).
pub(crate) fn canonical_path(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| crate::resolve::loader::normalize(path)),
        _ => crate::resolve::loader::normalize(path),
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn changes_apply_in_order_in_the_negotiated_encoding() {
        let uri = Url::parse("file:///tmp/ward-doc-test/a.ward").ok();
        let Some(mut doc) = uri.and_then(|u| Document::new(u, "é = 1\nx\n".into(), 1)) else {
            panic!("no document");
        };
        let change = |l1, c1, l2, c2, t: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.into(),
        };
        doc.apply(&change(0, 1, 0, 1, "é"), Encoding::Utf16);
        assert_eq!(&*doc.text, "éé = 1\nx\n");
        doc.apply(&change(0, 4, 0, 4, "!"), Encoding::Utf8);
        assert_eq!(&*doc.text, "éé! = 1\nx\n");
        doc.apply(&change(1, 0, 2, 0, ""), Encoding::Utf16);
        assert_eq!(&*doc.text, "éé! = 1\n");
        doc.apply(
            &TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(&*doc.text, "new");
    }
}
