#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver (the WebDriver server the
# browser tests drive it through), and fonts for Chinese, Japanese and Korean
# (pages and screenshots in those scripts), when they are not there yet.
# Idempotent; prints the browser's path.
set -euo pipefail
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
cjk_fonts() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ja 2>/dev/null)" ]; }
if [ -z "$browser" ] || ! command -v chromedriver >/dev/null 2>&1 || ! cjk_fonts; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null
  }
  browser=$(command -v chromium)
fi
echo "$browser"
