//! `api_bodies`: the request bodies of a service's REST API, one JSON
//! document keyed by endpoint (section 7: Okta's policies, Microsoft
//! Graph's domain, settings and Conditional Access objects). A field's
//! first part is the endpoint (`PUT /api/v1/policies/{passwordPolicyId}`),
//! the rest its path in that body.
//!
//! Each endpoint is declared under `[output.bodies."ENDPOINT"]`, with what
//! its body always holds besides the policy's fields (`fixed`: Okta's
//! `type` and `name`, which its SDK and API require) and the objects the
//! API takes as a list of names and values (`name_value`: a Graph setting's
//! `values`, `[{"name": "LockoutThreshold", "value": "5"}]`). A body the
//! policy writes nothing to is left out, fixed members and all.
//!
//! ```toml
//! [output]
//! format = "api_bodies"
//!
//! [output.bodies."PATCH /groupSettings/{passwordRuleSettingsId}"]
//! fixed = { templateId = "5cf42378-d67d-4f36-ba46-e8b86229381d" }
//! name_value = ["values"]
//! ```
//!
//! Reading (the tests, `ward drift`, `ward import`) undoes both: lists of
//! names and values become objects again and fixed members are dropped, so
//! an export in the same keyed shape (what the API's `GET` returns, under
//! the same keys) reads as the fields ward writes. A body whose fixed
//! member holds another value is not the object ward writes (a
//! Conditional Access policy whose `state` is `disabled`, a policy of
//! another `type`): none of its fields is in force, and it reads as absent,
//! with the member that differs recorded (`Located::not_in_force`) so that
//! drift can say so rather than "not in the export".
//! Fixed members an export may hold otherwise (`free = ["name"]`: a
//! policy's name) do not count.

use super::{Fields, Format, Located, ReadError, Writer};
use crate::source::Span;
use crate::targets::descriptor::keys::{KeyDoc, KeyType};
use crate::targets::descriptor::reader::{Errors, Table};
use crate::targets::Target;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

const NOT_KEYED: &str = "the document is not a JSON object of endpoints";

pub(super) const FORMAT: Format = Format {
    name: "api_bodies",
    doc: "API request bodies keyed by endpoint (Okta, Microsoft Graph): declare each endpoint under `[output.bodies.\"METHOD /path\"]`; a field starts with its endpoint.",
    extension: "json",
    keys: &[KeyDoc::new(
        "bodies",
        KeyType::JsonMap,
        "One table per endpoint (`\"PUT /api/v1/policies/{policyId}\"`) with `fixed` (members every body holds, such as `{ type = \"PASSWORD\" }`), `free` (dotted paths of fixed members an export may hold with another value, such as a name) and `name_value` (paths of objects the API takes as `[{\"name\": …, \"value\": …}]`).",
    )],
    read,
};

/// One declared endpoint.
#[derive(Debug)]
struct Body {
    endpoint: String,
    fixed: Map<String, Json>,
    /// Fixed members, as dotted paths, an export may hold otherwise.
    free: Vec<String>,
    /// Dotted paths inside the body.
    name_value: Vec<String>,
}

#[derive(Debug)]
struct ApiBodies {
    bodies: Vec<Body>,
}

fn read(t: &Table<'_>, e: &mut Errors) -> Arc<dyn Writer> {
    let mut bodies = Vec::new();
    if let Some(map) = t.map("bodies", "`[output.bodies]`", e) {
        for entry in map.entries() {
            let Some(table) = entry.item.as_table() else {
                e.help(
                    entry.whole(),
                    format!("`{}` in `[output.bodies]` must be a table", entry.key),
                    "not a table",
                    format!(
                        "declare the endpoint as `[output.bodies.\"{}\"]`",
                        entry.key
                    ),
                );
                continue;
            };
            let body = Table::of(table, "an endpoint of `[output.bodies]`", entry.key_span);
            let endpoint = entry.key.to_string();
            if let Err(why) = check_endpoint(&endpoint) {
                e.at(entry.key_span, why, "not an endpoint");
            }
            let fixed = match body.value("fixed", e) {
                Some((fe, v)) => match crate::targets::descriptor::row_json(v) {
                    Json::Object(m) => m,
                    _ => {
                        e.at(
                            fe.span(),
                            "`fixed` must be a table of members",
                            "not a table",
                        );
                        Map::new()
                    }
                },
                None => Map::new(),
            };
            let name_value: Vec<String> = body
                .strings("name_value", e)
                .into_iter()
                .map(|s| s.node)
                .collect();
            let mut free = Vec::new();
            for path in body.strings("free", e) {
                if leaf_at(&fixed, &path.node).is_none() {
                    e.at(
                        path.span,
                        format!("`{}` is not a member of `fixed`", path.node),
                        "not fixed",
                    );
                }
                free.push(path.node);
            }
            body.finish(&["fixed", "free", "name_value"], &|_| None, e);
            bodies.push(Body {
                endpoint,
                fixed,
                free,
                name_value,
            });
        }
    }
    Arc::new(ApiBodies { bodies })
}

