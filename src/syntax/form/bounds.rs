//! `[[bounds]]` entries (`bounds` in JSON): `setting`, `min`, `max`, `eq`,
//! `severity` and `because`, turned into the bound statements a `.ward`
//! file would hold (`>=`, `<=`, `in LOW..HIGH`, `==`, `warn`, `because`).
//!
//! The keys of an entry are separate, so each is read on its own and every
//! problem is reported: a key that cannot be read is left out of the
//! statement, and the rest still goes to lowering, which checks the setting
//! and the values (`setting = "session.idle_timout"` with `severity =
//! "warning"` gives both errors). A severity that cannot be read makes a
//! warning bound, so the bound adds no error of its own.

use super::{Entry, NodeKind, Translator};
use crate::diag::{codes, suggest, Local};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, Item, Modifiers, Path, Stmt, StmtKind, Value};

/// The keys of one `[[bounds]]` entry.
const BOUND_KEYS: [&str; 6] = ["setting", "min", "max", "eq", "severity", "because"];

impl Translator {
    /// `[[bounds]]`: each entry becomes one or two bound statements.
    pub(super) fn bounds(&mut self, e: Entry, out: &mut Vec<Item>) {
        let NodeKind::Array(entries) = e.value.kind else {
            self.error(
                e.value.span,
                "`bounds` must be a list of tables",
                "expected `[[bounds]]` entries",
                "write each bound as `[[bounds]]` with `setting = \"…\"` and `min`, `max` or `eq`",
            );
            return;
        };
        for entry in entries {
            match entry.kind {
                NodeKind::Table(keys) => self.bound(entry.span, keys, out),
                _ => self.error(
                    entry.span,
                    "each bound must be a table",
                    "expected a table",
                    "each bound takes `setting` and `min`, `max` or `eq`",
                ),
            }
        }
    }

    fn bound(&mut self, span: Span, keys: Vec<Entry>, out: &mut Vec<Item>) {
        let mut path = None;
        let (mut min, mut max, mut eq) = (None, None, None);
        let mut modifiers = Modifiers::default();
        // A value key (or an unknown one) was written but could not be read;
        // it was reported.
        let mut unreadable = false;
        for k in keys {
            match k.key.as_str() {
                "setting" => path = self.setting_path(&k),
                "min" | "max" | "eq" => {
                    let key_span = k.key_span;
                    let slot = match k.key.as_str() {
                        "min" => &mut min,
                        "max" => &mut max,
                        _ => &mut eq,
                    };
                    match self.value(k.value, false, 2) {
                        Some(v) => *slot = Some((key_span, v)),
                        None => unreadable = true,
                    }
                }
                "severity" => match &k.value.kind {
                    NodeKind::Str { text, .. } if text == "warn" => {
                        modifiers.warn = Some(k.value.span)
                    }
                    NodeKind::Str { text, .. } if text == "error" => {}
                    _ => {
                        modifiers.warn = Some(k.value.span);
                        self.error(
                            k.value.span,
                            "`severity` must be \"error\" or \"warn\"",
                            "unknown severity",
                            "write `severity = \"warn\"` for a bound that only warns",
                        );
                    }
                },
                "because" => modifiers.because = self.string(&k, "because"),
                other => {
                    // Most likely a misspelt `min`, `max` or `eq`: a bound
                    // without one is not reported again.
                    unreadable = true;
                    let d = Local::new(
                        codes::SYNTAX,
                        format!("unknown key `{other}` in a bound"),
                    )
                    .at(self.source, k.key_span, "not a key of a bound")
                    .help(
                        suggest::help_did_you_mean(other, BOUND_KEYS.iter().copied())
                            .unwrap_or_else(|| {
                                "a bound takes `setting`, `min`, `max`, `eq`, `severity` and `because`"
                                    .to_string()
                            }),
                    )
                    .maybe_suggest(
                        k.key_span,
                        suggest::did_you_mean(other, BOUND_KEYS.iter().copied()),
                    );
                    self.diags.push(d);
                }
            }
        }
        let Some(path) = path else {
            self.error(
                span,
                "a bound needs a `setting`",
                "no `setting` in this bound",
                "add `setting = \"session.idle_timeout\"`",
            );
            return;
        };
        let stmt = |kind| {
            Item::Stmt(Stmt {
                path: path.clone(),
                kind,
                span,
            })
        };
        let cmp = |op, (key, value): (Span, Value)| StmtKind::Compare {
            op: Spanned::new(op, key),
            value,
            modifiers: modifiers.clone(),
        };
        match (min, max) {
            (Some((op_span, low)), Some((_, high))) => out.push(stmt(StmtKind::Range {
                op_span,
                low: Some(low),
                high: Some(high),
                modifiers: modifiers.clone(),
            })),
            (Some(m), None) => out.push(stmt(cmp(ast::CmpOp::Ge, m))),
            (None, Some(m)) => out.push(stmt(cmp(ast::CmpOp::Le, m))),
            (None, None) if eq.is_none() && !unreadable => self.error(
                span,
                "a bound needs `min`, `max` or `eq`",
                "neither a low, a high nor an exact bound",
                "add `min = …`, `max = …` or `eq = …`",
            ),
            (None, None) => {}
        }
        if let Some(m) = eq {
            out.push(stmt(cmp(ast::CmpOp::Eq, m)));
        }
    }

    /// `setting = "session.idle_timeout"` → the path's segments.
    fn setting_path(&mut self, e: &Entry) -> Option<Path> {
        let NodeKind::Str { text, content } = &e.value.kind else {
            self.error(
                e.value.span,
                "`setting` must be a string",
                "expected a setting's name",
                "write `setting = \"session.idle_timeout\"`",
            );
            return None;
        };
        let span = e.value.span;
        // Spans inside the string when its text is written without escapes;
        // else every segment points at the whole string.
        match super::super::parse_path(text, content.unwrap_or(0)) {
            Ok(mut path) => {
                if content.is_none() {
                    path.span = span;
                    for seg in &mut path.segments {
                        seg.span = span;
                    }
                }
                path.span = span;
                Some(path)
            }
            Err(mut d) => {
                if content.is_none() {
                    if let Some(l) = &mut d.primary {
                        l.span = span;
                    }
                }
                self.diags.push(d);
                None
            }
        }
    }
}
