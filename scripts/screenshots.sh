#!/usr/bin/env bash
# The README's pictures of the three pages: runs the browser journey test
# (tests/it/journey.rs), which starts crossdesk with sample conversations
# (an Arabic and a Japanese shopper, a German-speaking agent, a compliance
# officer), drives headless Chromium through them and leaves chat.png,
# agent.png and compliance.png in docs/screenshots/. Rerun it when a page
# changes. The translations in the pictures come from the tests' stand-in
# engine, which writes `[de] …` before the text it was given.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh >/dev/null
export CROSSDESK_SCREENSHOTS="$PWD/docs/screenshots"
cargo test -j2 --test it journey:: -- --exact journey::shoppers_an_agent_and_a_compliance_officer_work_one_conversation
ls -l "$CROSSDESK_SCREENSHOTS"
