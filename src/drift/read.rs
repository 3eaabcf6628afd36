//! Reading a service's export: the bytes of one file, stored in the run's
//! source map (so findings can point into it), read by the target's own
//! format ([`Writer::read_located`](crate::targets::format::Writer)) and
//! shaped by its descriptor's `[export]` table: fields wrapped in a key
//! (`{"PasswordPolicy": {...}}`), several configurations in one array
//! (every realm of `kc.sh export --file`), or a text meaning the service
//! has no configuration (AWS's `NoSuchEntity`).
//!
//! An export that cannot be read is one `E0701`, pointing into the file
//! where the format says, and the command exits 2: an export is hostile
//! input like any file.

use crate::diag::{codes, Diagnostic};
use crate::source::{SourceId, SourceMap, Span};
use crate::targets::Target;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// One configuration in an export.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Its name, when the export holds several (`realm`).
    pub name: Option<String>,
    pub fields: Map<String, Json>,
    /// The span key of its fields (`PasswordPolicy`, `0`, or empty).
    pub prefix: String,
    /// Where it is: its object, or the start of the file.
    pub span: Span,
    /// The service has no configuration at all (`{}`, `NoSuchEntity`).
    pub empty: bool,
}

/// An export, read.
#[derive(Clone, Debug)]
pub struct Export {
    pub source: SourceId,
    pub instances: Vec<Instance>,
    /// Where each value is, by path (see `targets::format::Located`).
    pub spans: BTreeMap<String, Span>,
    /// The parts of the export that are there but not in force.
    pub not_in_force: Vec<crate::targets::format::NotInForce>,
}

impl Export {
    /// The span of `field` in `instance`, if the format knows it.
    pub(crate) fn span_of(&self, instance: &Instance, field: &str) -> Option<Span> {
        let key = if instance.prefix.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", instance.prefix)
        };
        self.spans.get(&key).copied()
    }
}

/// `row`'s field of `inst` read back into policy terms for `key`,
/// following `fallback`s to other fields of the same setting (never
/// `ReadBack::Field`); `true` when it fell back.
pub(crate) fn read_field(
    target: &Target,
    inst: &Instance,
    row: &crate::targets::Row,
    key: &crate::model::SettingKey,
) -> (crate::targets::export::ReadBack, bool) {
    use crate::targets::export::ReadBack;
    let mut row = row;
    let mut fell_back = false;
    for _ in 0..4 {
        let field = row.field_for(key).unwrap_or_default();
        match row.read_back(lookup(&inst.fields, &field), inst.empty) {
            ReadBack::Field(other) => {
                let next = target.rows.iter().find(|r| {
                    r.selector == row.selector && r.field_for(key).as_deref() == Some(&other)
                });
                match next {
                    Some(r) => {
                        row = r;
                        fell_back = true;
                    }
                    None => return (ReadBack::Unknown, fell_back),
                }
            }
            // Another field of the setting says what this one cannot.
            ReadBack::Uninformative => return (ReadBack::Uninformative, true),
            back => return (back, fell_back),
        }
    }
    (ReadBack::Unknown, fell_back)
}

/// The value at a dotted path of `fields`.
pub fn lookup<'a>(fields: &'a Map<String, Json>, path: &str) -> Option<&'a Json> {
    let mut parts = path.split('.');
    let mut cur = fields.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

fn unreadable(source: SourceId, span: Span, target: &Target, why: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNREADABLE_EXPORT,
        format!(
            "cannot read this file as an export of `{}`: {why}",
            target.name
        ),
    )
    .at(source, span, "here")
    .help(match &target.export.how {
        Some(how) => format!("export it with the vendor's tools: `{how}`"),
        None => format!(
            "give the document ward writes for `{}`, filled in from the service's console",
            target.name
        ),
    })
}

/// Stores `bytes` as `name` in `sources` and reads it as an export of
/// `target`.
pub fn read_export(
    sources: &mut SourceMap,
    name: &str,
    bytes: &[u8],
    target: &Target,
) -> Result<Export, Diagnostic> {
    let writer = &target.output.writer;
    let located = match writer.read_located(bytes) {
        Ok(l) => l,
        Err(e) => {
            let text = e
                .text
                .clone()
                .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
            let none = target
                .export
                .unconfigured
                .iter()
                .any(|w| !w.is_empty() && text.contains(w.as_str()));
            let source = sources.add(name, text.as_str());
            if none {
                let instance = Instance {
                    name: None,
                    fields: Map::new(),
                    prefix: String::new(),
                    span: Span::new(0, 0),
                    empty: true,
                };
                return Ok(Export {
                    source,
                    instances: vec![instance],
                    spans: BTreeMap::new(),
                    not_in_force: Vec::new(),
                });
            }
            let why = if text.trim().is_empty() {
                "the file is empty".to_string()
            } else {
                e.message
            };
            return Err(unreadable(
                source,
                e.span.unwrap_or(Span::new(0, 0)),
                target,
                &why,
            ));
        }
    };
    let source = sources.add(name, located.text.as_str());
    let spans = located.spans;
    let not_in_force = located.not_in_force;
    let whole = spans.get("").copied().unwrap_or(Span::new(0, 0));
    let mut instances = Vec::new();
    match located.value {
        Json::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let prefix = i.to_string();
                let span = spans.get(&prefix).copied().unwrap_or(whole);
                match item {
                    Json::Object(m) => instances.push(instance(target, m, prefix, span, &spans)),
                    _ => {
                        return Err(unreadable(
                            source,
                            span,
                            target,
                            "an item of the array is not an object",
                        ))
                    }
                }
            }
            if instances.is_empty() {
                return Err(unreadable(
                    source,
                    whole,
                    target,
                    "the array holds no configuration",
                ));
            }
        }
        Json::Object(m) => instances.push(instance(target, m, String::new(), whole, &spans)),
        _ => return Err(unreadable(source, whole, target, "not an object")),
    }
    if let Some(bad) = instances.iter().find(|i| i.prefix == "!") {
        return Err(unreadable(
            source,
            bad.span,
            target,
            &format!(
                "`{}` does not hold an object of fields",
                target.export.wrapper.as_deref().unwrap_or("")
            ),
        ));
    }
    Ok(Export {
        source,
        instances,
        spans,
        not_in_force,
    })
}

