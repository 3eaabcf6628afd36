//! Every key a descriptor may hold, described once: the reader checks
//! unknown keys against these tables (with did-you-mean), and the JSON
//! Schema of the descriptor format (`schemas/target-descriptor.schema.json`,
//! which editors use to complete and check descriptors) is generated from
//! them. The keys of one encoding or one output format are declared by its
//! own module ([`crate::targets::encoding`], [`crate::targets::format`]).

use crate::targets::encoding::KINDS;
use crate::targets::format::FORMATS;
use serde_json::{json, Map, Value as Json};

/// What kind of value a key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Str,
    Bool,
    Int,
    /// An array of strings.
    Strings,
    /// `[low, high]`, two non-negative integers.
    Pair,
    /// `seconds`, `minutes`, `hours` or `days`.
    Unit,
    /// An array of units.
    Units,
    /// A table of strings.
    StrMap,
    /// A table of any values.
    JsonMap,
    /// Any TOML value.
    Json,
    /// A value written as in a policy: `"8h"`, `24`, `"never"`, `true`.
    Literal,
    /// An array of such values.
    Literals,
    /// A table from a keyword (`unlimited`) to any value.
    KeywordMap,
    /// The `[output]` table.
    Output,
    /// The `[export]` table.
    Export,
    /// The `[[settings]]` rows.
    Rows,
    /// The `[[constraints]]` tables.
    Constraints,
}

/// One key: its name, what it takes, what it means.
#[derive(Clone, Copy, Debug)]
pub struct KeyDoc {
    pub name: &'static str,
    pub ty: KeyType,
    pub doc: &'static str,
}

impl KeyDoc {
    pub const fn new(name: &'static str, ty: KeyType, doc: &'static str) -> KeyDoc {
        KeyDoc { name, ty, doc }
    }
}

/// The keys at the top of a descriptor.
pub(crate) const TOP: &[KeyDoc] = &[
    KeyDoc::new("name", KeyType::Str, "The name used in `targets` lines, `for` blocks and `--target`: `[a-z][a-z0-9._-]*`."),
    KeyDoc::new("title", KeyType::Str, "The service's name for people: `Keycloak`."),
    KeyDoc::new("vendor", KeyType::Str, "Who makes the service."),
    KeyDoc::new("sources", KeyType::Strings, "Vendor documentation (and source code) the facts in this file come from, as URLs."),
    KeyDoc::new("notes", KeyType::Strings, "Anything an administrator should know about the output."),
    KeyDoc::new("extends", KeyType::Str, "A built-in target this one starts from: its rows, notes, sources and output; a row here writing the same field replaces the built-in's row in place, `drop_fields` removes rows."),
    KeyDoc::new("drop_fields", KeyType::Strings, "With `extends`: fields of the target extended that this one does not write."),
    KeyDoc::new("complete", KeyType::Bool, "The service replaces its whole configuration on every update (AWS IAM): every row with a `default` is written, and each unset setting is a warning naming the value the service applies."),
    KeyDoc::new("whole_fields", KeyType::Strings, "Fields the service replaces as a whole (Keycloak's `passwordPolicy`): a warning names what the policy leaves out, since writing the field drops it."),
    KeyDoc::new("members", KeyType::Strings, "Makes this file a group: the targets it stands for, each written to its own file. A group has no rows."),
    KeyDoc::new("constraints", KeyType::Constraints, "Rules between two settings the service imposes: `{ setting = \"lockout.window\", at_most = \"lockout.duration\", because = \"…\" }`."),
    KeyDoc::new("output", KeyType::Output, "The file the target is written to and its format."),
    KeyDoc::new("export", KeyType::Export, "How the service's own export is read back by `ward drift` and `ward import`."),
    KeyDoc::new("settings", KeyType::Rows, "One row per output field, in output order."),
];

/// The keys of `[output]` every format takes.
pub(crate) const OUTPUT: &[KeyDoc] = &[
    KeyDoc::new("format", KeyType::Str, "How the file is written: `json` (default), `key_value`, `login_defs`, `inf`, `xml` or `api_bodies`."),
    KeyDoc::new("file", KeyType::Str, "The file name, without directories (default `NAME.json`, or `NAME` with the format's extension)."),
];

