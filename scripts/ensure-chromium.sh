#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser test, when it is
# not there yet. Idempotent; prints the browser's path.
set -euo pipefail
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then command -v "$b"; exit 0; fi
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null 2>&1
  $SUDO apt-get install -y -q chromium >/dev/null
}
command -v chromium
