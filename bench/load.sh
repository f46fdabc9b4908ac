#!/usr/bin/env bash
# Load benchmark (docs/PERFORMANCE.md): crossdesk on embedded defaults, full
# path, against the built-in bot alone behind a bare endpoint
# (`crossdesk bare-bot`), driven by wrk with the same shopper traffic on
# loopback, for a bounded time. Prints throughput, p50/p99/p999 for each,
# the overhead, crossdesk's memory idle and with 10,000 conversations, its
# CPU time per message, the bytes it writes per message, and the largest
# WAL file of a region store during the runs.
#
#   bench/load.sh [SECONDS_PER_RUN=10] [CONNECTIONS=32]
#
# CROSSDESK_BIN=path runs that binary instead of building this checkout's
# (A/B runs of two builds on the same traffic); HTTP_WORKERS=N runs it with
# `http_workers = N`.
#
# Installs wrk from Debian's packages when missing. Rate limits are switched
# off for the run (they would throttle one client address, by design).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-32}
PROXY_PORT=18080
BARE_PORT=18081

source bench/lib.sh
ensure_wrk
BIN=$(crossdesk_bin)
write_config $PROXY_PORT

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# The default log level (info, one line per request), as deployed, to a file.
"$BIN" --config "$WORK/crossdesk.toml" --log-format json serve 2> "$WORK/proxy.log" &
PROXY=$!; PIDS+=("$PROXY")
CROSSDESK_LOG=warn "$BIN" bare-bot --listen "127.0.0.1:$BARE_PORT" 2> "$WORK/bare.log" &
BARE=$!; PIDS+=("$BARE")
wait_port $PROXY_PORT
wait_port $BARE_PORT
sleep 1
IDLE_RSS=$(rss_mb $PROXY)

# The largest WAL file of a region store during the runs: under steady load
# it must stay bounded (docs/PERFORMANCE.md, "SQLite settings": the WAL starts over).
echo 0 > "$WORK/wal_max"
sample_wal() {
  local max=0 size f
  while kill -0 "$PROXY" 2>/dev/null; do
    for f in "$WORK"/data/*.db-wal; do
      [ -e "$f" ] || continue
      size=$(stat -c %s "$f")
      if [ "$size" -gt "$max" ]; then max=$size; echo "$max" > "$WORK/wal_max"; fi
    done
    sleep 0.5
  done
}
sample_wal &
PIDS+=("$!")

python3 bench/open_conversations.py 127.0.0.1 $PROXY_PORT 256 > "$WORK/convs.txt"

export LUA_DIR="$PWD/bench/wrk" CONVS="$WORK/convs.txt" CONNS
run() { # name url script [rate]
  local rate=${4:-0} conns=$CONNS
  if [ "$rate" != 0 ]; then conns=10; fi
  RATE=$rate CONNS=$conns wrk -t1 -c"$conns" -d"${SECS}s" --timeout 5s \
    -s "bench/wrk/$3" "$2" | grep '^{' | sed "s|^{|{\"run\": \"$1\", |"
}

echo "== crossdesk load benchmark: ${SECS}s per run, $(nproc) cores, loopback"
RESULTS="$WORK/results.jsonl"
run "bare bot, unpaced ($CONNS conns)" "http://127.0.0.1:$BARE_PORT" bare.lua | tee -a "$RESULTS"
# crossdesk's CPU time (user and system, clock ticks) around each of its runs.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PROXY/stat"; }
CPU_BEFORE=$(cpu_ticks)
run "crossdesk, unpaced ($CONNS conns)" "http://127.0.0.1:$PROXY_PORT" proxy.lua | tee -a "$RESULTS"
CPU_UNPACED=$(( $(cpu_ticks) - CPU_BEFORE ))
run "bare bot, 1000 msg/s" "http://127.0.0.1:$BARE_PORT" bare.lua 1000 | tee -a "$RESULTS"
# Bytes crossdesk hands to write(2) during the paced run (WAL, checkpoints,
# logs): what a message costs the disk.
written() { awk '/^wchar/ { print $2 }' "/proc/$PROXY/io"; }
WRITTEN_BEFORE=$(written)
CPU_BEFORE=$(cpu_ticks)
run "crossdesk, 1000 msg/s" "http://127.0.0.1:$PROXY_PORT" proxy.lua 1000 | tee -a "$RESULTS"
CPU_PACED=$(( $(cpu_ticks) - CPU_BEFORE ))
WRITTEN=$(( $(written) - WRITTEN_BEFORE ))
LOADED_RSS=$(rss_mb $PROXY)
# Which path the traffic took: conversations waiting for a person take the
# queue-position read on every message (docs/PERFORMANCE.md).
OPS=$("$BIN" --config "$WORK/crossdesk.toml" ops-token --name load-bench 2>/dev/null | tail -n 1)
HANDOFFS=$(python3 -c 'import sys, urllib.request as u
r = u.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
print(u.urlopen(r).read().decode())' "http://127.0.0.1:$PROXY_PORT/metrics" "$OPS" \
  | awk -F'"' '/^crossdesk_handoffs_total/ { split($3, n, " "); printf "%s=%s ", $2, n[2] }')

python3 bench/open_conversations.py 127.0.0.1 $PROXY_PORT 10000 > /dev/null
sleep 1
CONV_RSS=$(rss_mb $PROXY)

python3 - "$RESULTS" <<PY
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
by = {r["run"]: r for r in runs}
bare, proxy = runs[0], runs[1]
bare_r, proxy_r = runs[2], runs[3]
print()
print(f"{'run':36} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p999 ms':>8} {'errors':>7}")
for r in runs:
    print(f"{r['run']:36} {r['rps']:8.0f} {r['p50_us']/1000:8.2f} {r['p99_us']/1000:8.2f} {r['p999_us']/1000:8.2f} {r['errors']:7d}")
print()
print(f"throughput through the full path: {proxy['rps']:.0f} msg/s (target >= 5000)")
print(f"p99 added at ~1000 msg/s: {(proxy_r['p99_us'] - bare_r['p99_us'])/1000:.2f} ms (target <= 1 ms); "
      f"p50 added: {(proxy_r['p50_us'] - bare_r['p50_us'])/1000:.2f} ms")
tick_us = 1e6 / $(getconf CLK_TCK)
print(f"crossdesk's CPU time per message: {$CPU_UNPACED * tick_us / proxy['requests']:.0f} us unpaced, "
      f"{$CPU_PACED * tick_us / proxy_r['requests']:.0f} us at ~1000 msg/s")
print(f"bytes written per message at ~1000 msg/s: {$WRITTEN / proxy_r['requests'] / 1024:.1f} KB")
print("hand-offs of the 256 benchmark conversations, by reason: ${HANDOFFS:-none}")
print("RSS idle: $IDLE_RSS MB (target <= 64); after the load runs: $LOADED_RSS MB; "
      "with 10,000 more conversations: $CONV_RSS MB (target <= 256)")
PY
awk '{ printf "largest WAL of a region store during the runs: %.1f MB\n", $1 / 1048576 }' "$WORK/wal_max"
