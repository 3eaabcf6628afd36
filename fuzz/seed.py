#!/usr/bin/env python3
"""Seeds the fuzz corpora from tests/fixtures/** and policies/**.

Writes fuzz/corpus/parse/ and fuzz/corpus/differential/ (one file per
.ward file),
fuzz/corpus/compile/ (inputs for the `compile` target: up to four files
joined by two NUL bytes, named a.ward, b.ward, sub/c.ward and d.ward by the
target, with `extends` rewritten to point at each other),
fuzz/corpus/descriptor/ (the built-in target descriptors and descriptor
fixtures) and fuzz/corpus/render/ (policy texts with a repetition byte and
three labels, see fuzz_targets/render.rs). The corpora are gitignored.
"""
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
SEP = b"\0\0"


def put(kind, data):
    d = OUT / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def sources():
    for base in ("tests/fixtures", "policies"):
        for p in sorted((ROOT / base).rglob("*")):
            if p.is_file() and p.suffix in (".ward", ".toml"):
                yield p


EXT = re.compile(rb'extends\s+("[^"\n]*"(\s*,\s*"[^"\n]*")*)')

# Where each of the four files refers to the others from.
REFS = {
    0: [b"./b.ward", b"./sub/c.ward", b"./d.ward"],
    1: [b"./sub/c.ward", b"./d.ward"],
    2: [b"../d.ward", b"../a.ward"],
    3: [b"std:pci-dss-4.0"],
}


def relink(text, i):
    """Points a file's `extends` at the next files of the seed."""
    refs = REFS[i]

    def sub(m):
        n = m.group(1).count(b'"') // 2
        picked = [refs[k % len(refs)] for k in range(n)]
        return b"extends " + b", ".join(b'"' + r + b'"' for r in picked)

    return EXT.sub(sub, text)


files = [p.read_bytes() for p in sources()]
for data in files:
    put("parse", data)
    put("compile", data)
    put("differential", data)
# Chains, diamonds and cycles between fixture files.
for start in range(0, len(files), 3):
    group = files[start:start + 4]
    put("compile", SEP.join(relink(t, i) for i, t in enumerate(group)))
# A cycle of length 3 and a self-reference.
put("compile", SEP.join([
    b'policy a { extends "./b.ward"\n session.idle_timeout = 1h }',
    b'policy b { extends "./sub/c.ward" }',
    b'policy c { extends "../a.ward" }',
    b'policy d { extends "./d.ward", "std:owasp-asvs-5.0-l2" }',
]))
# Descriptors: the built-in targets and the descriptor fixtures.
for p in sorted((ROOT / "policies" / "targets").glob("*.toml")):
    put("descriptor", p.read_bytes())
for p in sorted((ROOT / "tests").rglob("*.toml")):
    if "target" in p.read_text(errors="replace")[:400] or "[[settings]]" in p.read_text(errors="replace"):
        put("descriptor", p.read_bytes())
# The renderer: each policy text repeated 2^k times with three labels,
# and one minified line, so lines past column 65,535 come early.
for i, data in enumerate(files[:200]):
    k = bytes([i % 16, 3])
    spans = bytes([0, 0, 16, 0, 0, 128, 0, 16, 255, 250, 255, 0])
    put("render", k + spans + data)
put("render", bytes([15, 1, 255, 250, 64, 0]) + b'{"policy":"p","x":"\x1b]0;t\x07",' * 8)
put("render", bytes([10, 2, 0, 128, 8, 0, 255, 255, 0, 0]) + b"a\rbb\r\ncc\nd")
print(f"seeded {len(list((OUT / 'parse').iterdir()))} parse, "
      f"{len(list((OUT / 'compile').iterdir()))} compile, "
      f"{len(list((OUT / 'descriptor').iterdir()))} descriptor, "
      f"{len(list((OUT / 'render').iterdir()))} render inputs")