/// `METHOD /path`, with no dots (a dot would nest the field).
fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let Some((method, path)) = endpoint.split_once(' ') else {
        return Err(format!(
            "`{endpoint}` is not `METHOD /path`, such as `PUT /api/v1/policies/{{policyId}}`"
        ));
    };
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) || !path.starts_with('/') {
        return Err(format!(
            "`{endpoint}` is not `METHOD /path`, such as `PUT /api/v1/policies/{{policyId}}`"
        ));
    }
    if endpoint.contains('.') {
        return Err(format!(
            "`{endpoint}` holds a dot, which would split the field: give the path without the host or API version"
        ));
    }
    Ok(())
}

/// Deep-merges `from` into `into`; `from` wins at a leaf.
fn merge(into: &mut Map<String, Json>, from: &Map<String, Json>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Json::Object(a)), Json::Object(b)) => merge(a, b),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The leaf of `fixed` at a dotted path.
fn leaf_at<'a>(fixed: &'a Map<String, Json>, path: &str) -> Option<&'a Json> {
    let mut cur = fixed;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        match (cur.get(p)?, parts.peek()) {
            (Json::Object(m), Some(_)) => cur = m,
            (Json::Object(_), None) | (_, Some(_)) => return None,
            (leaf, None) => return Some(leaf),
        }
    }
    None
}

/// The first fixed member of a body that holds another value: its path,
/// what the body holds and what ward writes.
type Differs = Option<(String, Json, Json)>;

/// Removes from `body` every leaf `fixed` holds, and objects left empty.
/// Returns the first leaf that held another value while its path (under
/// `prefix`) is not in `free`.
fn strip(
    body: &mut Map<String, Json>,
    fixed: &Map<String, Json>,
    prefix: &str,
    free: &[String],
) -> Differs {
    let mut differs: Differs = None;
    for (k, v) in fixed {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let remove = match (body.get_mut(k), v) {
            (Some(Json::Object(a)), Json::Object(b)) => {
                let inner = strip(a, b, &path, free);
                differs = differs.or(inner);
                a.is_empty()
            }
            (Some(held), _) => {
                if held != v && !free.contains(&path) && differs.is_none() {
                    differs = Some((path.clone(), held.clone(), v.clone()));
                }
                true
            }
            (None, _) => false,
        };
        if remove {
            body.remove(k);
        }
    }
    differs
}

/// The object at a dotted path, if there is one.
fn object_at<'a>(body: &'a mut Map<String, Json>, path: &str) -> Option<&'a mut Json> {
    let mut parts = path.split('.');
    let mut cur = body.get_mut(parts.next()?)?;
    for p in parts {
        cur = cur.as_object_mut()?.get_mut(p)?;
    }
    Some(cur)
}

/// `{"A": 1}` → `[{"name": "A", "value": 1}]`.
fn to_pairs(v: &mut Json) {
    if let Json::Object(m) = v {
        let pairs = m
            .iter()
            .map(|(k, x)| {
                let mut pair = Map::new();
                pair.insert("name".into(), k.clone().into());
                pair.insert("value".into(), x.clone());
                Json::Object(pair)
            })
            .collect();
        *v = Json::Array(pairs);
    }
}

/// `[{"name": "A", "value": 1}]` → `{"A": 1}`; anything else is left as it is.
/// The span of each value moves from `PATH.0.value` to `PATH.A`.
fn from_pairs(v: &mut Json, path: &str, spans: &mut BTreeMap<String, Span>) {
    let Json::Array(items) = v else { return };
    let mut m = Map::new();
    let mut moved = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (Some(name), Some(value)) =
            (item.get("name").and_then(Json::as_str), item.get("value"))
        else {
            return;
        };
        m.insert(name.to_string(), value.clone());
        moved.push((format!("{path}.{i}.value"), format!("{path}.{name}")));
    }
    for (from, to) in moved {
        if let Some(span) = spans.get(&from).copied() {
            spans.insert(to, span);
        }
    }
    *v = Json::Object(m);
}

impl ApiBodies {
    fn body(&self, endpoint: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.endpoint == endpoint)
    }
}

