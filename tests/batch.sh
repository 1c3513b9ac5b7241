#!/bin/sh
# Batch extraction (`minutes extract -o OUTDIR`): recursion and globs, a
# failing file among good ones, byte-identical trees for -j1 and -j4, a rerun
# that skips everything, an interrupted run that leaves no partial file, path
# confinement, the index, and GNU parallel driving `--files-from -`.
# Never timed: only outcomes are checked. Runs from the repository root.
MINUTES=${MINUTES:-build/minutes}
case $MINUTES in /*) ;; *) MINUTES=$(pwd)/$MINUTES ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { # name command... : passes when the command succeeds
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
# A record file with its index entry: `entry INDEX PATH` prints the lines of
# that input's entry (from "- path: PATH" to the next "- path:").
entry() {
    awk -v p="- path: $2" '$0 == p {on = 1; print; next}
        on && /^- path: / {exit} on {print}' "$1"
}
records() { (cd "$1" && find . -name '*.yaml' ! -name index.yaml | sort); }

# ---- a small archive: nested directories, mixed formats ----------------
src=$tmp/archive
mkdir -p "$src/2024/panel" "$src/2023" "$src/.hidden" "$src/misc"
cp corpus/panel-2024-09-moderngov.html "$src/2024/panel/sep.html"
cp corpus/panel-2024-11-word.html "$src/2024/panel/nov.htm"
cp corpus/pcc-q3-2024-performance.txt "$src/2024/q3.txt"
cp corpus/accountability-2023-crlf.txt "$src/2023/board.txt"
cp corpus/working-group-notes.md "$src/2023/notes.md"
cp corpus/council-2024-03-latin1.html "$src/misc/COUNCIL.HTML"
cp corpus/panel-2024-09-moderngov.html "$src/.hidden/secret.html"
printf 'not minutes' >"$src/misc/scan.pdf"

# ---- recursion and globs -----------------------------------------------------
out=$tmp/out1
"$MINUTES" extract -q -o "$out" "$src" 2>"$tmp/err"
rc=$?
check "recursion: exit 0 (got $rc: $(head -2 "$tmp/err"))" [ "$rc" -eq 0 ]
cat >"$tmp/want" <<'EOF'
./2023/board.txt.yaml
./2023/notes.md.yaml
./2024/panel/nov.htm.yaml
./2024/panel/sep.html.yaml
./2024/q3.txt.yaml
./misc/COUNCIL.HTML.yaml
EOF
records "$out" >"$tmp/got"
check "recursion mirrors the tree: $(diff "$tmp/want" "$tmp/got" | tr '\n' ' ')" \
    cmp -s "$tmp/want" "$tmp/got"
check "records are extract output" grep -q '^schema: 1' "$out/2024/q3.txt.yaml"
check "no temp files" [ -z "$(find "$out" -name '*.tmp.*')" ]
check "quiet run prints nothing" [ ! -s "$tmp/err" ]

"$MINUTES" extract -q -o "$tmp/inc" --include '*.txt' "$src" 2>/dev/null
printf './2023/board.txt.yaml\n./2024/q3.txt.yaml\n' >"$tmp/want"
records "$tmp/inc" >"$tmp/got"
check "--include *.txt" cmp -s "$tmp/want" "$tmp/got"
"$MINUTES" extract -q -o "$tmp/exc" --exclude 'panel/*' --exclude '*.md' \
    "$src" 2>/dev/null
printf './2023/board.txt.yaml\n./2024/q3.txt.yaml\n./misc/COUNCIL.HTML.yaml\n' \
    >"$tmp/want"
records "$tmp/exc" >"$tmp/got"
check "--exclude on path and basename: $(tr '\n' ' ' <"$tmp/got")" \
    cmp -s "$tmp/want" "$tmp/got"

# ---- the index -----------------------------------------------------------------
idx=$out/index.yaml
check "index exists" [ -f "$idx" ]
check "index complete" grep -q '^complete: true$' "$idx"
check "index totals" grep -q '^  ok: 6$' "$idx"
entry "$idx" "$src/2024/panel/sep.html" >"$tmp/e"
check "index entry: output" grep -q '^  output: 2024/panel/sep.html.yaml$' "$tmp/e"
check "index entry: status" grep -q '^  status: ok$' "$tmp/e"
check "index entry: reason" grep -q '^  reason: null$' "$tmp/e"
check "index entry: title" grep -q '^  title: .*Police and Crime Panel' "$tmp/e"
check "index entry: date" grep -q '^  date: 2024-09-26$' "$tmp/e"
check "index entry: sha256" grep -Eq '^  sha256: [0-9a-f]{64}$' "$tmp/e"
for k in attendees sections figures recommendations actions abbreviations; do
    check "index entry: count of $k" grep -Eq "^    $k: [0-9]+$" "$tmp/e"
done
check "index entry: warnings" grep -Eq '^  warnings: [0-9]+$' "$tmp/e"
check "index sections count matches the record" [ "$(grep -c '^ *- number:' \
    "$out/2024/panel/sep.html.yaml")" -eq "$(sed -n 's/^    sections: //p' "$tmp/e")" ]
# Index order is input order (the sorted walk), not completion order.
grep '^- path: ' "$idx" | sed 's/^- path: //' >"$tmp/order"
sort "$tmp/order" >"$tmp/sorted"
check "index in input order" cmp -s "$tmp/order" "$tmp/sorted"
if python3 -c 'import yaml' 2>/dev/null; then
    check "index parses as YAML" python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert len(d["inputs"]) == 6 and d["totals"]["inputs"] == 6' "$idx"
fi

# ---- a failing file among good ones ----------------------------------------------
bad_src=$tmp/mixed
cp -r "$src" "$bad_src"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$bad_src/2024/image.html"
"$MINUTES" extract -q -o "$tmp/outbad" "$bad_src" 2>"$tmp/err"
rc=$?
check "undecodable input: exit 4 (got $rc)" [ "$rc" -eq 4 ]
check "undecodable input: named on stderr" grep -q 'image.html' "$tmp/err"
check "others still written" [ -f "$tmp/outbad/2024/q3.txt.yaml" ]
check "no record for the failed input" [ ! -e "$tmp/outbad/2024/image.html.yaml" ]
entry "$tmp/outbad/index.yaml" "$bad_src/2024/image.html" >"$tmp/e"
check "index: failed status" grep -q '^  status: failed$' "$tmp/e"
check "index: failure reason" grep -Eq '^  reason: .*(PNG|binary|decode)' "$tmp/e"
check "index: failed totals" grep -q '^  failed: 1$' "$tmp/outbad/index.yaml"
"$MINUTES" extract -q -o "$tmp/outmiss" "$src/2023/board.txt" "$tmp/nope.html" \
    2>"$tmp/err"
rc=$?
check "missing input: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "missing input: others written" [ -f "$tmp/outmiss/board.txt.yaml" ]
"$MINUTES" extract -q -o "$tmp/outworst" "$tmp/nope.html" "$bad_src" 2>/dev/null
rc=$?
check "unreadable + undecodable: the worst, 4 (got $rc)" [ "$rc" -eq 4 ]
check "all inputs failed: index still written" \
    grep -q '^  failed: 2$' "$tmp/outworst/index.yaml"
# A failed input is retried by the next run.
"$MINUTES" extract -q -o "$tmp/outbad" "$bad_src" 2>/dev/null
entry "$tmp/outbad/index.yaml" "$bad_src/2024/image.html" >"$tmp/e"
check "failed input retried, not cached" grep -q '^  status: failed$' "$tmp/e"

# ---- two inputs, one record name -----------------------------------------------
mkdir -p "$tmp/twin1" "$tmp/twin2"
cp corpus/pcc-q3-2024-performance.txt "$tmp/twin1/same.txt"
cp corpus/accountability-2023-crlf.txt "$tmp/twin2/same.txt"
"$MINUTES" extract -q -o "$tmp/outtwin" -j4 "$tmp/twin1" "$tmp/twin2" 2>"$tmp/err"
rc=$?
check "clash: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "clash: the first input keeps the name" \
    grep -q "path: $tmp/twin1/same.txt" "$tmp/outtwin/same.txt.yaml"
check "clash: reported" grep -q 'already used by' "$tmp/err"

# ---- byte-identical whatever -j --------------------------------------------------
"$MINUTES" extract -q -j1 -o "$tmp/j1" "$src" corpus 2>/dev/null
"$MINUTES" extract -q -j4 -o "$tmp/j4" "$src" corpus 2>/dev/null
check "-j1 and -j4 trees identical (diff -r)" diff -r "$tmp/j1" "$tmp/j4"
"$MINUTES" extract -q -j1 "$src" >"$tmp/s1" 2>/dev/null
"$MINUTES" extract -q -j4 "$src" >"$tmp/s4" 2>/dev/null
check "-j1 and -j4 stdout streams identical" cmp -s "$tmp/s1" "$tmp/s4"
check "stdout stream has one --- per input" [ "$(grep -c '^---$' "$tmp/s1")" -eq 6 ]

# ---- incremental rerun -------------------------------------------------------------
(cd "$out" && find . -name '*.yaml' ! -name index.yaml -exec ls -i {} + |
    sort -k2) >"$tmp/inodes1"
touch "$tmp/marker"
sleep 1
"$MINUTES" extract -q -o "$out" "$src" 2>/dev/null
rc=$?
check "rerun: exit 0" [ "$rc" -eq 0 ]
check "rerun: index says all skipped" grep -q '^  skipped: 6$' "$idx"
check "rerun: reason cached" [ "$(grep -c '^  reason: cached$' "$idx")" -eq 6 ]
check "rerun: facts kept for skipped inputs" grep -q '^  date: 2024-09-26$' "$idx"
check "rerun: no record rewritten (mtime)" \
    [ -z "$(find "$out" -name '*.yaml' ! -name index.yaml -newer "$tmp/marker")" ]
(cd "$out" && find . -name '*.yaml' ! -name index.yaml -exec ls -i {} + |
    sort -k2) >"$tmp/inodes2"
check "rerun: no record replaced (inode)" cmp -s "$tmp/inodes1" "$tmp/inodes2"
echo "<p>Changed on 1 May 2024.</p>" >>"$src/2024/panel/sep.html"
"$MINUTES" extract -q -o "$out" "$src" 2>/dev/null
check "changed input redone" grep -q '^  ok: 1$' "$idx"
check "changed input's record rewritten" [ "$out/2024/panel/sep.html.yaml" -nt "$tmp/marker" ]
"$MINUTES" extract -q --force -o "$out" "$src" 2>/dev/null
check "--force redoes everything" grep -q '^  ok: 6$' "$idx"
rm "$out/2023/board.txt.yaml"
"$MINUTES" extract -q -o "$out" "$src" 2>/dev/null
check "deleted record is rebuilt" [ -f "$out/2023/board.txt.yaml" ]
"$MINUTES" extract -q -o "$out" --profile pcc "$src" 2>/dev/null
check "other options invalidate the cache" grep -q '^  ok: 6$' "$idx"

# ---- interrupted run -----------------------------------------------------------------
big=$tmp/big
for i in $(seq 1 300); do
    mkdir -p "$big/d$i"
    cp corpus/panel-2024-09-moderngov.html corpus/pcc-q3-2024-performance.txt \
        corpus/accountability-2023-crlf.txt corpus/working-group-notes.md \
        corpus/panel-2024-11-word.html corpus/council-2024-03-latin1.html \
        corpus/pcc-q3-2024-performance.html "$big/d$i/"
done
nbig=$(find "$big" -type f | wc -l)
"$MINUTES" extract -q -j2 -o "$tmp/ref" "$big" 2>/dev/null
"$MINUTES" extract -q -j2 -o "$tmp/int" "$big" 2>"$tmp/err" &
pid=$!
n=0
while [ $n -lt 200 ] && [ -z "$(find "$tmp/int" -name '*.yaml' 2>/dev/null | head -1)" ]; do
    sleep 0.05
    n=$((n + 1))
done
kill -INT $pid
wait $pid
rc=$?
check "interrupted: exit 130 (got $rc)" [ "$rc" -eq 130 ]
check "interrupted: says so" grep -q 'interrupted' "$tmp/err"
check "interrupted: no temp files" [ -z "$(find "$tmp/int" -name '*.tmp.*')" ]
done_n=$(records "$tmp/int" | wc -l)
check "interrupted: stopped part-way ($done_n of $nbig)" \
    [ "$done_n" -gt 0 ] && [ "$done_n" -lt "$nbig" ]
okall=1
for f in $(records "$tmp/int"); do
    cmp -s "$tmp/int/$f" "$tmp/ref/$f" || { okall=0; echo "partial: $f"; }
done
check "interrupted: every record whole (same bytes as a full run)" [ $okall -eq 1 ]
check "interrupted: index marked incomplete" grep -q '^complete: false$' "$tmp/int/index.yaml"
check "interrupted: index lists only finished inputs" \
    [ "$(grep -c '^  status: ok$' "$tmp/int/index.yaml")" -eq "$done_n" ]
"$MINUTES" extract -q -j2 -o "$tmp/int" "$big" 2>/dev/null
rc=$?
check "rerun after interrupt: exit 0" [ "$rc" -eq 0 ]
check "rerun after interrupt: skipped the finished ones" \
    grep -q "^  skipped: $done_n\$" "$tmp/int/index.yaml"
check "rerun after interrupt: complete" grep -q '^complete: true$' "$tmp/int/index.yaml"
records "$tmp/int" >"$tmp/got"
records "$tmp/ref" >"$tmp/want"
check "rerun after interrupt: same records as an uninterrupted run" \
    cmp -s "$tmp/got" "$tmp/want"
"$MINUTES" extract -q -j2 -o "$tmp/term" "$big" 2>/dev/null &
pid=$!
sleep 0.3
kill -TERM $pid
wait $pid
rc=$?
check "SIGTERM: exit 143 or finished (got $rc)" [ "$rc" -eq 143 ] || [ "$rc" -eq 0 ]
check "SIGTERM: no temp files" [ -z "$(find "$tmp/term" -name '*.tmp.*')" ]

# ---- path confinement --------------------------------------------------------------
mkdir -p "$tmp/jail/work" "$tmp/outside"
cp corpus/pcc-q3-2024-performance.txt "$tmp/outside/escape.txt"
cp corpus/accountability-2023-crlf.txt "$tmp/jail/board.txt"
touch "$tmp/marker2"
sleep 1
(
    cd "$tmp/jail/work" || exit 1
    printf '%s\n' ../../outside/escape.txt "$tmp/outside/escape.txt" \
        ../board.txt ./../board.txt >list
    "$MINUTES" extract -q -o out --files-from list 2>"$tmp/err"
)
check "confinement: nothing written outside OUTDIR" [ -z "$(find "$tmp" -newer \
    "$tmp/marker2" -type f ! -path "$tmp/jail/work/*" ! -path "$tmp/err")" ]
records "$tmp/jail/work/out" >"$tmp/got"
printf '%s\n' ./board.txt.yaml ./outside/escape.txt.yaml \
    ".$tmp/outside/escape.txt.yaml" | sort >"$tmp/want"
check "confinement: records stay under OUTDIR: $(tr '\n' ' ' <"$tmp/got")" \
    cmp -s "$tmp/want" "$tmp/got"
check "confinement: duplicate reported" grep -q 'already used' "$tmp/err"

# ---- streams for GNU parallel ------------------------------------------------------
find "$src" -type f \( -name '*.html' -o -name '*.htm' -o -name '*.txt' \
    -o -name '*.md' -o -name '*.HTML' \) ! -path '*/.hidden/*' | sort >"$tmp/list"
"$MINUTES" extract -q --files-from - <"$tmp/list" >"$tmp/seq.yaml" 2>/dev/null
check "--files-from -: a --- stream" [ "$(grep -c '^---$' "$tmp/seq.yaml")" -eq 6 ]
if command -v parallel >/dev/null 2>&1; then
    parallel --will-cite --pipe -N2 -k -j2 "$MINUTES" extract -q -j1 \
        --files-from - <"$tmp/list" >"$tmp/par.yaml" 2>/dev/null
    check "GNU parallel --pipe output equals one process" \
        cmp -s "$tmp/seq.yaml" "$tmp/par.yaml"
    parallel --will-cite --pipe -N2 -k --sshlogin 2/: "$MINUTES" extract -q \
        --files-from - <"$tmp/list" >"$tmp/par3.yaml" 2>/dev/null
    check "GNU parallel --sshlogin (local :)" cmp -s "$tmp/seq.yaml" "$tmp/par3.yaml"
    echo "$tmp/list" | parallel --will-cite -k "$MINUTES" extract -q \
        --files-from {} >"$tmp/par2.yaml" 2>/dev/null
    check "GNU parallel with a list file" cmp -s "$tmp/seq.yaml" "$tmp/par2.yaml"
else
    echo "skip: GNU parallel not installed"
fi

# ---- progress line: only on a terminal -------------------------------------------
"$MINUTES" extract -o "$tmp/prog" "$src" 2>"$tmp/err" >/dev/null
check "no progress line when stderr is not a TTY" \
    [ -z "$(tr -d -c '\r' <"$tmp/err")" ]
check "coverage summary printed" grep -q 'coverage of 6 records: date' "$tmp/err"
if script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "'$MINUTES' extract -o '$tmp/prog2' '$src'" /dev/null \
        >"$tmp/tty" 2>&1
    check "progress line on a TTY" grep -q 'docs/s' "$tmp/tty"
    script -qec "'$MINUTES' extract --quiet --force -o '$tmp/prog2' '$src'" \
        /dev/null >"$tmp/tty" 2>&1
    check "--quiet silences it" [ ! -s "$tmp/tty" ]
fi

echo "batch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
