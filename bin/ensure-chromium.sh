#!/usr/bin/env bash
# The console's end-to-end tests drive Debian's chromium (playwright cannot download a browser here).
# `npm test` runs this first so a fresh machine passes with the README's command alone.
set -euo pipefail
browser="${DESK_CHROMIUM:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
echo "chromium is missing ($browser): installing Debian's package for the console tests" >&2
if [ "$(id -u)" -eq 0 ]; then
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || true
elif command -v sudo >/dev/null; then
  { sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; } || true
fi
if [ ! -x "$browser" ]; then
  echo "could not install chromium: run 'sudo apt-get install -y chromium' (or set DESK_CHROMIUM), then npm test" >&2
  exit 1
fi
