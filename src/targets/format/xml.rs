//! `xml`: one XML document, as Salesforce's Metadata API reads a settings
//! file (`Security.settings-meta.xml`): an XML declaration, the `root`
//! element in its `namespace`, each dotted field a nested element
//! (`passwordPolicies.maxLoginAttempts`), indented by four spaces, in
//! descriptor order: an XML Schema sequence fixes the order of elements,
//! so a descriptor lists its rows in the schema's order. Text is escaped;
//! booleans are written `true` and `false` (`xsd:boolean`), numbers as
//! digits.
//!
//! Reading (`ward drift`, `ward import`: a retrieved `Security.settings`)
//! parses the document with `roxmltree` (no DTDs, bounded depth), checks
//! the root element, and turns each element back into a field: elements
//! with children into objects, text into a number or a boolean when it is
//! one. An element that repeats becomes a list.

use super::{Fields, Format, Located, ReadError, Writer};
use crate::markup::escape;
use crate::source::Span;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) const FORMAT: Format = Format {
    name: "xml",
    doc: "One XML document (Salesforce's Metadata API settings files): `root` in `namespace`, dotted fields as nested elements in descriptor order.",
    extension: "xml",
    keys: &[
        KeyDoc::new(
            "root",
            KeyType::Str,
            "The document element: `SecuritySettings`.",
        ),
        KeyDoc::new(
            "namespace",
            KeyType::Str,
            "The namespace of every element: `http://soap.sforce.com/2006/04/metadata`.",
        ),
    ],
    read: |t: &Table<'_>, e: &mut Errors| {
        let root = t.string("root", e);
        if let Some(r) = &root {
            if !is_name(&r.node) {
                e.at(
                    r.span,
                    format!("`{}` is not an XML element name", r.node),
                    "not a name",
                );
            }
        }
        let namespace = t.string("namespace", e).map(|s| s.node);
        Arc::new(Xml {
            root: root.map_or_else(|| "settings".to_string(), |r| r.node),
            namespace,
        })
    },
};

/// The deepest document `read` accepts (roxmltree's own limit is higher).
const MAX_DEPTH: usize = 32;

#[derive(Debug)]
struct Xml {
    root: String,
    namespace: Option<String>,
}

