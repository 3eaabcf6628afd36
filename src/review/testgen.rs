//! Generated policy texts for the property tests of `merge`, `diff` and
//! `fmt`, as proptest strategies, so a failing case shrinks to a small one.
//!
//! A [`Spec`] is what a policy says, setting by setting (a value, a bound,
//! or neither), and how it is laid out (blocks, dotted paths, `;`-joined
//! lines, comments, uneven spacing). Values are drawn from each setting's
//! domain in the catalog; neutral settings always get the same value so
//! that merges do not conflict; bounds are on ordered settings only. Now
//! and then a `for` block gives a built-in target values of its own (ordered
//! settings). Shrinking drops settings, bounds and `for` blocks and
//! simplifies the layout.

use crate::catalog::{self, Direction, Setting, Type};
use crate::model::Resolved;
use crate::resolve::loader::{FileKey, MemoryFs};
use crate::resolve::Session;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// A bound a generated policy writes on one setting.
#[derive(Clone, Debug)]
pub(crate) struct BoundSpec {
    pub op: &'static str,
    pub value: String,
    pub warn: bool,
    pub because: bool,
}

/// What a generated policy says about one setting.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub setting: &'static Setting,
    pub value: Option<String>,
    pub bound: Option<BoundSpec>,
}

/// A generated policy: its entries, and how each section is laid out
/// (0: a block, 1: dotted lines with comments, 2: one `;`-joined line).
#[derive(Clone, Debug)]
pub struct Spec {
    pub entries: Vec<Entry>,
    pub layouts: Vec<u8>,
    pub wide: bool,
    pub fors: Vec<ForSpec>,
}

