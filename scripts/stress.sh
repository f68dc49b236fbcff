#!/usr/bin/env bash
# Inputs whose size could make a build slow out of proportion (see docs/performance.md):
# one article of each kind below, built on its own with `framsteg build`, timed with GNU time.
#
#   scripts/stress.sh                  # N=100000
#   N=20000 scripts/stress.sh
#   FRAMSTEG=/path/to/other/framsteg scripts/stress.sh
#
# Each build must finish in under 2 s (release, 2 cores) or be refused with a clear error.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-100000}
DIR=${STRESS_DIR:-target/stress}
if [ -z "${FRAMSTEG:-}" ]; then
    cargo build --release --quiet --bin framsteg
fi
BIN=${FRAMSTEG:-target/release/framsteg}

# site NAME: a one-article site whose body is read from stdin
site() {
    local root="$DIR/$1"
    rm -rf "$root"
    mkdir -p "$root/content/articles"
    cat >"$root/content/site.yaml" <<'YAML'
title: Stress
description: Stora indata.
base_url: https://stress.example.se/
language: sv
theme: default
subjects:
  - { id: sprak, name: Språk }
YAML
    {
        printf -- '---\ntitle: Stor text\ndate: 2024-01-01\nsubjects: [sprak]\n---\n'
        cat
    } >"$root/content/articles/2024-01-01-stor.md"
    echo "$root"
}

# run LABEL ROOT: one timed build, "label | wall s | peak MB | result"
run() {
    local stats status
    stats=$(mktemp)
    if /usr/bin/time -f "%e %M" -o "$stats" "$BIN" --root "$2" build >"$2/log" 2>&1; then
        status=built
    else
        status="refused: $(grep -m1 -E '^(fel|error)' "$2/log" || head -c 200 "$2/log")"
    fi
    tail -n 1 "$stats" | awk -v l="$1" -v s="$status" '{printf "| %-34s | %6.2f s | %6.0f MB | %s |\n", l, $1, $2 / 1024, s}'
    rm -f "$stats"
}

echo "framsteg $("$BIN" --version 2>/dev/null || echo "$BIN"), N = $N"
printf "| %-34s | %8s | %9s | %s |\n" "input" "wall" "peak RSS" "result"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "-----------" "--------"
run "$N identical headings (## Samma)" "$(yes '## Samma' | head -n "$N" | sed 'G' | site headings)"
run "$N nested <div>" "$( { yes '<div>' | head -n "$N" | tr -d '\n'; echo; yes '</div>' | head -n "$N" | tr -d '\n'; echo; } | site divs)"
run "$N nested block quotes (> > >)" "$( { yes '>' | head -n "$N" | tr '\n' ' '; echo 'text'; } | site quotes)"
