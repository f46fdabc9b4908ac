#!/usr/bin/env bash
# Shoppers waiting for an agent (docs/PERFORMANCE.md, "Shoppers waiting for
# an agent"): the paced message run of bench/load.sh (~1,000 msg/s), first
# alone, then with WAITERS long-polls held open beside it (each waits 30 s
# for a reply that does not come). Prints, for each run, the messages'
# latency, the server's CPU time during the run, its memory (anonymous and
# file-backed) and its threads.
#
#   bench/waiting.sh [WAITERS=2000] [SECONDS=10]
#
# CROSSDESK_BIN=path runs that binary instead of building this checkout's.
#
# Installs wrk from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
WAITERS=${1:-2000}
SECS=${2:-10}
PORT=18082

source bench/lib.sh
ensure_wrk
BIN=$(crossdesk_bin)
# One socket per waiter, plus the paced run's and the server's own.
ulimit -n $((WAITERS * 2 + 1024)) 2>/dev/null || true

write_config $PORT
"$BIN" --config "$WORK/crossdesk.toml" --log-format json serve 2> "$WORK/proxy.log" &
PROXY=$!; PIDS+=("$PROXY")
wait_port $PORT

python3 bench/open_conversations.py 127.0.0.1 $PORT 256 > "$WORK/convs.txt"
python3 bench/open_conversations.py 127.0.0.1 $PORT "$WAITERS" > "$WORK/waiters.txt"
export LUA_DIR="$PWD/bench/wrk"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PROXY/stat"; }
mem() {
  awk '/RssAnon|RssFile/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$PROXY/status"
  echo "threads $(ls "/proc/$PROXY/task" | wc -l)"
}
paced() { # name
  local before after
  before=$(cpu_ticks)
  RATE=1000 CONNS=10 CONVS="$WORK/convs.txt" wrk -t1 -c10 -d"${SECS}s" --timeout 5s \
    -s bench/wrk/proxy.lua "http://127.0.0.1:$PORT" | grep '^{' > "$WORK/run.json"
  after=$(cpu_ticks)
  python3 - "$1" "$WORK/run.json" "$(( after - before ))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
name, path, ticks, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.loads(open(path).read())
print(f"{name:34} {r['rps']:6.0f} msg/s  p50 {r['p50_us']/1000:5.2f} ms  p99 {r['p99_us']/1000:5.2f} ms  "
      f"p999 {r['p999_us']/1000:5.2f} ms  errors {r['errors']}  server CPU {ticks/hz:5.2f} s")
PY
  echo "    $(mem)"
}

echo "== shoppers waiting for an agent: ${SECS}s per run, $(nproc) cores, loopback"
paced "messages alone"
CONVS="$WORK/waiters.txt" wrk -t1 -c"$WAITERS" -d"$((SECS + 5))s" --timeout 40s \
  -s bench/wrk/waiting.lua "http://127.0.0.1:$PORT" > "$WORK/waiting.out" 2>&1 &
PIDS+=("$!")
sleep 3
paced "messages, $WAITERS shoppers waiting"
