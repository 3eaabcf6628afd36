//! Embeds the built-in profiles (`policies/std/*.ward`) in the binary.
//!
//! Every `.ward` file directly in `policies/std/` becomes the profile
//! `std:STEM`; adding a profile is adding a file. Each is embedded with a
//! hash of its text (FNV-1a, 64 bits), which says whether the profile's
//! lowering committed in `src/resolve/stdlib/lowered.rs` is of this very
//! text (`resolve::stdlib::lowered`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("policies/std");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String, u64)> = Vec::new();
    if let Ok(read) = std::fs::read_dir(dir) {
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("ward") || !path.is_file() {
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let (Ok(abs), Ok(text)) = (std::fs::canonicalize(&path), std::fs::read(&path)) else {
                continue;
            };
            println!("cargo:rerun-if-changed={}", path.display());
            entries.push((stem.to_string(), abs.display().to_string(), fnv1a(&text)));
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Built-in profiles: (name, source text, FNV-1a of the text), sorted by name.\n\
         pub static PROFILES: &[(&str, &str, u64)] = &[\n",
    );
    for (name, abs, hash) in &entries {
        let _ = writeln!(out, "    ({name:?}, include_str!({abs:?}), {hash:#018x}),");
    }
    out.push_str("];\n");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return;
    };
    let _ = std::fs::write(Path::new(&out_dir).join("std_profiles.rs"), out);
}

/// FNV-1a, 64 bits (`resolve::stdlib::fnv1a` is the same function, for the
/// test that regenerates the lowering).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
