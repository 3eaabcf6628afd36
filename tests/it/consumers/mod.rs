//! Ward's outputs handed to the software that consumes them (section 7 of
//! the language reference, "Proved by the real consumer").
//!
//! - [`aws`]: the AWS CLI applies the `aws-iam` document to moto's server on
//!   127.0.0.1 and reads it back; values ward refuses are refused by botocore
//!   (minimums, client-side) or by the server (maximums).
//! - [`keycloak`]: the realm JSON type-checks against `RealmRepresentation`
//!   from `@keycloak/keycloak-admin-client` with `tsc --noEmit`, as an object
//!   literal, so a misspelt field fails.
//! - [`identity`]: the `okta` bodies type-check against Okta's SDK models,
//!   the `entra-id` bodies against Microsoft Graph's types, the same way.
//! - [`salesforce`]: the `Security.settings` XML is valid against the XML
//!   Schema of Salesforce's Metadata API WSDL (API 63.0), with lxml.
//!
//! The consumers are pinned in `tests/consumers/` (`requirements.txt`, a
//! full `pip freeze`; `salesforce-requirements.txt`; `package.json`, the
//! npm packages of every type-check with one TypeScript, and its committed
//! lock file) and installed by
//! the first test that needs them, only when missing: Python packages into
//! a venv under `target/tmp/consumers/`, npm packages with `npm ci` into
//! the package's `node_modules`. A consumer that cannot be
//! installed fails the test, with the reason; nothing is skipped.

mod aws;
mod identity;
mod keycloak;
mod salesforce;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// `tests/consumers/`: the pins and helper scripts.
pub fn consumers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers")
}

/// Where installed tools live between runs (`target/tmp/consumers`).
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("consumers")
}

/// The `tsconfig.json` of every type-check probe: strict, no emit, the
/// probe's own `.ts` files only.
pub const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "skipLibCheck": true,
    "types": []
  },
  "include": ["*.ts"]
}
"#;

/// Runs a command, or says why it could not start.
pub fn run(cmd: &mut Command) -> Result<Output, String> {
    cmd.output()
        .map_err(|e| format!("cannot run `{cmd:?}`: {e}"))
}

/// stdout and stderr of a finished command, for messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The binary and a temporary work tree, as every test module runs them.
pub use crate::common::{git_tree as tree, ward};

/// `ward build FILE --target T -o OUT` in `dir`, which must succeed; the
/// document written, as text.
pub fn build(dir: &Path, file: &str, target: &str) -> String {
    let out_name = format!("{target}.out.json");
    let o = ward(dir, &["build", file, "--target", target, "-o", &out_name]);
    assert!(
        o.status.success(),
        "`ward build {file} --target {target}` failed:\n{}",
        text(&o)
    );
    std::fs::read_to_string(dir.join(&out_name))
        .unwrap_or_else(|e| panic!("cannot read {out_name}: {e}"))
}

/// The venv holding the AWS CLI and moto, installed once from
/// `tests/consumers/requirements.txt` (reinstalled when that file changed).
pub fn python_venv() -> &'static Result<PathBuf, String> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    VENV.get_or_init(|| {
        venv(
            "aws-venv",
            "requirements.txt",
            &[],
            "bin/aws",
            "the AWS CLI and moto",
        )
    })
}

/// A venv under the cache, holding the packages pinned in
/// `tests/consumers/REQUIREMENTS` (installed with `pip install PIP_ARGS -r`),
/// made when it is missing, lacks `needs` or was made from another version
/// of that file. `what` names the packages in messages.
pub fn venv(
    name: &str,
    requirements: &str,
    pip_args: &[&str],
    needs: &str,
    what: &str,
) -> Result<PathBuf, String> {
    let file = consumers_dir().join(requirements);
    let pins = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read tests/consumers/{requirements}: {e}"))?;
    let venv = cache_dir().join(name);
    let stamp = venv.join("ward-requirements.txt");
    let ready = venv.join(needs).exists()
        && venv.join("bin/python").is_file()
        && std::fs::read_to_string(&stamp).is_ok_and(|s| s == pins);
    if ready {
        return Ok(venv);
    }
    let _ = std::fs::remove_dir_all(&venv);
    std::fs::create_dir_all(cache_dir()).map_err(|e| format!("cannot create the cache: {e}"))?;
    let made = run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).map_err(|e| {
        format!("{e}: the tests of {what} need Python 3 with `venv` (Debian: `apt-get install python3-venv`)")
    })?;
    if !made.status.success() {
        return Err(format!("`python3 -m venv` failed:\n{}", text(&made)));
    }
    let pip = run(Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
        ])
        .args(pip_args)
        .arg("-r")
        .arg(&file))?;
    if !pip.status.success() {
        return Err(format!(
            "installing {what} from tests/consumers/{requirements} failed:\n{}",
            text(&pip)
        ));
    }
    std::fs::write(&stamp, pins).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(venv)
}

/// `tests/consumers/node_modules`, installed once with `npm ci` from the
/// committed lock file.
pub fn node_modules() -> &'static Result<PathBuf, String> {
    static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    NODE.get_or_init(|| npm_ci(&consumers_dir()))
}

/// `DIR/node_modules`, installed with `npm ci` from `DIR`'s committed lock
/// file when a dependency of `DIR/package.json` is missing or is not the
/// version locked.
fn npm_ci(dir: &Path) -> Result<PathBuf, String> {
    let json = |p: PathBuf| -> serde_json::Value {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    let manifest = json(dir.join("package.json"));
    let lock = json(dir.join("package-lock.json"));
    let deps = manifest["dependencies"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let installed = !deps.is_empty()
        && deps.keys().all(|name| {
            let locked = &lock["packages"][format!("node_modules/{name}")]["version"];
            let have = json(dir.join("node_modules").join(name).join("package.json"));
            locked.is_string() && have["version"] == *locked
        });
    if installed {
        return Ok(dir.to_path_buf());
    }
    let out = run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir))
    .map_err(|e| {
        format!("{e}: the type-check tests need Node.js 20 and npm (Debian: `apt-get install nodejs npm`)")
    })?;
    if out.status.success() {
        Ok(dir.to_path_buf())
    } else {
        Err(format!(
            "`npm ci --prefix {}` failed:\n{}",
            dir.display(),
            text(&out)
        ))
    }
}

/// Every type-check runs one TypeScript: the consumers' npm packages are
/// one `package.json` with one lock file, which locks one `typescript`.
#[test]
fn one_typescript_compiles_every_type_check() {
    let dir = consumers_dir();
    let manifests: Vec<PathBuf> = walk(&dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "package.json"))
        .collect();
    assert_eq!(manifests, [dir.join("package.json")], "one package.json");
    let lock: serde_json::Value = std::fs::read_to_string(dir.join("package-lock.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let packages = lock["packages"].as_object().cloned().unwrap_or_default();
    let typescripts: Vec<&String> = packages
        .keys()
        .filter(|k| k.ends_with("node_modules/typescript"))
        .collect();
    assert_eq!(typescripts, ["node_modules/typescript"], "one typescript");
    let manifest: serde_json::Value = std::fs::read_to_string(&manifests[0])
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    assert_eq!(
        manifest["dependencies"]["typescript"], packages["node_modules/typescript"]["version"],
        "package.json pins the version the lock file holds"
    );
}

/// The files under `dir`, without `node_modules`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "node_modules") {
                out.extend(walk(&p));
            }
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
