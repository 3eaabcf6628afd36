//! # W0507: lockout window or duration with an unlimited threshold
//!
//! ## What triggers it
//!
//! `lockout.window` or `lockout.duration` is set while `lockout.threshold` is
//! `unlimited`.
//!
//! ## Why it matters
//!
//! Accounts never lock, so these settings have no effect; the policy may
//! mean to lock.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   lockout.threshold = unlimited
//!   lockout.window = 15m
//!   lockout.duration = 1h
//! }
//! ```
//!
//! ## How to fix
//!
//! Remove them, or set a finite `lockout.threshold`.

use super::{Ctx, Other};
use crate::catalog::lockout;
use crate::diag::codes;
use crate::finding::Finding;
use crate::value::{Keyword, Value};

pub(super) const RULE: Other = Other {
    code: codes::LOCKOUT_SETTINGS_UNUSED,
    summary:
        "warning when lockout.threshold = unlimited and lockout.window or lockout.duration is set",
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(t) = cx.get(lockout::threshold) else {
        return;
    };
    if t.value() != &Value::Keyword(Keyword::Unlimited) {
        return;
    }
    // Only a value the policy wrote can be without effect: a target's
    // default for the window is not the user's to remove.
    for id in [lockout::window, lockout::duration] {
        if let Some(setting) = cx.written(id) {
            cx.found.push(Finding::WithoutEffect {
                rule: RULE.code,
                setting,
                cause: Some(t.clone()),
                checked_in: cx.policy.source,
            });
        }
    }
}
