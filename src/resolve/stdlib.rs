//! The built-in profiles, embedded from `policies/std/` at build time.
//!
//! Each profile is a `.ward` file whose first comment lines carry its
//! metadata: `# title: …`, `# version: …` and one or more `# source: …`.

include!(concat!(env!("OUT_DIR"), "/std_profiles.rs"));

/// A built-in profile's source and header metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: &'static str,
    pub text: &'static str,
    pub title: String,
    pub version: String,
    pub sources: Vec<String>,
}

/// The text of `std:NAME`.
pub fn get(name: &str) -> Option<&'static str> {
    PROFILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Every profile name, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    PROFILES.iter().map(|(n, _)| *n)
}

/// A profile with its header read.
pub fn profile(name: &str) -> Option<Profile> {
    let (name, text) = PROFILES.iter().find(|(n, _)| *n == name)?;
    let mut p = Profile {
        name,
        text,
        title: String::new(),
        version: String::new(),
        sources: Vec::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(v) = line.strip_prefix("title:") {
            p.title = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("version:") {
            p.version = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("source:") {
            p.sources.push(v.trim().to_string());
        }
    }
    Some(p)
}
