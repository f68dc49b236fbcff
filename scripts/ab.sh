#!/usr/bin/env bash
# Interleaved A/B timing of two framsteg binaries on one generated corpus (see
# docs/performance.md). The two builds alternate, A B A B …, so that whatever else the machine
# does at the time weighs on both alike; with CALLGRIND=1 each binary's instruction count is
# also taken once under valgrind, a figure that does not depend on the machine's load.
#
#   scripts/ab.sh BASE_BIN [NEW_BIN]      # NEW_BIN defaults to this checkout's release build
#   N=10000 RUNS=15 OUT_DIR=/dev/shm/ab CALLGRIND=1 scripts/ab.sh /tmp/old/framsteg
#   BASE_ROOT=/dev/shm/old-10k NEW_ROOT=/dev/shm/old-10k-keys scripts/ab.sh /tmp/old/framsteg
#
# BASE_ROOT and NEW_ROOT give each binary a site of its own (default: the corpus this
# checkout's gen_corpus makes): an older framsteg refuses keys a newer gen_corpus writes, and
# a newer one may require keys an older corpus lacks, so compare those on an old corpus and
# the same corpus with the keys added.
#
# Both binaries build the same corpus (or each its own, above) into folders of their own
# (warm: the output folder already holds the site, as in bench.sh's "warm" row); the script
# prints the median wall and CPU time of each and NEW/BASE as a percentage.
set -euo pipefail

cd "$(dirname "$0")/.."
# The corpus dates articles up to a few weeks past the day it was first made: a fixed build
# day publishes the same articles whenever the script runs (as in bench.sh).
export FRAMSTEG_TODAY=${FRAMSTEG_TODAY:-2027-01-01}
BASE=${1:?usage: scripts/ab.sh BASE_BIN [NEW_BIN]}
N=${N:-10000}
RUNS=${RUNS:-11}
BENCH_DIR=${BENCH_DIR:-target/bench}
OUT_DIR=${OUT_DIR:-$BENCH_DIR}
if [ -z "${2:-}" ]; then
    cargo build --release --quiet --bin framsteg
fi
NEW=${2:-target/release/framsteg}
cargo build --release --quiet --example gen_corpus
GEN=target/release/examples/gen_corpus

dir="$BENCH_DIR/corpus-$N"
if [ -z "${BASE_ROOT:-}" ] || [ -z "${NEW_ROOT:-}" ]; then
    stamp="$(sha256sum examples/gen_corpus.rs | cut -c1-16)-$N"
    if [ "$(cat "$dir/.gen-stamp" 2>/dev/null)" != "$stamp" ]; then
        "$GEN" "$N" "$dir" >/dev/null
        echo "$stamp" >"$dir/.gen-stamp"
    fi
fi
BASE_ROOT=${BASE_ROOT:-$dir}
NEW_ROOT=${NEW_ROOT:-$dir}
mkdir -p "$OUT_DIR"

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# once BIN ROOT OUT: one warm build, appends "wall cpu" to OUT.times
once() {
    local stats
    stats=$(mktemp)
    find "$2/content" -type f -exec cat {} + >/dev/null
    /usr/bin/time -f "%e %U %S" -o "$stats" "$1" --root "$2" build --output "$3" >/dev/null
    tail -n 1 "$stats" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}' >>"$3.times"
    rm -f "$stats"
}

a="$OUT_DIR/ab-base"
b="$OUT_DIR/ab-new"
rm -f "$a.times" "$b.times"
"$BASE" --root "$BASE_ROOT" build --output "$a" >/dev/null
"$NEW" --root "$NEW_ROOT" build --output "$b" >/dev/null
for _ in $(seq "$RUNS"); do
    once "$BASE" "$BASE_ROOT" "$a"
    once "$NEW" "$NEW_ROOT" "$b"
done

wa=$(cut -d' ' -f1 "$a.times" | median)
wb=$(cut -d' ' -f1 "$b.times" | median)
ca=$(cut -d' ' -f2 "$a.times" | median)
cb=$(cut -d' ' -f2 "$b.times" | median)
echo "corpus: $BASE_ROOT / $NEW_ROOT, $RUNS interleaved warm builds each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "| %-6s | %10s | %10s |\n" "" "wall (med)" "CPU (med)"
printf "| %-6s | %8s s | %8s s |\n" base "$wa" "$ca" new "$wb" "$cb"
awk -v wa="$wa" -v wb="$wb" -v ca="$ca" -v cb="$cb" \
    'BEGIN {printf "new/base: wall %+.1f %%, CPU %+.1f %%\n", (wb / wa - 1) * 100, (cb / ca - 1) * 100}'

if [ "${CALLGRIND:-0}" = 1 ]; then
    count() {
        local log
        log=$(mktemp)
        RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$1" --root "$2" build --output "$3" >/dev/null 2>"$log"
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$log"
        rm -f "$log"
    }
    ia=$(count "$BASE" "$BASE_ROOT" "$a")
    ib=$(count "$NEW" "$NEW_ROOT" "$b")
    echo "instructions (callgrind, one thread): base $ia, new $ib"
    awk -v a="$ia" -v b="$ib" 'BEGIN {printf "new/base: instructions %+.1f %%\n", (b / a - 1) * 100}'
fi
rm -rf "$a" "$b" "$a.times" "$b.times" "$OUT_DIR"/.ab-*
