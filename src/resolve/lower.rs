//! Lowering one file: syntax tree → [`Doc`] of typed values and bounds.
//!
//! Paths are matched against the catalog (with did-you-mean, including a
//! setting written under the wrong section), the first top-level
//! `extends`, `targets` and `allow` are taken (where they stand is checked
//! by the syntax phase), values are read by [`super::lower_value`], and
//! duplicates within the file are reported with both places.

use super::doc::{Assignment, BoundStmt, Doc, ForDoc};
use super::lower_value::{lower_value, ticks};
use crate::catalog::{self, Setting, INSTANCED_SECTION};
use crate::diag::{codes, suggest, Here, Local, Severity};
use crate::model::{BoundOp, SettingKey};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, CmpOp, Item, StmtKind};
use std::collections::HashMap;
use std::sync::Arc;

/// Lowers a parsed file. `None` when the file has no policy at all. Spans
/// stay spans into the file's text.
pub fn lower(file: &ast::File) -> (Option<Doc>, Vec<Local>) {
    let Some(policy) = &file.policy else {
        return (None, Vec::new());
    };
    let mut cx = Lower::new(&policy.name, file.form);
    cx.items(&policy.items, &[], true);
    cx.finish()
}

/// [`lower`], consuming the tree: each top-level item is dropped as soon
/// as it is lowered, so that the whole tree and the whole [`Doc`] are never
/// in memory together (a large file's tree is several times its text).
pub(crate) fn lower_owned(file: ast::File) -> (Option<Doc>, Vec<Local>) {
    let form = file.form;
    let Some(policy) = file.policy else {
        return (None, Vec::new());
    };
    let mut cx = Lower::new(&policy.name, form);
    for item in policy.items {
        cx.items(std::slice::from_ref(&item), &[], true);
    }
    cx.finish()
}

struct Lower {
    src: Here,
    doc: Doc,
    diags: Vec<Local>,
    /// Whether `extends` and `targets` were declared at the top.
    decl_seen: [bool; 3],
    /// The file's form, for help in its syntax.
    form: crate::syntax::Form,
    /// The `for` block being lowered, as an index into `doc.for_blocks`:
    /// its values go there.
    in_for: Option<usize>,
    /// Each integration's name once: every key of `integrations.NAME.…`
    /// shares it.
    instances: foldhash::HashSet<Arc<str>>,
}

impl Lower {
    fn new(name: &Spanned<String>, form: crate::syntax::Form) -> Lower {
        Lower {
            src: Here,
            doc: Doc {
                name: name.clone(),
                ..Doc::default()
            },
            diags: Vec::new(),
            decl_seen: [false; 3],
            form,
            in_for: None,
            instances: Default::default(),
        }
    }

    fn finish(mut self) -> (Option<Doc>, Vec<Local>) {
        self.duplicates();
        (Some(self.doc), self.diags)
    }

    /// `key`, its integration's name shared with the keys before it.
    fn interned(&mut self, mut key: SettingKey) -> SettingKey {
        if let Some(name) = &key.instance {
            match self.instances.get(&**name) {
                Some(shared) => key.instance = Some(shared.clone()),
                None => {
                    self.instances.insert(name.clone());
                }
            }
        }
        key
    }

    fn items(&mut self, items: &[Item], prefix: &[&Spanned<String>], top: bool) {
        for item in items {
            if self.in_for.is_some() && !matches!(item, Item::Stmt(_)) {
                // `syntax::for_blocks` refused it (E0105, E0108).
                continue;
            }
            match item {
                Item::For(f) => {
                    // A `for` inside a setting block was refused (E0108).
                    if top {
                        self.for_block(f);
                    }
                }
                Item::Extends { refs, .. } => {
                    if self.declaration(0, top) {
                        self.doc.extends = refs.clone();
                    }
                }
                Item::Targets { names, span } => {
                    if self.declaration(1, top) {
                        self.doc.targets = names.clone();
                        self.doc.targets_line = Some(*span);
                    }
                }
                Item::Allow {
                    codes: list,
                    on,
                    targets,
                    because,
                    span,
                } => {
                    if self.declaration(2, top) {
                        let codes = self.allow(list);
                        let on = on.iter().filter_map(|p| self.allow_on(p)).collect();
                        self.doc.allow.push(super::doc::AllowRule {
                            codes,
                            on,
                            targets: targets.clone(),
                            because: because.as_ref().map(|b| b.node.clone()),
                            span: *span,
                        });
                    }
                }
                Item::Stmt(stmt) => self.stmt(stmt, prefix),
            }
        }
    }

