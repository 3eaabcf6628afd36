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
use crate::diag::{Code, Diagnostic};
use crate::model::{Resolved, SettingKey};
use crate::source::{SourceId, SourceMap, Span};
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

/// What is known of a setting, and where to point for it.
#[derive(Clone, Debug)]
pub struct Fact {
    pub value: Value,
    pub source: SourceId,
    pub span: Span,
    /// For a stand-in: whose value it is (`the default of `miro``).
    pub stand_in: Option<String>,
}

/// The known settings of one policy (plain settings only: no rule involves
/// integrations).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub known: BTreeMap<SettingKey, Fact>,
}

impl Facts {
    pub fn of(policy: &Resolved) -> Facts {
        let mut known = BTreeMap::new();
        for (key, a) in &policy.values {
            if key.instance.is_none() {
                known.insert(
                    key.clone(),
                    Fact {
                        value: a.value.clone(),
                        source: a.origin.source,
                        span: a.origin.span,
                        stand_in: None,
                    },
                );
            }
        }
        Facts { known }
    }

    fn get(&self, id: SettingId) -> Option<&Fact> {
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

/// What a rule reads and where it reports.
pub struct Ctx<'a> {
    facts: &'a Facts,
    policy: &'a Resolved,
    sources: &'a SourceMap,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn get(&self, id: SettingId) -> Option<Fact> {
        self.facts.get(id).cloned()
    }

    fn label_for(&self, path: &str, f: &Fact) -> String {
        match &f.stand_in {
            Some(who) => format!("`{path}` is `{}`, {who}", f.value),
            None => format!("`{path}` is `{}`", f.value),
        }
    }

    /// Reports a rule broken by settings `a` and `b`.
    fn report(
        &mut self,
        code: Code,
        a: (&str, &Fact),
        b: (&str, &Fact),
        message: String,
        help: String,
    ) {
        // The primary place is a value the user wrote, preferring this file.
        let own = self.policy.source;
        let pick = |f: &Fact| f.stand_in.is_none() && !self.sources.get(f.source).is_builtin();
        let (first, second) = if pick(a.1) && (Some(a.1.source) == own || !pick(b.1)) {
            (a, b)
        } else {
            (b, a)
        };
        let mut d = Diagnostic::new(code, message).at(
            first.1.source,
            first.1.span,
            self.label_for(first.0, first.1),
        );
        if !(second.1.source == first.1.source && second.1.span == first.1.span) {
            d = d.label(
                second.1.source,
                second.1.span,
                self.label_for(second.0, second.1),
            );
        }
        self.diags.push(d.help(help));
    }
}

/// Checks every cross-setting rule.
pub fn check_rules(facts: &Facts, policy: &Resolved, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        facts,
        policy,
        sources,
        diags: Vec::new(),
    };
    for rule in RULES {
        let (Some(a), Some(b)) = (cx.get(rule.left), cx.get(rule.right)) else {
            continue;
        };
        if !rule.relation.holds(cmp(&a.value, &b.value)) {
            let (pa, pb) = (rule.left.get().path(), rule.right.get().path());
            let message = format!(
                "{}: `{pa}` is `{}`, `{pb}` is `{}`",
                rule.problem, a.value, b.value
            );
            cx.report(
                rule.code,
                (&pa, &a),
                (&pb, &b),
                message,
                rule.fix.to_string(),
            );
        }
    }
    for other in OTHERS {
        (other.check)(&mut cx);
    }
    cx.diags
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
