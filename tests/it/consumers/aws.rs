//! The `aws-iam` document, applied by the AWS CLI to moto's server.
//!
//! Each test starts its own server on a free port of 127.0.0.1 (a
//! [`Moto`] guard kills it when the test ends, passed or failed) and runs
//! the real `aws` command against it with throw-away credentials and no
//! configuration files.

use super::{build, python_venv, run, text, tree, ward};
use serde_json::{Map, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A moto server, killed when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    venv: PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port on 127.0.0.1: {e}"))
}

impl Moto {
    /// Starts a server and waits until it accepts connections. A port taken
    /// between choosing and binding it is retried with another.
    pub fn start() -> Moto {
        let venv = match python_venv() {
            Ok(v) => v.clone(),
            Err(e) => panic!("{e}"),
        };
        let script = super::consumers_dir().join("moto_server.py");
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(venv.join("bin/python"))
                .arg(&script)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start moto's server: {e}"));
            let mut moto = Moto {
                child,
                endpoint: format!("http://127.0.0.1:{port}"),
                venv: venv.clone(),
            };
            let deadline = Instant::now() + Duration::from_secs(90);
            while Instant::now() < deadline {
                if let Ok(Some(status)) = moto.child.try_wait() {
                    last = format!("moto's server exited early ({status})");
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return moto;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if last.is_empty() {
                last = "moto's server did not listen within 90 s".into();
            }
            let _ = moto.child.kill();
            let mut err = String::new();
            if let Some(mut e) = moto.child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            last = format!("{last}:\n{err}");
        }
        panic!("{last}");
    }

    /// Runs `aws ARGS...` against this server.
    pub fn aws(&self, dir: &Path, args: &[&str]) -> Output {
        let mut cmd = Command::new(self.venv.join("bin/aws"));
        cmd.arg("--endpoint-url")
            .arg(&self.endpoint)
            .args(args)
            .current_dir(dir);
        aws_env(&mut cmd);
        run(&mut cmd).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs several AWS CLI commands in one Python process
    /// (`tests/consumers/aws_batch.py`: the `aws` script's own driver per
    /// command), against this server.
    pub fn batch(&self, dir: &Path, commands: &[Vec<String>]) -> Vec<Reply> {
        let argv: Vec<Vec<String>> = commands
            .iter()
            .map(|c| {
                let mut a = vec!["--endpoint-url".to_string(), self.endpoint.clone()];
                a.extend(c.iter().cloned());
                a
            })
            .collect();
        let mut cmd = Command::new(self.venv.join("bin/python"));
        cmd.arg(super::consumers_dir().join("aws_batch.py"))
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        aws_env(&mut cmd);
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run the AWS CLI: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            let input = serde_json::to_vec(&argv).unwrap_or_default();
            std::io::Write::write_all(&mut stdin, &input).unwrap_or_else(|e| panic!("{e}"));
        }
        let o = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("the AWS CLI: {e}"));
        assert!(o.status.success(), "aws_batch.py failed:\n{}", text(&o));
        let replies: Vec<Value> =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        replies
            .into_iter()
            .map(|r| Reply {
                rc: r["rc"].as_i64().unwrap_or(-1),
                out: format!(
                    "{}{}",
                    r["stdout"].as_str().unwrap_or(""),
                    r["stderr"].as_str().unwrap_or("")
                ),
                stdout: r["stdout"].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }
}

/// What one AWS CLI command of a batch did.
#[derive(Debug)]
pub struct Reply {
    pub rc: i64,
    pub stdout: String,
    /// stdout and stderr.
    pub out: String,
}

/// Throw-away credentials and no configuration files.
fn aws_env(cmd: &mut Command) {
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "");
}

/// `iam update-account-password-policy --cli-input-json file://FILE`.
pub fn apply(dir: &Path, file: &str) -> Vec<String> {
    let input = format!("file://{}", dir.join(file).display());
    [
        "iam",
        "update-account-password-policy",
        "--cli-input-json",
        &input,
    ]
    .map(String::from)
    .to_vec()
}

/// `iam get-account-password-policy --output json`.
pub fn get() -> Vec<String> {
    ["iam", "get-account-password-policy", "--output", "json"]
        .map(String::from)
        .to_vec()
}

fn object(text: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => m,
        other => panic!("not a JSON object ({other:?}):\n{text}"),
    }
}