    /// `for TARGET { … }`: its values, for that target (or group) only.
    fn for_block(&mut self, f: &ast::ForBlock) {
        self.doc.for_blocks.push(ForDoc {
            target: f.target.clone(),
            head: f.head,
            values: Vec::new(),
        });
        self.in_for = Some(self.doc.for_blocks.len() - 1);
        self.items(&f.items, &[], false);
        self.in_for = None;
    }

    /// Is this the declaration of kind `which` that counts? At the top
    /// level, the first `extends` and the first `targets` do, and every
    /// `allow` (one line per group of codes); where declarations stand is
    /// checked, and reported (E0105, E0106), by the syntax phase
    /// (`syntax::decls`).
    fn declaration(&mut self, which: usize, top: bool) -> bool {
        if !top || (which != 2 && self.decl_seen[which]) {
            return false;
        }
        self.decl_seen[which] = true;
        true
    }

    /// The warning codes of an `allow` line; errors and unknown codes are
    /// reported.
    fn allow(&mut self, list: &[Spanned<String>]) -> Vec<Spanned<crate::diag::Code>> {
        let mut out = Vec::new();
        for code in list {
            match codes::lookup(&code.node) {
                Some(info) if info.code.severity() == Severity::Warning => {
                    out.push(Spanned::new(info.code, code.span));
                }
                Some(info) => self.diags.push(
                    Local::new(
                        codes::ALLOW_ERROR,
                        format!("`{}` is an error and cannot be allowed", info.code),
                    )
                    .at(self.src, code.span, "errors cannot be silenced")
                    .help("fix the error instead; only `W` codes can be allowed"),
                ),
                None => self.diags.push(
                    Local::new(
                        codes::UNKNOWN_ALLOW_CODE,
                        format!("`{}` is not a diagnostic code", code.node),
                    )
                    .at(self.src, code.span, "unknown code")
                    .help(
                        suggest::help_did_you_mean(
                            &code.node,
                            codes::ALL.iter().map(|c| c.code.as_str()),
                        )
                        .unwrap_or_else(|| {
                            "remove it: docs/diagnostics.md lists every code".to_string()
                        }),
                    )
                    .maybe_suggest(
                        code.span,
                        suggest::did_you_mean(
                            &code.node,
                            codes::ALL.iter().map(|c| c.code.as_str()),
                        ),
                    ),
                ),
            }
        }
        out
    }

    /// An `allow … on PATH` path, checked against the catalog and written
    /// canonically: a section, an integration, or a setting of either.
    fn allow_on(&mut self, path: &ast::Path) -> Option<Spanned<String>> {
        let segs: Vec<&Spanned<String>> = path.segments.iter().collect();
        let first = segs.first()?;
        if !catalog::sections().contains(&first.node.as_str()) {
            let d = self.unknown_setting(&segs, path.span);
            self.diags.push(d);
            return None;
        }
        let instanced = first.node == INSTANCED_SECTION;
        let whole = if instanced { 3 } else { 2 };
        let ok = segs.len() < whole || self.setting_quiet(&segs).is_some();
        if !ok {
            let d = self.unknown_setting(&segs, path.span);
            self.diags.push(d);
            return None;
        }
        Some(Spanned::new(join(&segs), path.span))
    }

