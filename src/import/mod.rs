//! Import: a policy that states what a service's export holds (`ward import
//! TARGET EXPORT`, section 11 of the language reference).
//!
//! The export is read as drift reads it ([`crate::drift::read_export`]) and
//! each field read back through its row, so the round trip holds by
//! construction for every field the policy language can express: `ward
//! build` of the imported policy writes the export's value, and `ward
//! drift` of it against the export is in sync. Each setting gets the value
//! of the fields that write it; a field that disagrees with the others (a
//! remember-me timeout that differs from the normal one), a value outside
//! the setting's domain, or one the field's encoding never writes is a
//! `W0705` and is listed in a closing comment, where drift will report it.
//! Fields no row maps are one `W0706` and listed too.
//!
//! The text is what `ward fmt` writes, each value commented with the field
//! it came from, durations in the units a person writes (`30m`).

mod text;

use crate::diag::{codes, Diagnostic};
use crate::drift::read::{lookup, read_field};
use crate::drift::{read_export, Instance};
use crate::model::SettingKey;
use crate::source::{SourceId, SourceMap, Span};
use crate::targets::encoding::Encoded;
use crate::targets::export::ReadBack;
use crate::targets::{Instance as Selecting, Row, Target};
use crate::value::Value;
use serde_json::Value as Json;

/// One setting the import states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stated {
    pub key: SettingKey,
    pub value: Value,
    /// Where it came from: `ssoSessionIdleTimeout = 1800`.
    pub from: String,
}

/// A field the import could not state, for the closing comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Left {
    pub field: String,
    pub why: String,
}

/// What an import made.
#[derive(Debug)]
pub struct Imported {
    /// The policy, as `ward fmt` writes it.
    pub text: String,
    pub stated: Vec<Stated>,
    pub left: Vec<Left>,
    /// Fields of the export no row maps.
    pub unmapped: Vec<String>,
    /// `W0705` and `W0706`, pointing into the export.
    pub diags: Vec<Diagnostic>,
}

/// What to import and how to name it.
pub struct Request<'a> {
    pub target: &'a Target,
    /// The export's name for messages and the comment (its path).
    pub export_name: &'a str,
    pub bytes: &'a [u8],
    /// The policy's name; by default the configuration's name or the
    /// export's file name.
    pub name: Option<&'a str>,
}

/// Reads the export into `sources` and writes the policy that states it.
/// An export that cannot be read is the `Err` (exit status 2).
pub fn import(req: &Request<'_>, sources: &mut SourceMap) -> Result<Imported, Diagnostic> {
    let target = req.target;
    let export = read_export(sources, req.export_name, req.bytes, target)?;
    let inst = match export.instances.as_slice() {
        [one] => one,
        many => {
            let names: Vec<String> = many
                .iter()
                .enumerate()
                .map(|(i, m)| format!("`{}`", m.name.clone().unwrap_or_else(|| format!("#{i}"))))
                .collect();
            return Err(Diagnostic::new(
                codes::UNREADABLE_EXPORT,
                format!(
                    "the export holds {} configurations ({}), and a policy states one",
                    many.len(),
                    names.join(", ")
                ),
            )
            .at(export.source, Span::new(0, 1), "several configurations")
            .help("export one (`kc.sh export --realm NAME`), or split the array into one file per configuration"));
        }
    };
    let mut cx = Cx {
        target,
        inst,
        source: export.source,
        spans: &export,
        stated: Vec::new(),
        left: Vec::new(),
        diags: Vec::new(),
    };
    let mut keys: Vec<SettingKey> = Vec::new();
    for row in &target.rows {
        if row.field.is_some() && row.selector.instance == Selecting::Plain {
            let key = SettingKey::plain(row.selector.id);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys.sort();
    for key in &keys {
        cx.setting(key);
    }
    let unmapped = unmapped(target, inst);
    if !unmapped.is_empty() {
        let shown: Vec<String> = unmapped.iter().take(5).map(|f| format!("`{f}`")).collect();
        let more = if unmapped.len() > 5 { ", …" } else { "" };
        cx.diags.push(
            Diagnostic::new(
                codes::IMPORT_UNMAPPED,
                format!(
                    "{} {} of the export {} to no setting ({}{more}): listed at the end of the policy",
                    unmapped.len(),
                    if unmapped.len() == 1 { "field" } else { "fields" },
                    if unmapped.len() == 1 { "maps" } else { "map" },
                    shown.join(", ")
                ),
            )
            .at(cx.source, Span::new(inst.span.start as usize, inst.span.start as usize + 1), "in this configuration")
            .help(format!(
                "ward writes only the fields `ward targets {}` lists; a build leaves the others as they are, except in fields it replaces as a whole",
                target.name
            )),
        );
    }
    let name = policy_name(req.name, inst, req.export_name);
    let raw = text::policy(&text::Parts {
        name: &name,
        target: &target.name,
        export: req.export_name,
        stated: &cx.stated,
        left: &cx.left,
        unmapped: &unmapped,
    });
    let formatted = crate::syntax::fmt::format_source(&raw).unwrap_or(raw);
    Ok(Imported {
        text: formatted,
        stated: cx.stated,
        left: cx.left,
        unmapped,
        diags: cx.diags,
    })
}

struct Cx<'a> {
    target: &'a Target,
    inst: &'a Instance,
    source: SourceId,
    spans: &'a crate::drift::Export,
    stated: Vec<Stated>,
    left: Vec<Left>,
    diags: Vec<Diagnostic>,
}

/// One field of a setting, read back.
struct Read<'a> {
    row: &'a Row,
    field: String,
    /// `length(12)` for a term, else the value as written; `None`: absent.
    shown: Option<String>,
    back: ReadBack,
    fell_back: bool,
}

