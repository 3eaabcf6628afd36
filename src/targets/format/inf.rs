//! `inf`: a Windows security template, as `secedit /export` writes it and
//! a GPO's `GptTmpl.inf` holds it (MS-GPSB 2.2, "Message Syntax"): UTF-16 LE
//! with a byte-order mark, CRLF line ends, `[Unicode]` and `[Version]`
//! first (the specification's order; readers accept any), each field
//! `Section.Key` written as `Key = value` under `[Section]` (`[Registry
//! Values]` lines as `PATH=TYPE,VALUE`, with no spaces, as secedit writes
//! them; the row's `text = "4,{}"` gives the type). Reading accepts the
//! sections in any order (the Default Domain Policy's file has `[Version]`
//! in the middle).

use super::{scalar_text, scalar_value, Fields, Format, Writer};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use serde_json::Value as Json;
use std::sync::Arc;

pub(super) const FORMAT: Format = Format {
    name: "inf",
    doc:
        "A Windows security template (`secedit`, `GptTmpl.inf`): UTF-16 LE with a byte-order mark.",
    extension: "inf",
    keys: &[],
    read: |_: &Table<'_>, _: &mut Errors| Arc::new(Inf),
};

/// Sections the writer itself writes.
const OWN: [&str; 2] = ["Unicode", "Version"];

/// The section whose lines have no spaces around `=`.
const REGISTRY: &str = "Registry Values";

#[derive(Debug)]
struct Inf;

impl Writer for Inf {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        let mut text = String::from(
            "[Unicode]\r\nUnicode=yes\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n",
        );
        for (section, keys) in fields {
            let Json::Object(keys) = keys else { continue };
            text.push_str(&format!("[{section}]\r\n"));
            let eq = if section == REGISTRY { "=" } else { " = " };
            for (k, v) in keys {
                text.push_str(&format!("{k}{eq}{}\r\n", scalar_text(v)));
            }
        }
        let mut out = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    fn read(&self, bytes: &[u8]) -> Result<Fields, String> {
        parse(&decode(bytes)?)
    }

    fn read_located(&self, bytes: &[u8]) -> Result<super::Located, super::ReadError> {
        let text = decode(bytes).map_err(|message| super::ReadError {
            message,
            span: None,
            text: None,
        })?;
        let fields = parse(&text).map_err(|message| super::ReadError {
            message,
            span: None,
            text: Some(text.clone()),
        })?;
        Ok(super::located_lines(
            text,
            fields,
            ';',
            true,
            super::split_equals,
        ))
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        match field.split_once('.') {
            Some((section, key)) if !section.is_empty() && !key.is_empty() && !key.contains('.') => {
                if OWN.contains(&section) {
                    Err(format!("ward writes `[{section}]` itself"))
                } else if key.contains('=') || section.contains(['[', ']']) {
                    Err(format!("`{field}` cannot be written as an INF line"))
                } else {
                    Ok(())
                }
            }
            _ => Err(format!(
                "a security template field is `Section.Key`, such as `System Access.MinimumPasswordLength`, not `{field}`"
            )),
        }
    }
}

/// The text of a security template: UTF-16 LE after its byte-order mark.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let body = bytes
        .strip_prefix(&[0xFF, 0xFE])
        .ok_or("a security template starts with the UTF-16 LE byte-order mark")?;
    if body.len() % 2 != 0 {
        return Err("the file is not UTF-16: it has an odd number of bytes".into());
    }
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text =
        String::from_utf16(&units).map_err(|_| "the file is not valid UTF-16".to_string())?;
    Ok(text)
}

/// The fields of a security template's text, `Section.Key` nested.
fn parse(text: &str) -> Result<Fields, String> {
    let mut out = Fields::new();
    let mut section: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.to_string());
            continue;
        }
        let Some(s) = &section else {
            return Err(format!("line {}: a value before any `[section]`", i + 1));
        };
        let Some((k, v)) = line.split_once('=') else {
            return Err(format!("line {}: `{line}` is not `key = value`", i + 1));
        };
        if OWN.contains(&s.as_str()) {
            continue;
        }
        let entry = out
            .entry(s.clone())
            .or_insert_with(|| Json::Object(Fields::new()));
        if let Json::Object(m) = entry {
            m.insert(k.trim().to_string(), scalar_value(v.trim()));
        }
    }
    Ok(out)
}
