#!/usr/bin/env bash
# Several framsteg binaries timed on one corpus in rounds, each round in a new random order,
# and each build's wall and CPU time given as the median over the rounds of its ratio to the
# first binary's build in the same round (see docs/performance.md, "Search"). On a machine
# whose speed changes from one quarter of an hour to the next, only builds run side by side
# can be compared; scripts/ab.sh compares two binaries' medians, this their ratios per round.
#
#   scripts/rounds.sh ROUNDS BASE_BIN OTHER_BIN...
#   ROOT=target/bench/corpus-10000 OUT=/dev/shm/rounds scripts/rounds.sh 21 /tmp/a /tmp/b
#   COLD=1 scripts/rounds.sh 11 /tmp/a /tmp/b      # a new output folder for every build
#
# Warm (default): each binary builds into a folder of its own that holds its last build, as
# bench.sh's "warm". COLD=1: every build into a new folder, all deleted at the end (as
# bench.sh's "cold": deleting between builds would time the file system, not framsteg).
# Input files are read once before each build, so that every build finds them cached.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?usage: scripts/rounds.sh ROUNDS BASE_BIN OTHER_BIN...}
shift
[ $# -ge 2 ] || { echo "usage: scripts/rounds.sh ROUNDS BASE_BIN OTHER_BIN..." >&2; exit 2; }
BINS=("$@")
ROOT=${ROOT:-target/bench/corpus-10000}
OUT=${OUT:-target/bench/rounds}
export FRAMSTEG_TODAY=${FRAMSTEG_TODAY:-2027-01-01}
[ -d "$ROOT/content" ] || { echo "no corpus at $ROOT (cargo run --release --example gen_corpus -- 10000 $ROOT)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "rounds.sh needs GNU time at /usr/bin/time" >&2; exit 2; }
mkdir -p "$OUT"
times="$OUT/times.txt"
: >"$times"

# once ROUND BIN_INDEX: one build; appends "round index wall cpu maxrss_kb"
once() {
    local out="$OUT/warm-$2" stats
    if [ "${COLD:-0}" = 1 ]; then out="$OUT/cold-$1-$2"; fi
    stats=$(mktemp)
    find "$ROOT/content" -type f -exec cat {} + >/dev/null
    /usr/bin/time -f "%e %U %S %M" -o "$stats" "${BINS[$2]}" --root "$ROOT" build --output "$out" >/dev/null 2>&1
    awk -v r="$1" -v i="$2" '{printf "%d %d %.3f %.3f %d\n", r, i, $1, $2 + $3, $4}' "$stats" >>"$times"
    rm -f "$stats"
}

n=${#BINS[@]}
if [ "${COLD:-0}" != 1 ]; then
    for i in $(seq 0 $((n - 1))); do once 0 "$i"; done
    : >"$times"
fi
for r in $(seq "$ROUNDS"); do
    for i in $(seq 0 $((n - 1)) | shuf); do once "$r" "$i"; done
done
rm -rf "$OUT"/cold-* "$OUT"/.cold-* "$OUT"/warm-* "$OUT"/.warm-*

echo "corpus $ROOT, $ROUNDS rounds, $([ "${COLD:-0}" = 1 ] && echo cold || echo warm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$n" '
    function median(a, k,   i, j, t) {
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    { w[$1, $2] = $3; c[$1, $2] = $4; if ($5 > m[$2]) m[$2] = $5; rounds[$1] = 1 }
    END {
        for (i = 0; i < n; i++) {
            k = 0
            for (r in rounds) { k++; ws[k] = w[r, i]; cs[k] = c[r, i]; rw[k] = w[r, i] / w[r, 0] - 1; rc[k] = c[r, i] / c[r, 0] - 1 }
            line = sprintf("binary %d: wall %.3f s, CPU %.3f s (medians), peak RSS %d MB", i, median(ws, k), median(cs, k), m[i] / 1024)
            if (i > 0) line = line sprintf(" | against binary 0: wall %+.1f %%, CPU %+.1f %%", median(rw, k) * 100, median(rc, k) * 100)
            print line
        }
    }' "$times"
