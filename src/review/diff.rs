//! `ward diff`: what got stricter or looser between two resolved policies.
//!
//! The comparison is on the *resolved* policies, so a change in a parent
//! shows in every child. Each setting's value and each side of each bound
//! (error and warning apart) is compared and classified:
//!
//! | kind | value | bound |
//! |---|---|---|
//! | `stricter` | moved the strict way; a list lost members | narrowed |
//! | `looser` | moved the loose way; a list gained a member | widened |
//! | `changed` | a neutral setting changed | an `==` on a neutral setting changed |
//! | `added` | newly set | newly bounded |
//! | `removed` | no longer set (**loosens**) | no longer bounded (**loosens**) |
//!
//! An integration that appears without `enabled = false` loosens too: its
//! `added` rows say so. [`Change::loosens`] is what makes `ward diff` fail.
//!
//! Per-target values are compared as each target's effective values
//! ([`super::diff_per_target`]): a row `for miro: session.idle_timeout 8h ->
//! 12h looser` where a target's change is not simply the general one, so
//! removing a looser exception is `stricter`, not `removed`.

use crate::catalog::{integrations, Direction};
use crate::diag::Severity;
use crate::model::{Bound, Limits, Resolved, SettingKey};
use crate::value::Value;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// How one value or bound changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Stricter,
    Looser,
    Changed,
    Added,
    Removed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stricter => "stricter",
            Kind::Looser => "looser",
            Kind::Changed => "changed",
            Kind::Added => "added",
            Kind::Removed => "removed",
        }
    }
}

/// One row of the diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The target whose own value changed; `None` for the general value
    /// and the bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub setting: String,
    /// `value`, or the bound: `error >=`, `warning <=`, `error ==`.
    pub what: String,
    pub kind: Kind,
    /// Does this change make the policy less secure?
    pub loosens: bool,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: Option<String>,
}

/// Every change from `old` to `new`, settings in output order, the value
/// before the bounds.
pub fn diff(old: &Resolved, new: &Resolved) -> Vec<Change> {
    let keys: BTreeSet<&SettingKey> = old
        .values
        .keys()
        .chain(new.values.keys())
        .chain(old.bounds.keys())
        .chain(new.bounds.keys())
        .collect();
    let new_instances: BTreeSet<&str> = new
        .values
        .keys()
        .filter_map(|k| k.instance.as_deref())
        .filter(|i| !old.values.keys().any(|k| k.instance.as_deref() == Some(*i)))
        .collect();
    let mut out = Vec::new();
    for key in keys {
        if let Some(mut c) = value_change(key, old.value(key), new.value(key)) {
            if c.kind == Kind::Added
                && key
                    .instance
                    .as_deref()
                    .is_some_and(|i| new_instances.contains(i))
                && key.id == integrations::enabled
                && new.value(key) != Some(&Value::Bool(false))
            {
                c.loosens = true;
                c.note = Some("integration added without `enabled = false`".to_string());
            }
            out.push(c);
        }
        let empty = Limits::default();
        for sev in [Severity::Error, Severity::Warning] {
            let o = old.bounds.get(key).map(|b| b.get(sev)).unwrap_or(&empty);
            let n = new.bounds.get(key).map(|b| b.get(sev)).unwrap_or(&empty);
            out.extend(bound_changes(key, sev, o, n));
        }
    }
    // An integration added without any `enabled` at all is enabled.
    for inst in new_instances {
        let has_enabled = new
            .values
            .keys()
            .any(|k| k.instance.as_deref() == Some(inst) && k.id == integrations::enabled);
        if has_enabled {
            continue;
        }
        let first = new
            .values
            .keys()
            .find(|k| k.instance.as_deref() == Some(inst))
            .map(SettingKey::path);
        if let Some(c) = out
            .iter_mut()
            .find(|c| c.kind == Kind::Added && Some(&c.setting) == first.as_ref())
        {
            c.loosens = true;
            c.note = Some("integration added without `enabled = false`".to_string());
        }
    }
    out.extend(super::diff_per_target::changes(old, new));
    out
}

