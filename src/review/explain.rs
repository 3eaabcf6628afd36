//! `ward explain`: where each value comes from and what bounds it.
//!
//! For each setting: the final value in human units and as the resolved
//! output writes it (`8h`, `28800` seconds), the statement that set it, the
//! values it overrode up the `extends` chain and the parents' values merged
//! into it, every error and warning bound with its origin and `because`, and
//! for each of the file's targets the field it feeds and the encoded value
//! of that target's value. A target whose value differs from the general
//! one (`for TARGET { … }`) gets its own lines, with their provenance
//! ([`super::explain_per_target`]).
//!
//! With no setting named, every setting the policy sets or bounds is
//! explained. A named setting that is unknown is an error with a
//! did-you-mean; a known one that is unset says so and lists its bounds.

use super::explain_per_target::{self as per_target, PerTargetReport};
use super::{parse_setting, Location};
use crate::diag::{codes, suggest, Diagnostic};
use crate::model::{Bound, Limits, Resolved, SettingKey};
use crate::source::SourceMap;
use crate::targets::encoding::Encoded;
use crate::value::Value;
use serde::Serialize;

/// What `ward explain` says about one policy.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub policy: String,
    pub settings: Vec<SettingReport>,
}

/// One setting, explained.
#[derive(Clone, Debug, Serialize)]
pub struct SettingReport {
    pub setting: String,
    /// The value as a user writes it; `None` when unset.
    pub value: Option<String>,
    /// The value as the resolved configuration holds it.
    pub output: Option<serde_json::Value>,
    /// The unit of `output`, for durations.
    pub output_unit: Option<&'static str>,
    pub set_at: Option<Location>,
    /// Values this one replaced, nearest first.
    pub overrode: Vec<Earlier>,
    /// Other parents' values merged into this one.
    pub merged_from: Vec<Earlier>,
    /// Each target's own value, where it differs from the general one.
    pub per_target: Vec<PerTargetReport>,
    pub error_bounds: Vec<BoundReport>,
    pub warning_bounds: Vec<BoundReport>,
    pub targets: Vec<TargetReport>,
}

/// A value set somewhere else in the chain.
#[derive(Clone, Debug, Serialize)]
pub struct Earlier {
    pub value: String,
    pub at: Location,
}

/// One bound that applies.
#[derive(Clone, Debug, Serialize)]
pub struct BoundReport {
    /// `>= 5m`.
    pub bound: String,
    pub at: Location,
    pub because: Option<String>,
}

/// How one target encodes the setting.
#[derive(Clone, Debug, Serialize)]
pub struct TargetReport {
    pub target: String,
    pub field: Option<String>,
    /// The encoded value (JSON text or a policy-string term).
    pub encoded: Option<String>,
    pub note: Option<String>,
}

/// Explains `names` (every set or bounded setting when empty). `Err` holds
/// one diagnostic per unknown name.
pub fn explain(
    policy: &Resolved,
    sources: &SourceMap,
    names: &[String],
) -> Result<Explanation, Vec<Diagnostic>> {
    explain_with(policy, sources, names, &crate::targets::Registry::builtin())
}