/// One object of an export as a configuration: unwrapped, named.
fn instance(
    target: &Target,
    mut m: Map<String, Json>,
    prefix: String,
    span: Span,
    spans: &BTreeMap<String, Span>,
) -> Instance {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    let name = target
        .export
        .name
        .as_ref()
        .and_then(|k| m.get(k))
        .and_then(Json::as_str)
        .map(str::to_string);
    if let Some(w) = &target.export.wrapper {
        if let Some(inner) = m.remove(w) {
            let key = join(w);
            let span = spans.get(&key).copied().unwrap_or(span);
            return match inner {
                Json::Object(fields) => Instance {
                    name,
                    empty: fields.is_empty(),
                    fields,
                    prefix: key,
                    span,
                },
                // Marked for the caller to refuse.
                _ => Instance {
                    name,
                    fields: Map::new(),
                    prefix: "!".into(),
                    span,
                    empty: true,
                },
            };
        }
    }
    Instance {
        name,
        empty: m.is_empty(),
        fields: m,
        prefix,
        span,
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests fail by panicking
mod tests {
    use super::*;

    fn target(name: &str) -> &'static Target {
        crate::targets::builtin(name).unwrap_or_else(|| panic!("no target {name}"))
    }

    fn read(name: &str, text: &str) -> Result<Export, Diagnostic> {
        read_export(
            &mut SourceMap::new(),
            "export.json",
            text.as_bytes(),
            target(name),
        )
    }

    #[test]
    fn unwraps_the_aws_reply_and_reads_the_bare_object_too() {
        for text in [
            r#"{"PasswordPolicy": {"MinimumPasswordLength": 14}}"#,
            r#"{"MinimumPasswordLength": 14}"#,
        ] {
            let e = read("aws-iam", text).unwrap_or_else(|d| panic!("{}", d.message));
            assert_eq!(e.instances.len(), 1);
            let i = &e.instances[0];
            assert_eq!(
                lookup(&i.fields, "MinimumPasswordLength"),
                Some(&Json::from(14))
            );
            let span = e.span_of(i, "MinimumPasswordLength").unwrap_or_default();
            assert_eq!(&text[span.range()], "14");
        }
    }

    #[test]
    fn no_such_entity_and_empty_objects_are_no_configuration() {
        for text in [
            "An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation",
            "{}",
            r#"{"PasswordPolicy": {}}"#,
        ] {
            let e = read("aws-iam", text).unwrap_or_else(|d| panic!("{text}: {}", d.message));
            assert!(e.instances[0].empty, "{text}");
        }
        // The words mean nothing to a target that does not name them.
        assert!(read("keycloak", "NoSuchEntity").is_err());
    }

    #[test]
    fn an_array_holds_one_configuration_per_item_named_by_the_descriptor() {
        let e = read(
            "keycloak",
            r#"[{"realm": "a"}, {"realm": "b", "ssoSessionIdleTimeout": 60}]"#,
        )
        .unwrap_or_else(|d| panic!("{}", d.message));
        let names: Vec<_> = e.instances.iter().map(|i| i.name.clone()).collect();
        assert_eq!(names, [Some("a".to_string()), Some("b".to_string())]);
        assert!(e
            .span_of(&e.instances[1], "ssoSessionIdleTimeout")
            .is_some());
    }

    #[test]
    fn what_is_not_an_export_is_refused_with_a_place() {
        for (text, at) in [
            ("{\n  \"realm\": ,\n}", 13),
            ("[1]", 1),
            ("[]", 0),
            ("\"realm\"", 0),
            ("", 0),
            (r#"{"PasswordPolicy": 3}"#, 19),
        ] {
            let target = if text.contains("PasswordPolicy") {
                "aws-iam"
            } else {
                "keycloak"
            };
            let d = read(target, text)
                .err()
                .unwrap_or_else(|| panic!("{text} was read"));
            assert_eq!(d.code, codes::UNREADABLE_EXPORT, "{text}");
            let span = d.primary.map(|l| l.span).unwrap_or_default();
            assert_eq!(span.start as usize, at, "{text}: {}", d.message);
        }
    }

    #[test]
    fn deep_nesting_is_refused_before_it_is_parsed() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let d = read("keycloak", &deep)
            .err()
            .unwrap_or_else(|| panic!("read"));
        assert!(d.message.contains("nested"), "{}", d.message);
    }
}
