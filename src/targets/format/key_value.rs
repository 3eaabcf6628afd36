//! `key_value`: `name = value` lines, as `pwquality.conf`,
//! `faillock.conf` and `pwhistory.conf` are written (see their man pages:
//! "name = value", `#` starts a comment). Booleans are written `1` and
//! `0`; the file ends with a newline.

use super::{plain_name, scalar_text, scalar_value, Fields, Format, Writer, COMMENT};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use std::sync::Arc;

pub(super) const FORMAT: Format = Format {
    name: "key_value",
    doc: "`name = value` lines (`pwquality.conf`, `faillock.conf`).",
    extension: "conf",
    keys: &[COMMENT],
    read: |t: &Table<'_>, e: &mut Errors| {
        let comment = t
            .strings("comment", e)
            .into_iter()
            .map(|s| s.node)
            .collect();
        Arc::new(KeyValue { comment })
    },
};

#[derive(Debug)]
struct KeyValue {
    comment: Vec<String>,
}

/// `# line` for each line of `comment`.
pub(super) fn comment_lines(out: &mut String, comment: &[String]) {
    for line in comment {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
}

impl Writer for KeyValue {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        let mut out = String::new();
        comment_lines(&mut out, &self.comment);
        for (k, v) in fields {
            out.push_str(&format!("{k} = {}\n", scalar_text(v)));
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
            match line.split_once('=') {
                Some((k, v)) => {
                    out.insert(k.trim().to_string(), scalar_value(v.trim()));
                }
                // A bare name is a flag (`even_deny_root`).
                None => {
                    if plain_name(line, "a line").is_err() {
                        return Err(format!("line {}: `{line}` is not `name = value`", i + 1));
                    }
                    out.insert(line.to_string(), true.into());
                }
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
        Ok(super::located_lines(
            text,
            fields,
            '#',
            false,
            super::split_equals,
        ))
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        plain_name(field, "a `key_value` file")
    }
}
