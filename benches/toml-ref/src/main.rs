//! `toml-ref FILE`: reads FILE and parses it into a `toml::Table`, as a
//! serde consumer of a TOML configuration would; prints the number of
//! top-level keys so the work cannot be optimised away. Exit 1 if the
//! file cannot be read or parsed.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: toml-ref FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.to_string_lossy());
            std::process::exit(1);
        }
    };
    match text.parse::<toml::Table>() {
        Ok(t) => println!("{} top-level keys", t.len()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