pub(super) fn value_change(
    key: &SettingKey,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<Change> {
    let s = key.setting();
    let (kind, loosens) = match (old, new) {
        (None, None) => return None,
        (Some(a), Some(b)) if a == b => return None,
        (None, Some(_)) => (Kind::Added, false),
        (Some(_), None) => (Kind::Removed, true),
        (Some(a), Some(b)) => match (s.direction, s.strictness_cmp(b, a)) {
            (_, Some(Ordering::Greater)) => (Kind::Stricter, false),
            (_, Some(Ordering::Less)) => (Kind::Looser, true),
            (Direction::Neutral, _) | (_, Some(Ordering::Equal)) => (Kind::Changed, false),
            // A list that gained a member and lost another: it gained one.
            (_, None) => (Kind::Looser, true),
        },
    };
    Some(Change {
        target: None,
        setting: key.path(),
        what: "value".to_string(),
        kind,
        loosens,
        old: old.map(Value::to_string),
        new: new.map(Value::to_string),
        note: None,
    })
}

/// An operator, the old and new bound on that side, and how a narrower
/// bound compares to the old one (`None`: not ordered).
type Side<'a> = (
    &'a str,
    Option<&'a Bound>,
    Option<&'a Bound>,
    Option<Ordering>,
);

fn bound_changes(key: &SettingKey, sev: Severity, old: &Limits, new: &Limits) -> Vec<Change> {
    let s = key.setting();
    let sev_name = match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = Vec::new();
    // For each side, `want` is how a narrower bound compares to the old one.
    let sides: [Side; 3] = [
        (
            ">=",
            old.lower.as_ref(),
            new.lower.as_ref(),
            Some(Ordering::Greater),
        ),
        (
            "<=",
            old.upper.as_ref(),
            new.upper.as_ref(),
            Some(Ordering::Less),
        ),
        ("==", old.eq.as_ref(), new.eq.as_ref(), None),
    ];
    for (op, o, n, want) in sides {
        let (kind, loosens) = match (o, n) {
            (None, None) => continue,
            (Some(a), Some(b)) if a.value == b.value => continue,
            (None, Some(_)) => (Kind::Added, false),
            (Some(_), None) => (Kind::Removed, true),
            (Some(a), Some(b)) => match want {
                None => (Kind::Changed, false),
                Some(w) if s.value_cmp(&b.value, &a.value) == Some(w) => (Kind::Stricter, false),
                Some(_) => (Kind::Looser, true),
            },
        };
        out.push(Change {
            target: None,
            setting: key.path(),
            what: format!("{sev_name} {op}"),
            kind,
            loosens,
            old: o.map(Bound::describe),
            new: n.map(Bound::describe),
            note: None,
        });
    }
    out
}

/// Does any change loosen the policy?
pub fn any_looser(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.loosens)
}

