//! Embeds the built-in profiles (`policies/std/*.ward`) in the binary.
//!
//! Every `.ward` file directly in `policies/std/` becomes the profile
//! `std:STEM`; adding a profile is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("policies/std");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = Vec::new();
    if let Ok(read) = std::fs::read_dir(dir) {
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("ward") || !path.is_file() {
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Ok(abs) = std::fs::canonicalize(&path) else {
                continue;
            };
            println!("cargo:rerun-if-changed={}", path.display());
            entries.push((stem.to_string(), abs.display().to_string()));
        }
    }
    entries.sort();
    let mut out = String::from("/// Built-in profiles: (name, source text), sorted by name.\npub static PROFILES: &[(&str, &str)] = &[\n");
    for (name, abs) in &entries {
        let _ = writeln!(out, "    ({name:?}, include_str!({abs:?})),");
    }
    out.push_str("];\n");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return;
    };
    let _ = std::fs::write(Path::new(&out_dir).join("std_profiles.rs"), out);
}
