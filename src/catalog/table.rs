//! The rows of the settings catalog (section 4 of the language reference).
//!
//! Order matters: it is the order of the resolved output, the schemas and
//! the documentation. Durations are in seconds.

use super::{Direction, Setting, Type};
use crate::value::Keyword;

const MIN: u64 = 60;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

const NONE: &[Keyword] = &[];
const UNLIMITED: &[Keyword] = &[Keyword::Unlimited];
const NEVER: &[Keyword] = &[Keyword::Never];
const UNTIL_UNLOCKED: &[Keyword] = &[Keyword::UntilUnlocked];

const fn dur(min: u64, max: u64) -> Type {
    Type::Duration { min, max }
}

const fn count(min: u64, max: u64) -> Type {
    Type::Count { min, max }
}

macro_rules! setting {
    ($section:literal . $name:literal : $ty:expr, $kw:expr, $dir:ident, $desc:literal) => {
        Setting {
            section: $section,
            name: $name,
            ty: $ty,
            keywords: $kw,
            direction: Direction::$dir,
            description: $desc,
        }
    };
}

pub static SETTINGS: &[Setting] = &[
    setting!("session"."idle_timeout": dur(MIN, 365 * DAY), UNLIMITED, Lower,
        "End a session after this long without user activity."),
    setting!("session"."absolute_lifetime": dur(MIN, 3650 * DAY), UNLIMITED, Lower,
        "End a session this long after sign-in, active or not."),
    setting!("session"."renewal_interval": dur(1, DAY), NONE, Neutral,
        "How often an open client renews its session token; such a renewal keeps the session alive."),
    setting!("session"."max_concurrent": count(1, 1_000_000), UNLIMITED, Lower,
        "Sessions one user may hold at once."),
    setting!("session"."on_limit": Type::Enum(&["deny_new", "end_oldest"]), NONE, Neutral,
        "What happens when a user reaches the session limit: refuse the new sign-in or end the oldest session."),
    setting!("token"."lifetime": dur(MIN, 365 * DAY), NONE, Lower,
        "Maximum lifetime of an access token."),
    setting!("token"."federated_lifetime": dur(MIN, 365 * DAY), NONE, Lower,
        "Token lifetime for identity-provider-initiated (SAML) sign-in."),
    setting!("token"."refresh_lifetime": dur(MIN, 3650 * DAY), UNLIMITED, Lower,
        "Maximum lifetime of a refresh token."),
    setting!("password"."min_length": count(1, 1024), NONE, Higher,
        "Minimum password length in characters (Unicode scalar values)."),
    setting!("password"."max_length": count(1, 4096), NONE, Higher,
        "Longest password accepted; allowing long passwords is more secure."),
    setting!("password"."min_upper": count(0, 64), NONE, Higher,
        "Upper-case letters a password must contain."),
    setting!("password"."min_lower": count(0, 64), NONE, Higher,
        "Lower-case letters a password must contain."),
    setting!("password"."min_letter": count(0, 64), NONE, Higher,
        "Letters of either case a password must contain."),
    setting!("password"."min_digit": count(0, 64), NONE, Higher,
        "Digits a password must contain."),
    setting!("password"."min_symbol": count(0, 64), NONE, Higher,
        "Symbols (neither letters nor digits) a password must contain."),
    setting!("password"."history": count(0, 100), NONE, Higher,
        "Previous passwords that may not be reused."),
    setting!("password"."max_age": dur(DAY, 3650 * DAY), NEVER, Lower,
        "Force a password change after this age."),
    setting!("password"."min_age": dur(0, 365 * DAY), NONE, Higher,
        "Earliest time after a change that a user may change the password again."),
    setting!("password"."exclude_username": Type::Bool, NONE, Higher,
        "The password may not contain the user name."),
    setting!("password"."blocklist": Type::Enum(&["none", "common", "breached"]), NONE, Higher,
        "Which known-bad passwords are refused: none, common passwords, or passwords seen in breaches."),
    setting!("password"."enforce_on": Type::Enum(&["next_change", "next_login"]), NONE, Higher,
        "When tightened password rules apply to existing passwords."),
    setting!("password"."allow_user_change": Type::Bool, NONE, Neutral,
        "Users may change their own password."),
    setting!("password"."hard_expiry": Type::Bool, NONE, Higher,
        "An expired password needs an administrator to reset it."),
    setting!("lockout"."threshold": count(1, 1000), UNLIMITED, Lower,
        "Failed sign-ins that lock the account; `unlimited` never locks."),
    setting!("lockout"."window": dur(1, 365 * DAY), NONE, Higher,
        "Failed sign-ins are counted over a sliding window of this length."),
    setting!("lockout"."duration": dur(1, 365 * DAY), UNTIL_UNLOCKED, Higher,
        "How long a locked account stays locked; `until_unlocked` waits for an administrator."),
    setting!("accounts"."deactivate_after": dur(DAY, 3650 * DAY), NEVER, Lower,
        "Deactivate accounts that have not been used for this long."),
    setting!("accounts"."allow_proxy_login": Type::Bool, NONE, Lower,
        "Administrators may sign in as another user."),
    setting!("audit"."retention": dur(DAY, 3650 * DAY), NONE, Higher,
        "How long audit events are kept."),
    setting!("audit"."export_formats": Type::EnumList(&["csv", "tsv", "json"]), NONE, Neutral,
        "Formats the audit log can be exported in."),
    setting!("integrations"."enabled": Type::Bool, NONE, Lower,
        "The integration may be used."),
    setting!("integrations"."audiences": Type::StrList, NONE, Subset,
        "Who may use the integration; `[]` means no one. Fewer is stricter."),
    setting!("integrations"."consent": Type::Enum(&["user", "admin"]), NONE, Higher,
        "Who must grant the integration access: each user, or an administrator."),
    setting!("integrations"."cache_ttl": dur(0, DAY), NONE, Lower,
        "How long results fetched through the integration are cached."),
];

#[allow(dead_code)]
const _: () = assert!(HOUR == 60 * MIN);
