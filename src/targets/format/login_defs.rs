//! `login_defs`: `NAME value` lines for `/etc/login.defs`, meant to be
//! merged into the distribution's file (each line replaces the line of the
//! same name), never to replace it: the distribution's file holds much more
//! than password ageing. The comment at the top says so.

use super::key_value::comment_lines;
use super::{plain_name, scalar_text, scalar_value, Fields, Format, Writer, COMMENT};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use std::sync::Arc;

pub(super) const FORMAT: Format = Format {
    name: "login_defs",
    doc: "`NAME value` lines to merge into `/etc/login.defs`.",
    extension: "defs",
    keys: &[COMMENT],
    read: |t: &Table<'_>, e: &mut Errors| {
        let comment = t
            .strings("comment", e)
            .into_iter()
            .map(|s| s.node)
            .collect();
        Arc::new(LoginDefs { comment })
    },
};

#[derive(Debug)]
struct LoginDefs {
    comment: Vec<String>,
}

impl Writer for LoginDefs {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        let mut out = String::new();
        comment_lines(&mut out, &self.comment);
        for (k, v) in fields {
            out.push_str(&format!("{k}\t{}\n", scalar_text(v)));
        }
        out.into_bytes()
    }

    fn read(&self, bytes: &[u8]) -> Result<Fields, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8".to_string())?;
        let mut out = Fields::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once(char::is_whitespace) {
                Some((k, v)) => {
                    out.insert(k.to_string(), scalar_value(v.trim()));
                }
                None => return Err(format!("line {}: `{line}` has no value", i + 1)),
            }
        }
        Ok(out)
    }

    fn read_located(&self, bytes: &[u8]) -> Result<super::Located, super::ReadError> {
        let fields = self.read(bytes).map_err(|message| super::ReadError {
            message,
            span: None,
            text: Some(String::from_utf8_lossy(bytes).into_owned()),
        })?;
        let text = String::from_utf8_lossy(bytes).into_owned();
        Ok(super::located_lines(text, fields, '#', false, split_space))
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        plain_name(field, "`login.defs`")
    }
}

/// `NAME value`, the value trimmed.
fn split_space(line: &str) -> Option<(&str, &str)> {
    line.split_once(char::is_whitespace)
        .map(|(k, v)| (k, v.trim()))
}