    fn stmt(&mut self, stmt: &ast::Stmt, prefix: &[&Spanned<String>]) {
        let mut segs: Vec<&Spanned<String>> = prefix.to_vec();
        segs.extend(stmt.path.segments.iter());
        if let StmtKind::Block { items } = &stmt.kind {
            if self.block_prefix(&segs, stmt.path.span) {
                self.items(items, &segs, false);
            }
            return;
        }
        if self.in_for.is_some() && !matches!(stmt.kind, StmtKind::Assign { .. }) {
            // A bound inside `for`: refused by `syntax::for_blocks` (E0108).
            return;
        }
        let Some((key, setting)) = self.setting(&segs, stmt.path.span) else {
            return;
        };
        let key = self.interned(key);
        let path = key.path();
        match &stmt.kind {
            StmtKind::Assign { value } => match self.value(setting, &path, value) {
                Some(v) => {
                    let a = Assignment {
                        key,
                        value: v,
                        span: value.span,
                        path_span: stmt.path.span,
                    };
                    match self.in_for.and_then(|i| self.doc.for_blocks.get_mut(i)) {
                        Some(block) => block.values.push(a),
                        None => self.doc.values.push(a),
                    }
                }
                None => self.doc.unread.push(key),
            },
            StmtKind::Compare {
                op,
                value,
                modifiers,
            } => {
                let bop = match op.node {
                    CmpOp::Ge => BoundOp::Ge,
                    CmpOp::Le => BoundOp::Le,
                    CmpOp::Eq => BoundOp::Eq,
                };
                if !self.bound_allowed(setting, &path, bop, op.span) {
                    return;
                }
                if let Some(v) = self.value(setting, &path, value) {
                    let spans = (value.span.to(op.span), value.span);
                    self.push_bound(&key, bop, v, spans, modifiers);
                }
            }
            StmtKind::Range {
                op_span,
                low,
                high,
                modifiers,
            } => {
                if !self.bound_allowed(setting, &path, BoundOp::Ge, *op_span) {
                    return;
                }
                let lo = low
                    .as_ref()
                    .map(|v| (self.value(setting, &path, v), v.span));
                let hi = high
                    .as_ref()
                    .map(|v| (self.value(setting, &path, v), v.span));
                if let (Some((Some(a), sa)), Some((Some(b), sb))) = (&lo, &hi) {
                    if setting.value_cmp(a, b) == Some(std::cmp::Ordering::Greater) {
                        self.diags.push(
                            Local::new(
                                codes::BOUNDS_CONFLICT,
                                format!("the range `{a}..{b}` of `{path}` is empty"),
                            )
                            .at(self.src, sa.to(*sb), "low end above high end")
                            .help(format!("write the smaller value first: `{b}..{a}`")),
                        );
                        return;
                    }
                }
                if let Some((Some(v), span)) = lo {
                    self.push_bound(&key, BoundOp::Ge, v, (span, span), modifiers);
                }
                if let Some((Some(v), span)) = hi {
                    self.push_bound(&key, BoundOp::Le, v, (span, span), modifiers);
                }
            }
            StmtKind::Block { .. } => {}
        }
    }

