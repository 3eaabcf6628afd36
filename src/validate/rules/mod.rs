//! Cross-setting rules (section 5): settings that must agree with each other.
//!
//! Each rule applies when both sides are known. A side is known when the
//! policy sets it or, with `targets`, when a target's default or fixed value
//! stands in for it ([`Facts`]). Every diagnostic points at both settings.
//!
//! The rules that compare two settings are one table,
//! [`crate::catalog::rules::RULES`]; the others are one file each here, whose
//! doc comment is the code's page in `docs/codes/` (a test keeps them equal):
//!
//! - [`classes_exceed_max_length`] (`E0503`) and [`classes_exceed_min_length`]
//!   (`W0501`): the character classes against the lengths;
//! - [`renewal_defeats_idle_bound`] (`W0505`): a renewing client and an upper
//!   bound on the idle timeout;
//! - [`history_without_min_age`] (`W0506`);
//! - [`lockout_settings_unused`] (`W0507`);
//! - [`on_limit_without_limit`] (`W0508`).

mod classes;
pub mod classes_exceed_max_length;
pub mod classes_exceed_min_length;
pub mod history_without_min_age;
pub mod lockout_settings_unused;
pub mod on_limit_without_limit;
pub mod renewal_defeats_idle_bound;

use crate::catalog::rules::RULES;
use crate::catalog::SettingId;
use crate::diag::Code;
use crate::finding::{Finding, Side, Sides, Written};
use crate::model::{Resolved, SettingKey};
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A rule that is code rather than a row of the table: its code, a one-line
/// statement for the policy schema's comment, and the check.
pub struct Other {
    pub code: Code,
    /// `warning when …`, as the policy schema states it.
    pub summary: &'static str,
    check: fn(&mut Ctx<'_>),
}

/// Every rule that is code, in code order.
pub static OTHERS: &[Other] = &[
    classes_exceed_max_length::RULE,
    classes_exceed_min_length::RULE,
    renewal_defeats_idle_bound::RULE,
    history_without_min_age::RULE,
    lockout_settings_unused::RULE,
    on_limit_without_limit::RULE,
];

/// What is known of each setting of one policy: the policy's own values,
/// and, with targets, a target's default standing in for an unset one
/// (plain settings only: no rule involves integrations).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    known: BTreeMap<SettingKey, Side>,
}

impl Facts {
    pub fn of(policy: &Resolved) -> Facts {
        let known = policy
            .values
            .iter()
            .filter(|(key, _)| key.instance.is_none())
            .map(|(key, a)| (key.clone(), Side::Policy(Written::of(key, a))))
            .collect();
        Facts { known }
    }

    /// Does the policy (or a stand-in) give `key` a value?
    pub fn knows(&self, key: &SettingKey) -> bool {
        self.known.contains_key(key)
    }

    /// Lets `side`, a target's default, stand in for the unset `side.key()`.
    pub(crate) fn stand_in(&mut self, side: Side) {
        self.known.entry(side.key().clone()).or_insert(side);
    }

    fn get(&self, id: SettingId) -> Option<&Side> {
        self.known.get(&SettingKey::plain(id))
    }
}

/// A count or a duration in seconds.
fn amount(v: &Value) -> Option<u64> {
    match v {
        Value::Duration(n) | Value::Count(n) => Some(*n),
        _ => None,
    }
}

/// `a` compared with `b` where keywords are larger than every number.
fn cmp(a: &Value, b: &Value) -> Ordering {
    match (amount(a), amount(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

/// What a rule reads, and the findings it makes.
pub(crate) struct Ctx<'a> {
    facts: &'a Facts,
    policy: &'a Resolved,
    found: Vec<Finding>,
}

impl Ctx<'_> {
    fn get(&self, id: SettingId) -> Option<Side> {
        self.facts.get(id).cloned()
    }

    /// The policy's own value of `id` (not a stand-in).
    fn written(&self, id: SettingId) -> Option<Written> {
        match self.facts.get(id)? {
            Side::Policy(w) => Some(w.clone()),
            Side::TargetDefault { .. } => None,
        }
    }

    /// Reports `rule` broken between `left` and `right`, unless both are
    /// stand-ins.
    fn broken(&mut self, rule: Code, left: Side, right: Side) {
        if let Some(sides) = Sides::new(left, right) {
            self.found.push(Finding::RuleBroken {
                rule,
                sides,
                checked_in: self.policy.source,
            });
        }
    }
}

/// Checks every cross-setting rule.
pub(crate) fn check_rules(facts: &Facts, policy: &Resolved) -> Vec<Finding> {
    let mut cx = Ctx {
        facts,
        policy,
        found: Vec::new(),
    };
    for rule in RULES {
        let (Some(a), Some(b)) = (cx.get(rule.left), cx.get(rule.right)) else {
            continue;
        };
        if !rule.relation.holds(cmp(a.value(), b.value())) {
            cx.broken(rule.code, a, b);
        }
    }
    for other in OTHERS {
        (other.check)(&mut cx);
    }
    cx.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::rules::RULES;
    use std::path::Path;

    /// The `//!` comment of a file, as Markdown.
    fn doc_comment(text: &str) -> String {
        let mut out = String::new();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out
    }

    /// Each rule that is code has its own file here, whose doc comment is its
    /// page in `docs/codes/` (`UPDATE_DOCS=1` rewrites the pages).
    #[test]
    fn each_rule_file_documents_its_code_and_is_its_page() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = Vec::new();
        let mut documented = Vec::new();
        for entry in std::fs::read_dir(dir.join("src/validate/rules"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "mod.rs" || name == "classes.rs" {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let doc = doc_comment(&text);
            let Some(code) = doc.strip_prefix("# ").and_then(|d| d.get(..5)) else {
                problems.push(format!(
                    "{name}: the doc comment does not start with `# CODE: title`"
                ));
                continue;
            };
            if !OTHERS.iter().any(|r| r.code.as_str() == code) {
                problems.push(format!("{name}: {code} is not in `OTHERS`"));
            }
            documented.push(code.to_string());
            let page = dir.join("docs/codes").join(format!("{code}.md"));
            if std::env::var_os("UPDATE_DOCS").is_some() {
                if let Err(e) = std::fs::write(&page, &doc) {
                    problems.push(format!("cannot write {}: {e}", page.display()));
                }
                continue;
            }
            if std::fs::read_to_string(&page).unwrap_or_default() != doc {
                problems.push(format!(
                    "docs/codes/{code}.md differs from the doc comment of src/validate/rules/{name}: run `UPDATE_DOCS=1 cargo test --lib validate::rules`"
                ));
            }
        }
        for r in OTHERS {
            if !documented.iter().any(|c| c == r.code.as_str()) {
                problems.push(format!(
                    "{}: no file in src/validate/rules documents it",
                    r.code
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// A tabular rule's page names both settings it compares.
    #[test]
    fn each_table_rule_page_names_its_settings() {
        for r in RULES {
            let page = r.code.explanation();
            let triggers = page.split("## Why it matters").next().unwrap_or("");
            for id in [r.left, r.right] {
                let path = id.get().path();
                assert!(
                    triggers.contains(&format!("`{path}`")),
                    "docs/codes/{}.md: `What triggers it` does not name `{path}`",
                    r.code
                );
            }
        }
    }
}
