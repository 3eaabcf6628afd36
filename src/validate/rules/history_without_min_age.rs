//! # W0506: password history can be cycled through at once
//!
//! ## What triggers it
//!
//! `password.history` is above 0 while `password.min_age` is `0s`.
//!
//! ## Why it matters
//!
//! Users can change their password several times in a row and get back to
//! the old one, so the history means nothing.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   password.history = 5
//!   password.min_age = 0s
//! }
//! ```
//!
//! ## How to fix
//!
//! Set `password.min_age` to `1d` or more.

use super::{amount, Ctx, Other};
use crate::catalog::password;
use crate::diag::codes;

pub(super) const RULE: Other = Other {
    code: codes::HISTORY_WITHOUT_MIN_AGE,
    summary: "warning when password.history > 0 and password.min_age = 0s",
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let (Some(h), Some(a)) = (cx.get(password::history), cx.get(password::min_age)) else {
        return;
    };
    if amount(h.value()).is_some_and(|n| n > 0) && amount(a.value()) == Some(0) {
        cx.broken(RULE.code, h, a);
    }
}
