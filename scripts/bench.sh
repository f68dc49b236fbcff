#!/usr/bin/env bash
# Benchmark of `framsteg build` on generated corpora (see docs/performance.md).
#
#   scripts/bench.sh                 # 1,000 and 10,000 articles, 5 runs each
#   RUNS=10 SIZES="10000" scripts/bench.sh
#   BENCH_DIR=/tmp/fb scripts/bench.sh
#   FRAMSTEG=/path/to/other/framsteg scripts/bench.sh   # time another build of framsteg
#   OUT_DIR=/dev/shm/fb scripts/bench.sh                # write the sites to tmpfs
#   SERVE_N=1000 PORT=1200 scripts/bench.sh             # serve's corpus size and port
#   PHOTOS=1000 SIZES=10000 scripts/bench.sh            # with 1,000 photos of 3000×2000
#
# For each corpus it measures, with GNU time, the wall time, user+system CPU time and peak
# resident memory of
#   cold: a build into a new, empty output folder (each run its own folder, all deleted at
#         the end: on ext4 without a journal, making files soon after deleting many is slow,
#         and that would be measuring the deletion, not framsteg);
#   warm: a build whose output folder already holds the same site (nothing changed; from the
#         third build on, framsteg reuses the retired output folder `.out.old`).
# Input files are in the page cache in both cases: they are read once before each timed
# build (some virtual machines, this project's among them, drop the page cache within a
# minute); "cold" means an empty output/, not a cold disk. Run as root, the script also times
#   uncached: a cold build right after `echo 1 > /proc/sys/vm/drop_caches`, as the first
#         build after a reboot, with every input file read from the disk.
# Reported: median and best wall time, median CPU, highest peak RSS over the runs.
#
# With PHOTOS=P, each corpus has P articles that show a photo of their own (3000×2000 JPEG,
# made by gen_corpus, never committed). Then also measured:
#   cold cache: a cold build with `.framsteg-cache/images/` removed first, so every photo is
#         resized (COLD_CACHE_RUNS, default 1: each takes minutes);
#   A/B: warm builds of the corpus with photos and of the same corpus without them,
#         interleaved run by run so that other load on the machine hits both alike; the
#         ratio of the medians is the cost of the photos on a warm build.
#
# Then, with a 10,000-article corpus, `framsteg serve` is started and examples/serve_edit
# times 10 one-sentence edits of an article, from the save to the reload event.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
# The corpus dates articles up to a few weeks past the day it was first made: a fixed build
# day publishes the same articles whenever the script runs (else some are scheduled, and
# links to them fail the build).
export FRAMSTEG_TODAY=${FRAMSTEG_TODAY:-2027-01-01}
PHOTOS=${PHOTOS:-0}
COLD_CACHE_RUNS=${COLD_CACHE_RUNS:-1}
SIZES=${SIZES:-"1000 10000"}
BENCH_DIR=${BENCH_DIR:-target/bench}
# Where the sites are written: OUT_DIR=/dev/shm/fb measures on tmpfs, without the disk.
OUT_DIR=${OUT_DIR:-$BENCH_DIR}

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing GNU time (apt-get install time)…" >&2
        apt-get install -y -qq time >/dev/null
    else
        echo "bench.sh needs GNU time at /usr/bin/time: sudo apt-get install time" >&2
        exit 1
    fi
fi

echo "building (release)…" >&2
cargo build --release --quiet --bin framsteg --example gen_corpus --example serve_edit
BIN=${FRAMSTEG:-target/release/framsteg}
GEN=target/release/examples/gen_corpus
mkdir -p "$BENCH_DIR" "$OUT_DIR"
if compgen -G "$OUT_DIR/cold-*" >/dev/null; then
    echo "removing cold-build folders left by an interrupted run: cold times may be high" >&2
    rm -rf "$OUT_DIR"/cold-* "$OUT_DIR"/.cold-*
fi

# gen N DIR [PHOTOS]: the corpus, made again only when the generator changed (regenerating
# deletes and makes N files, which would slow the cold builds after it; see above)
gen() {
    local stamp photos=${3:-0}
    stamp="$(sha256sum examples/gen_corpus.rs | cut -c1-16)-$1-$photos"
    if [ "$(cat "$2/.gen-stamp" 2>/dev/null)" != "$stamp" ]; then
        if [ "$photos" -gt 0 ]; then
            "$GEN" "$1" "$2" --photos "$photos" >/dev/null
        else
            "$GEN" "$1" "$2" >/dev/null
        fi
        echo "$stamp" >"$2/.gen-stamp"
    fi
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# cache DIR: reads the corpus's input files, so that they are in the page cache
cache() { find "$1/content" -type f -exec cat {} + >/dev/null; }

# measure DIR OUT: one build, prints "wall cpu rss_mb"
measure() {
    local stats
    stats=$(mktemp)
    /usr/bin/time -f "%e %U %S %M" -o "$stats" "$BIN" --root "$1" build --output "$2" >/dev/null
    awk '{printf "%.3f %.3f %.1f\n", $1, $2 + $3, $4 / 1024}' "$stats"
    rm -f "$stats"
}

# report LABEL FILE: one table row from "wall cpu rss" lines
report() {
    local wall best cpu rss
    wall=$(cut -d' ' -f1 "$2" | median)
    best=$(cut -d' ' -f1 "$2" | sort -g | sed -n 1p)
    cpu=$(cut -d' ' -f2 "$2" | median)
    rss=$(cut -d' ' -f3 "$2" | sort -g | sed -n '$p')
    printf "| %-24s | %8s s | %8s s | %8s s | %7s MB |\n" "$1" "$wall" "$best" "$cpu" "$rss"
}

echo
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -m | awk '/^Mem:/ {print $2}') MB RAM"
echo "framsteg $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'), $RUNS runs each, output on $(df -T "$OUT_DIR" | awk 'NR == 2 {print $2}')"
echo
printf "| %-24s | %10s | %10s | %10s | %10s |\n" "corpus, build" "wall (med)" "wall (best)" "CPU (med)" "peak RSS"
printf "|%s|%s|%s|%s|%s|\n" "--------------------------" "------------" "------------" "------------" "------------"

