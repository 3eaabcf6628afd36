//! The comparison of one export with one policy, field by field, in
//! policy terms (see the table in the module above).
//!
//! Each field the target writes is read back through its row
//! (`Row::read_back`) and compared with what the policy decides for it: the
//! value it sets (compared first as written, then by the setting's
//! direction), the bounds on it, or, for a target whose configuration is
//! replaced as a whole, the default a build would write. Terms of a whole
//! field that a build would not write are reported once each.

use super::read::{lookup, read_field, Export, Instance};
use super::{At, Finding, Held, Kind};
use crate::catalog::{Direction, Setting, Type};
use crate::model::{Assigned, Bound, Resolved, SettingKey, TargetId};
use crate::source::{SourceId, SourceMap, Span};
use crate::targets::encoding::Encoded;
use crate::targets::export::ReadBack;
use crate::targets::{Instance as Selecting, Row, Target};
use crate::validate::{breaks, user_span};
use crate::value::Value;
use serde_json::Value as Json;
use std::cmp::Ordering;

/// Every field of every configuration in `export` that is not in sync with
/// `policy` for `target`.
pub fn compare(
    policy: &Resolved,
    target: &Target,
    export: &Export,
    sources: &SourceMap,
) -> Vec<Finding> {
    // The values the policy has for this target: its own `for` values,
    // else the general ones (what `ward build --target` writes).
    let view = policy.seen_by(&target.name);
    let cx = Cx {
        policy: &view,
        target,
        export,
        sources,
    };
    let mut out = Vec::new();
    for inst in &export.instances {
        for row in &target.rows {
            if row.field.is_none() {
                continue;
            }
            for key in cx.keys(row) {
                if let Some(f) = cx.field(inst, row, &key) {
                    out.push(f);
                }
            }
        }
        for field in &target.whole_fields {
            cx.dropped(inst, field, &mut out);
        }
    }
    out
}

/// What the service holds for one field, read back.
enum Svc {
    Held(Held),
    Unknown,
    Unreadable,
}

struct Cx<'a> {
    policy: &'a Resolved,
    target: &'a Target,
    export: &'a Export,
    sources: &'a SourceMap,
}

