//! What the character-class rules share: the required characters of a
//! policy, counted once.

use super::{amount, Ctx};
use crate::catalog::{password, SettingId};
use crate::finding::{Finding, Side, Sides};

/// The class minimums a policy knows, in catalog order, with their sum.
pub(super) struct Classes {
    /// Each class minimum above zero: setting, count, side.
    set: Vec<(SettingId, u64, Side)>,
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
        let all: Vec<(SettingId, u64, Side)> = CLASSES
            .into_iter()
            .filter_map(|id| {
                let side = cx.get(id)?;
                Some((id, amount(side.value())?, side))
            })
            .collect();
        let val = |id: SettingId| all.iter().find(|c| c.0 == id).map_or(0, |c| c.1);
        let letters =
            (val(password::min_upper) + val(password::min_lower)).max(val(password::min_letter));
        let required = letters + val(password::min_digit) + val(password::min_symbol);
        let set: Vec<_> = all.into_iter().filter(|c| c.1 > 0).collect();
        (!set.is_empty()).then_some(Classes { set, required })
    }

    /// Reports `rule`: the classes need more than `length` allows. The first
    /// class minimum is the side that points at the classes.
    pub fn exceed(&self, cx: &mut Ctx<'_>, rule: crate::diag::Code, length: Side) {
        let Some(first) = self.set.first().map(|c| c.2.clone()) else {
            return;
        };
        if let Some(sides) = Sides::new(first, length) {
            cx.found.push(Finding::ClassesExceedLength {
                rule,
                classes: self.set.iter().map(|(id, n, _)| (*id, *n)).collect(),
                required: self.required,
                sides,
                checked_in: cx.policy.source,
            });
        }
    }
}

/// A length setting the policy knows, as a count.
pub(super) fn length(cx: &Ctx<'_>, id: SettingId) -> Option<(u64, Side)> {
    let side = cx.get(id)?;
    Some((amount(side.value())?, side))
}