/// The fields of `key`'s rows in `inst`, read back.
fn reads<'a>(target: &'a Target, inst: &Instance, key: &SettingKey) -> Vec<Read<'a>> {
    let mut out = Vec::new();
    for row in target.rows.iter().filter(|r| r.selector.matches(key)) {
        let Some(field) = row.field_for(key) else {
            continue;
        };
        {
            let raw = lookup(&inst.fields, &field);
            let shown = match (row.encoding.term(), raw) {
                (Some(t), Some(Json::String(s))) => s
                    .split(" and ")
                    .map(str::trim)
                    .find(|x| x.split('(').next() == Some(t.name))
                    .map(str::to_string),
                (Some(_), _) => None,
                (None, r) => r.map(Json::to_string),
            };
            let (back, fell_back) = read_field(target, inst, row, key);
            out.push(Read {
                row,
                field,
                shown,
                back,
                fell_back,
            });
        }
    }
    out
}

impl Cx<'_> {
    /// Where `field` is in the export.
    fn span(&self, field: &str) -> Span {
        self.spans.span_of(self.inst, field).unwrap_or(Span::new(
            self.inst.span.start as usize,
            self.inst.span.start as usize + 1,
        ))
    }

    fn leave(&mut self, field: &str, why: String) {
        self.diags.push(
            Diagnostic::new(
                codes::IMPORT_INEXPRESSIBLE,
                format!("`{field}` is not imported: {why}"),
            )
            .at(self.source, self.span(field), "not stated in the policy")
            .help("it is listed at the end of the policy; `ward drift` of the imported policy reports it"),
        );
        self.left.push(Left {
            field: field.to_string(),
            why,
        });
    }

    /// The value the policy states for `key`, if the export says one.
    fn setting(&mut self, key: &SettingKey) {
        let setting = key.setting();
        let (target, inst) = (self.target, self.inst);
        let reads = reads(target, inst, key);
        let mut leaves: Vec<(String, String)> = Vec::new();
        // A field the export lacks states nothing, except on a target whose
        // configuration is replaced whole: there the absence is a value.
        let present = |r: &Read<'_>| r.shown.is_some() || target.complete || inst.empty;
        let candidates: Vec<(&Read<'_>, &Value)> = reads
            .iter()
            .filter(|r| present(r) && !r.fell_back)
            .filter_map(|r| match &r.back {
                ReadBack::Value(v) => Some((r, v)),
                _ => None,
            })
            .collect();
        let agrees = |v: &Value, r: &Read<'_>| match &r.back {
            ReadBack::Value(x) => x == v || r.row.encode(v) == Ok(Encoded::Omit),
            ReadBack::AnyValue => !matches!(v, Value::Keyword(_)),
            ReadBack::Unknown | ReadBack::Field(_) | ReadBack::Uninformative => true,
            ReadBack::Unreadable => false,
        };
        let relevant: Vec<&Read<'_>> = reads.iter().filter(|r| present(r)).collect();
        let chosen = candidates
            .iter()
            .find(|(_, v)| relevant.iter().all(|r| agrees(v, r)))
            .or(candidates.first())
            .map(|(r, v)| (*r, (*v).clone()));
        for r in &relevant {
            if matches!(r.back, ReadBack::Unreadable) {
                let shown = r.shown.clone().unwrap_or_default();
                leaves.push((
                    r.field.clone(),
                    format!("`{shown}` is no value of `{}` this field holds", key.path()),
                ));
            }
        }
        let Some((from, value)) = chosen else {
            for (f, why) in leaves {
                self.leave(&f, why);
            }
            return;
        };
        for r in &relevant {
            if !matches!(r.back, ReadBack::Unreadable) && !agrees(&value, r) {
                let shown = r.shown.clone().unwrap_or_else(|| "absent".into());
                let reads_as = match &r.back {
                    ReadBack::Value(x) => format!(" (`{x}`)"),
                    _ => String::new(),
                };
                leaves.push((
                    r.field.clone(),
                    format!(
                        "it holds `{shown}`{reads_as} where `{}` holds `{value}`, and one setting, `{}`, writes both",
                        from.field,
                        key.path()
                    ),
                ));
            }
        }
        if let Some(why) = outside_domain(setting, &value) {
            leaves.push((from.field.clone(), why));
            for (f, why) in leaves {
                self.leave(&f, why);
            }
            return;
        }
        for (f, why) in leaves {
            self.leave(&f, why);
        }
        let origin = match (&from.shown, inst.empty) {
            (Some(s), _) if from.row.encoding.term().is_some() => format!("{}: {s}", from.field),
            (Some(s), _) => format!("{} = {s}", from.field),
            (None, true) => format!("{}: no configuration, the service's default", from.field),
            (None, false) => format!("{}: not in the export, the service's default", from.field),
        };
        self.stated.push(Stated {
            key: key.clone(),
            value,
            from: origin,
        });
    }
}

