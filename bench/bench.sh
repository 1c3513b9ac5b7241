#!/bin/sh
# `make bench`: throughput of `minutes extract -o` against the floor (libxml2
# SAX parse + text walk, bench/floor.c) on a generated archive (2,000 pages of
# ~15 KB) and on single pages of 1, 10 and 100 MB; peak RSS; -j1 vs -j2;
# time(100 MB)/time(10 MB); rule-set load+JIT time. Best of $REPS runs.
# Never part of `make test`: timings depend on the machine and its load.
# Writes the table to stdout and to $BUILD/bench/results.md.
BUILD=${BUILD:-build}
MINUTES=${MINUTES:-$BUILD/minutes}
REPS=${REPS:-3}
BIGREPS=${BIGREPS:-1} # the 10 and 100 MB pages take long: one run each
B=$BUILD/bench
DATA=$B/data
OUT=$B/out
RES=$B/results.md
TIME=/usr/bin/time
set -e
[ -x "$TIME" ] || { echo "bench: needs GNU time (/usr/bin/time)"; exit 2; }

if [ ! -f "$DATA/big/100mb.html" ] || [ ! -d "$DATA/archive" ]; then
    echo "bench: generating $DATA (2,000 pages + 1/10/100 MB pages)"
    rm -rf "$DATA"
    "$B/gen" "$DATA" 2000 1 10 100
fi
find "$DATA/archive" -type f -name '*.html' | sort >"$B/archive.list"

# run_best NAME CMD... : best wall time (s) and the max RSS (KiB) over REPS
run_best() {
    best="" rss=0
    i=0
    while [ $i -lt "$REPS" ]; do
        rm -rf "$OUT"
        t0=$(date +%s.%N)
        "$TIME" -f '%M' -o "$B/time.txt" "$@" >/dev/null 2>"$B/stderr.txt" ||
            { echo "bench: failed: $*"; cat "$B/stderr.txt"; exit 1; }
        t1=$(date +%s.%N)
        # GNU time's %e has 10 ms resolution: too coarse for the floor
        t=$(awk "BEGIN{ printf \"%.4f\", $t1 - $t0 }")
        read -r m <"$B/time.txt"
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
        [ "$m" -gt "$rss" ] && rss=$m
        i=$((i + 1))
    done
    echo "$best $rss"
}
bytes_of() { cat "$@" | wc -c; }
calc() { awk "BEGIN{ printf \"%.2f\", $1 }"; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
    echo "## minutes bench — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $cpu; load average at start:" \
        "$(cut -d' ' -f1-3 /proc/loadavg). Best of $REPS runs; extract is" \
        "-j1 (the floor is single-threaded) with --force, -o to $OUT."
    echo
    echo "| input | docs | MB | extract MB/s | extract docs/s | floor MB/s |" \
        "floor docs/s | extract/floor | extract peak RSS MiB | floor peak RSS MiB |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} | tee "$RES"

row() { # NAME DOCS BYTES FLOOR_ARGS... -- EXTRACT_ARGS...
    name=$1 docs=$2 bytes=$3
    shift 3
    fl=""
    while [ "$1" != "--" ]; do fl="$fl $1"; shift; done
    shift
    # shellcheck disable=SC2086
    set -- $(run_best "$B/floor" $fl) "$@"
    ft=$1 fr=$2
    shift 2
    set -- $(run_best "$MINUTES" extract -q -j1 --force -o "$OUT" "$@")
    et=$1 er=$2
    mb=$(calc "$bytes / 1e6")
    emb=$(calc "$bytes / 1e6 / ($et + 1e-9)")
    fmb=$(calc "$bytes / 1e6 / ($ft + 1e-9)")
    echo "| $name | $docs | $mb | $emb | $(calc "$docs / ($et + 1e-9)") |" \
        "$fmb | $(calc "$docs / ($ft + 1e-9)") | $(calc "$ft / ($et + 1e-9)") |" \
        "$(calc "$er / 1024") | $(calc "$fr / 1024") |" | tee -a "$RES"
    eval "t_$name=$et rss_$name=$er"
}

ndocs=$(wc -l <"$B/archive.list")
abytes=$(xargs cat <"$B/archive.list" | wc -c)
row archive "$ndocs" "$abytes" --files-from "$B/archive.list" -- "$DATA/archive"
for s in 1 10 100; do
    f=$DATA/big/${s}mb.html
    [ "$s" -ge 10 ] && REPS=$BIGREPS
    row "${s}mb" 1 "$(bytes_of "$f")" "$f" -- "$f"
done
REPS=${BENCH_REPS_ARCHIVE:-3}

set -- $(run_best "$MINUTES" extract -q -j2 --force -o "$OUT" "$DATA/archive")
t_j2=$1
rl=$("$B/ruleload" 21)
largest=$(bytes_of "$DATA/big/100mb.html")
rss_limit=$(calc "(3 * $largest / 1024 / 1024) + 32")
{
    echo
    echo "| figure | value | target |"
    echo "|---|---|---|"
    echo "| -j2 speed-up on the archive (t(-j1)/t(-j2)) |" \
        "$(calc "$t_archive / ($t_j2 + 1e-9)") ($t_archive s → $t_j2 s) | ≥ 1.8 |"
    echo "| time(100 MB) / time(10 MB) | $(calc "$t_100mb / ($t_10mb + 1e-9)")" \
        "($t_10mb s → $t_100mb s) | ≤ 11 |"
    echo "| peak RSS on the 100 MB page | $(calc "$rss_100mb / 1024") MiB |" \
        "≤ $rss_limit MiB (3 × largest + 32) |"
    echo "| rule set load + JIT | $rl | ≤ 5 ms |"
} | tee -a "$RES"
echo
echo "bench: table in $RES"
