//! Target names in the authoring form: the `targets` list and the `for`
//! table of per-target values (section 10: `[for.miro.session]`).
//!
//! Both complete and check the names of the targets the schema is made for:
//! the built-in ones, plus those of `--target-file` when `ward schema` is
//! given some (a project with its own descriptors generates its own schema,
//! so that `["mirro"]` is flagged and `acme-sso` is not). `for.TARGET` holds
//! the sections and their settings, the same schemas as at the top level
//! (`$defs/SECTION`), without bounds: a `for` block holds values only.

use crate::catalog;
use serde_json::{json, Map, Value};

/// A target the schema knows: its name and a one-line title for the
/// completion list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetName {
    pub name: String,
    pub title: String,
}

/// The `targets` property.
pub(super) fn targets(known: &[TargetName]) -> Value {
    json!({
        "type": "array",
        "uniqueItems": true,
        "items": name_schema(known),
        "description": "The services this file is checked against. Not inherited.",
        "markdownDescription": "The services this file is checked against (`ward targets` lists them). Not inherited: each file says which services it is checked against.",
    })
}

/// One target name: an `enum` of the known names, each with its title for
/// VS Code's completion list.
fn name_schema(known: &[TargetName]) -> Value {
    let names: Vec<&str> = known.iter().map(|t| t.name.as_str()).collect();
    let titles: Vec<String> = known.iter().map(|t| t.title.clone()).collect();
    json!({
        "type": "string",
        "enum": names,
        "markdownEnumDescriptions": titles,
    })
}

/// The `for` property: one object per known target, each `$ref`ing
/// `$defs/target_values` (made by the caller, `values`).
pub(super) fn per_target(known: &[TargetName]) -> Value {
    let mut properties = Map::new();
    for t in known {
        properties.insert(
            t.name.clone(),
            json!({
                "$ref": "#/$defs/target_values",
            }),
        );
    }
    json!({
        "type": "object",
        "description": "Values for one target only, which replace the file's general values for that target (`for TARGET { … }` in a `.ward` file).",
        "markdownDescription": "Values for one target only (`[for.miro.session]`), which replace the file's general values for that target, as `for miro { … }` does in a `.ward` file. Values only: bounds apply to every target's values.",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// `$defs/target_values`: the sections, by reference to their `$defs`.
pub(super) fn values() -> Value {
    let mut properties = Map::new();
    for section in catalog::sections() {
        properties.insert(
            section.to_string(),
            json!({ "$ref": format!("#/$defs/{section}") }),
        );
    }
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<TargetName> {
        ["miro", "acme-sso"]
            .map(|n| TargetName {
                name: n.into(),
                title: format!("{n} title"),
            })
            .to_vec()
    }

    #[test]
    fn targets_and_for_name_the_known_targets() {
        let t = targets(&known());
        assert_eq!(t["items"]["enum"], json!(["miro", "acme-sso"]));
        assert_eq!(t["items"]["markdownEnumDescriptions"][1], "acme-sso title");
        let f = per_target(&known());
        assert_eq!(f["properties"]["acme-sso"]["$ref"], "#/$defs/target_values");
        assert_eq!(f["additionalProperties"], false);
        let v = values();
        assert_eq!(v["properties"]["session"]["$ref"], "#/$defs/session");
        assert!(v["properties"].get("bounds").is_none());
    }
}
