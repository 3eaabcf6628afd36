//! # W0505: renewing clients never go idle
//!
//! ## What triggers it
//!
//! `session.renewal_interval` is below `session.idle_timeout`, and
//! `session.idle_timeout` has an upper (`<=`, `==` or `in`) bound.
//!
//! ## Why it matters
//!
//! A client that renews its session while open never goes idle, so the bound
//! on the idle timeout is not enforced while the client is open.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   session.renewal_interval = 15m
//!   session.idle_timeout = 30m
//!   session.idle_timeout <= 1h because "Acme 3.1"
//! }
//! ```
//!
//! ## How to fix
//!
//! This is how such services work: record it with `allow W0505` if it is
//! accepted, or drop `session.renewal_interval` if the service does not renew.

use super::{cmp, Ctx, Other};
use crate::catalog::session;
use crate::diag::codes;
use crate::model::{BoundOp, SettingKey};
use std::cmp::Ordering;

pub(super) const RULE: Other = Other {
    code: codes::RENEWAL_DEFEATS_IDLE_BOUND,
    summary: "warning when session.renewal_interval < session.idle_timeout while an upper bound on session.idle_timeout applies (a renewing client never goes idle)",
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let (Some(r), Some(i)) = (
        cx.get(session::renewal_interval),
        cx.get(session::idle_timeout),
    ) else {
        return;
    };
    // A renewal at or above the idle timeout is `W0504` instead.
    if cmp(r.value(), i.value()) != Ordering::Less {
        return;
    }
    let bounded = cx
        .policy
        .bounds
        .get(&SettingKey::plain(session::idle_timeout))
        .is_some_and(|b| b.iter().any(|b| matches!(b.op, BoundOp::Le | BoundOp::Eq)));
    if !bounded {
        return;
    }
    cx.broken(RULE.code, r, i);
}
