#!/bin/sh
# Runs one fuzz target for SECONDS (default 600) at low priority, with the
# seeded corpus; the log's last `#N ... exec/s` line gives the figures.
# Usage: fuzz/run.sh TARGET [SECONDS]
set -e
cd "$(dirname "$0")"
t=$1; secs=${2:-600}
[ -d corpus/"$t" ] || python3 seed.py
mkdir -p corpus/"$t" artifacts/"$t" logs
nice -n 10 cargo +nightly fuzz run "$t" corpus/"$t" -- \
  -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 > logs/"$t".log 2>&1