/// [`explain`], with the targets of the run (the built-ins and the
/// descriptors of `ward.toml` and `--target-file`).
pub fn explain_with(
    policy: &Resolved,
    sources: &SourceMap,
    names: &[String],
    registry: &crate::targets::Registry,
) -> Result<Explanation, Vec<Diagnostic>> {
    let keys: Vec<SettingKey> = if names.is_empty() {
        let mut keys: Vec<SettingKey> = policy.values.keys().cloned().collect();
        keys.extend(policy.bounds.keys().cloned());
        keys.extend(policy.for_targets.values().flat_map(|m| m.keys().cloned()));
        keys.sort();
        keys.dedup();
        keys
    } else {
        let mut keys = Vec::new();
        let mut errors = Vec::new();
        for n in names {
            match parse_setting(n) {
                Some(k) => keys.push(k),
                None => errors.push(unknown(n, policy)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        keys
    };
    Ok(Explanation {
        policy: policy.name.clone(),
        settings: keys
            .iter()
            .map(|k| report(policy, sources, k, registry))
            .collect(),
    })
}

fn unknown(name: &str, policy: &Resolved) -> Diagnostic {
    let mut candidates = super::catalog_paths();
    candidates.extend(policy.values.keys().map(SettingKey::path));
    let help = suggest::did_you_mean(name, candidates.iter().map(String::as_str))
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| {
            "write a setting path such as `session.idle_timeout`; docs/language.md section 4 lists them"
                .to_string()
        });
    Diagnostic::new(codes::UNKNOWN_ARGUMENT, format!("unknown setting `{name}`")).help(help)
}

fn report(
    policy: &Resolved,
    sources: &SourceMap,
    key: &SettingKey,
    registry: &crate::targets::Registry,
) -> SettingReport {
    let assigned = policy.values.get(key);
    let bounds = policy.bounds.get(key);
    let earlier = |list: &[(Value, crate::model::Origin)]| {
        list.iter()
            .map(|(v, o)| Earlier {
                value: v.to_string(),
                at: Location::of(o, sources),
            })
            .collect()
    };
    SettingReport {
        setting: key.path(),
        value: assigned.map(|a| a.value.to_string()),
        output: assigned.map(|a| a.value.to_json()),
        output_unit: (assigned.is_some_and(|a| matches!(a.value, Value::Duration(_))))
            .then_some("seconds"),
        set_at: assigned.map(|a| Location::of(&a.origin, sources)),
        overrode: assigned.map(|a| earlier(&a.overrode)).unwrap_or_default(),
        merged_from: assigned
            .map(|a| earlier(&a.merged_from))
            .unwrap_or_default(),
        per_target: per_target::reports(policy, key, sources),
        error_bounds: bounds
            .map(|b| limits(&b.error, sources))
            .unwrap_or_default(),
        warning_bounds: bounds.map(|b| limits(&b.warn, sources)).unwrap_or_default(),
        targets: targets(policy, key, registry),
    }
}

fn limits(l: &Limits, sources: &SourceMap) -> Vec<BoundReport> {
    let mut out: Vec<BoundReport> = Vec::new();
    for b in l.iter() {
        // An `==` on an ordered setting is both ends: show it once.
        if out.iter().any(|r| r.bound == b.describe()) {
            continue;
        }
        out.push(bound(b, sources));
    }
    out
}

fn bound(b: &Bound, sources: &SourceMap) -> BoundReport {
    BoundReport {
        bound: b.describe(),
        at: Location::of(&b.origin, sources),
        because: b.because.clone(),
    }
}

/// The hook for "how each target encodes it": the file's own targets, each
/// with its own value.
fn targets(
    policy: &Resolved,
    key: &SettingKey,
    registry: &crate::targets::Registry,
) -> Vec<TargetReport> {
    let mut out = Vec::new();
    let named: Vec<(String, Option<&crate::targets::Target>)> = policy
        .targets
        .iter()
        .flat_map(|t| match registry.expand(&t.node) {
            Some(ts) => ts.into_iter().map(|x| (x.name.clone(), Some(x))).collect(),
            None => vec![(t.node.clone(), None)],
        })
        .collect();
    for (name, target) in named {
        let Some(target) = target else {
            out.push(TargetReport {
                target: name,
                field: None,
                encoded: None,
                note: Some("not a built-in target".to_string()),
            });
            continue;
        };
        let value = policy
            .value_for(&crate::model::TargetId::new(&target.name), key)
            .map(|a| &a.value);
        let rows: Vec<_> = target.rows_for(key).collect();
        if rows.is_empty() {
            out.push(TargetReport {
                target: name,
                field: None,
                encoded: None,
                note: Some("not supported by this target".to_string()),
            });
            continue;
        }
        for row in rows {
            let field = Some(
                row.field_for(key)
                    .unwrap_or_else(|| "(policy string)".into()),
            );
            let (encoded, note) = match value {
                None => (
                    None,
                    Some(match &row.default {
                        Some(d) => format!("unset: the service default is `{d}`"),
                        None => "unset: the service keeps its configuration".to_string(),
                    }),
                ),
                Some(v) => match row.encode(v) {
                    Ok(Encoded::Json(j)) => (Some(j.to_string()), None),
                    Ok(Encoded::Term(s)) => (Some(s), None),
                    Ok(Encoded::Omit) => (None, Some("expressed by leaving the field out".into())),
                    Err(_) => (
                        None,
                        Some("the target cannot hold this value exactly: run `ward check`".into()),
                    ),
                },
            };
            let note = match (&row.fixed, note) {
                (Some(f), None) => Some(format!("the service fixes this at `{f}`")),
                (_, n) => n,
            };
            out.push(TargetReport {
                target: name.clone(),
                field,
                encoded,
                note,
            });
        }
    }
    out
}

/// The human form: a short block per setting.
pub fn render_human(e: &Explanation) -> String {
    let mut s = String::new();
    for (i, r) in e.settings.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        match (&r.value, &r.output, r.output_unit) {
            (Some(v), Some(o), Some(unit)) => {
                s.push_str(&format!("{} = {v} ({o} {unit})\n", r.setting))
            }
            (Some(v), _, _) => s.push_str(&format!("{} = {v}\n", r.setting)),
            (None, _, _) if !r.per_target.is_empty() => {
                s.push_str(&format!("{}: no general value\n", r.setting))
            }
            (None, _, _) => s.push_str(&format!("{}: not set\n", r.setting)),
        }
        if let Some(at) = &r.set_at {
            s.push_str(&format!("  set at      {}  {}\n", at.short(), at.text));
        }
        for x in &r.overrode {
            s.push_str(&format!(
                "  overrode    {} at {}  {}\n",
                x.value,
                x.at.short(),
                x.at.text
            ));
        }
        for x in &r.merged_from {
            s.push_str(&format!(
                "  merged with {} at {}  {}\n",
                x.value,
                x.at.short(),
                x.at.text
            ));
        }
        per_target::render_human(&r.per_target, &mut s);
        for (title, list) in [
            ("error bounds", &r.error_bounds),
            ("warning bounds", &r.warning_bounds),
        ] {
            if list.is_empty() {
                continue;
            }
            s.push_str(&format!("  {title}:\n"));
            for b in list {
                s.push_str(&format!(
                    "    {}  at {}  {}\n",
                    b.bound,
                    b.at.short(),
                    b.at.text
                ));
                if let Some(why) = b
                    .because
                    .as_ref()
                    .filter(|w| !b.at.text.contains(w.as_str()))
                {
                    s.push_str(&format!("      because {}\n", crate::value::quote(why)));
                }
            }
        }
        if r.error_bounds.is_empty() && r.warning_bounds.is_empty() {
            s.push_str("  no bounds\n");
        }
        if !r.targets.is_empty() {
            s.push_str("  targets:\n");
            for t in &r.targets {
                let mut line = format!("    {}", t.target);
                if let Some(f) = &t.field {
                    line.push_str(&format!(": {f}"));
                }
                if let Some(v) = &t.encoded {
                    line.push_str(&format!(" = {v}"));
                }
                if let Some(n) = &t.note {
                    line.push_str(&format!(" ({n})"));
                }
                s.push_str(&line);
                s.push('\n');
            }
        }
    }
    s
}

/// The JSON form: the same content, keys in a fixed order.
pub fn render_json(e: &Explanation) -> String {
    let v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    crate::emit::json_text(&v)
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use crate::review::testgen::resolve_all;

    #[test]
    fn explains_values_overrides_and_bounds() {
        let texts = vec![
            "policy base {\n  session.idle_timeout = 1h\n  session.idle_timeout in 5m..12h because \"std 3.1\"\n}\n".to_string(),
            "policy child {\n  extends \"./p0.ward\"\n  session.idle_timeout = 8h\n}\n".to_string(),
        ];
        let (session, ps) = resolve_all(&texts);
        let Some(child) = ps.get(1) else {
            panic!("child did not resolve")
        };
        let e = explain(child, &session.sources, &["session.idle_timeout".into()]);
        let Ok(e) = e else { panic!("{e:?}") };
        let text = render_human(&e);
        assert!(
            text.contains("session.idle_timeout = 8h (28800 seconds)"),
            "{text}"
        );
        assert!(text.contains("overrode    1h at /g/p0.ward:2"), "{text}");
        assert!(text.contains(">= 5m"), "{text}");
        assert!(text.contains("because \"std 3.1\""), "{text}");

        let e = explain(child, &session.sources, &["session.max_concurrent".into()]);
        let Ok(e) = e else { panic!("{e:?}") };
        assert!(render_human(&e).contains("not set"));

        let err = explain(child, &session.sources, &["session.idle_timout".into()]);
        let Err(diags) = err else {
            panic!("expected an error")
        };
        assert_eq!(
            diags[0].help.as_deref(),
            Some("did you mean `session.idle_timeout`?")
        );
    }
}