declare -A MEDIAN
for n in $SIZES; do
    dir="$BENCH_DIR/corpus-$n"
    out="$OUT_DIR/out-$n"
    label="$n articles"
    if [ "$PHOTOS" -gt 0 ]; then
        dir="$BENCH_DIR/corpus-$n-photos$PHOTOS"
        out="$OUT_DIR/out-$n-photos$PHOTOS"
        label="$n art., $PHOTOS photos"
    fi
    gen "$n" "$dir" "$PHOTOS"
    # Warm the page cache and check the corpus builds (into the warm folder, kept between
    # runs of this script: nothing is deleted before the cold builds).
    "$BIN" --root "$dir" build --output "$out" >/dev/null
    cold=$(mktemp)
    warm=$(mktemp)
    uncached=$(mktemp)
    for i in $(seq "$RUNS"); do
        cache "$dir"
        measure "$dir" "$OUT_DIR/cold-$n-$i" >>"$cold"
    done
    "$BIN" --root "$dir" build --output "$out" >/dev/null
    for _ in $(seq "$RUNS"); do
        cache "$dir"
        measure "$dir" "$out" >>"$warm"
    done
    if [ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/drop_caches ]; then
        for i in $(seq "$RUNS"); do
            sync
            echo 1 >/proc/sys/vm/drop_caches
            measure "$dir" "$OUT_DIR/cold-u-$n-$i" >>"$uncached"
        done
    fi
    report "$label, cold" "$cold"
    report "$label, warm" "$warm"
    if [ -s "$uncached" ]; then
        report "$label, uncached" "$uncached"
    fi
    if [ "$PHOTOS" -gt 0 ]; then
        coldcache=$(mktemp)
        for i in $(seq "$COLD_CACHE_RUNS"); do
            rm -rf "$dir/.framsteg-cache/images"
            cache "$dir"
            measure "$dir" "$OUT_DIR/cold-c-$n-$i" >>"$coldcache"
        done
        report "$label, cold cache" "$coldcache"
        plain="$BENCH_DIR/corpus-$n"
        gen "$n" "$plain"
        "$BIN" --root "$plain" build --output "$OUT_DIR/out-$n" >/dev/null
        "$BIN" --root "$dir" build --output "$out" >/dev/null
        a=$(mktemp)
        b=$(mktemp)
        for _ in $(seq "$RUNS"); do
            cache "$plain"
            measure "$plain" "$OUT_DIR/out-$n" >>"$a"
            cache "$dir"
            measure "$dir" "$out" >>"$b"
        done
        report "A: $n art., no photos, warm" "$a"
        report "B: $label, warm" "$b"
        awk -v a="$(cut -d' ' -f1 "$a" | median)" -v b="$(cut -d' ' -f1 "$b" | median)" \
            'BEGIN {printf "photos on a warm build: B / A = %.3f (target: at most 1.10)\n", b / a}'
        rm -f "$coldcache" "$a" "$b"
    fi
    MEDIAN[$n]=$(cut -d' ' -f1 "$cold" | median)
    rm -f "$cold" "$warm" "$uncached"
done
# Deleted only now: see "cold" above. Cold builds in the next few minutes will be slower.
rm -rf "$OUT_DIR"/cold-* "$OUT_DIR"/.cold-*

if [ -n "${MEDIAN[1000]:-}" ] && [ -n "${MEDIAN[10000]:-}" ]; then
    echo
    awk -v a="${MEDIAN[1000]}" -v b="${MEDIAN[10000]}" \
        'BEGIN {printf "growth: cold 10k / cold 1k = %.1f (target: at most 11)\n", b / a}'
fi

echo
SERVE_N=${SERVE_N:-10000}
PORT=${PORT:-1199}
if ! "$BIN" serve --help >/dev/null 2>&1; then
    echo "serve: pending (framsteg serve does not exist in this build)."
    exit 0
fi
dir="$BENCH_DIR/corpus-$SERVE_N"
gen "$SERVE_N" "$dir"
article=$(find "$dir/content/articles" -name '*.md' | sort | sed -n 1p)
"$BIN" --root "$dir" serve --port "$PORT" >"$BENCH_DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
echo "serve, $SERVE_N articles: one-sentence edit of $(basename "$article") to reload event"
target/release/examples/serve_edit "$PORT" "$article" 10
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null || true
trap - EXIT