impl Cx<'_> {
    /// The keys a row feeds: its setting, or every integration the policy
    /// sets or bounds.
    fn keys(&self, row: &Row) -> Vec<SettingKey> {
        match &row.selector.instance {
            Selecting::Plain => vec![SettingKey::plain(row.selector.id)],
            Selecting::Named(n) => vec![SettingKey {
                id: row.selector.id,
                instance: Some(n.clone()),
            }],
            Selecting::Any => {
                let mut keys: Vec<SettingKey> = self
                    .policy
                    .values
                    .keys()
                    .chain(self.policy.bounds.keys())
                    .filter(|k| row.selector.matches(k))
                    .cloned()
                    .collect();
                keys.sort();
                keys.dedup();
                keys
            }
        }
    }

    /// The policy's value of `key` for this target. (Per-target values,
    /// section 10, are looked up here when the model has them.)
    fn value_of(&self, key: &SettingKey) -> Option<&Assigned> {
        self.policy.values.get(key)
    }

    /// Where to point for something the policy wrote at `origin`.
    fn place(&self, origin: crate::model::Origin) -> Option<(SourceId, Span)> {
        Some(user_span(self.policy, origin, self.sources))
    }

    /// The `targets` line.
    fn targets_line(&self) -> Option<(SourceId, Span)> {
        crate::targets::target_at(self.policy, self.target)
    }

    /// Where `field` is in `inst`: its value, or the start of `inst`.
    fn at(&self, inst: &Instance, field: &str, raw: Option<&Json>) -> At {
        let span = self.export.span_of(inst, field).unwrap_or(Span::new(
            inst.span.start as usize,
            inst.span.start as usize + 1,
        ));
        let inert = raw
            .is_none()
            .then(|| {
                self.export.not_in_force.iter().find(|n| {
                    field
                        .strip_prefix(n.prefix.as_str())
                        .is_some_and(|r| r.starts_with('.'))
                })
            })
            .flatten();
        let span = inert.and_then(|n| n.span).unwrap_or(span);
        At {
            source: self.export.source,
            span: if inst.empty && raw.is_none() {
                Span::new(0, 0)
            } else {
                span
            },
            instance: inst.name.clone(),
            field: field.to_string(),
            raw: raw.map(show_raw),
            term: None,
            not_in_force: inert.map(|n| (n.member.clone(), n.held.clone(), n.written.clone())),
            of_setting: None,
        }
    }

    /// What the service holds in `row`'s field, following fallbacks to
    /// other fields of the same setting; `true` when it fell back.
    fn held(&self, inst: &Instance, row: &Row, key: &SettingKey) -> (Svc, bool) {
        let (back, fell_back) = read_field(self.target, inst, row, key);
        let svc = match back {
            ReadBack::Value(v) => Svc::Held(Held::Value(v)),
            ReadBack::AnyValue => Svc::Held(Held::NotKeyword),
            ReadBack::Unreadable => Svc::Unreadable,
            ReadBack::Unknown | ReadBack::Field(_) | ReadBack::Uninformative => Svc::Unknown,
        };
        (svc, fell_back)
    }

    fn finding(
        &self,
        key: &SettingKey,
        decided: Option<(SourceId, Span)>,
        at: At,
        kind: Kind,
    ) -> Finding {
        Finding {
            target: TargetId::new(&self.target.name),
            key: Some(key.clone()),
            decided,
            at,
            kind,
        }
    }

    /// One field of one configuration.
    fn field(&self, inst: &Instance, row: &Row, key: &SettingKey) -> Option<Finding> {
        let field = row.field_for(key)?;
        let raw = lookup(&inst.fields, &field);
        let mut at = self.at(inst, &field, raw);
        if row.encoding.levels().is_some() {
            at.of_setting = Some(key.path());
        }
        if let Some(info) = row.encoding.term() {
            let s = raw.and_then(Json::as_str).unwrap_or("");
            let found = terms(s).find(|t| term_name(t) == info.name);
            at.term = Some((info.name.to_string(), found.map(str::to_string)));
            at.span = narrow_to_term(self.sources, at.source, at.span, s, info.name);
        }
        let (svc, fell_back) = self.held(inst, row, key);
        if fell_back {
            // The field stands for another field of the same setting, which
            // is compared (and reported) itself.
            return None;
        }
        let setting = key.setting();
        match self.value_of(key) {
            Some(a) => self.decided(inst, row, key, a, raw, svc, at),
            None => {
                let bounds = self.policy.bounds.get(key);
                if let Some(bounds) = bounds.filter(|b| !b.is_empty()) {
                    match &svc {
                        Svc::Held(Held::Value(v)) => {
                            if let Some(b) = broken(setting, v, bounds.iter()) {
                                let kind = Kind::BreaksBound {
                                    service: v.clone(),
                                    bound: b.clone(),
                                };
                                return Some(self.finding(key, self.place(b.origin), at, kind));
                            }
                        }
                        Svc::Unknown => {
                            let decided = bounds.iter().next().and_then(|b| self.place(b.origin));
                            return Some(self.finding(key, decided, at, Kind::Unknown));
                        }
                        Svc::Unreadable => {
                            let decided = bounds.iter().next().and_then(|b| self.place(b.origin));
                            let kind = Kind::Unreadable { policy: None };
                            return Some(self.finding(key, decided, at, kind));
                        }
                        Svc::Held(_) => {}
                    }
                }
                self.reset(row, key, raw, svc, at)
            }
        }
    }

    /// A field whose setting the policy sets.
    #[allow(clippy::too_many_arguments)]
    fn decided(
        &self,
        inst: &Instance,
        row: &Row,
        key: &SettingKey,
        a: &Assigned,
        raw: Option<&Json>,
        svc: Svc,
        at: At,
    ) -> Option<Finding> {
        let setting = key.setting();
        let expected = row.encode(&a.value).ok()?;
        if written_alike(&expected, raw) {
            return None;
        }
        // A field ward leaves out for this value says nothing when another
        // field of the setting holds it (`bruteForceProtected = false`
        // makes `failureFactor` irrelevant for `unlimited`).
        if expected == Encoded::Omit && self.sibling_holds(inst, row, key, &a.value) {
            return None;
        }
        let decided = self.place(a.origin);
        let policy = a.value.clone();
        let kind = match svc {
            Svc::Unknown => Kind::Unknown,
            Svc::Unreadable => Kind::Unreadable {
                policy: Some(policy),
            },
            Svc::Held(Held::Value(v)) => {
                let bounds = self.policy.bounds.get(key);
                let error_bound = bounds.and_then(|b| broken(setting, &v, b.error.iter()));
                let warn_bound = bounds.and_then(|b| broken(setting, &v, b.warn.iter()));
                if let Some(b) = error_bound {
                    let kind = Kind::BreaksBound {
                        service: v,
                        bound: b.clone(),
                    };
                    return Some(self.finding(key, self.place(b.origin), at, kind));
                }
                match setting.strictness_cmp(&v, &policy) {
                    Some(Ordering::Equal) => return None,
                    Some(Ordering::Greater) => match warn_bound {
                        Some(b) => {
                            let kind = Kind::BreaksBound {
                                service: v,
                                bound: b.clone(),
                            };
                            return Some(self.finding(key, self.place(b.origin), at, kind));
                        }
                        None => Kind::Stricter {
                            policy,
                            service: Held::Value(v),
                        },
                    },
                    Some(Ordering::Less) => Kind::Looser {
                        policy,
                        service: Held::Value(v),
                    },
                    None if setting.direction == Direction::Neutral => {
                        Kind::Changed { policy, service: v }
                    }
                    None => Kind::Looser {
                        policy,
                        service: Held::Value(v),
                    },
                }
            }
            Svc::Held(Held::NotKeyword) if !matches!(policy, Value::Keyword(_)) => return None,
            Svc::Held(held) => {
                let other = match &held {
                    Held::Value(v) => v.clone(),
                    Held::NotKeyword => representative(setting),
                };
                match setting.strictness_cmp(&other, &policy) {
                    Some(Ordering::Greater) => Kind::Stricter {
                        policy,
                        service: held,
                    },
                    Some(Ordering::Equal) => return None,
                    _ => Kind::Looser {
                        policy,
                        service: held,
                    },
                }
            }
        };
        Some(self.finding(key, decided, at, kind))
    }

    /// Does another field of `key`'s setting read back as exactly `v`?
    fn sibling_holds(&self, inst: &Instance, row: &Row, key: &SettingKey, v: &Value) -> bool {
        self.target.rows.iter().any(|r| {
            !std::ptr::eq(r, row)
                && r.selector == row.selector
                && r.field.is_some()
                && r.encode(v).is_ok_and(|e| e != Encoded::Omit)
                && matches!(self.held(inst, r, key), (Svc::Held(Held::Value(ref x)), _) if x == v)
        })
    }

    /// A field of a setting the policy leaves unset: on a target whose
    /// configuration is replaced as a whole, a build writes the default.
    fn reset(
        &self,
        row: &Row,
        key: &SettingKey,
        raw: Option<&Json>,
        svc: Svc,
        at: At,
    ) -> Option<Finding> {
        if !self.target.complete {
            return None;
        }
        let default = row.default.as_ref()?;
        let expected = row.encode(default).ok()?;
        if written_alike(&expected, raw) {
            return None;
        }
        let service = match svc {
            Svc::Held(Held::Value(v)) if &v == default => return None,
            Svc::Held(Held::Value(v)) => Some(v),
            _ => None,
        };
        let written = match &expected {
            Encoded::Json(j) => Some(j.to_string()),
            Encoded::Term(t) => Some(t.clone()),
            Encoded::Omit => None,
        };
        let kind = Kind::WouldReset {
            service,
            build: Some(default.clone()),
            written,
        };
        Some(self.finding(key, self.targets_line(), at, kind))
    }

    /// Terms of the whole field `field` in `inst` that a build would not
    /// write, each a finding.
    fn dropped(&self, inst: &Instance, field: &str, out: &mut Vec<Finding>) {
        let Some(Json::String(have)) = lookup(&inst.fields, field) else {
            return;
        };
        let built = crate::targets::emit::fields(self.policy, self.target);
        let Some(Json::String(build)) = crate::targets::emit::lookup(&built, field) else {
            // No term is set, so a build does not write the field at all.
            return;
        };
        let built_terms: Vec<&str> = terms(build).collect();
        let built_names: Vec<&str> = built_terms.iter().map(|t| term_name(t)).collect();
        for term in terms(have) {
            if built_terms.contains(&term) || built_names.contains(&term_name(term)) {
                continue;
            }
            let owner = self.target.rows.iter().find(|r| {
                r.field.as_deref() == Some(field)
                    && r.encoding.term().is_some_and(|t| t.name == term_name(term))
            });
            let setting = owner.and_then(|r| {
                let key = SettingKey::plain(r.selector.id);
                match r.read_back(Some(&Json::String(term.to_string())), false) {
                    ReadBack::Value(v) => Some((key, v)),
                    _ => None,
                }
            });
            let mut at = self.at(inst, field, lookup(&inst.fields, field));
            at.span = narrow_to_term(self.sources, at.source, at.span, have, term_name(term));
            out.push(Finding {
                target: TargetId::new(&self.target.name),
                key: owner.map(|r| SettingKey::plain(r.selector.id)),
                decided: self.targets_line(),
                at,
                kind: Kind::WouldDrop {
                    term: term.to_string(),
                    setting,
                },
            });
        }
    }
}