/// The keys every `[[settings]]` row takes, whatever its encoding.
pub const ROW: &[KeyDoc] = &[
    KeyDoc::new("setting", KeyType::Str, "The policy setting: `session.idle_timeout`; `integrations.*.enabled` for every integration, `integrations.NAME.enabled` for one."),
    KeyDoc::new("settings", KeyType::Strings, "Instead of `setting`: several settings written into one `field` by the `level` encoding (Salesforce's password `complexity`, one value for every character class)."),
    KeyDoc::new("field", KeyType::Str, "The output field; dots nest (`account_lockout.failed_login_attempts`), `{name}` stands for the integration's name. No field: the row is checked but not written (a fixed behaviour)."),
    KeyDoc::new("encoding", KeyType::Str, "How the value is written (default by type: durations and counts `integer`, booleans `boolean`, enums `enum`, lists `list`)."),
    KeyDoc::new("offset", KeyType::Int, "Seconds added to a duration before it is written (Keycloak 25: `-120`)."),
    KeyDoc::new("text", KeyType::Str, "A template the written value is put into: `\"4,{}\"` writes 900 as `4,900`."),
    KeyDoc::new("omit", KeyType::Literals, "Policy values written by leaving the field out: `[\"never\"]`, `[0]`."),
    KeyDoc::new("keywords", KeyType::KeywordMap, "Keyword → the service's value for it: `{ unlimited = -1 }`."),
    KeyDoc::new("when_unset", KeyType::Literal, "What is written when the policy leaves the setting unset, in policy terms (`0` for a class the policy does not require)."),
    KeyDoc::new("floor", KeyType::Literal, "The least the service enforces: a looser value is written, and the service applies the floor instead (a stricter fixed behaviour, `W0601`)."),
    KeyDoc::new("floor_behaviour", KeyType::Str, "With `floor`: what the service does, as a sentence fragment after the target's name."),
    KeyDoc::new("min", KeyType::Literal, "The service's own lower limit, in policy terms: an error below it."),
    KeyDoc::new("max", KeyType::Literal, "The service's own upper limit, in policy terms: an error above it."),
    KeyDoc::new("limit_because", KeyType::Str, "Why the service's limits are what they are, shown with the error."),
    KeyDoc::new("recommend_min", KeyType::Literal, "The vendor's recommended lower limit: a warning below it."),
    KeyDoc::new("recommend_max", KeyType::Literal, "The vendor's recommended upper limit: a warning above it."),
    KeyDoc::new("recommend_because", KeyType::Str, "Why the vendor recommends it, shown with the warning."),
    KeyDoc::new("default", KeyType::Literal, "What the service does when the field is not configured."),
    KeyDoc::new("fixed", KeyType::Literal, "A value the service imposes whatever it is told (such a row has no `field`)."),
    KeyDoc::new("behaviour", KeyType::Str, "With `fixed`: what the service does, as a sentence fragment after the target's name."),
    KeyDoc::new("caveat", KeyType::Str, "A warning shown whenever the policy sets this setting."),
    KeyDoc::new("note", KeyType::Str, "Anything else, for `ward targets NAME` and the docs."),
    crate::targets::export::ROW_KEYS[0],
    crate::targets::export::ROW_KEYS[1],
    crate::targets::export::ROW_KEYS[2],
];

/// The keys of a `[[constraints]]` table.
pub const CONSTRAINT: &[KeyDoc] = &[
    KeyDoc::new(
        "setting",
        KeyType::Str,
        "The setting the service limits: `lockout.window`.",
    ),
    KeyDoc::new(
        "at_most",
        KeyType::Str,
        "The setting it may not exceed: `lockout.duration`.",
    ),
    KeyDoc::new(
        "because",
        KeyType::Str,
        "The service's rule, shown with the error.",
    ),
];