/// A `for TARGET { … }` block: the target, its values, and whether it is
/// written on one line.
#[derive(Clone, Debug)]
pub struct ForSpec {
    pub target: &'static str,
    pub values: Vec<(&'static Setting, String)>,
    pub one_line: bool,
}

/// Now and then a `for` block for each of three built-in targets, of one to
/// three distinct ordered settings.
fn fors() -> impl Strategy<Value = Vec<ForSpec>> {
    let ordered: Vec<&'static Setting> = catalog::all()
        .map(|(_, s)| s)
        .filter(|s| s.is_ordered() && !s.is_instanced())
        .collect();
    let blocks: Vec<_> = ["keycloak", "miro", "arcgis"]
        .into_iter()
        .map(|target| {
            let values =
                proptest::sample::subsequence(ordered.clone(), 1..=3).prop_flat_map(|settings| {
                    settings
                        .into_iter()
                        .map(|s| value(s).prop_map(move |v| (s, v)))
                        .collect::<Vec<_>>()
                });
            proptest::option::weighted(0.3, (values, any::<bool>())).prop_map(move |b| {
                b.map(|(values, one_line)| ForSpec {
                    target,
                    values,
                    one_line,
                })
            })
        })
        .collect();
    blocks.prop_map(|bs| bs.into_iter().flatten().collect())
}

/// A value of `s` as source text, written one of several equivalent ways.
fn value(s: &'static Setting) -> BoxedStrategy<String> {
    if s.direction == Direction::Neutral {
        let fixed = match s.ty {
            Type::Duration { min, .. } => format!("{}s", min.max(60)),
            Type::Enum(names) => names[0].to_string(),
            Type::EnumList(names) => format!("[\"{}\"]", names[0]),
            Type::Bool => "true".to_string(),
            _ => "1".to_string(),
        };
        return Just(fixed).boxed();
    }
    let plain = match s.ty {
        Type::Duration { min, max } => {
            let hi = max.min(min.max(1) * 200);
            (min..=hi, 0u8..3)
                .prop_map(|(n, style)| match style {
                    0 if n % 3600 == 0 && n > 0 => format!("{}h", n / 3600),
                    1 if n % 60 == 0 && n > 0 => format!("{} min", n / 60),
                    _ => format!("{n}s"),
                })
                .boxed()
        }
        Type::Count { min, max } => (min..=max.min(min + 50))
            .prop_map(|n| n.to_string())
            .boxed(),
        Type::Bool => prop_oneof![Just("true".to_string()), Just("false".to_string())].boxed(),
        Type::Enum(names) => proptest::sample::select(names.to_vec())
            .prop_map(str::to_string)
            .boxed(),
        Type::EnumList(names) => list(names.to_vec()),
        Type::StrList => list(vec!["sales", "support", "ops"]),
    };
    match s.keywords.first() {
        Some(k) => prop_oneof![9 => plain, 1 => Just(k.as_str().to_string())].boxed(),
        None => plain,
    }
}

fn list(names: Vec<&'static str>) -> BoxedStrategy<String> {
    proptest::sample::subsequence(names.clone(), 0..=names.len())
        .prop_map(|chosen| {
            let items: Vec<String> = chosen.iter().map(|n| format!("\"{n}\"")).collect();
            format!("[{}]", items.join(", "))
        })
        .boxed()
}

/// A bound on an ordered, plain, non-boolean setting, with a value that is
/// not a keyword.
fn bound(s: &'static Setting) -> BoxedStrategy<Option<BoundSpec>> {
    if !s.is_ordered() || s.is_instanced() || s.ty == Type::Bool {
        return Just(None).boxed();
    }
    let bound = (
        value(s),
        prop_oneof![Just(">="), Just("<=")],
        proptest::bool::weighted(0.3),
        proptest::bool::weighted(0.3),
    )
        .prop_filter_map("keyword bound", move |(value, op, warn, because)| {
            (!s.keywords.iter().any(|k| k.as_str() == value)).then_some(BoundSpec {
                op,
                value,
                warn,
                because,
            })
        });
    proptest::option::weighted(0.2, bound).boxed()
}

/// Any policy over the whole catalog.
pub fn spec() -> impl Strategy<Value = Spec> {
    let entries: Vec<_> = catalog::all()
        .map(|(_, s)| {
            (proptest::option::weighted(0.45, value(s)), bound(s)).prop_map(
                move |(value, bound)| Entry {
                    setting: s,
                    value,
                    bound,
                },
            )
        })
        .collect();
    let sections = catalog::sections().len();
    (
        entries,
        proptest::collection::vec(0u8..3, sections),
        any::<bool>(),
        fors(),
    )
        .prop_map(|(entries, layouts, wide, fors)| Spec {
            entries,
            layouts,
            wide,
            fors,
        })
}

impl Spec {
    /// The policy named `name`, as text: every line a statement or a
    /// comment, some in blocks, with uneven spacing.
    pub fn text(&self, name: &str) -> String {
        let sp = if self.wide { "   " } else { " " };
        let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
        for e in &self.entries {
            let s = e.setting;
            let prefix = if s.is_instanced() {
                format!("calendar.{}", s.name)
            } else {
                s.name.to_string()
            };
            let mut lines = Vec::new();
            if let Some(v) = &e.value {
                lines.push(format!("{prefix}{sp}={sp}{v}"));
            }
            if let Some(b) = &e.bound {
                let warn = if b.warn { " warn" } else { "" };
                let because = if b.because {
                    " because \"rule #7\""
                } else {
                    ""
                };
                lines.push(format!("{prefix} {} {}{warn}{because}", b.op, b.value));
            }
            if lines.is_empty() {
                continue;
            }
            match sections.iter_mut().find(|(n, _)| *n == s.section) {
                Some((_, l)) => l.extend(lines),
                None => sections.push((s.section, lines)),
            }
        }
        let mut out = format!("# generated\npolicy {name} {{\n");
        for (i, (section, lines)) in sections.into_iter().enumerate() {
            match self.layouts.get(i).copied().unwrap_or(0) {
                0 => {
                    out.push_str(&format!("{section} {{ # the {section} part\n"));
                    for l in lines {
                        out.push_str(&format!("    {l}\n"));
                    }
                    out.push_str("}\n\n\n");
                }
                1 => {
                    for l in lines {
                        out.push_str(&format!("{section}.{l}   # note\n"));
                    }
                }
                _ => {
                    out.push_str(&format!("  # {section} as dotted paths\n"));
                    let joined: Vec<String> =
                        lines.iter().map(|l| format!("{section}.{l}")).collect();
                    out.push_str(&format!("  {}\n", joined.join("; ")));
                }
            }
        }
        for f in &self.fors {
            let lines: Vec<String> = f
                .values
                .iter()
                .map(|(s, v)| format!("{}{sp}={sp}{v}", s.path()))
                .collect();
            if f.one_line {
                out.push_str(&format!("  for {} {{ {} }}\n", f.target, lines.join("; ")));
            } else {
                out.push_str(&format!("  for {} {{  # {} only\n", f.target, f.target));
                for l in lines {
                    out.push_str(&format!("      {l}\n"));
                }
                out.push_str("  }\n");
            }
        }
        out.push_str("}\n# end\n");
        out
    }
}

/// The proptest configuration of these laws: few cases (each resolves
/// several policies), no persistence files.
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Resolves texts (`/g/p0.ward`, …) in one session.
pub(crate) fn resolve_all(texts: &[String]) -> (Session<'static>, Vec<Arc<Resolved>>) {
    let mut fs = MemoryFs::default();
    for (i, t) in texts.iter().enumerate() {
        fs = fs.with(format!("/g/p{i}.ward"), t.clone());
    }
    // The session borrows its file system for the test's lifetime.
    let fs: &'static MemoryFs = Box::leak(Box::new(fs));
    let mut session = Session::new(fs, PathBuf::from("/g"));
    let mut out = Vec::new();
    for i in 0..texts.len() {
        if let Some(p) = session.resolve(&FileKey::Path(PathBuf::from(format!("/g/p{i}.ward")))) {
            out.push(p);
        }
    }
    (session, out)
}
