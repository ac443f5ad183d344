#!/usr/bin/env bash
# Opens a page in headless Chromium (Debian's chromium) with a fresh profile and no network activity of its own, and
# passes the remaining arguments on: e.g. `chromium.sh --dump-dom report.html` prints the DOM after loading,
# `chromium.sh --screenshot=shot.png --window-size=1200,1500 report.html` saves a screenshot. The page's console messages
# go to stderr as "INFO:CONSOLE" lines. Used by the report tests and to make the README's screenshot.
set -euo pipefail
browser="${MYELIN_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$browser" ]; then
    echo "chromium.sh: no chromium on PATH (apt-get install chromium, or set MYELIN_CHROMIUM)" >&2
    exit 127
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
args=()
for a in "$@"; do
    if [ -f "$a" ]; then a="file://$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"; fi
    args+=("$a")
done
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars "${args[@]}"