/// Checks a reply field by field against ward's document: every field
/// ward wrote comes back with its value; a field ward left out (`never`,
/// `history = 0`) comes back absent or as moto's `0`.
fn reads_back(doc: &str, reply: &str, policy: &str) -> Map<String, Value> {
    let sent = object(doc);
    let reply = object(reply);
    let got = match reply.get("PasswordPolicy") {
        Some(Value::Object(m)) => m.clone(),
        _ => panic!("no PasswordPolicy in the reply: {reply:?}"),
    };
    for (field, value) in &sent {
        assert_eq!(
            got.get(field),
            Some(value),
            "{field} after applying {policy}"
        );
    }
    for omitted in ["MaxPasswordAge", "PasswordReusePrevention"] {
        if !sent.contains_key(omitted) {
            let back = got.get(omitted);
            assert!(
                back.is_none() || back == Some(&Value::from(0)),
                "{omitted} was left out, yet reads back as {back:?}"
            );
        }
    }
    got
}

const STRICT: &str = r#"policy strict {
  targets aws-iam
  password.min_length        = 14
  password.min_upper         = 1
  password.min_lower         = 1
  password.min_digit         = 1
  password.min_symbol        = 1
  password.allow_user_change = true
  password.max_age           = 90d
  password.history           = 5
  password.hard_expiry       = true
}
"#;

const LOW_ENDS: &str = r#"policy low {
  targets aws-iam
  password.min_length        = 6
  password.min_upper         = 0
  password.min_lower         = 1
  password.min_digit         = 0
  password.min_symbol        = 1
  password.allow_user_change = false
  password.max_age           = 1d
  password.history           = 1
  password.hard_expiry       = false
}
"#;

const HIGH_ENDS: &str = r#"policy high {
  targets aws-iam
  password.min_length        = 128
  password.min_upper         = 1
  password.min_lower         = 0
  password.min_digit         = 1
  password.min_symbol        = 0
  password.allow_user_change = true
  password.max_age           = 1095d
  password.history           = 24
  password.hard_expiry       = true
}
"#;

const NEVER: &str = r#"policy open {
  targets aws-iam
  password.min_length        = 12
  password.min_upper         = 0
  password.min_lower         = 0
  password.min_digit         = 0
  password.min_symbol        = 0
  password.allow_user_change = true
  password.max_age           = never
  password.history           = 0
  password.hard_expiry       = false
}
"#;

