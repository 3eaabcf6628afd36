//! `ward targets --matrix`: every setting against every target, each cell
//! saying whether the target holds the setting, how (its fields and
//! encodings), its default and its fixed value.
//!
//! One [`Matrix`] is built from the targets' rows and rendered three ways:
//! for people ([`Matrix::human`], a block per setting), as a Markdown
//! table ([`Matrix::markdown`], included in `docs/targets.md` and checked
//! by a test), and as JSON ([`Matrix::json`]).

use super::{Instance, Target};
use crate::catalog;
use serde_json::{json, Value as Json};

/// How one target holds one setting: one entry per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub fields: Vec<CellField>,
}

/// One row of a target for a setting.
#[derive(Clone, Debug, PartialEq)]
pub struct CellField {
    /// `None` for a fixed behaviour (no field).
    pub field: Option<String>,
    /// The encoding's name: `value_unit`.
    pub encoding: &'static str,
    pub default: Option<String>,
    pub fixed: Option<String>,
    /// The integration this row is for, when it names one.
    pub only: Option<String>,
}

/// Settings × targets.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub targets: Vec<String>,
    /// Each setting's path (`integrations.NAME.enabled`) and one cell per
    /// target, in `targets` order.
    pub rows: Vec<(String, Vec<Cell>)>,
}

impl Matrix {
    /// The matrix of `targets`, settings in catalog order.
    pub fn of(targets: &[&Target]) -> Matrix {
        let mut rows = Vec::new();
        for (id, setting) in catalog::all() {
            let cells = targets
                .iter()
                .map(|t| Cell {
                    fields: t
                        .rows
                        .iter()
                        .filter(|r| r.selector.id == id)
                        .map(|r| CellField {
                            field: r.field.clone(),
                            encoding: r.encoding.kind(),
                            default: r.default_text(),
                            fixed: r.fixed.as_ref().map(ToString::to_string),
                            only: match &r.selector.instance {
                                Instance::Named(n) => Some(n.to_string()),
                                _ => None,
                            },
                        })
                        .collect(),
                })
                .collect();
            rows.push((setting.path(), cells));
        }
        Matrix {
            targets: targets.iter().map(|t| t.name.clone()).collect(),
            rows,
        }
    }

    /// A block per setting, a line per target that holds it.
    pub fn human(&self) -> String {
        let width = self.targets.iter().map(String::len).max().unwrap_or(0);
        let mut s = String::new();
        for (path, cells) in &self.rows {
            s.push_str(path);
            s.push('\n');
            let mut any = false;
            for (name, cell) in self.targets.iter().zip(cells) {
                for f in &cell.fields {
                    any = true;
                    s.push_str(&format!("  {name:<width$}  {}\n", describe(f)));
                }
            }
            if !any {
                s.push_str("  (no target)\n");
            }
        }
        s
    }

    /// A Markdown table: a row per setting, a column per target.
    pub fn markdown(&self) -> String {
        let mut s = String::from("| setting |");
        for t in &self.targets {
            s.push_str(&format!(" `{t}` |"));
        }
        s.push_str("\n|---|");
        for _ in &self.targets {
            s.push_str("---|");
        }
        s.push('\n');
        for (path, cells) in &self.rows {
            s.push_str(&format!("| `{path}` |"));
            for cell in cells {
                let parts: Vec<String> = cell
                    .fields
                    .iter()
                    .map(|f| describe(f).replace('|', "\\|"))
                    .collect();
                if parts.is_empty() {
                    s.push_str(" — |");
                } else {
                    s.push_str(&format!(" {} |", parts.join("<br>")));
                }
            }
            s.push('\n');
        }
        s
    }

    /// `{"targets": [...], "settings": [{"setting": ..., "targets": {NAME: [...]}}]}`.
    pub fn json(&self) -> Json {
        let settings: Vec<Json> = self
            .rows
            .iter()
            .map(|(path, cells)| {
                let mut by_target = serde_json::Map::new();
                for (name, cell) in self.targets.iter().zip(cells) {
                    let fields: Vec<Json> = cell
                        .fields
                        .iter()
                        .map(|f| {
                            json!({
                                "field": f.field,
                                "encoding": f.encoding,
                                "default": f.default,
                                "fixed": f.fixed,
                                "integration": f.only,
                            })
                        })
                        .collect();
                    by_target.insert(
                        name.clone(),
                        json!({ "supported": !fields.is_empty(), "fields": fields }),
                    );
                }
                json!({ "setting": path, "targets": by_target })
            })
            .collect();
        json!({ "targets": self.targets, "settings": settings })
    }
}

/// `` `field` (encoding), default `1d` `` or `fixed `15m``.
fn describe(f: &CellField) -> String {
    let mut s = match (&f.field, &f.fixed) {
        (_, Some(fixed)) => format!("fixed `{fixed}`"),
        (Some(field), None) => format!("`{field}` ({})", f.encoding),
        (None, None) => "checked only (limits)".to_string(),
    };
    if let Some(d) = &f.default {
        s.push_str(&format!(", default `{d}`"));
    }
    if let Some(only) = &f.only {
        s.push_str(&format!(" (for `{only}`)"));
    }
    s
}
