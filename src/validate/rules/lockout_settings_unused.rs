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
    if t.value != Value::Keyword(Keyword::Unlimited) {
        return;
    }
    for id in [lockout::window, lockout::duration] {
        let Some(o) = cx.get(id) else {
            continue;
        };
        let p = id.get().path();
        cx.report(
            RULE.code,
            (&p, &o),
            ("lockout.threshold", &t),
            format!(
                "`{p}` has no effect: `lockout.threshold` is `unlimited`, so accounts never lock"
            ),
            format!("remove `{p}`, or set a finite `lockout.threshold`"),
        );
    }
}
