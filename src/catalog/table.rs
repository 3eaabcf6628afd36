//! The rows of the settings catalog (section 4 of the language reference).
//!
//! Each row is written once, as `section { name: type, keywords, direction,
//! description; }`, and the [`catalog!`] macro makes two things of it: the
//! row in [`SETTINGS`], and a typed constant naming it, spelt exactly as the
//! setting is (`catalog::session::idle_timeout`). Code that means one
//! setting names its constant, so a typo, or a row renamed without its
//! users, is a compile error rather than a rule that silently stops firing.
//!
//! Order matters: it is the order of the resolved output, the schemas and
//! the documentation. Durations are in seconds.

use super::{Direction, Setting, Type};
use crate::value::Keyword;

const MIN: u64 = 60;
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

/// `section { name: TYPE, KEYWORDS, DIRECTION, "description"; ... } ...`
/// → [`SETTINGS`], and a module per section holding one [`SettingId`]
/// constant per setting, named as the setting is.
///
/// [`SettingId`]: super::SettingId
macro_rules! catalog {
    ($($section:ident { $($name:ident: $ty:expr, $kw:expr, $dir:ident, $desc:literal;)* })*) => {
        /// Every setting, in catalog order; `SETTINGS[id]` is the row of `id`.
        pub static SETTINGS: &[Setting] = &[$($(Setting {
            id: $section::$name,
            section: stringify!($section),
            name: stringify!($name),
            ty: $ty,
            keywords: $kw,
            direction: Direction::$dir,
            description: $desc,
        },)*)*];

        /// The name of every setting's constant, with the constant, for the
        /// test that keeps names and rows in step.
        #[cfg(test)]
        pub(super) static CONSTANTS: &[(&str, &str, super::SettingId)] =
            &[$($((stringify!($section), stringify!($name), $section::$name),)*)*];

        catalog!(@ids 0u16; $($section { $($name $desc)* })*);
    };
    (@ids $first:expr; $section:ident { $($name:ident $desc:literal)* } $($rest:tt)*) => {
        #[doc = concat!("The settings of the `", stringify!($section), "` section, one constant each, named as the setting is.")]
        #[allow(non_upper_case_globals)]
        pub mod $section {
            use $crate::catalog::SettingId;

            #[allow(non_camel_case_types, dead_code)]
            #[repr(u16)]
            enum Index { $($name,)* End }

            const FIRST: u16 = $first;
            $(
                #[doc = $desc]
                pub const $name: SettingId = SettingId(FIRST + Index::$name as u16);
            )*
            #[allow(dead_code)] // the last section's is not read
            pub(super) const END: u16 = FIRST + Index::End as u16;
        }
        catalog!(@ids super::$section::END; $($rest)*);
    };
    (@ids $first:expr;) => {};
}

catalog! {
    session {
        idle_timeout: dur(MIN, 365 * DAY), UNLIMITED, Lower,
            "End a session after this long without user activity.";
        absolute_lifetime: dur(MIN, 3650 * DAY), UNLIMITED, Lower,
            "End a session this long after sign-in, active or not.";
        renewal_interval: dur(1, DAY), NONE, Neutral,
            "How often an open client renews its session token; such a renewal keeps the session alive.";
        max_concurrent: count(1, 1_000_000), UNLIMITED, Lower,
            "Sessions one user may hold at once.";
        on_limit: Type::Enum(&["deny_new", "end_oldest"]), NONE, Neutral,
            "What happens when a user reaches the session limit: refuse the new sign-in or end the oldest session.";
    }
    token {
        lifetime: dur(MIN, 365 * DAY), NONE, Lower,
            "Maximum lifetime of an access token.";
        federated_lifetime: dur(MIN, 365 * DAY), NONE, Lower,
            "Token lifetime for identity-provider-initiated (SAML) sign-in.";
        refresh_lifetime: dur(MIN, 3650 * DAY), UNLIMITED, Lower,
            "Maximum lifetime of a refresh token.";
    }
    password {
        min_length: count(1, 1024), NONE, Higher,
            "Minimum password length in characters (Unicode scalar values).";
        max_length: count(1, 4096), NONE, Higher,
            "Longest password accepted; allowing long passwords is more secure.";
        min_upper: count(0, 64), NONE, Higher,
            "Upper-case letters a password must contain.";
        min_lower: count(0, 64), NONE, Higher,
            "Lower-case letters a password must contain.";
        min_letter: count(0, 64), NONE, Higher,
            "Letters of either case a password must contain.";
        min_digit: count(0, 64), NONE, Higher,
            "Digits a password must contain.";
        min_symbol: count(0, 64), NONE, Higher,
            "Symbols (neither letters nor digits) a password must contain.";
        history: count(0, 100), NONE, Higher,
            "Previous passwords that may not be reused.";
        max_age: dur(DAY, 3650 * DAY), NEVER, Lower,
            "Force a password change after this age.";
        min_age: dur(0, 365 * DAY), NONE, Higher,
            "Earliest time after a change that a user may change the password again.";
        exclude_username: Type::Bool, NONE, Higher,
            "The password may not contain the user name.";
        blocklist: Type::Enum(&["none", "common", "breached"]), NONE, Higher,
            "Which known-bad passwords are refused: none, common passwords, or passwords seen in breaches.";
        enforce_on: Type::Enum(&["next_change", "next_login"]), NONE, Higher,
            "When tightened password rules apply to existing passwords.";
        allow_user_change: Type::Bool, NONE, Neutral,
            "Users may change their own password.";
        hard_expiry: Type::Bool, NONE, Higher,
            "An expired password needs an administrator to reset it.";
    }
    lockout {
        threshold: count(1, 1000), UNLIMITED, Lower,
            "Failed sign-ins that lock the account; `unlimited` never locks.";
        window: dur(1, 365 * DAY), NONE, Higher,
            "Failed sign-ins are counted over a sliding window of this length.";
        duration: dur(1, 365 * DAY), UNTIL_UNLOCKED, Higher,
            "How long a locked account stays locked; `until_unlocked` waits for an administrator.";
    }
    accounts {
        deactivate_after: dur(DAY, 3650 * DAY), NEVER, Lower,
            "Deactivate accounts that have not been used for this long.";
        allow_proxy_login: Type::Bool, NONE, Lower,
            "Administrators may sign in as another user.";
    }
    audit {
        retention: dur(DAY, 3650 * DAY), NONE, Higher,
            "How long audit events are kept.";
        export_formats: Type::EnumList(&["csv", "tsv", "json"]), NONE, Neutral,
            "Formats the audit log can be exported in.";
    }
    integrations {
        enabled: Type::Bool, NONE, Lower,
            "The integration may be used.";
        audiences: Type::StrList, NONE, Subset,
            "Who may use the integration; `[]` means no one. Fewer is stricter.";
        consent: Type::Enum(&["user", "admin"]), NONE, Higher,
            "Who must grant the integration access: each user, or an administrator.";
        cache_ttl: dur(0, DAY), NONE, Lower,
            "How long results fetched through the integration are cached.";
    }
}
