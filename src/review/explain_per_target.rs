//! `ward explain` for per-target values (`for TARGET { … }`): for each
//! target whose value of a setting differs from the general one, that
//! value, where it was set, what it overrode and what it was merged with.

use super::explain::Earlier;
use super::Location;
use crate::model::{Resolved, SettingKey};
use crate::source::SourceMap;
use crate::value::Value;
use serde::Serialize;

/// One target's own value of a setting.
#[derive(Clone, Debug, Serialize)]
pub struct PerTargetReport {
    pub target: String,
    /// The value as a user writes it.
    pub value: String,
    /// The value as the resolved configuration's `for` key holds it.
    pub output: serde_json::Value,
    pub set_at: Location,
    /// Values this one replaced, nearest first.
    pub overrode: Vec<Earlier>,
    /// Other parents' values for this target merged into this one.
    pub merged_from: Vec<Earlier>,
}

/// Each target's own value of `key`, by target (sorted), where it differs
/// from the general value.
pub(super) fn reports(
    policy: &Resolved,
    key: &SettingKey,
    sources: &SourceMap,
) -> Vec<PerTargetReport> {
    let earlier = |list: &[(Value, crate::model::Origin)]| {
        list.iter()
            .map(|(v, o)| Earlier {
                value: v.to_string(),
                at: Location::of(o, sources),
            })
            .collect()
    };
    policy
        .differing()
        .into_iter()
        .filter_map(|(t, settings)| {
            let a = settings.get(key)?;
            Some(PerTargetReport {
                target: t.to_string(),
                value: a.value.to_string(),
                output: a.value.to_json(),
                set_at: Location::of(&a.origin, sources),
                overrode: earlier(&a.overrode),
                merged_from: earlier(&a.merged_from),
            })
        })
        .collect()
}

/// The human lines: `  for miro    = 1h  at FILE:LINE  TEXT`, then what it
/// overrode and was merged with.
pub(super) fn render_human(list: &[PerTargetReport], s: &mut String) {
    for r in list {
        s.push_str(&format!(
            "  for {} = {}  at {}  {}\n",
            r.target,
            r.value,
            r.set_at.short(),
            r.set_at.text
        ));
        for (word, xs) in [
            ("overrode   ", &r.overrode),
            ("merged with", &r.merged_from),
        ] {
            for x in xs {
                s.push_str(&format!(
                    "    {word} {} at {}  {}\n",
                    x.value,
                    x.at.short(),
                    x.at.text
                ));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use crate::review::explain::{explain, render_human};
    use crate::review::testgen::resolve_all;

    #[test]
    fn each_targets_own_value_is_explained_with_its_provenance() {
        let texts = vec![
            "policy base {\n  session.idle_timeout = 1h\n  for miro { session.idle_timeout = 8h }\n}\n".to_string(),
            "policy child {\n  extends \"./p0.ward\"\n  targets keycloak, miro\n  session.idle_timeout = 30m\n  for miro { session.idle_timeout = 4h }\n}\n".to_string(),
        ];
        let (session, ps) = resolve_all(&texts);
        let Some(child) = ps.get(1) else {
            panic!("child did not resolve")
        };
        let e = explain(child, &session.sources, &[]);
        let Ok(e) = e else { panic!("{e:?}") };
        let text = render_human(&e);
        assert!(
            text.contains("session.idle_timeout = 30m (1800 seconds)"),
            "{text}"
        );
        assert!(
            text.contains(
                "  for miro = 4h  at /g/p1.ward:5  for miro { session.idle_timeout = 4h }"
            ),
            "{text}"
        );
        // What Miro's value replaced: the file's general value first.
        assert!(
            text.contains("    overrode    30m at /g/p1.ward:4"),
            "{text}"
        );
        // Each target's encoding is of its own value.
        assert!(text.contains("miro: idle_session_timeout"), "{text}");
        assert!(text.contains("\"value\":4"), "{text}");
    }
}
