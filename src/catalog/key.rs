//! A setting key: one setting, or one setting of one named integration.

use super::{Setting, SettingId};
use std::sync::Arc;

/// One setting, or one setting of one named integration.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SettingKey {
    pub id: SettingId,
    /// The integration's name for `integrations.NAME.x`.
    pub instance: Option<Arc<str>>,
}

impl SettingKey {
    pub fn plain(id: SettingId) -> SettingKey {
        SettingKey { id, instance: None }
    }

    /// The setting a path's segments name, unescaped: `[section, name]`, or
    /// `[integrations, NAME, name]` for one integration's setting. This is
    /// the one place a path becomes a setting; `None` for anything else
    /// (callers report it with their own did-you-mean).
    pub(crate) fn of_segments(segments: &[&str]) -> Option<SettingKey> {
        match segments {
            [section, instance, name] if *section == super::INSTANCED_SECTION => {
                let id = super::find(section, name)?;
                Some(SettingKey {
                    id,
                    instance: Some(Arc::from(*instance)),
                })
            }
            [section, name] if *section != super::INSTANCED_SECTION => {
                super::find(section, name).map(SettingKey::plain)
            }
            _ => None,
        }
    }

    pub fn setting(&self) -> &'static Setting {
        self.id.get()
    }

    /// The path as a user writes it: `session.idle_timeout`,
    /// `integrations.outlook_calendar.enabled`, `integrations."ms-teams".enabled`.
    pub fn path(&self) -> String {
        let s = self.setting();
        match &self.instance {
            Some(name) => format!("{}.{}.{}", s.section, display_segment(name), s.name),
            None => format!("{}.{}", s.section, s.name),
        }
    }
}

/// A path segment as written: bare if it is an identifier, quoted otherwise.
pub(crate) fn display_segment(name: &str) -> String {
    let ident = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ident {
        name.to_string()
    } else {
        crate::value::quote(name)
    }
}

/// Catalog order first; integrations after, sorted by name, each in catalog
/// order. This is the order of every output.
impl Ord for SettingKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.instance.is_some(), &self.instance, self.id).cmp(&(
            other.instance.is_some(),
            &other.instance,
            other.id,
        ))
    }
}

impl PartialOrd for SettingKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
