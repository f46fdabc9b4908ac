#!/usr/bin/env bash
# The latency floor of a durable write per request on this machine
# (docs/PERFORMANCE.md, "The floor"): `examples/floor.rs` answers the same
# shopper texts as the bare bot, bare and then with one committed SQLite
# write per request through a writer thread, driven by wrk at 1000 msg/s as
# in bench/load.sh. Prints p50/p99/p999 for each and what the write adds.
# `exchange-work` adds FLOOR_WORK_US (default 250) microseconds of
# computation per request to the lean writes (see examples/floor.rs). Also
# prints the server's CPU time per request.
#
#   bench/floor.sh [SECONDS_PER_RUN=10] [ROUNDS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
ROUNDS=${2:-1}
PORT=18082

source bench/lib.sh
ensure_wrk
cargo build --release -j2 --quiet --example floor
BIN=target/release/examples/floor

export LUA_DIR="$PWD/bench/wrk" RATE=1000 CONNS=10
RESULTS="$WORK/results.jsonl"
echo "== latency floor: ${SECS}s per run, $ROUNDS round(s), $(nproc) cores, loopback, 1000 msg/s"
for round in $(seq 1 "$ROUNDS"); do
  for mode in bare insert exchange exchange-lean exchange-work; do
    rm -rf "$WORK/data"
    "$BIN" "127.0.0.1:$PORT" "$mode" "$WORK/data" &
    PID=$!
    PIDS+=("$PID")
    wait_port $PORT
    # Warm-up, as the load benchmark's conversations are opened first.
    wrk -t1 -c10 -d2s -s bench/wrk/bare.lua "http://127.0.0.1:$PORT" > /dev/null
    # The server's CPU time (user and system, clock ticks) around the run.
    CPU_BEFORE=$(awk '{ print $14 + $15 }' "/proc/$PID/stat")
    wrk -t1 -c10 -d"${SECS}s" --timeout 5s -s bench/wrk/bare.lua "http://127.0.0.1:$PORT" \
      | grep '^{' > "$WORK/run.json"
    CPU=$(( $(awk '{ print $14 + $15 }' "/proc/$PID/stat") - CPU_BEFORE ))
    sed "s|^{|{\"round\": $round, \"run\": \"$mode\", \"cpu_ticks\": $CPU, |" "$WORK/run.json" \
      | tee -a "$RESULTS"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PIDS=()
  done
done

python3 - "$RESULTS" "$(getconf CLK_TCK)" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
tick_us = 1e6 / int(sys.argv[2])
print()
print(f"{'round':>5} {'run':14} {'msg/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'p999 ms':>8} {'p50 added':>10} {'p99 added':>10} {'CPU/req us':>11}")
for r in runs:
    bare = next(b for b in runs if b["round"] == r["round"] and b["run"] == "bare")
    print(f"{r['round']:5d} {r['run']:14} {r['rps']:6.0f} {r['p50_us']/1000:7.2f} {r['p99_us']/1000:7.2f} "
          f"{r['p999_us']/1000:8.2f} {(r['p50_us']-bare['p50_us'])/1000:10.2f} {(r['p99_us']-bare['p99_us'])/1000:10.2f} "
          f"{r['cpu_ticks'] * tick_us / r['requests']:11.0f}")
PY
