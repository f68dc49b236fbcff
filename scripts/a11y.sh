#!/usr/bin/env bash
# Accessibility audit of the example site (WCAG 2.1 A/AA and axe best practice).
#
# Builds the site into a temporary folder, serves it on 127.0.0.1, and runs axe-core in
# Chromium on every page type (scripts/a11y/run.mjs lists them) at phone (390×844) and
# desktop (1280×900) size, in light and dark colour scheme; it also checks heading order,
# the skip link and reflow at 320 px. Prints what it finds and exits non-zero if anything
# is found (1), or if the run itself fails (2).
#
# A manual, optional check: not part of `cargo test` or .ci/run.
#
# Needs:
#   - Rust/cargo (to build the site), python3 (to serve it)
#   - Node.js 18+ and npm; the first run installs the pinned axe-core and playwright-core
#     into scripts/a11y/node_modules (playwright never downloads a browser here)
#   - Chromium:  apt-get install chromium   (or set CHROMIUM=/path/to/chrome)
#
# Usage:  scripts/a11y.sh [--verbose]
#   A11Y_PORT=8765  port to serve on (default: a free one)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/a11y"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"

for tool in cargo python3 node npm; do
  command -v "$tool" >/dev/null || { echo "a11y: $tool is missing" >&2; exit 2; }
done
[ -x "$chromium_bin" ] || { echo "a11y: no Chromium at $chromium_bin (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }

out="$(mktemp -d "${TMPDIR:-/tmp}/framsteg-a11y.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

echo "a11y: building the site into $out"
(cd "$root" && cargo run --quiet --release -- build --output "$out/site") >"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; echo "a11y: the build failed" >&2; exit 2; }

if [ ! -d "$here/node_modules/axe-core" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "a11y: installing axe-core and playwright-core (pinned) into scripts/a11y/node_modules"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

port="${A11Y_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
python3 -m http.server "$port" --bind 127.0.0.1 -d "$out/site" >"$out/http.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

echo "a11y: auditing http://127.0.0.1:$port/"
set +e
node "$here/run.mjs" --base "http://127.0.0.1:$port" --site "$out/site" --chromium "$chromium_bin" "$@"
status=$?
set -e
exit "$status"
