//! The cross-setting rules that compare two settings (section 5 of the
//! language reference), as one table.
//!
//! Validation checks them (`validate::rules`), the policy schema states
//! what JSON Schema can of them (`schema::rules`), and each row's code has
//! its page in `docs/codes/`. Rules that are more than one comparison (the
//! character classes, the renewal and a bound, a setting without effect)
//! are code, one file each, in `validate::rules`.

use super::{password, session, token, SettingId};
use crate::diag::{codes, Code};
use std::cmp::Ordering;

/// How the left side must compare with the right for the rule to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// `<=`
    AtMost,
    /// `<`
    Below,
    /// `>=`
    AtLeast,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::AtMost => "<=",
            Relation::Below => "<",
            Relation::AtLeast => ">=",
        }
    }

    /// Does `left` compared with `right` satisfy the relation?
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            Relation::AtMost => ord != Ordering::Greater,
            Relation::Below => ord == Ordering::Less,
            Relation::AtLeast => ord != Ordering::Less,
        }
    }
}

/// `left RELATION right`, or `code` is reported. Its severity is the
/// code's.
#[derive(Debug)]
pub struct Rule {
    pub code: Code,
    pub left: SettingId,
    pub relation: Relation,
    pub right: SettingId,
    /// What is wrong when the rule is broken, lowercase; the message adds
    /// both values.
    pub problem: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// Every rule that is one comparison of two settings, in code order.
pub static RULES: &[Rule] = &[
    Rule {
        code: codes::IDLE_EXCEEDS_LIFETIME,
        left: session::idle_timeout,
        relation: Relation::AtMost,
        right: session::absolute_lifetime,
        problem: "the idle timeout is longer than the absolute lifetime",
        fix: "a session ends at its absolute lifetime anyway: make the idle timeout at most the lifetime",
    },
    Rule {
        code: codes::MIN_EXCEEDS_MAX_LENGTH,
        left: password::min_length,
        relation: Relation::AtMost,
        right: password::max_length,
        problem: "the minimum password length is above the maximum",
        fix: "no password could be accepted: raise `password.max_length` or lower `password.min_length`",
    },
    Rule {
        code: codes::MIN_AGE_NOT_BELOW_MAX_AGE,
        left: password::min_age,
        relation: Relation::Below,
        right: password::max_age,
        problem: "the minimum password age is not below the maximum age",
        fix: "users could never change the password before it expires: make `password.min_age` shorter than `password.max_age`",
    },
    Rule {
        code: codes::REFRESH_SHORTER_THAN_TOKEN,
        left: token::refresh_lifetime,
        relation: Relation::AtLeast,
        right: token::lifetime,
        problem: "the refresh token expires before the access token it renews",
        fix: "make `token.refresh_lifetime` at least `token.lifetime`",
    },
    Rule {
        code: codes::FEDERATED_EXCEEDS_TOKEN,
        left: token::federated_lifetime,
        relation: Relation::AtMost,
        right: token::lifetime,
        problem: "federated (SAML) sign-in gets a longer-lived token than ordinary sign-in",
        fix: "make `token.federated_lifetime` at most `token.lifetime`",
    },
    Rule {
        code: codes::TOKEN_EXCEEDS_SESSION,
        left: token::lifetime,
        relation: Relation::AtMost,
        right: session::absolute_lifetime,
        problem: "an access token outlives the session it was issued in",
        fix: "make `token.lifetime` at most `session.absolute_lifetime`, or the token keeps working after the session ends",
    },
    Rule {
        code: codes::RENEWAL_NOT_BELOW_IDLE,
        left: session::renewal_interval,
        relation: Relation::Below,
        right: session::idle_timeout,
        problem: "open clients are signed out between renewals",
        fix: "make `session.renewal_interval` shorter than `session.idle_timeout`",
    },
];

/// The rule whose code is `code`.
pub fn rule(code: Code) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_in_code_order_and_compare_ordered_settings() {
        for pair in RULES.windows(2) {
            assert!(pair[0].code < pair[1].code);
        }
        for r in RULES {
            assert_eq!(&r.code.as_str()[1..3], "05", "{}", r.code);
            assert!(r.left.get().domain().is_some() && r.right.get().domain().is_some());
            assert!(!r.problem.starts_with(char::is_uppercase));
        }
    }
}