/// Why `v` is not a value of `s`, if it is not.
fn outside_domain(s: &crate::catalog::Setting, v: &Value) -> Option<String> {
    match v {
        Value::Keyword(k) if !s.keywords.contains(k) => {
            Some(format!("`{}` takes no `{}`", s.path(), k.as_str()))
        }
        Value::Duration(n) | Value::Count(n) => {
            let (lo, hi) = s.domain()?;
            (!(lo..=hi).contains(n)).then(|| {
                format!(
                    "`{v}` is outside what `{}` holds ({} to {})",
                    s.path(),
                    show(s, lo),
                    show(s, hi)
                )
            })
        }
        _ => None,
    }
}

fn show(s: &crate::catalog::Setting, n: u64) -> String {
    if s.is_duration() {
        crate::value::format_duration(n)
    } else {
        n.to_string()
    }
}

/// Fields of `inst` that no row of `target` writes: a dotted path for each,
/// whole-field terms as `passwordPolicy: hashIterations(27500)`.
fn unmapped(target: &Target, inst: &Instance) -> Vec<String> {
    let fields: Vec<&str> = target
        .rows
        .iter()
        .filter_map(|r| r.field.as_deref())
        .collect();
    let mut out = Vec::new();
    walk(&inst.fields, "", &fields, target, &mut out);
    // Terms of a policy string that no row writes.
    let mut term_fields: Vec<&str> = target
        .rows
        .iter()
        .filter(|r| r.encoding.term().is_some())
        .filter_map(|r| r.field.as_deref())
        .collect();
    term_fields.dedup();
    for f in term_fields {
        if let Some(Json::String(s)) = lookup(&inst.fields, f) {
            for term in s.split(" and ").map(str::trim).filter(|t| !t.is_empty()) {
                let name = term.split('(').next().unwrap_or(term);
                let mapped = target.rows.iter().any(|r| {
                    r.field.as_deref() == Some(f)
                        && r.encoding.term().is_some_and(|t| t.name == name)
                });
                if !mapped {
                    out.push(format!("{f}: {term}"));
                }
            }
        }
    }
    out
}

fn walk(
    m: &serde_json::Map<String, Json>,
    prefix: &str,
    fields: &[&str],
    target: &Target,
    out: &mut Vec<String>,
) {
    for (k, v) in m {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if prefix.is_empty() && target.export.name.as_deref() == Some(k.as_str()) {
            continue;
        }
        if fields.contains(&path.as_str()) {
            continue;
        }
        let inner = format!("{path}.");
        match v {
            Json::Object(o) if fields.iter().any(|f| f.starts_with(&inner)) => {
                walk(o, &path, fields, target, out);
            }
            _ => out.push(path),
        }
    }
}

/// The policy's name: the one asked for, else the configuration's name or
/// the export's file name, as a bare name when it can be one.
fn policy_name(asked: Option<&str>, inst: &Instance, export: &str) -> String {
    let base = asked
        .map(str::to_string)
        .or_else(|| inst.name.clone())
        .unwrap_or_else(|| {
            let file = export.rsplit(['/', '\\']).next().unwrap_or(export);
            let stem = file.split('.').next().unwrap_or(file);
            stem.strip_suffix("-realm").unwrap_or(stem).to_string()
        });
    if asked.is_some() {
        return name_text(&base);
    }
    let mut bare: String = base
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !bare.starts_with(|c: char| c.is_ascii_lowercase()) {
        bare.insert_str(0, "imported-");
    }
    name_text(bare.trim_end_matches('-'))
}

/// A name as a policy writes it: bare, or quoted.
fn name_text(name: &str) -> String {
    let bare = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if bare {
        name.to_string()
    } else {
        crate::value::quote(name)
    }
}
