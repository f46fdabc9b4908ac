# Shared by the bench scripts (sourced from the repository's root): wrk, a
# work folder that goes on exit with the servers started for the run, a
# port to wait for, and crossdesk's config for a run.

# Installs Debian's package PACKAGE when its command COMMAND is missing.
ensure_command() { # COMMAND PACKAGE
  if ! command -v "$1" >/dev/null; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y -q "$2" >/dev/null
  fi
}

# Installs wrk from Debian's packages when missing.
ensure_wrk() {
  ensure_command wrk wrk
}

WORK=$(mktemp -d)
# Servers to stop on exit (add with PIDS+=("$!")).
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits until 127.0.0.1:PORT accepts connections (10 s at most).
wait_port() {
  for _ in $(seq 1 100); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2
  exit 1
}

# $WORK/crossdesk.toml: crossdesk on PORT with its data in $WORK/data, rate
# limits off (they would throttle the one client address, by design), and
# no cap on waiting long-polls (waiting.sh measures as many as it is asked).
# HTTP_WORKERS=N sets `http_workers` (0, the default: one per core).
write_config() {
  cat > "$WORK/crossdesk.toml" <<TOML
listen = "127.0.0.1:$1"
data_dir = "$WORK/data"
http_workers = ${HTTP_WORKERS:-0}
[limits]
per_ip_per_minute = 0
opens_per_ip_per_minute = 0
per_conversation_per_minute = 0
waiting_requests = 0
TOML
}

# The crossdesk binary to measure: CROSSDESK_BIN when set (A/B runs of two
# builds on the same traffic), else this checkout's release build.
crossdesk_bin() {
  if [ -n "${CROSSDESK_BIN:-}" ]; then
    echo "$CROSSDESK_BIN"
  else
    cargo build --release -j2 --quiet >&2
    echo target/release/crossdesk
  fi
}