/// The AWS CLI applies ward's complete document, the account reads back
/// the same values, and `ward drift` of each reply is in sync: for a strict policy, for the lowest and highest
/// values AWS accepts in every ranged field, and for `never` and
/// `history = 0`, which ward writes by leaving the fields out. The strict
/// one goes through the `aws` command itself, the others through the same
/// driver in one process (`aws_batch.py`), which is faster.
#[test]
fn the_aws_cli_applies_the_document_and_reads_it_back() {
    let policies = [
        ("low.ward", LOW_ENDS),
        ("high.ward", HIGH_ENDS),
        ("open.ward", NEVER),
    ];
    let mut files = vec![("strict.ward", STRICT)];
    files.extend(policies);
    let dir = tree(&files);
    let d = dir.path();
    let mut docs = Vec::new();
    let mut commands = vec![get()];
    for (name, _) in policies {
        let doc = build(d, name, "aws-iam");
        let file = format!("{name}.json");
        std::fs::write(d.join(&file), &doc).unwrap_or_else(|e| panic!("{e}"));
        commands.push(apply(d, &file));
        commands.push(get());
        docs.push((name, doc));
    }
    let moto = Moto::start();
    let replies = moto.batch(d, &commands);
    assert!(
        replies[0].rc != 0 && replies[0].out.contains("NoSuchEntity"),
        "a fresh account has no password policy: {:?}",
        replies[0]
    );
    no_policy_is_the_aws_default(d, &replies[0].out);
    for (i, (name, doc)) in docs.iter().enumerate() {
        let (applied, read) = (&replies[1 + 2 * i], &replies[2 + 2 * i]);
        assert_eq!(
            applied.rc, 0,
            "the AWS CLI refused ward's {name}:\n{doc}\n{}",
            applied.out
        );
        assert_eq!(read.rc, 0, "{}", read.out);
        let got = reads_back(doc, &read.stdout, name);
        drift_is_in_sync(d, name, &read.stdout);
        if *name == "open.ward" {
            assert_eq!(got.get("ExpirePasswords"), Some(&Value::Bool(false)));
        }
    }
    let strict = build(d, "strict.ward", "aws-iam");
    std::fs::write(d.join("aws-iam.json"), &strict).unwrap_or_else(|e| panic!("{e}"));
    let input = format!("file://{}", d.join("aws-iam.json").display());
    let o = moto.aws(
        d,
        &[
            "iam",
            "update-account-password-policy",
            "--cli-input-json",
            &input,
        ],
    );
    assert!(
        o.status.success(),
        "the AWS CLI refused ward's document:\n{strict}\n{}",
        text(&o)
    );
    let o = moto.aws(
        d,
        &["iam", "get-account-password-policy", "--output", "json"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let reply = String::from_utf8_lossy(&o.stdout);
    let got = reads_back(&strict, &reply, "strict.ward");
    assert_eq!(got.get("ExpirePasswords"), Some(&Value::Bool(true)));
    drift_is_in_sync(d, "strict.ward", &reply);
}

/// `ward drift --exact` of the account's real reply after applying ward's
/// document finds nothing, and `ward import` of the reply builds the same
/// document: the round trip through the service holds.
fn drift_is_in_sync(dir: &Path, policy: &str, reply: &str) {
    let file = format!("{policy}.reply.json");
    std::fs::write(dir.join(&file), reply).unwrap_or_else(|e| panic!("{e}"));
    let from = format!("aws-iam={file}");
    let o = ward(
        dir,
        &[
            "drift", policy, "--from", &from, "--exact", "--format", "json",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.code() == Some(0) && out.contains("\"diagnostics\": []"),
        "the account's reply after applying {policy} drifts:\n{reply}\n{out}"
    );
    // And `ward import` of the reply is a policy that builds the same
    // document again.
    let imported = format!("{policy}.imported.ward");
    let o = ward(dir, &["import", "aws-iam", &file, "-o", &imported]);
    assert!(o.status.success(), "{}", text(&o));
    let again = build(dir, &imported, "aws-iam");
    let first = build(dir, policy, "aws-iam");
    assert_eq!(
        object(&again),
        object(&first),
        "import of the reply after applying {policy}"
    );
}

/// The emulator's real answer for an account without a password policy
/// (the `NoSuchEntity` error, kept as `get-account-password-policy >
/// FILE 2>&1` keeps it) is AWS's default policy: `ward import` of it
/// states the defaults and drifts in sync with it, and the strict policy
/// drifts looser against it, at its `min_length` line.
fn no_policy_is_the_aws_default(dir: &Path, reply: &str) {
    std::fs::write(dir.join("fresh.json"), reply).unwrap_or_else(|e| panic!("{e}"));
    let o = ward(
        dir,
        &["import", "aws-iam", "fresh.json", "-o", "fresh.ward"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let policy = std::fs::read_to_string(dir.join("fresh.ward")).unwrap_or_default();
    assert!(
        policy.contains("password.min_length        = 8"),
        "AWS's default password policy is 8 characters:\n{policy}"
    );
    let drift = |policy: &str, exact: bool| {
        let mut args = vec![
            "drift",
            policy,
            "--from",
            "aws-iam=fresh.json",
            "--format",
            "json",
        ];
        if exact {
            args.push("--exact");
        }
        let o = ward(dir, &args);
        let doc: Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        (o.status.code(), doc["diagnostics"].clone(), text(&o))
    };
    let (code, diags, out) = drift("fresh.ward", true);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(diags, Value::Array(Vec::new()), "{out}");
    let (code, diags, out) = drift("strict.ward", false);
    assert_eq!(code, Some(1), "{out}");
    let min_length = diags
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("`MinimumPasswordLength`"))
        })
        .unwrap_or_else(|| panic!("no finding for MinimumPasswordLength: {out}"));
    assert_eq!(min_length["code"], "E0702", "{out}");
    assert_eq!(min_length["line"], 3, "{out}");
    assert_eq!(min_length["labels"][0]["file"], "fresh.json", "{out}");
}

/// The ranged fields of the `aws-iam` output schema, with their limits:
/// the test below must cover exactly these.
fn ranged_fields(dir: &Path) -> Vec<(String, i64, i64)> {
    let o = ward(dir, &["schema", "target", "aws-iam"]);
    assert!(o.status.success(), "{}", text(&o));
    let schema: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    if let Some(props) = schema["properties"].as_object() {
        for (name, p) in props {
            if let (Some(lo), Some(hi)) = (p["minimum"].as_i64(), p["maximum"].as_i64()) {
                out.push((name.clone(), lo, hi));
            }
        }
    }
    out.sort();
    out
}

/// How a refusal shows which side refused: botocore validates minimums
/// before sending; moto's server answers a `ValidationError` for maximums.
#[derive(Clone, Copy, Debug)]
enum Refuser {
    Botocore,
    Server,
}

fn refused_by(r: &Reply, who: Refuser) -> bool {
    let t = &r.out;
    r.rc != 0
        && match who {
            Refuser::Botocore => {
                t.contains("Parameter validation failed") && t.contains("valid min value")
            }
            Refuser::Server => {
                t.contains("(ValidationError)") && t.contains("less than or equal to")
            }
        }
}

/// A value ward refuses in the policy is refused by AWS too: below a
/// minimum by botocore on the client, above a maximum by the server. And
/// the `0` that ward never writes (it leaves the field out for `never` and
/// `history = 0`) is refused by botocore. Together with the test above
/// (both ends accepted), ward's limits are exactly AWS's.
#[test]
fn values_ward_refuses_are_refused_by_botocore_or_the_server() {
    // (policy setting, policy value, field, field value, who refuses)
    let cases: &[(&str, &str, &str, i64, Refuser)] = &[
        (
            "password.min_length",
            "5",
            "MinimumPasswordLength",
            5,
            Refuser::Botocore,
        ),
        (
            "password.min_length",
            "129",
            "MinimumPasswordLength",
            129,
            Refuser::Server,
        ),
        (
            "password.max_age",
            "1096d",
            "MaxPasswordAge",
            1096,
            Refuser::Server,
        ),
        (
            "password.history",
            "25",
            "PasswordReusePrevention",
            25,
            Refuser::Server,
        ),
    ];
    let dir = tree(&[("strict.ward", STRICT)]);
    let ranged = ranged_fields(dir.path());
    let names: Vec<&str> = ranged.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "MaxPasswordAge",
            "MinimumPasswordLength",
            "PasswordReusePrevention"
        ],
        "the ranged fields of aws-iam changed: cover each below"
    );
    for (name, lo, hi) in &ranged {
        let covered = |v: i64| cases.iter().any(|c| c.2 == name && c.3 == v);
        // A minimum of 1 is the `0` case below: ward never writes it.
        assert!(*lo == 1 || covered(lo - 1), "{name}: nothing below {lo}");
        assert!(covered(hi + 1), "{name}: nothing above {hi}");
    }
    let base = build(dir.path(), "strict.ward", "aws-iam");
    let mut commands = Vec::new();
    let mut expect = Vec::new();
    let write_doc = |file: &str, field: &str, value: i64| {
        let mut doc = object(&base);
        doc.insert(field.to_string(), Value::from(value));
        let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
        std::fs::write(dir.path().join(file), body).unwrap_or_else(|e| panic!("{e}"));
        apply(dir.path(), file)
    };
    for (i, (setting, value, field, field_value, who)) in cases.iter().enumerate() {
        let policy = format!("policy refused {{\n  targets aws-iam\n  {setting} = {value}\n}}\n");
        std::fs::write(dir.path().join("refused.ward"), &policy).unwrap_or_else(|e| panic!("{e}"));
        let o = ward(dir.path(), &["check", "refused.ward", "--format", "json"]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.code() == Some(1) && out.contains("E0602"),
            "ward should refuse `{setting} = {value}` (E0602):\n{out}"
        );
        commands.push(write_doc(&format!("beyond-{i}.json"), field, *field_value));
        expect.push((format!("`{field}: {field_value}`"), *who));
    }
    for field in ["MaxPasswordAge", "PasswordReusePrevention"] {
        commands.push(write_doc(&format!("zero-{field}.json"), field, 0));
        expect.push((format!("`{field}: 0`"), Refuser::Botocore));
    }
    commands.push(get());
    let moto = Moto::start();
    let replies = moto.batch(dir.path(), &commands);
    for ((what, who), reply) in expect.iter().zip(&replies) {
        assert!(
            refused_by(reply, *who),
            "{what} should be refused by {who:?}: {reply:?}"
        );
    }
    // The account still holds nothing: every attempt above was refused.
    let last = replies.last().map(|r| r.out.as_str()).unwrap_or_default();
    assert!(last.contains("NoSuchEntity"), "{last}");
}