/// Does the export hold exactly what ward writes?
fn written_alike(expected: &Encoded, raw: Option<&Json>) -> bool {
    match (expected, raw) {
        (Encoded::Json(j), Some(r)) => j == r || numbers_equal(j, r),
        (Encoded::Term(t), Some(Json::String(s))) => terms(s).any(|x| x == t),
        (Encoded::Omit, None) => true,
        _ => false,
    }
}

/// `1800` and `1800.0` are the same number.
fn numbers_equal(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => a.is_number() && b.is_number() && x == y,
        _ => false,
    }
}

/// The terms of a policy string.
fn terms(s: &str) -> impl Iterator<Item = &str> {
    s.split(" and ").map(str::trim).filter(|t| !t.is_empty())
}

/// `length` of `length(12)`.
fn term_name(t: &str) -> &str {
    t.split('(').next().unwrap_or(t).trim()
}

/// The first bound of `bounds` that `v` breaks.
fn broken<'b>(
    s: &Setting,
    v: &Value,
    mut bounds: impl Iterator<Item = &'b Bound>,
) -> Option<&'b Bound> {
    bounds.find(|b| breaks(s, v, b))
}

/// A value that is not a keyword, for comparing with one.
fn representative(s: &Setting) -> Value {
    match s.ty {
        Type::Duration { .. } => Value::Duration(1),
        _ => Value::Count(1),
    }
}

/// A field's value as the export writes it, short.
fn show_raw(j: &Json) -> String {
    let s = j.to_string();
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// The span of the term named `name` inside the string whose literal is at
/// `span`, or `span` itself.
fn narrow_to_term(sources: &SourceMap, source: SourceId, span: Span, s: &str, name: &str) -> Span {
    let text = &sources.get(source).text;
    let Some(lit) = text.get(span.range()) else {
        return span;
    };
    let Some(start) = terms(s).find(|t| term_name(t) == name) else {
        return span;
    };
    match lit.find(start) {
        Some(i) => Span::new(
            span.start as usize + i,
            span.start as usize + i + start.len(),
        ),
        None => span,
    }
}
