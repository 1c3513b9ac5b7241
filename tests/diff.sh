#!/bin/sh
# `minutes diff` and `minutes trend`: exit codes, options, golden reports for
# consecutive quarters of corpus/quarters/ (UPDATE=1 rewrites them; review
# the diff line by line), and precision/recall of the matching against the
# changes planted in corpus/quarters/CHANGES.md (tests/golden/diff/planted/).
MINUTES=${MINUTES:-build/minutes}
Q=corpus/quarters
G=tests/golden
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# expect NAME WANT_RC -- command...   (stdout kept in $tmp/out)
expect() {
    name=$1 want=$2
    shift 3
    timeout 60 $VALGRIND "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$name: exit $rc, wanted $want: $(head -2 "$tmp/err")"; fi
}

golden() { # NAME FILE  (compares $tmp/out)
    if [ -n "${UPDATE:-}" ]; then mkdir -p "$(dirname "$2")"; cp "$tmp/out" "$2"; fi
    if [ -f "$2" ] && cmp -s "$tmp/out" "$2"; then ok; else
        bad "$1: output differs from $2"
        [ -f "$2" ] && diff -u "$2" "$tmp/out" | head -20
    fi
}

# --- usage and trouble: exit 2 ------------------------------------------
expect "diff no args" 2 -- "$MINUTES" diff
expect "diff one arg" 2 -- "$MINUTES" diff "$Q/q1-2024-25.html"
expect "diff three args" 2 -- "$MINUTES" diff "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt" "$Q/q4-2024-25.txt"
expect "diff missing file" 2 -- "$MINUTES" diff "$Q/q1-2024-25.html" "$tmp/nope.txt"
expect "diff bad threshold" 2 -- "$MINUTES" diff --threshold 1.5 "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
expect "diff bad --only" 2 -- "$MINUTES" diff --only figures,bogus "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
expect "diff bad format" 2 -- "$MINUTES" diff --format xml "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
printf 'schema: [1\n' >"$tmp/broken.yaml"
expect "diff broken yaml" 2 -- "$MINUTES" diff "$tmp/broken.yaml" "$Q/q2-2024-25.txt"
printf 'title: not a record\n' >"$tmp/other.yaml"
expect "diff yaml without schema" 2 -- "$MINUTES" diff "$tmp/other.yaml" "$Q/q2-2024-25.txt"
expect "diff help" 0 -- "$MINUTES" diff --help
expect "trend no args" 2 -- "$MINUTES" trend
expect "trend bad regex" 2 -- "$MINUTES" trend --measure '(' "$Q/q1-2024-25.html"
expect "trend help" 0 -- "$MINUTES" trend --help

