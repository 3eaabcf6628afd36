//! # W0508: `on_limit` without `max_concurrent`
//!
//! ## What triggers it
//!
//! `session.on_limit` is set but `session.max_concurrent` is not.
//!
//! ## Why it matters
//!
//! There is no limit to reach, so `on_limit` has no effect.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   session.on_limit = end_oldest
//! }
//! ```
//!
//! ## How to fix
//!
//! Set `session.max_concurrent`, or remove `session.on_limit`.

use super::{Ctx, Other};
use crate::catalog::session;
use crate::diag::codes;
use crate::finding::Finding;

pub(super) const RULE: Other = Other {
    code: codes::ON_LIMIT_WITHOUT_LIMIT,
    summary: "warning when session.on_limit is set without session.max_concurrent",
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(setting) = cx.written(session::on_limit) else {
        return;
    };
    if cx.get(session::max_concurrent).is_some() {
        return;
    }
    cx.found.push(Finding::WithoutEffect {
        rule: RULE.code,
        setting,
        cause: None,
        checked_in: cx.policy.source,
    });
}
