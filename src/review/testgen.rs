//! A small deterministic generator of policy texts, for the property tests
//! of `merge`, `diff` and `fmt` (no dependency: a fixed-seed xorshift).
//!
//! Values are drawn from each setting's domain in the catalog; neutral
//! settings always get the same value so that merges do not conflict;
//! bounds are added on ordered settings, and now and then a `for` block of
//! ordered settings for a built-in target. Layout is deliberately messy
//! (random spacing, blocks, `;`, comments) so `fmt` has work to do.

use crate::catalog::{self, Direction, Type};
use crate::model::Resolved;
use crate::resolve::loader::{FileKey, MemoryFs};
use crate::resolve::Session;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A value of `s` as source text.
fn value_text(rng: &mut Rng, s: &catalog::Setting) -> String {
    if s.direction == Direction::Neutral {
        return match s.ty {
            Type::Duration { min, .. } => format!("{}s", min.max(60)),
            Type::Enum(names) => names[0].to_string(),
            Type::EnumList(names) => format!("[\"{}\"]", names[0]),
            Type::Bool => "true".to_string(),
            _ => "1".to_string(),
        };
    }
    if let (Some(k), true) = (s.keywords.first(), rng.chance(10)) {
        return k.as_str().to_string();
    }
    match s.ty {
        Type::Duration { min, max } => {
            let hi = max.min(min.max(1) * 200);
            let n = min + rng.below(hi - min + 1);
            // Written in several ways, all the same value.
            match rng.below(3) {
                0 if n % 3600 == 0 && n > 0 => format!("{}h", n / 3600),
                1 if n % 60 == 0 && n > 0 => format!("{} min", n / 60),
                _ => format!("{n}s"),
            }
        }
        Type::Count { min, max } => format!("{}", min + rng.below(max.min(min + 50) - min + 1)),
        Type::Bool => rng.pick(&["true", "false"]).to_string(),
        Type::Enum(names) => rng.pick(names).to_string(),
        Type::EnumList(_) | Type::StrList => list_text(rng, &names_or_default(s)),
    }
}

fn names_or_default(s: &catalog::Setting) -> Vec<&'static str> {
    match s.ty {
        Type::EnumList(names) => names.to_vec(),
        _ => vec!["sales", "support", "ops"],
    }
}

fn list_text(rng: &mut Rng, names: &[&str]) -> String {
    let chosen: Vec<String> = names
        .iter()
        .filter(|_| rng.chance(60))
        .map(|n| format!("\"{n}\""))
        .collect();
    format!("[{}]", chosen.join(", "))
}

/// A generated policy named `name`, as text: every line a statement or a
/// comment, some in blocks, with uneven spacing.
pub fn policy_text(rng: &mut Rng, name: &str) -> String {
    let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
    for (_, s) in catalog::all() {
        let mut lines = Vec::new();
        let prefix = if s.is_instanced() {
            format!("calendar.{}", s.name)
        } else {
            s.name.to_string()
        };
        if rng.chance(45) {
            let sp = if rng.chance(50) { " " } else { "   " };
            lines.push(format!("{prefix}{sp}={sp}{}", value_text(rng, s)));
        }
        if s.is_ordered() && !s.is_instanced() && rng.chance(20) {
            let v = value_text(rng, s);
            if catalog::Type::Bool != s.ty && !s.keywords.iter().any(|k| k.as_str() == v) {
                let op = rng.pick(&[">=", "<="]);
                let warn = if rng.chance(30) { " warn" } else { "" };
                let because = if rng.chance(30) {
                    " because \"rule #7\""
                } else {
                    ""
                };
                lines.push(format!("{prefix} {op} {v}{warn}{because}"));
            }
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
    for (section, lines) in sections {
        match rng.below(3) {
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
                out.push_str(&format!(
                    "  {}\n",
                    lines
                        .iter()
                        .map(|l| format!("{section}.{l}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
    }
    for_blocks(rng, &mut out);
    out.push_str("}\n# end\n");
    out
}

/// Now and then a `for` block or two (distinct targets, distinct settings
/// in each), on one line or several.
fn for_blocks(rng: &mut Rng, out: &mut String) {
    let ordered: Vec<&catalog::Setting> = catalog::all()
        .map(|(_, s)| s)
        .filter(|s| s.is_ordered() && !s.is_instanced())
        .collect();
    for target in ["keycloak", "miro", "arcgis"] {
        if !rng.chance(30) {
            continue;
        }
        let mut lines: Vec<String> = Vec::new();
        let mut used: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let s = ordered[rng.below(ordered.len() as u64) as usize];
            let path = s.path();
            if used.contains(&path) {
                continue;
            }
            lines.push(format!("{path} = {}", value_text(rng, s)));
            used.push(path);
        }
        if rng.chance(50) {
            out.push_str(&format!("  for {target} {{ {} }}\n", lines.join("; ")));
        } else {
            out.push_str(&format!("  for {target} {{  # {target} only\n"));
            for l in lines {
                out.push_str(&format!("      {l}\n"));
            }
            out.push_str("  }\n");
        }
    }
}

/// Resolves generated texts (`/g/p0.ward`, …) in one session.
pub fn resolve_all(texts: &[String]) -> (Session<'static>, Vec<Arc<Resolved>>) {
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
