#!/bin/sh
# Pathological inputs (cmark's pathological tests): each case is generated
# here at test time (never committed), run through `minutes extract` at full
# size and at a tenth of it, and must (1) exit 0 within an absolute bound,
# (2) grow linearly: time(big) <= PATHO_RATIO x max(time(small), 0.1 s), with
# PATHO_RATIO 30 = 10x the size with room for noise (quadratic would be 100),
# and (3) stay under a memory cap: `ulimit -v` for plain builds, peak RSS
# from /usr/bin/time when present. Under ASan (no ulimit -v possible, and
# ~10x slower) every size is divided by 10.
# Env: MINUTES (binary), PATHO_ONLY=name to run one case, PATHO_KEEP=1.
set -u
MINUTES=${MINUTES:-build/minutes}
RATIO=${PATHO_RATIO:-30}
LIMIT_S=${PATHO_LIMIT_S:-120}   # absolute bound on one run
VMEM_KB=${PATHO_VMEM_KB:-4194304} # 4 GiB address space (plain builds)
RSS_KB=${PATHO_RSS_KB:-2097152}   # 2 GiB peak resident
pass=0
fail=0

if [ ! -x "$MINUTES" ]; then
    echo "pathological: $MINUTES not built"
    echo "0 passed, 1 failed"
    exit 1
fi
div=1
asan=0
if nm "$MINUTES" 2>/dev/null | grep -q __asan_init; then
    div=10
    asan=1
    LIMIT_S=$((LIMIT_S * 4))
fi
gnutime=
if /usr/bin/time -f %M true >/dev/null 2>&1; then
    gnutime=/usr/bin/time
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-patho.XXXXXX")
[ -n "${PATHO_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- generators: gen_NAME N FILE ------------------------------------------
rep() { # rep STRING N: STRING repeated N times, no separator
    awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}
gen_nested() { { rep '<div>' "$1"; echo 'deep text'; } >"$2"; }
gen_line() { yes word | head -c "$1" | tr '\n' ' ' >"$2"; }
# A bracket far from the start: rules that look back from a bracket must
# not try every start position (abbreviation definitions once did).
gen_bracket() { gen_line "$1" "$2" && echo 'anti-social behaviour (ASB)' >>"$2"; }
gen_paras() { rep 'word\n\n' "$1" >"$2"; }
gen_actions() {
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
        printf "Action: AB to review item %d by 12 March 2024\n", i }' >"$2"
}
gen_digits() { yes '1234567890%12.5%' | tr -d '\n' | head -c "$1" >"$2"; }
gen_table() {
    {
        echo '<table><tr><th>A</th><th>B</th><th>C</th><th>D</th><th>E</th>'
        echo '<th>F</th><th>G</th><th>H</th><th>I</th><th>J</th></tr>'
        awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) {
            printf "<tr>"
            for (j = 0; j < 10; j++) printf "<td>%d.%d%%</td>", i, j
            printf "</tr>\n" } }'
        echo '</table>'
    } >"$2"
}
gen_comment() { { echo '<p>Present: A Smith</p><!-- '; yes 'word' | head -c "$1"; } >"$2"; }
gen_tags() { { echo '<p>start'; rep '<div class="x" id=y ' "$1"; } >"$2"; }
gen_attr() {
    { printf '<p title="'; yes a | tr -d '\n' | head -c "$1"; echo '">x</p>'; } >"$2"
}

# ---- one run: sets $secs and $rss_kb (or "-") -----------------------------
run_one() { # run_one FILE
    out="$tmp/out" err="$tmp/err" tf="$tmp/time"
    start=$(date +%s.%N)
    (
        [ $asan -eq 1 ] || ulimit -v "$VMEM_KB"
        if [ -n "$gnutime" ]; then
            exec timeout "$LIMIT_S" "$gnutime" -f %M -o "$tf" \
                "$MINUTES" extract "$1"
        else
            exec timeout "$LIMIT_S" "$MINUTES" extract "$1"
        fi
    ) >"$out" 2>"$err"
    rc=$?
    end=$(date +%s.%N)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    rss_kb=-
    if [ -n "$gnutime" ] && [ -s "$tf" ]; then
        rss_kb=$(tail -n 1 "$tf")
    fi
    return $rc
}

check() { # check NAME BIG_N EXT DESCRIPTION
    name=$1 big=$(($2 / div)) ext=$3 what=$4
    if [ -n "${PATHO_ONLY:-}" ] && [ "$PATHO_ONLY" != "$name" ]; then
        return
    fi
    small=$((big / 10))
    "gen_$name" "$small" "$tmp/small.$ext"
    "gen_$name" "$big" "$tmp/big.$ext"
    why=
    run_one "$tmp/small.$ext" || why="small input exit $rc: $(head -c 300 "$err")"
    t_small=$secs
    if [ -z "$why" ]; then
        run_one "$tmp/big.$ext" || why="exit $rc: $(head -c 300 "$err")"
    fi
    t_big=$secs
    [ -n "$why" ] || [ -s "$out" ] || why="no record written"
    ratio=$(awk -v b="$t_big" -v s="$t_small" \
        'BEGIN { if (s < 0.1) s = 0.1; printf "%.1f", b / s }')
    if [ -z "$why" ] && awk -v r="$ratio" -v m="$RATIO" 'BEGIN { exit !(r > m) }'; then
        why="time ratio $ratio > $RATIO: not linear"
    fi
    if [ -z "$why" ] && [ "$rss_kb" != - ] && [ "$rss_kb" -gt "$RSS_KB" ]; then
        why="peak RSS ${rss_kb} KB > ${RSS_KB} KB"
    fi
    bytes=$(wc -c <"$tmp/big.$ext")
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        status=ok
    else
        fail=$((fail + 1))
        status="FAIL ($why)"
    fi
    printf '%-9s %-38s %10s B  %7ss  (x10 smaller %6ss, ratio %5s)  RSS %8s KB  %s\n' \
        "$name" "$what" "$bytes" "$t_big" "$t_small" "$ratio" "$rss_kb" "$status"
    rm -f "$tmp/small.$ext" "$tmp/big.$ext"
}

[ $div -eq 1 ] || echo "pathological: ASan build, sizes divided by $div"
check nested 100000 html "100,000 nested <div>"
check line 50000000 txt "one 50 MB line"
check bracket 50000000 txt "one 50 MB line, a bracket at the end"
check paras 1000000 txt "1,000,000 one-word paragraphs"
check actions 100000 txt "100,000 Action: lines"
check digits 10000000 txt "10 MB of digits and percent signs"
check table 10000 html "table of 10,000 x 10 cells"
check comment 10000000 html "unterminated comment over 10 MB"
check tags 100000 html "100,000 unterminated tags"
check attr 10000000 html "an attribute of 10 MB"
echo "pathological: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
