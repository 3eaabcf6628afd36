//! # W0501: required character classes exceed the minimum length
//!
//! ## What triggers it
//!
//! The required character classes add up to more than
//! `password.min_length`.
//!
//! ## Why it matters
//!
//! The real minimum length is the sum of the classes, not the stated one;
//! readers of the policy are misled.
//!
//! ## Example
//!
//! ```ward
//! policy rule {
//!   password.min_length = 8
//!   password.min_letter = 6
//!   password.min_digit = 2
//!   password.min_symbol = 2
//! }
//! ```
//!
//! ## How to fix
//!
//! Raise `password.min_length` to the sum the help gives.

use super::classes::{length, Classes};
use super::{classes_exceed_max_length, Ctx, Other};
use crate::catalog::password;
use crate::diag::codes;

pub(super) const RULE: Other = Other {
    code: codes::CLASSES_EXCEED_MIN_LENGTH,
    summary: "warning when password.min_upper + min_lower + min_digit + min_symbol (and min_letter alongside) is above password.min_length",
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(classes) = Classes::of(cx) else {
        return;
    };
    // Classes that do not fit the maximum are `E0503`, which says more.
    if classes_exceed_max_length::exceeded(cx, &classes) {
        return;
    }
    let Some((min, side)) = length(cx, password::min_length) else {
        return;
    };
    if classes.required > min {
        classes.exceed(cx, RULE.code, side);
    }
}