# --- nothing to report: exit 0 and no output ----------------------------
for f in $Q/*.html $Q/*.txt; do
    expect "self diff $f" 0 -- "$MINUTES" diff "$f" "$f"
    [ ! -s "$tmp/out" ] && ok || bad "self diff $f printed something"
done
expect "q3 html vs text" 0 -- "$MINUTES" diff "$Q/q3-2024-25.html" "$Q/q3-2024-25.txt"
[ ! -s "$tmp/out" ] && ok || { bad "q3 html vs text reported:"; head -20 "$tmp/out"; }

# Records written by extract work as inputs, mixed with documents.
"$MINUTES" extract "$Q/q1-2024-25.html" >"$tmp/q1.yaml" 2>/dev/null
"$MINUTES" extract "$Q/q2-2024-25.txt" >"$tmp/q2.rec" 2>/dev/null
expect "record vs its document" 0 -- "$MINUTES" diff "$tmp/q1.yaml" "$Q/q1-2024-25.html"
expect "record (by content) vs document" 1 -- "$MINUTES" diff --color never "$tmp/q1.yaml" "$tmp/q2.rec"
cp "$tmp/out" "$tmp/from-records"
expect "documents" 1 -- "$MINUTES" diff --color never "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
# Same report except the header names and the completion note, which
# needs the NEW document (found again through source.path).
sed 1,2d "$tmp/out" >"$tmp/a"; sed 1,2d "$tmp/from-records" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok || { bad "records and documents differ"; diff "$tmp/a" "$tmp/b" | head; }

# --- golden reports for consecutive quarters ----------------------------
pairs="q1-2024-25.html:q2-2024-25.txt:q1-q2 q2-2024-25.txt:q3-2024-25.html:q2-q3 q3-2024-25.html:q4-2024-25.txt:q3-q4"
hits=0 planted=0 reported=0 neutral=0
for p in $pairs; do
    old=${p%%:*} rest=${p#*:}; new=${rest%%:*} pn=${rest#*:}
    expect "diff $pn" 1 -- "$MINUTES" diff --color never "$Q/$old" "$Q/$new"
    golden "diff $pn text" "$G/diff/$pn.txt"
    set -- $(awk -f tests/diff-eval.awk "$G/diff/planted/$pn.tsv" "$tmp/out" 2>"$tmp/eval")
    echo "diff $pn: $1 of $2 planted changes found; $3 reported ($4 neutral)"
    sed 's/^/    /' "$tmp/eval"
    hits=$((hits + $1)) planted=$((planted + $2))
    reported=$((reported + $3)) neutral=$((neutral + $4))
    expect "diff $pn yaml" 1 -- "$MINUTES" diff --format yaml "$Q/$old" "$Q/$new"
    golden "diff $pn yaml" "$G/diff/$pn.yaml"
done
judged=$((reported - neutral))
echo "matching on planted changes: recall $hits/$planted, precision $hits/$judged"
# A floor, not the goal: extraction still moves under this suite.
[ $((hits * 100)) -ge $((planted * 85)) ] && ok || bad "recall below 85%"
[ $((hits * 100)) -ge $((judged * 85)) ] && ok || bad "precision below 85%"

# --- options ------------------------------------------------------------
expect "json" 1 -- "$MINUTES" diff --format json "$Q/q2-2024-25.txt" "$Q/q3-2024-25.html"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(set(c)>={"kind","change","old","new","delta","old_line","new_line"} for c in d)' "$tmp/out" 2>/dev/null && ok || bad "json not a list of changes"
expect "only figures,actions" 1 -- "$MINUTES" diff --color never --only figures,actions "$Q/q2-2024-25.txt" "$Q/q3-2024-25.html"
grep -Eq '^(Attendees|Sections|Recommendations)$' "$tmp/out" && bad "--only leaked other kinds" || ok
grep -q '^Figures$' "$tmp/out" && grep -q '^Actions$' "$tmp/out" && ok || bad "--only lost kinds"
expect "moves" 1 -- "$MINUTES" diff --color never "$Q/q2-2024-25.txt" "$Q/q3-2024-25.html"
grep -q 'moved: Fraud and economic crime' "$tmp/out" && ok || bad "move not reported"
expect "ignore moves" 1 -- "$MINUTES" diff --color never --ignore-moves "$Q/q2-2024-25.txt" "$Q/q3-2024-25.html"
grep -q '> moved:' "$tmp/out" && bad "--ignore-moves reported a move" || ok
expect "colour always" 1 -- "$MINUTES" diff --color always "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
grep -q "$(printf '\033')" "$tmp/out" && ok || bad "--color always without escapes"
expect "not a tty" 1 -- env NO_COLOR= "$MINUTES" diff "$Q/q1-2024-25.html" "$Q/q2-2024-25.txt"
grep -q "$(printf '\033')" "$tmp/out" && bad "colour on a pipe" || ok

# --- trend --------------------------------------------------------------
all="$Q/q4-2024-25.txt $Q/q2-2024-25.txt $Q/q1-2024-25.html $Q/q3-2024-25.html"
expect "trend table" 0 -- "$MINUTES" trend $all
golden "trend table" "$G/trend/quarters.txt"
head -1 "$tmp/out" | grep -Eq 'Q1 2024/25 +Q2 2024/25 +Q3 2024/25 +Q4 2024/25$' && ok || bad "trend not in period order"
grep -Eq '^public confidence .* 79% +80% +80% +81%' "$tmp/out" && ok || bad "public confidence series"
grep -Eq '^total recorded crime +4% rise +2% fall +5% fall +1% rise$' "$tmp/out" && ok || bad "recorded crime series"
expect "trend csv" 0 -- "$MINUTES" trend --format csv $all
golden "trend csv" "$G/trend/quarters.csv"
expect "trend yaml" 0 -- "$MINUTES" trend --format yaml --measure confidence $all
golden "trend yaml" "$G/trend/confidence.yaml"
expect "trend measure" 0 -- "$MINUTES" trend --measure '^total recorded' $all
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "--measure did not filter"
expect "trend svg" 0 -- "$MINUTES" trend --format svg $all
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$tmp/out" && ok || bad "svg is not well-formed XML"
fi
grep -q '<title>minutes trend' "$tmp/out" && grep -q 'Q4 2024/25</text>' "$tmp/out" && ok || bad "svg title/axis labels"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