/// The names of `keys`.
pub fn names(keys: &[KeyDoc]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

fn unit_schema() -> Json {
    json!({ "enum": ["seconds", "minutes", "hours", "days"] })
}

/// A value written as in a policy: a string, a number, a boolean or a list.
fn literal_schema() -> Json {
    json!({ "anyOf": [
        { "type": "string" },
        { "type": "integer", "minimum": 0 },
        { "type": "boolean" },
        { "type": "array", "items": { "type": "string" } }
    ] })
}

fn key_schema(k: &KeyDoc) -> Json {
    let mut s = match k.ty {
        KeyType::Str => json!({ "type": "string" }),
        KeyType::Bool => json!({ "type": "boolean" }),
        KeyType::Int => json!({ "type": "integer" }),
        KeyType::Strings => json!({ "type": "array", "items": { "type": "string" } }),
        KeyType::Pair => json!({
            "type": "array", "minItems": 2, "maxItems": 2,
            "items": { "type": "integer", "minimum": 0 }
        }),
        KeyType::Unit => unit_schema(),
        KeyType::Units => json!({ "type": "array", "items": unit_schema() }),
        KeyType::StrMap => {
            json!({ "type": "object", "additionalProperties": { "type": "string" } })
        }
        KeyType::JsonMap => json!({ "type": "object" }),
        KeyType::Json => json!({}),
        KeyType::Literal => literal_schema(),
        KeyType::Literals => json!({ "type": "array", "items": literal_schema() }),
        KeyType::KeywordMap => json!({
            "type": "object",
            "propertyNames": { "enum": ["never", "unlimited", "until_unlocked"] }
        }),
        KeyType::Output => output_schema(),
        KeyType::Export => object(crate::targets::export::KEYS.iter().copied(), &[]),
        KeyType::Rows => json!({ "type": "array", "items": row_schema() }),
        KeyType::Constraints => {
            json!({ "type": "array", "items": object(CONSTRAINT.iter().copied(), &["setting", "at_most"]) })
        }
    };
    if let Json::Object(m) = &mut s {
        m.insert("description".into(), k.doc.into());
    }
    s
}

fn object(keys: impl IntoIterator<Item = KeyDoc>, required: &[&str]) -> Json {
    let mut props = Map::new();
    for k in keys {
        props
            .entry(k.name.to_string())
            .or_insert_with(|| key_schema(&k));
    }
    let mut out = json!({ "type": "object", "properties": props, "additionalProperties": false });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

fn output_schema() -> Json {
    let keys = OUTPUT
        .iter()
        .copied()
        .chain(FORMATS.iter().flat_map(|f| f.keys.iter().copied()));
    let mut s = object(keys, &[]);
    let formats: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
    s["properties"]["format"]["enum"] = json!(formats);
    let each: Vec<String> = FORMATS
        .iter()
        .map(|f| format!("`{}`: {}", f.name, f.doc))
        .collect();
    s["properties"]["format"]["description"] =
        format!("How the file is written. {}", each.join(" ")).into();
    s
}

fn row_schema() -> Json {
    let keys = ROW
        .iter()
        .copied()
        .chain(KINDS.iter().flat_map(|k| k.keys.iter().copied()));
    let mut s = object(keys, &[]);
    s["oneOf"] = json!([{ "required": ["setting"] }, { "required": ["settings"] }]);
    let kinds: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    s["properties"]["encoding"]["enum"] = json!(kinds);
    let each: Vec<String> = KINDS
        .iter()
        .map(|k| format!("`{}`: {}", k.name, k.doc))
        .collect();
    let base = s["properties"]["encoding"]["description"]
        .as_str()
        .unwrap_or("")
        .to_string();
    s["properties"]["encoding"]["description"] = format!("{base} {}", each.join(" ")).into();
    s
}

/// The JSON Schema (draft 2020-12) of a descriptor file.
pub fn descriptor_schema() -> Json {
    let mut s = object(TOP.iter().copied(), &["name", "title"]);
    if let Json::Object(m) = &mut s {
        m.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        m.insert(
            "description".into(),
            "A target descriptor: one service ward writes a configuration for.".into(),
        );
    }
    s
}
