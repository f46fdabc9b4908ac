#!/usr/bin/env bash
# `crossdesk models fetch` of a model the size of opus-mt's (docs/translation.md,
# "Installing a pair"): a hub in the Hugging Face layout served from a folder
# by Python's http.server on 127.0.0.1 (the tree listing as a file, the files
# under resolve/), with random weights of SIZE_MB MiB. Prints the fetch's
# wall time and peak memory, then the same for `models verify`.
#
#   bench/models_fetch.sh [SIZE_MB=312]
#
# CROSSDESK_BIN=path runs that binary instead of building this checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-312}
PORT=18765

source bench/lib.sh
BIN=$(crossdesk_bin)
REV=d7a4e7e03d08f8aa6ed2948f8f52d0285bed7cce

python3 - "$WORK/hub" "$REV" "$SIZE_MB" <<'PY'
import hashlib, json, os, sys
root, rev, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
repo = "Helsinki-NLP/opus-mt-es-en"
files = os.path.join(root, repo, "resolve", rev)
os.makedirs(files)
small = {"config.json": b'{"d_model": 512}', "source.spm": b"s" * 826_000,
         "target.spm": b"t" * 802_000, "vocab.json": b'{"a": 1}' * 200_000}
entries = []
for name, data in small.items():
    open(os.path.join(files, name), "wb").write(data)
    oid = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    entries.append({"type": "file", "path": name, "size": len(data), "oid": oid})
h, size, chunk = hashlib.sha256(), 0, os.urandom(1 << 20)
with open(os.path.join(files, "model.safetensors"), "wb") as f:
    for _ in range(size_mb):
        f.write(chunk); h.update(chunk); size += len(chunk)
entries.append({"type": "file", "path": "model.safetensors", "size": size, "oid": "0" * 40,
                "lfs": {"oid": h.hexdigest(), "size": size, "pointerSize": 134}})
tree = os.path.join(root, "api", "models", repo, "tree")
os.makedirs(tree)
open(os.path.join(tree, rev), "w").write(json.dumps(entries))
PY

(cd "$WORK/hub" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
PIDS+=("$!")
wait_port "$PORT"

measure() { # LABEL COMMAND...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak resident" "$@" >/dev/null 2>"$WORK/time"
  tail -1 "$WORK/time"
}
measure fetch "$BIN" models fetch es-en --hub "http://127.0.0.1:$PORT" --dir "$WORK/models"
measure verify "$BIN" models verify --dir "$WORK/models"
