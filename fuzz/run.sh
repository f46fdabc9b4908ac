#!/usr/bin/env bash
# Runs one fuzz target under libFuzzer on the stable toolchain (coverage
# instrumentation through stable rustc flags; no AddressSanitizer, which
# needs nightly: safe Rust needs it little). The run starts from
# fuzz/seeds/<target>/ and grows fuzz/corpus/<target>/ (not in git);
# crashes land in fuzz/artifacts/<target>/.
#   fuzz/run.sh TARGET [SECONDS=60]
set -euo pipefail
cd "$(dirname "$0")"
TARGET=${1:?target: policy, tmx, redaction, protection or message_json}
SECS=${2:-60}
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions"
# An explicit --target keeps the flags off build scripts and proc macros.
HOST=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release -j2 --target "$HOST" --bin "$TARGET"
mkdir -p "corpus/$TARGET" "artifacts/$TARGET"
cp -n "seeds/$TARGET"/* "corpus/$TARGET"/ 2>/dev/null || true
exec "target/$HOST/release/$TARGET" "corpus/$TARGET" -artifact_prefix="artifacts/$TARGET/" \
  -max_total_time="$SECS" -max_len=8192
