//! # E0503: required character classes exceed the maximum length
//!
//! ## What triggers it
//!
//! The required character classes (`min_upper` + `min_lower`, or
//! `min_letter`, plus `min_digit` and `min_symbol`) add up to more than
//! `password.max_length`.
//!
//! ## Why it matters
//!
//! No password could be accepted.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   password.min_length = 8
//!   password.max_length = 8
//!   password.min_upper = 3
//!   password.min_lower = 3
//!   password.min_digit = 2
//!   password.min_symbol = 2
//! }
//! ```
//!
//! ## How to fix
//!
//! Lower the class minimums or raise `password.max_length`.

use super::classes::{length, Classes};
use super::{Ctx, Other};
use crate::catalog::password;
use crate::diag::codes;

pub(super) const RULE: Other = Other {
    code: codes::CLASSES_EXCEED_MAX_LENGTH,
    summary: "error unless password.min_upper + min_lower + min_digit + min_symbol <= password.max_length (and min_letter alongside)",
    check,
};

/// Do the classes fit in the maximum length? (`false` also when either is
/// unknown.)
pub(super) fn exceeded(cx: &Ctx<'_>, classes: &Classes) -> bool {
    length(cx, password::max_length).is_some_and(|(max, _)| classes.required > max)
}

fn check(cx: &mut Ctx<'_>) {
    let Some(classes) = Classes::of(cx) else {
        return;
    };
    let Some((max, side)) = length(cx, password::max_length) else {
        return;
    };
    if classes.required > max {
        classes.exceed(cx, RULE.code, side);
    }
}