fn label(c: &Change) -> String {
    if c.loosens && c.kind != Kind::Looser {
        format!("{} (looser)", c.kind.as_str())
    } else {
        c.kind.as_str().to_string()
    }
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

/// The human form: one aligned line per change, then a summary.
pub fn render_human(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".to_string();
    }
    let rows: Vec<[String; 4]> = changes
        .iter()
        .map(|c| {
            let mut what = match &c.target {
                Some(t) => format!("for {t}: {}", c.setting),
                None => c.setting.clone(),
            };
            if c.what != "value" {
                what.push_str(&format!(" ({} bound)", c.what));
            }
            let mut change = format!("{} -> {}", or_dash(&c.old), or_dash(&c.new));
            if let Some(n) = &c.note {
                change.push_str(&format!("  ({n})"));
            }
            [label(c), what, change, String::new()]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
    let mut s = String::new();
    for r in &rows {
        s.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", r[0], r[1], r[2]));
    }
    s.push_str(&summary(changes));
    s
}

fn summary(changes: &[Change]) -> String {
    let looser = changes.iter().filter(|c| c.loosens).count();
    match looser {
        0 => format!("{} changes, none looser\n", changes.len()),
        n => format!(
            "{} changes, {n} looser: the new policy is less strict\n",
            changes.len()
        ),
    }
}

/// A Markdown table, ready to post as a pull-request comment.
pub fn render_markdown(changes: &[Change]) -> String {
    let mut s = String::from("### ward diff\n\n");
    if changes.is_empty() {
        s.push_str("No changes to the resolved policy.\n");
        return s;
    }
    s.push_str("| | setting | change | old | new |\n|---|---|---|---|---|\n");
    for c in changes {
        let icon = if c.loosens {
            "⚠️"
        } else if c.kind == Kind::Stricter {
            "🔒"
        } else {
            ""
        };
        let mut setting = if c.what == "value" {
            format!("`{}`", c.setting)
        } else {
            format!("`{}` ({} bound)", c.setting, c.what)
        };
        if let Some(t) = &c.target {
            setting = format!("for `{t}`: {setting}");
        }
        let mut kind = format!("**{}**", label(c));
        if let Some(n) = &c.note {
            kind.push_str(&format!(": {n}"));
        }
        let cell = |v: &Option<String>| match v {
            Some(v) => format!("`{}`", v.replace('|', "\\|")),
            None => "–".to_string(),
        };
        s.push_str(&format!(
            "| {icon} | {setting} | {} | {} | {} |\n",
            kind.replace('|', "\\|"),
            cell(&c.old),
            cell(&c.new)
        ));
    }
    s.push('\n');
    s.push_str(&summary(changes));
    s
}

/// The JSON form.
pub fn render_json(changes: &[Change]) -> String {
    let v = serde_json::json!({
        "changes": changes,
        "looser": any_looser(changes),
    });
    crate::emit::json_text(&v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::testgen::{config, resolve_all, spec};
    use proptest::prelude::*;

    fn pair(old: &str, new: &str) -> Vec<Change> {
        let (_, ps) = resolve_all(&[old.to_string(), new.to_string()]);
        assert_eq!(ps.len(), 2);
        diff(&ps[0], &ps[1])
    }

    proptest! {
        #![proptest_config(config(24))]

        #[test]
        fn a_policy_does_not_differ_from_itself(p in spec()) {
            let t = p.text("p");
            let (_, ps) = resolve_all(&[t.clone(), t]);
            prop_assert_eq!(ps.len(), 2);
            prop_assert_eq!(diff(&ps[0], &ps[1]), Vec::new());
            prop_assert_eq!(diff(&ps[0], &ps[0]), Vec::new());
        }
    }

    #[test]
    fn classifies_by_direction() {
        let c = pair(
            "policy a {\n  session.idle_timeout = 1h\n  lockout.threshold = 10\n  session.idle_timeout <= 12h\n  session.on_limit = deny_new\n}\n",
            "policy a {\n  session.idle_timeout = 2h\n  lockout.threshold = 5\n  session.idle_timeout <= 14h\n  session.on_limit = end_oldest\n  audit.retention = 1d\n}\n",
        );
        let kinds: Vec<(String, &str, &str, bool)> = c
            .iter()
            .map(|c| {
                (
                    c.setting.clone(),
                    c.what.as_str(),
                    c.kind.as_str(),
                    c.loosens,
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("session.idle_timeout".into(), "value", "looser", true),
                ("session.idle_timeout".into(), "error <=", "looser", true),
                ("session.on_limit".into(), "value", "changed", false),
                ("lockout.threshold".into(), "value", "stricter", false),
                ("audit.retention".into(), "value", "added", false),
            ]
        );
    }

    #[test]
    fn removals_lists_and_new_integrations_loosen() {
        let c = pair(
            "policy a {\n  token.lifetime = 1h\n  integrations.cal.audiences = [\"a\"]\n}\n",
            "policy a {\n  integrations.cal.audiences = [\"a\", \"b\"]\n  integrations.new.consent = admin\n}\n",
        );
        let looser: Vec<(&str, &str)> = c
            .iter()
            .filter(|c| c.loosens)
            .map(|c| (c.setting.as_str(), c.kind.as_str()))
            .collect();
        assert_eq!(
            looser,
            [
                ("token.lifetime", "removed"),
                ("integrations.cal.audiences", "looser"),
                ("integrations.new.consent", "added"),
            ]
        );
        let c = pair(
            "policy a {\n}\n",
            "policy a {\n  integrations.new.enabled = false\n}\n",
        );
        assert!(!any_looser(&c));
    }
}