/// An XML name as ward writes one: ASCII letters, digits, `_` and `-`,
/// not starting with a digit or `-`.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Text with `&`, `<`, `>` and `"` escaped.
fn text_of(v: &Json) -> String {
    match v {
        Json::String(s) => escape(s),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn element(out: &mut String, depth: usize, name: &str, v: &Json) {
    let pad = "    ".repeat(depth);
    match v {
        Json::Object(m) => {
            out.push_str(&format!("{pad}<{name}>\n"));
            for (k, child) in m {
                element(out, depth + 1, k, child);
            }
            out.push_str(&format!("{pad}</{name}>\n"));
        }
        Json::Array(items) => {
            for item in items {
                element(out, depth, name, item);
            }
        }
        scalar => out.push_str(&format!("{pad}<{name}>{}</{name}>\n", text_of(scalar))),
    }
}

/// A leaf's text as JSON: a number, a boolean, or the text.
fn leaf(text: &str) -> Json {
    match text {
        "true" => Json::Bool(true),
        "false" => Json::Bool(false),
        t => match t.parse::<u64>() {
            Ok(n) if !t.starts_with('+') && (t == "0" || !t.starts_with('0')) => Json::from(n),
            _ => Json::from(t),
        },
    }
}

/// `node` as a field, the span of it and of everything inside it recorded
/// under `path` (a leaf's span is its text's, or its element's when empty).
fn fields_of(
    node: roxmltree::Node<'_, '_>,
    depth: usize,
    path: &str,
    spans: &mut BTreeMap<String, Span>,
) -> Result<Json, ReadError> {
    let at = |n: roxmltree::Node<'_, '_>| {
        let r = n.range();
        Span::new(r.start, r.end)
    };
    if depth > MAX_DEPTH {
        return Err(ReadError {
            message: format!("elements are nested deeper than {MAX_DEPTH} levels"),
            span: Some(at(node)),
            text: None,
        });
    }
    let children: Vec<roxmltree::Node<'_, '_>> =
        node.children().filter(|c| c.is_element()).collect();
    if children.is_empty() {
        let text = node.children().find(|c| c.is_text());
        spans.insert(path.to_string(), at(text.unwrap_or(node)));
        return Ok(leaf(node.text().unwrap_or("").trim()));
    }
    spans.insert(path.to_string(), at(node));
    let mut m = Map::new();
    for c in children {
        let name = c.tag_name().name().to_string();
        let mut inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match m.get(&name) {
            Some(Json::Array(items)) => inner = format!("{inner}.{}", items.len()),
            Some(_) => inner = format!("{inner}.1"),
            None => {}
        }
        let v = fields_of(c, depth + 1, &inner, spans)?;
        match m.get_mut(&name) {
            Some(Json::Array(items)) => items.push(v),
            Some(first) => {
                let prev = first.take();
                *first = Json::Array(vec![prev, v]);
            }
            None => {
                m.insert(name, v);
            }
        }
    }
    Ok(Json::Object(m))
}

/// The byte offset of a 1-based row and column (in characters) of `text`.
fn offset(text: &str, pos: roxmltree::TextPos) -> usize {
    let row = usize::try_from(pos.row).unwrap_or(1).max(1);
    let col = usize::try_from(pos.col).unwrap_or(1).max(1);
    let line_start: usize = text.split_inclusive('\n').take(row - 1).map(str::len).sum();
    let line = text.get(line_start..).unwrap_or("");
    let within = line
        .char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i);
    (line_start + within).min(text.len())
}

impl Writer for Xml {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        match &self.namespace {
            Some(ns) => out.push_str(&format!("<{} xmlns=\"{}\">\n", self.root, escape(ns))),
            None => out.push_str(&format!("<{}>\n", self.root)),
        }
        for (k, v) in fields {
            element(&mut out, 1, k, v);
        }
        out.push_str(&format!("</{}>\n", self.root));
        out.into_bytes()
    }

    fn read(&self, bytes: &[u8]) -> Result<Fields, String> {
        match self.read_located(bytes) {
            Ok(Located {
                value: Json::Object(m),
                ..
            }) => Ok(m),
            Ok(_) => Ok(Fields::new()),
            Err(e) => Err(e.message),
        }
    }

    fn read_located(&self, bytes: &[u8]) -> Result<Located, ReadError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_string(),
            Err(e) => {
                return Err(ReadError {
                    message: format!(
                        "the file is not UTF-8: invalid byte at offset {}",
                        e.valid_up_to()
                    ),
                    span: None,
                    text: Some(String::from_utf8_lossy(bytes).into_owned()),
                })
            }
        };
        let fail = |message: String, span: Option<Span>| ReadError {
            message,
            span,
            text: Some(text.clone()),
        };
        let doc = match roxmltree::Document::parse(&text) {
            Ok(d) => d,
            Err(e) => {
                let at = offset(&text, e.pos());
                return Err(fail(format!("invalid XML: {e}"), Some(Span::new(at, at))));
            }
        };
        let root = doc.root_element();
        let whole = Some(Span::new(root.range().start, root.range().end));
        let name = root.tag_name();
        if name.name() != self.root {
            let why = format!(
                "the document element is `{}`, not `{}`",
                name.name(),
                self.root
            );
            return Err(fail(why, whole));
        }
        if let Some(ns) = &self.namespace {
            if name.namespace() != Some(ns.as_str()) {
                let why = format!("`{}` is not in the namespace `{ns}`", self.root);
                return Err(fail(why, whole));
            }
        }
        let mut spans = BTreeMap::new();
        let value = match fields_of(root, 0, "", &mut spans) {
            Ok(Json::Object(m)) => Json::Object(m),
            // An empty document element holds no settings.
            Ok(_) => Json::Object(Fields::new()),
            Err(e) => return Err(fail(e.message, e.span)),
        };
        drop(doc);
        Ok(Located {
            text,
            value,
            spans,
            not_in_force: Vec::new(),
        })
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        match field.split('.').find(|part| !is_name(part)) {
            Some(bad) => Err(format!(
                "`{bad}` is not an XML element name (letters, digits, `_` and `-`, starting with a letter)"
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // a test fails by panicking
mod tests {
    use super::*;
    use serde_json::json;

    fn xml() -> Xml {
        Xml {
            root: "SecuritySettings".into(),
            namespace: Some("http://soap.sforce.com/2006/04/metadata".into()),
        }
    }

    fn target() -> Target {
        match crate::targets::builtins().first() {
            Some(t) => t.clone(),
            None => panic!("no built-in target"),
        }
    }

    #[test]
    fn nested_fields_are_elements_in_order_and_read_back() {
        let fields = match json!({
            "enableAdminLoginAsAnyUser": false,
            "passwordPolicies": { "maxLoginAttempts": "FiveAttempts", "minimumPasswordLength": 12 },
            "sessionSettings": { "sessionTimeout": "ThirtyMinutes" },
        }) {
            Json::Object(m) => m,
            _ => Fields::new(),
        };
        let bytes = xml().write(&target(), &fields);
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    \
             <enableAdminLoginAsAnyUser>false</enableAdminLoginAsAnyUser>\n    \
             <passwordPolicies>\n        \
             <maxLoginAttempts>FiveAttempts</maxLoginAttempts>\n        \
             <minimumPasswordLength>12</minimumPasswordLength>\n    \
             </passwordPolicies>\n    \
             <sessionSettings>\n        \
             <sessionTimeout>ThirtyMinutes</sessionTimeout>\n    \
             </sessionSettings>\n\
             </SecuritySettings>\n"
        );
        assert_eq!(xml().read(&bytes), Ok(fields));
    }

    #[test]
    fn text_is_escaped_and_hostile_documents_are_refused() {
        let mut fields = Fields::new();
        fields.insert("a".into(), json!("<&\">"));
        let bytes = xml().write(&target(), &fields);
        assert!(String::from_utf8_lossy(&bytes).contains("<a>&lt;&amp;&quot;&gt;</a>"));
        assert_eq!(xml().read(&bytes), Ok(fields));
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">&a;</SecuritySettings>";
        let read = xml().read(doctype.as_bytes());
        assert!(read.is_err(), "a DTD is refused: {read:?}");
        let deep = format!(
            "<SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">{}{}</SecuritySettings>",
            "<a>".repeat(100),
            "</a>".repeat(100)
        );
        assert!(xml().read(deep.as_bytes()).is_err());
        assert!(xml().read(b"<Other/>").is_err());
        assert!(xml().read(b"<SecuritySettings/>").is_err(), "no namespace");
        assert!(xml().read(b"\xff\xfe").is_err());
        assert!(xml().read(b"<SecuritySettings").is_err());
    }

    #[test]
    fn only_xml_names_are_fields() {
        assert!(xml()
            .check_field("passwordPolicies.maxLoginAttempts")
            .is_ok());
        assert!(xml().check_field("password Policies").is_err());
        assert!(xml().check_field("a..b").is_err());
        assert!(xml().check_field("1a").is_err());
    }

    #[test]
    fn each_value_is_located_and_errors_point_into_the_file() {
        let text = "<?xml version=\"1.0\"?>\n<SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n  <sessionSettings>\n    <sessionTimeout>TwoHours</sessionTimeout>\n  </sessionSettings>\n</SecuritySettings>\n";
        let located = match xml().read_located(text.as_bytes()) {
            Ok(l) => l,
            Err(e) => panic!("{e:?}"),
        };
        let span = located.spans.get("sessionSettings.sessionTimeout");
        assert_eq!(span.and_then(|s| text.get(s.range())), Some("TwoHours"));
        let broken = "<SecuritySettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n  <a>\n</SecuritySettings>";
        let at = xml()
            .read_located(broken.as_bytes())
            .err()
            .and_then(|e| e.span)
            .map(|s| s.start);
        // The error is at the closing tag on the third line, not at 0.
        assert!(at.is_some_and(|a| a > 70), "{at:?}");
    }
}