impl Writer for ApiBodies {
    fn format(&self) -> &'static str {
        FORMAT.name
    }

    fn write(&self, _: &Target, fields: &Fields) -> Vec<u8> {
        let mut out = Map::new();
        for (endpoint, written) in fields {
            let Json::Object(written) = written else {
                continue;
            };
            let Some(decl) = self.body(endpoint) else {
                out.insert(endpoint.clone(), Json::Object(written.clone()));
                continue;
            };
            let mut body = decl.fixed.clone();
            merge(&mut body, written);
            for path in &decl.name_value {
                if let Some(v) = object_at(&mut body, path) {
                    to_pairs(v);
                }
            }
            out.insert(endpoint.clone(), Json::Object(body));
        }
        crate::emit::json_text(&Json::Object(out)).into_bytes()
    }

    fn read(&self, bytes: &[u8]) -> Result<Fields, String> {
        match self.read_located(bytes) {
            Ok(Located {
                value: Json::Object(m),
                ..
            }) => Ok(m),
            Ok(_) => Err(NOT_KEYED.into()),
            Err(e) => Err(e.message),
        }
    }

    fn read_located(&self, bytes: &[u8]) -> Result<Located, ReadError> {
        let mut located = super::json::read_located(bytes)?;
        let Json::Object(doc) = &mut located.value else {
            return Err(ReadError {
                message: NOT_KEYED.into(),
                span: located.spans.get("").copied(),
                text: Some(located.text),
            });
        };
        for decl in &self.bodies {
            let Some(Json::Object(body)) = doc.get_mut(&decl.endpoint) else {
                continue;
            };
            for path in &decl.name_value {
                if let Some(v) = object_at(body, path) {
                    let at = format!("{}.{path}", decl.endpoint);
                    from_pairs(v, &at, &mut located.spans);
                }
            }
            if let Some((member, held, written)) = strip(body, &decl.fixed, "", &decl.free) {
                doc.remove(&decl.endpoint);
                let span = located
                    .spans
                    .get(&format!("{}.{member}", decl.endpoint))
                    .copied();
                located.not_in_force.push(super::NotInForce {
                    prefix: decl.endpoint.clone(),
                    member,
                    held: held.to_string(),
                    written: written.to_string(),
                    span,
                });
            }
        }
        Ok(located)
    }

    fn check_field(&self, field: &str) -> Result<(), String> {
        let Some((endpoint, path)) = field.split_once('.') else {
            return Err(format!(
                "`{field}` names no endpoint: a field is `ENDPOINT.path`, such as `PUT /api/v1/policies/{{policyId}}.settings.password.complexity.minLength`"
            ));
        };
        let Some(decl) = self.body(endpoint) else {
            let known: Vec<String> = self
                .bodies
                .iter()
                .map(|b| format!("`{}`", b.endpoint))
                .collect();
            return Err(if known.is_empty() {
                format!("`{endpoint}` is not declared: add `[output.bodies.\"{endpoint}\"]`")
            } else {
                format!(
                    "`{endpoint}` is not declared in `[output.bodies]` (declared: {})",
                    known.join(", ")
                )
            });
        };
        if path.split('.').any(str::is_empty) {
            return Err(format!("`{field}` has an empty part between dots"));
        }
        // A field may not overwrite a fixed member, nor sit under one; it
        // may fill an object the fixed members start (`signInFrequency`).
        let mut cur = &decl.fixed;
        for part in path.split('.') {
            match cur.get(part) {
                Some(Json::Object(m)) => cur = m,
                Some(_) => {
                    return Err(format!("`{path}` is a fixed member of `{endpoint}`'s body"))
                }
                None => return Ok(()),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // a test fails by panicking
mod tests {
    use super::*;
    use serde_json::json;

    const POLICY: &str = "PUT /api/v1/policies/{policyId}";
    const SETTINGS: &str = "PATCH /groupSettings/{id}";

    fn writer() -> ApiBodies {
        let obj = |v: Json| match v {
            Json::Object(m) => m,
            _ => Map::new(),
        };
        ApiBodies {
            bodies: vec![
                Body {
                    endpoint: POLICY.into(),
                    fixed: obj(
                        json!({ "type": "PASSWORD", "name": "ward", "settings": { "password": { "kind": "x" } } }),
                    ),
                    free: vec!["name".into()],
                    name_value: Vec::new(),
                },
                Body {
                    endpoint: SETTINGS.into(),
                    fixed: obj(json!({ "templateId": "t" })),
                    free: Vec::new(),
                    name_value: vec!["values".into()],
                },
            ],
        }
    }

    fn target() -> Target {
        match crate::targets::builtins().first() {
            Some(t) => t.clone(),
            None => panic!("no built-in target"),
        }
    }

    #[test]
    fn bodies_get_their_fixed_members_and_name_value_lists_and_read_back() {
        let fields = match json!({
            POLICY: { "settings": { "password": { "minLength": 12 } } },
            SETTINGS: { "values": { "LockoutThreshold": "5", "LockoutDurationInSeconds": "60" } },
        }) {
            Json::Object(m) => m,
            _ => Fields::new(),
        };
        let w = writer();
        let bytes = w.write(&target(), &fields);
        let doc: Json = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(
            doc,
            json!({
                POLICY: { "type": "PASSWORD", "name": "ward", "settings": { "password": { "kind": "x", "minLength": 12 } } },
                SETTINGS: { "templateId": "t", "values": [
                    { "name": "LockoutThreshold", "value": "5" },
                    { "name": "LockoutDurationInSeconds", "value": "60" },
                ] },
            })
        );
        assert_eq!(w.read(&bytes), Ok(fields));
        // A body the policy writes nothing to is left out.
        let bytes = w.write(&target(), &Fields::new());
        assert_eq!(String::from_utf8_lossy(&bytes), "{}\n");
    }

    #[test]
    fn fields_must_name_a_declared_endpoint_and_leave_fixed_members_alone() {
        let w = writer();
        assert!(w
            .check_field(&format!("{POLICY}.settings.password.minLength"))
            .is_ok());
        let undeclared = w.check_field("PUT /other.x");
        assert!(undeclared.is_err_and(|e| e.contains("not declared")));
        assert!(w.check_field(POLICY).is_err());
        assert!(w.check_field(&format!("{POLICY}.type")).is_err());
        assert!(w
            .check_field(&format!("{POLICY}.settings.password.kind"))
            .is_err());
        // An object the fixed members start may be filled in.
        assert!(w.check_field(&format!("{POLICY}.settings")).is_ok());
        assert!(w.check_field(&format!("{POLICY}.type.x")).is_err());
        assert!(check_endpoint("PATCH /v1.0/domains/{id}").is_err());
        assert!(check_endpoint("/domains").is_err());
        assert!(check_endpoint("PATCH /domains/{id}").is_ok());
    }

    #[test]
    fn exports_with_other_members_read_with_them() {
        let w = writer();
        let export = json!({
            SETTINGS: { "id": "abc", "templateId": "t", "displayName": "Password Rule Settings",
                        "values": [{ "name": "LockoutThreshold", "value": "10" }, { "name": "BannedPasswordList", "value": "" }] },
        });
        let read = w.read(export.to_string().as_bytes()).unwrap_or_default();
        assert_eq!(
            Json::Object(read),
            json!({ SETTINGS: { "id": "abc", "displayName": "Password Rule Settings",
                "values": { "LockoutThreshold": "10", "BannedPasswordList": "" } } })
        );
        assert!(w.read(b"[1]").is_err());
        assert!(w.read(b"{").is_err());
    }

    #[test]
    fn a_body_whose_fixed_member_differs_is_not_in_force_but_a_free_one_may() {
        let w = writer();
        let export = |ty: &str, name: &str| {
            json!({ POLICY: { "type": ty, "name": name, "settings": { "password": { "kind": "x", "minLength": 9 } } } })
                .to_string()
        };
        let read = w.read(export("PASSWORD", "Corporate").as_bytes());
        assert_eq!(
            read.map(Json::Object),
            Ok(json!({ POLICY: { "settings": { "password": { "minLength": 9 } } } }))
        );
        let read = w.read(export("OKTA_SIGN_ON", "ward").as_bytes());
        assert_eq!(read.map(Json::Object), Ok(json!({})));
        // The body is there, not in force: the member that says so is
        // recorded, with where it is, for drift's message.
        let text = export("OKTA_SIGN_ON", "ward");
        let located = w
            .read_located(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let [n] = located.not_in_force.as_slice() else {
            panic!("{:?}", located.not_in_force)
        };
        assert_eq!((n.prefix.as_str(), n.member.as_str()), (POLICY, "type"));
        assert_eq!(
            (n.held.as_str(), n.written.as_str()),
            ("\"OKTA_SIGN_ON\"", "\"PASSWORD\"")
        );
        let at = n.span.unwrap_or_else(|| panic!("no span"));
        assert_eq!(&text[at.range()], "\"OKTA_SIGN_ON\"");
        let located = w
            .read_located(export("PASSWORD", "x").as_bytes())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(located.not_in_force.is_empty());
    }

    #[test]
    fn name_value_lists_keep_the_place_of_each_value() {
        let w = writer();
        let text = format!(
            "{{\"{SETTINGS}\": {{\"templateId\": \"t\", \"values\": [{{\"name\": \"LockoutThreshold\", \"value\": \"7\"}}]}}}}"
        );
        let located = match w.read_located(text.as_bytes()) {
            Ok(l) => l,
            Err(e) => panic!("{e:?}"),
        };
        let span = located
            .spans
            .get(&format!("{SETTINGS}.values.LockoutThreshold"));
        assert_eq!(span.and_then(|s| text.get(s.range())), Some("\"7\""));
        let not_keyed = w.read_located(b"[{}]");
        assert!(not_keyed.is_err_and(|e| e.message.contains("object of endpoints")));
    }
}
