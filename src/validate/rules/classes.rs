//! What the character-class rules share: the required characters of a
//! policy, counted once.

use super::{amount, Ctx, Fact};
use crate::catalog::{password, SettingId};

/// The class minimums a policy knows, in catalog order, with their sum.
pub(super) struct Classes {
    /// Each class minimum above zero: setting, count, fact.
    pub set: Vec<(SettingId, u64, Fact)>,
    /// The fewest characters a password can have and still meet them:
    /// upper and lower together, or the letters if more, plus digits and
    /// symbols.
    pub required: u64,
}

const CLASSES: [SettingId; 5] = [
    password::min_upper,
    password::min_lower,
    password::min_letter,
    password::min_digit,
    password::min_symbol,
];

impl Classes {
    /// `None` when no class minimum above zero is known.
    pub fn of(cx: &Ctx<'_>) -> Option<Classes> {
        let all: Vec<(SettingId, u64, Fact)> = CLASSES
            .into_iter()
            .filter_map(|id| {
                let f = cx.get(id)?;
                Some((id, amount(&f.value)?, f))
            })
            .collect();
        let val = |id: SettingId| all.iter().find(|c| c.0 == id).map_or(0, |c| c.1);
        let letters =
            (val(password::min_upper) + val(password::min_lower)).max(val(password::min_letter));
        let required = letters + val(password::min_digit) + val(password::min_symbol);
        let set: Vec<_> = all.into_iter().filter(|c| c.1 > 0).collect();
        (!set.is_empty()).then_some(Classes { set, required })
    }

    /// The first class minimum, for the primary place.
    pub fn first(&self) -> (String, &Fact) {
        let (id, _, f) = &self.set[0];
        (id.get().path(), f)
    }

    /// `3 upper, 2 digit`.
    pub fn list(&self) -> String {
        self.set
            .iter()
            .map(|(id, n, _)| format!("{n} {}", id.get().name.trim_start_matches("min_")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A length setting the policy knows, as a count.
pub(super) fn length(cx: &Ctx<'_>, id: SettingId) -> Option<(u64, Fact)> {
    let f = cx.get(id)?;
    Some((amount(&f.value)?, f))
}
