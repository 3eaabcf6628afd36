//! `ward diff` for per-target values: each target's effective value (its
//! own, else the general one) before and after, for every setting either
//! side gives that target a value of its own.
//!
//! A row is written only where the target's change is not the general
//! one: when a target simply follows the general value on both sides, the
//! general row already says it. So removing a looser exception (`for miro
//! { session.idle_timeout = 8h }` over a general `4h`) is one row, `for
//! miro: session.idle_timeout 8h -> 4h`, `stricter`.

use super::diff::{value_change, Change};
use crate::model::{Resolved, SettingKey, TargetId};
use std::collections::BTreeSet;

/// The per-target rows, by target (sorted), then setting.
pub(super) fn changes(old: &Resolved, new: &Resolved) -> Vec<Change> {
    let targets: BTreeSet<&TargetId> = old
        .for_targets
        .keys()
        .chain(new.for_targets.keys())
        .collect();
    let mut out = Vec::new();
    for t in targets {
        let keys: BTreeSet<&SettingKey> = [old, new]
            .iter()
            .filter_map(|p| p.for_targets.get(t))
            .flat_map(|m| m.keys())
            .collect();
        for key in keys {
            let before = old.value_for(t, key).map(|a| &a.value);
            let after = new.value_for(t, key).map(|a| &a.value);
            if (before, after) == (old.value(key), new.value(key)) {
                continue;
            }
            if let Some(mut c) = value_change(key, before, after) {
                c.target = Some(t.to_string());
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::super::diff::{diff, render_human};
    use crate::review::testgen::resolve_all;

    fn rows(old: &str, new: &str) -> String {
        let (_, ps) = resolve_all(&[old.to_string(), new.to_string()]);
        assert_eq!(ps.len(), 2);
        render_human(&diff(&ps[0], &ps[1]))
    }

    #[test]
    fn a_targets_own_value_is_compared_as_the_target_sees_it() {
        let old = "policy a {\n  session.idle_timeout = 4h\n  for miro { session.idle_timeout = 8h }\n}\n";
        let looser = "policy a {\n  session.idle_timeout = 4h\n  for miro { session.idle_timeout = 12h }\n}\n";
        let text = rows(old, looser);
        assert!(
            text.contains("looser  for miro: session.idle_timeout  8h -> 12h"),
            "{text}"
        );
        assert!(!text.contains("looser  session.idle_timeout"), "{text}");
        // Removing the exception is stricter for Miro, not `removed`.
        let text = rows(old, "policy a {\n  session.idle_timeout = 4h\n}\n");
        assert!(
            text.contains("stricter  for miro: session.idle_timeout  8h -> 4h"),
            "{text}"
        );
        assert!(text.contains("none looser"), "{text}");
        // A general change the target follows is the general row only.
        let text = rows(
            "policy a {\n  session.idle_timeout = 4h\n  for miro { token.lifetime = 1h }\n}\n",
            "policy a {\n  session.idle_timeout = 2h\n  for miro { token.lifetime = 1h }\n}\n",
        );
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
