#!/usr/bin/env bash
# The accessibility and validity gate, run by .ci/run after `cargo test` (and by hand).
#
# Builds the example site and two generated stress sites (Swedish and English: long compound
# words, an empty subject and a paginated one, a list of 1,000 items, every initiative status,
# only required keys, tables, footnotes, stories without image), serves each on 127.0.0.1,
# and fails when (scripts/gate/run.mjs):
#   - axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) finds a violation: every page once at
#     1280 px, and each page type at 320, 375 and 1280 px, light and dark, and without
#     JavaScript where the page has a script;
#   - the W3C Nu validator reports an error in any HTML file; a feed is not well-formed XML;
#     the sitemap does not validate against scripts/gate/sitemap.xsd; JSON or CSV do not parse;
#   - a page asks another host for anything (every browser request is intercepted);
#   - an internal link or #fragment leads nowhere (every built HTML file is crawled);
#   - an interactive element is not reached by Tab, or shows no focus; the skip link does not
#     move focus to <main>; the page scrolls sideways at 320 px;
#   - chart text is under 12 px at 320 px, chart marks vanish in forced colours, or link
#     addresses are not printed;
#   - search: a query typed on /sok/ (example site: "matematiken", stress site: its longest
#     compound word) shows no results, sections or marked words, or axe, reflow or keyboard
#     find something with them shown (320 and 1280 px, light and dark); "skolan" (more than
#     ten hits) does not offer "show more", or Tab does not reach it, or Enter on it does not
#     focus the first new result; the first query for "skolan" on the stress site transfers
#     more than 300 kB (every response from the page's load on; the figure is printed).
#
# Usage:  scripts/gate.sh              the gate
#         scripts/gate.sh --self-test  the gate run on the example site with a broken theme
#                                      (scripts/gate/broken-theme): it must report a missing
#                                      label, low contrast, an unclosed element and an external
#                                      font, else the self-test fails
# Needs: root or an installed /usr/bin/chromium (else `apt-get install chromium`), Node 20+
# and npm, Java 11+, cargo. Installs by itself, when missing: chromium and libxml2-utils
# (apt-get), the pinned Node packages of scripts/gate/package-lock.json (npm ci; the Nu
# validator is the npm package vnu-jar, run with `java -jar`). Playwright never downloads a
# browser here.
# Environment: CHROMIUM (default /usr/bin/chromium), GATE_WORKERS (default 3),
#   GATE_KEEP=1 keeps the built sites and the report in the temporary folder,
#   GATE_DEBUG=1 prints every page load with its time.
# Exit: 0 passed, 1 something found (listed by page, mode and rule), 2 the gate itself failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/gate"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
self_test=0
[ "${1:-}" = "--self-test" ] && self_test=1
started=$(date +%s)

say() { echo "gate: $*"; }
die() { echo "gate: $*" >&2; exit 2; }

# 1. What the gate needs.
missing_pkgs=()
[ -x "$chromium_bin" ] || missing_pkgs+=(chromium)
command -v xmllint >/dev/null || missing_pkgs+=(libxml2-utils)
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${missing_pkgs[*]}: run as root, or install them (apt-get install ${missing_pkgs[*]})"
  say "installing ${missing_pkgs[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed"
  apt-get install -y -qq "${missing_pkgs[@]}" >/dev/null || die "apt-get install ${missing_pkgs[*]} failed"
  [ -x "$chromium_bin" ] || die "no Chromium at $chromium_bin after installing (set CHROMIUM)"
fi
for tool in cargo node npm java xmllint; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done
# npm ci when node_modules was not installed from this very lockfile.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.gate-lock" 2>/dev/null; then
  say "installing the pinned Node packages (npm ci in scripts/gate)"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || die "npm ci failed"
  cp "$here/package-lock.json" "$here/node_modules/.gate-lock"
fi

# 2. The sites.
work="$(mktemp -d "${TMPDIR:-/tmp}/framsteg-gate.XXXXXX")"
cleanup() { if [ "${GATE_KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

say "building framsteg"
# The binary `cargo test` has just built (the output does not depend on the profile).
(cd "$root" && cargo build --quiet --bin framsteg) || die "cargo build failed"
bin="$root/target/debug/framsteg"

build_site() { # name, site folder
  if ! (cd "$2" && "$bin" build --output "$work/out-$1") >"$work/build-$1.log" 2>&1; then
    cat "$work/build-$1.log" >&2
    die "the $1 site did not build"
  fi
}

sites=()
only=()
if [ "$self_test" = 1 ]; then
  # The example site with the broken theme beside it.
  mkdir -p "$work/broken"
  cp -a "$root/content" "$work/broken/content"
  mkdir -p "$work/broken/themes"
  cp -a "$here/broken-theme" "$work/broken/themes/broken"
  sed -i 's/^theme: .*/theme: broken/' "$work/broken/content/site.yaml"
  build_site broken "$work/broken"
  sites+=(--site "broken=$work/out-broken")
  only=(--only /,/om/,/tillganglighet/ --quiet)
else
  build_site example "$root"
  node "$here/stress.mjs" "$work/stress-sv" sv >/dev/null
  node "$here/stress.mjs" "$work/stress-en" en >/dev/null
  build_site stress "$work/stress-sv"
  build_site stress-en "$work/stress-en"
  sites+=(--site "example=$work/out-example" --site "stress=$work/out-stress" --site "stress-en=$work/out-stress-en")
  # Words typed into the search page: WORD (results with sections) and one with more than ten hits.
  sites+=(--search "example=matematiken,skolan"
    --search "stress=grundskoleförvaltningsutvecklingssamordnarutbildningsprogrammet,skolan"
    --transfer "stress=skolan" --transfer-limit 300000)
fi
say "sites built in $(( $(date +%s) - started )) s"

# 3. The checks.
set +e
node "$here/run.mjs" "${sites[@]}" "${only[@]}" --chromium "$chromium_bin" --report "$work/report.json"
status=$?
set -e

if [ "$self_test" = 1 ]; then
  [ "$status" = 2 ] && die "self-test: the gate itself failed"
  node "$here/self-test.mjs" "$work/report.json" || { echo "gate: self-test FAILED: the gate let a broken theme through" >&2; exit 1; }
  say "self-test passed in $(( $(date +%s) - started )) s: the broken theme was caught"
  exit 0
fi
say "finished in $(( $(date +%s) - started )) s"
exit "$status"
