#!/usr/bin/env bash
# Instructions per shopper message, counted by valgrind's callgrind: unlike
# wall-clock figures on this shared 2-core machine, which move by ±15 % from
# run to run, the count is the same within ~1 % for the same build and
# traffic (docs/PERFORMANCE.md). Starts crossdesk on embedded defaults under
# callgrind, opens 64 conversations, sends 50 messages to warm it up, then
# counts MESSAGES more, sent one after another, and prints the count per
# message and the functions that executed the most instructions.
#
#   bench/instructions.sh [MESSAGES=1000]
#
# CROSSDESK_BIN=path counts that binary instead of building this checkout's
# (A/B of two builds). Installs valgrind from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-1000}
PORT=18086

source bench/lib.sh
ensure_command valgrind valgrind
BIN=$(crossdesk_bin)
write_config $PORT

valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
  "$BIN" --config "$WORK/crossdesk.toml" --log-format json serve 2> "$WORK/proxy.log" &
PROXY=$!; PIDS+=("$PROXY")
# Start-up under callgrind takes a while (the language model is built).
for _ in $(seq 1 600); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.2
done
wait_port $PORT

python3 bench/open_conversations.py 127.0.0.1 $PORT 64 > "$WORK/convs.txt"
python3 bench/send.py 127.0.0.1 $PORT "$WORK/convs.txt" 50 > /dev/null
callgrind_control --zero "$PROXY" > /dev/null
python3 bench/send.py 127.0.0.1 $PORT "$WORK/convs.txt" "$MESSAGES"
callgrind_control --dump "$PROXY" > /dev/null
# KEEP=path keeps the dump, for callgrind_annotate.
[ -n "${KEEP:-}" ] && trap 'cp "$WORK/callgrind.out.1" "$KEEP"; cleanup' EXIT
# The dump since the zeroing is the file with suffix .1.
DUMP="$WORK/callgrind.out.1"
for _ in $(seq 1 50); do [ -s "$DUMP" ] && break; sleep 0.2; done
TOTAL=$(awk '/^(summary|totals):/ { print $2; exit }' "$DUMP")
echo "instructions per message: $((TOTAL / MESSAGES)) ($TOTAL for $MESSAGES messages)"
echo "functions that executed the most instructions themselves, per message:"
# callgrind_annotate also lists the threads' entry points with nearly all of
# the total (inclusive); those are left out (50 % and more).
callgrind_annotate --threshold=100 "$DUMP" 2>/dev/null \
  | awk -v n="$MESSAGES" '
      match($0, /^ *[0-9,]+ \( *[0-9.]+%\) +/) && shown < 15 {
        count = $1; gsub(",", "", count)
        pct = $0; sub(/^[^(]*\( */, "", pct); sub(/%.*/, "", pct)
        if (pct + 0 >= 50) next
        name = substr($0, RLENGTH + 1); sub(/ \[.*$/, "", name); sub(/^\?\?\?:/, "", name)
        printf "  %8d  %5.2f %%  %s\n", count / n, pct, name; shown++
      }'