    fn value(
        &mut self,
        setting: &'static Setting,
        path: &str,
        value: &ast::Value,
    ) -> Option<crate::value::Value> {
        match lower_value(self.src, self.form, setting, path, value) {
            Ok(v) => Some(v),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn push_bound(
        &mut self,
        key: &SettingKey,
        op: BoundOp,
        value: crate::value::Value,
        (span, value_span): (Span, Span),
        m: &ast::Modifiers,
    ) {
        self.doc.bounds.push(BoundStmt {
            key: key.clone(),
            op,
            value,
            severity: if m.warn.is_some() {
                Severity::Warning
            } else {
                Severity::Error
            },
            because: m.because.as_ref().map(|b| b.node.clone()),
            span,
            value_span,
        });
    }

    fn bound_allowed(&mut self, s: &Setting, path: &str, op: BoundOp, span: Span) -> bool {
        if s.is_ordered() || op == BoundOp::Eq {
            return true;
        }
        let why = if s.direction == catalog::Direction::Neutral {
            "neither way is stricter"
        } else {
            "a list is not ordered"
        };
        self.diags.push(
            Local::new(
                codes::BOUND_NOT_ALLOWED,
                format!("`{path}` takes only `==` bounds: {why}"),
            )
            .at(self.src, span, "ordered bound on an unordered setting")
            .help(self.form.exact_bound_help(path)),
        );
        false
    }

    /// Checks a block's path is a section (or one integration); false to skip
    /// its contents.
    fn block_prefix(&mut self, segs: &[&Spanned<String>], span: Span) -> bool {
        let Some(first) = segs.first() else {
            return false;
        };
        if !catalog::sections().contains(&first.node.as_str()) {
            self.diags.push(self.unknown_section(first));
            return false;
        }
        let max = if first.node == INSTANCED_SECTION {
            2
        } else {
            1
        };
        if segs.len() <= max {
            return true;
        }
        let path = join(segs);
        let d = if let Some((_, s)) = self.setting_quiet(segs) {
            Local::new(
                codes::NOT_A_SETTING,
                format!("`{path}` is a setting, not a block"),
            )
            .at(self.src, span, "a setting cannot hold statements")
            .help(format!("set it with `{} = VALUE`", s.name))
        } else {
            self.unknown_setting(segs, span)
        };
        self.diags.push(d);
        false
    }

    fn setting_quiet(&self, segs: &[&Spanned<String>]) -> Option<(SettingKey, &'static Setting)> {
        let names: Vec<&str> = segs.iter().map(|s| s.node.as_str()).collect();
        let key = SettingKey::of_segments(&names)?;
        let setting = key.setting();
        Some((key, setting))
    }

    /// The setting a full path names, or a diagnostic.
    fn setting(
        &mut self,
        segs: &[&Spanned<String>],
        span: Span,
    ) -> Option<(SettingKey, &'static Setting)> {
        if let Some(found) = self.setting_quiet(segs) {
            return Some(found);
        }
        let d = self.unknown_setting(segs, span);
        self.diags.push(d);
        None
    }

    fn unknown_section(&self, seg: &Spanned<String>) -> Local {
        let sections = catalog::sections();
        Local::new(
            codes::UNKNOWN_SETTING,
            format!("unknown section `{}`", seg.node),
        )
        .at(self.src, seg.span, "not a section")
        .help(
            suggest::help_did_you_mean(&seg.node, sections.iter().copied())
                .unwrap_or_else(|| format!("sections are {}", ticks(&sections))),
        )
        .maybe_suggest(
            seg.span,
            suggest::did_you_mean(&seg.node, sections.iter().copied()),
        )
    }

    fn unknown_setting(&self, segs: &[&Spanned<String>], span: Span) -> Local {
        let path = join(segs);
        let Some(first) = segs.first() else {
            return Local::new(codes::UNKNOWN_SETTING, "empty setting path").at(self.src, span, "");
        };
        let sections = catalog::sections();
        if !sections.contains(&first.node.as_str()) {
            // `min_length = 12` at the top, or `sesion.idle_timeout`.
            if let [only] = segs {
                if let Some(s) = catalog::SETTINGS
                    .iter()
                    .find(|s| s.name == only.node && !s.is_instanced())
                {
                    return Local::new(codes::UNKNOWN_SETTING, format!("unknown setting `{path}`"))
                        .at(self.src, span, "settings are named with their section")
                        .help(format!("did you mean `{}.{}`?", s.section, s.name))
                        .suggest(span, format!("{}.{}", s.section, s.name));
                }
            }
            return self.unknown_section(first);
        }
        let section = first.node.as_str();
        let instanced = section == INSTANCED_SECTION;
        let want = if instanced { 3 } else { 2 };
        if segs.len() < want {
            let example = catalog::in_section(section)
                .next()
                .map(|(_, s)| s.name)
                .unwrap_or("");
            let shape = if instanced {
                format!("`{section}.NAME.{example}`")
            } else {
                format!("`{section}.{example}`")
            };
            return Local::new(
                codes::NOT_A_SETTING,
                format!("`{path}` is a section, not a setting"),
            )
            .at(self.src, span, "incomplete path")
            .help(format!("name a setting inside it, such as {shape}"));
        }
        let leaf = segs[want - 1];
        let names: Vec<&'static str> = catalog::in_section(section).map(|(_, s)| s.name).collect();
        let near = (segs.len() == want)
            .then(|| suggest::did_you_mean(&leaf.node, names.iter().copied()))
            .flatten();
        let help = if segs.len() > want {
            format!(
                "`{}` has no parts; remove what follows it",
                join(&segs[..want])
            )
        } else if let Some(c) = near {
            format!("did you mean `{}`?", replace_leaf(segs, c))
        } else if let Some(other) = other_section(&leaf.node) {
            format!(
                "`{}` is in another section: did you mean `{}`?",
                leaf.node, other
            )
        } else {
            format!("`{section}` has {}", ticks(&names))
        };
        Local::new(codes::UNKNOWN_SETTING, format!("unknown setting `{path}`"))
            .at(
                self.src,
                if segs.len() > want { span } else { leaf.span },
                "not in the catalog",
            )
            .help(help)
            .maybe_suggest(leaf.span, near)
    }

    /// Reports a setting set twice, or the same bound twice, in this file.
    fn duplicates(&mut self) {
        // Sized up front: rehashing a large file's keys (scattered in memory)
        // was most of this check's time.
        let mut seen: foldhash::HashMap<&SettingKey, Span> =
            HashMap::with_capacity_and_hasher(self.doc.values.len(), Default::default());
        for a in &self.doc.values {
            if let Some(first) = seen.insert(&a.key, a.path_span.to(a.span)) {
                self.diags.push(
                    Local::new(
                        codes::DUPLICATE_SETTING,
                        format!("`{}` is set twice", a.key.path()),
                    )
                    .at(self.src, a.path_span.to(a.span), "set again here")
                    .label(self.src, first, "first set here")
                    .help("keep one of the two; within a file a setting has one value"),
                );
            }
        }
        let mut bounds: foldhash::HashMap<(&SettingKey, &str, Severity), Span> =
            HashMap::with_capacity_and_hasher(self.doc.bounds.len(), Default::default());
        for b in &self.doc.bounds {
            let key = &b.key;
            let sides: &[&str] = match b.op {
                BoundOp::Ge => &["lower"],
                BoundOp::Le => &["upper"],
                // Only `in` counts as both ends; `==` is its own operator.
                BoundOp::Eq => &["exact"],
            };
            for side in sides {
                if let Some(first) = bounds.insert((key, side, b.severity), b.span) {
                    if first == b.span {
                        continue;
                    }
                    let kind = if b.severity == Severity::Warning {
                        "warning "
                    } else {
                        ""
                    };
                    self.diags.push(
                        Local::new(
                            codes::DUPLICATE_BOUND,
                            format!("`{}` has two {kind}{side} bounds in this file", key.path()),
                        )
                        .at(self.src, b.span, "second bound")
                        .label(self.src, first, "first bound")
                        .help(self.form.merge_bounds_help()),
                    );
                }
            }
        }
    }
}

fn join(segs: &[&Spanned<String>]) -> String {
    segs.iter()
        .map(|s| crate::model::display_segment(&s.node))
        .collect::<Vec<_>>()
        .join(".")
}

fn replace_leaf(segs: &[&Spanned<String>], leaf: &str) -> String {
    let mut parts: Vec<String> = segs
        .iter()
        .map(|s| crate::model::display_segment(&s.node))
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = leaf.to_string();
    }
    parts.join(".")
}

/// `min_length` → `password.min_length`: the same (or nearly the same) name
/// in another section.
fn other_section(leaf: &str) -> Option<String> {
    let exact = catalog::SETTINGS.iter().find(|s| s.name == leaf);
    let s = exact.or_else(|| {
        let name = suggest::did_you_mean(leaf, catalog::SETTINGS.iter().map(|s| s.name))?;
        catalog::SETTINGS.iter().find(|s| s.name == name)
    })?;
    Some(if s.is_instanced() {
        s.path()
    } else {
        format!("{}.{}", s.section, s.name)
    })
}
