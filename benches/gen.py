#!/usr/bin/env python3
"""Writes benchmark corpora: realistic team policies and their Pkl twins.

    benches/gen.py OUT_DIR

OUT_DIR/small/p.ward           one small policy (and small/p.pkl)
OUT_DIR/files-N/               N team policies (N = 1,000 and 10,000) that
                               extend a shared baseline and a `std:` profile,
                               plus pkl/ with the same policies as Pkl modules
                               amending a Pkl baseline (all.pkl imports them)
OUT_DIR/large-M/big.ward       one policy of about M MB (M = 1 and 10):
                               a baseline plus thousands of integrations
OUT_DIR/large-M/big.toml       the same settings as a TOML document of about
                               the same size (for taplo and serde/toml)
"""
import pathlib
import random
import sys

OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-corpus")
PROFILES = ["owasp-asvs-5.0-l1", "owasp-asvs-5.0-l2", "nist-800-63b-rev4-aal2"]

BASELINE = """\
# The organisation-wide baseline every team policy extends.
policy baseline {
  session {
    idle_timeout      = 1h
    idle_timeout      in 5m..12h because "standard 3.1"
    absolute_lifetime = 12h
    absolute_lifetime <= 24h because "standard 3.2"
  }
  token {
    lifetime         = 1h
    lifetime         <= 1d because "standard 3.4"
    refresh_lifetime = 7d
  }
  password {
    min_length = 15
    min_length >= 12 because "standard 4.2"
    max_length = 128
    history    = 5
    blocklist  = breached
  }
  lockout {
    threshold = 10
    threshold <= 20 because "standard 4.5"
    window    = 15m
    duration  = 30m
  }
  audit.retention = 365d
}
"""

PKL_BASELINE = """\
/// The organisation-wide baseline every team policy amends.
module baseline

class Session { idle_timeout: Duration(isBetween(5.min, 12.h)); absolute_lifetime: Duration(this <= 24.h) }
class Token { lifetime: Duration(this <= 1.d); refresh_lifetime: Duration }
class Password { min_length: Int(this >= 12); max_length: Int; history: Int; blocklist: String }
class Lockout { threshold: Int(this <= 20); window: Duration; duration: Duration }

session: Session = new { idle_timeout = 1.h; absolute_lifetime = 12.h }
token: Token = new { lifetime = 1.h; refresh_lifetime = 7.d }
password: Password = new { min_length = 15; max_length = 128; history = 5; blocklist = "breached" }
lockout: Lockout = new { threshold = 10; window = 15.min; duration = 30.min }
audit_retention: Duration = 365.d
"""

TOML_BASELINE = """\
# The organisation-wide baseline, as TOML.
[session]
idle_timeout      = "1h"
absolute_lifetime = "12h"

[token]
lifetime         = "1h"
refresh_lifetime = "7d"

[password]
min_length = 15
max_length = 128
history    = 5
blocklist  = "breached"

[lockout]
threshold = 10
window    = "15m"
duration  = "30m"

[audit]
retention = "365d"

"""


def team(i, rnd):
    idle = rnd.choice([15, 30, 60, 120, 240])
    length = rnd.randint(12, 24)
    threshold = rnd.randint(3, 20)
    ward = f"""\
# Team {i}: the baseline plus a profile, with its own sessions.
policy team-{i} {{
  extends "../baseline.ward", "std:{PROFILES[i % len(PROFILES)]}"

  session {{
    idle_timeout   = {idle}m
    max_concurrent = {rnd.randint(1, 5)}
    on_limit       = deny_new
  }}
  token.lifetime = 15m
  password {{
    min_length = {length}
  }}
  lockout.threshold = {threshold}
  integrations.calendar_{i % 7} {{
    enabled   = true
    audiences = ["sales", "support"]
    consent   = admin
  }}
}}
"""
    pkl = f"""\
/// Team {i}: the baseline, with its own sessions.
amends "../baseline.pkl"

session {{ idle_timeout = {idle}.min }}
token {{ lifetime = 15.min }}
password {{ min_length = {length} }}
lockout {{ threshold = {threshold} }}
"""
    return ward, pkl


def files(n):
    d = OUT / f"files-{n}"
    (d / "teams").mkdir(parents=True, exist_ok=True)
    (d / "pkl" / "teams").mkdir(parents=True, exist_ok=True)
    (d / "baseline.ward").write_text(BASELINE)
    (d / "pkl" / "baseline.pkl").write_text(PKL_BASELINE)
    rnd = random.Random(n)
    imports = []
    for i in range(n):
        ward, pkl = team(i, rnd)
        (d / "teams" / f"team-{i:05}.ward").write_text(ward)
        (d / "pkl" / "teams" / f"team-{i:05}.pkl").write_text(pkl)
        imports.append(f'import "teams/team-{i:05}.pkl" as m{i}')
    body = "\n".join(f"t{i} = m{i}" for i in range(n))
    (d / "pkl" / "all.pkl").write_text("\n".join(imports) + "\n\n" + body + "\n")


def large(mb):
    d = OUT / f"large-{mb}"
    d.mkdir(parents=True, exist_ok=True)
    parts = [BASELINE.replace("policy baseline {", "policy big {").rstrip().rstrip("}")]
    size = sum(len(p) for p in parts)
    i = 0
    while size < mb * 1024 * 1024:
        block = f"""\
  # Integration {i}.
  integrations.app_{i} {{
    enabled   = true
    audiences = ["sales", "support", "team_{i % 97}"]
    consent   = admin
    cache_ttl = {5 + i % 50}m
  }}
"""
        parts.append(block)
        size += len(block)
        i += 1
    parts.append("}\n")
    (d / "big.ward").write_text("".join(parts))
    # The TOML twin: the baseline's values and the same integrations (TOML
    # has no constraints, so the baseline's bounds are left out).
    toml = [TOML_BASELINE]
    size = len(TOML_BASELINE)
    i = 0
    while size < mb * 1024 * 1024:
        block = f"""\
# Integration {i}.
[integrations.app_{i}]
enabled   = true
audiences = ["sales", "support", "team_{i % 97}"]
consent   = "admin"
cache_ttl = "{5 + i % 50}m"

"""
        toml.append(block)
        size += len(block)
        i += 1
    (d / "big.toml").write_text("".join(toml))


def small():
    d = OUT / "small"
    d.mkdir(parents=True, exist_ok=True)
    ward, pkl = team(1, random.Random(1))
    (d / "baseline.ward").write_text(BASELINE)
    (d / "baseline.pkl").write_text(PKL_BASELINE)
    (d / "p.ward").write_text(ward.replace("../baseline.ward", "./baseline.ward"))
    (d / "p.pkl").write_text(pkl.replace("../baseline.pkl", "./baseline.pkl"))


small()
for n in (1000, 10000):
    files(n)
for mb in (1, 10):
    large(mb)
print(f"corpora written to {OUT}")
