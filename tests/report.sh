#!/bin/sh
# `minutes report`: CLI behaviour, and the page of every corpus document (and
# the seed's when ../shared is there) checked as text: self-contained (no
# script, no external reference), in-page links resolve, every finding of
# `minutes check` and every action of the record present, document text
# escaped. Then the headless-browser test (tests/browser/run.sh), which is
# skipped with a message when chromium is not installed.
MINUTES=${MINUTES:-build/minutes}
BUILD=${BUILD:-build}
SHARED=${MN_SHARED:-../shared}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# expect NAME WANT_RC STDERR_REGEX -- command...
expect() {
    name=$1 want=$2 re=$3
    shift 4
    timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, wanted $want; stderr: $(head -2 "$tmp/err")"
    elif [ -n "$re" ] && ! grep -Eq "$re" "$tmp/err"; then
        bad "$name: stderr does not match /$re/: $(head -2 "$tmp/err")"
    else
        ok
    fi
}

has() { # NAME FILE FIXED-TEXT
    grep -Fq -- "$3" "$2" && ok || bad "$1: no '$3'"
}
hasnt() { # NAME FILE EXTENDED-REGEX
    if grep -Eiq -- "$3" "$2"; then bad "$1: has /$3/"; else ok; fi
}

# Every href="#x" has an element id="x"; ids are unique.
links_resolve() { # NAME FILE
    grep -o ' id="[^"]*"' "$2" | sed 's/^ id="//; s/"$//' | sort >"$tmp/ids"
    grep -o 'href="#[^"]*"' "$2" | sed 's/^href="#//; s/"$//' | sort -u \
        >"$tmp/hrefs"
    missing=$(sort -u "$tmp/ids" | comm -13 - "$tmp/hrefs" | head -3 |
        tr '\n' ' ')
    [ -z "$missing" ] && ok || bad "$1: links to missing ids: $missing"
    dups=$(uniq -d "$tmp/ids" | head -3 | tr '\n' ' ')
    [ -z "$dups" ] && ok || bad "$1: duplicate ids: $dups"
}

self_contained() { # NAME FILE
    hasnt "$1" "$2" '<(script|link|img|iframe|object|embed)[ >]|<[a-z][^>]* (src|on[a-z]+)='
    hasnt "$1" "$2" '(href|src|action)="(https?:)?//'
    sed -n '/<style>/,/<\/style>/p' "$2" >"$tmp/style"
    hasnt "$1 style" "$tmp/style" 'url\(|@import'
}

page_shape() { # NAME FILE
    head -1 "$2" | grep -q '^<!DOCTYPE html>$' && ok ||
        bad "$1: no doctype first"
    grep -q '<html lang="[a-z]' "$2" && ok || bad "$1: no lang"
    [ "$(grep -o '<h1[ >]' "$2" | wc -l)" -eq 1 ] && ok ||
        bad "$1: not exactly one h1"
    grep -q '<meta name="viewport"' "$2" && ok || bad "$1: no viewport"
    grep -q '@media print' "$2" && ok || bad "$1: no print styles"
}

# ---- CLI ----------------------------------------------------------------
expect "no input" 2 "give one document" -- "$MINUTES" report
expect "help" 0 "" -- "$MINUTES" report --help
grep -q 'minutes report --diff OLD NEW' "$tmp/out" && ok || bad "help text"
expect "diff needs two" 2 "needs two inputs" -- "$MINUTES" report --diff \
    corpus/quarters/q2-2024-25.txt
expect "too many" 2 "too many inputs" -- "$MINUTES" report a b
expect "unknown option" 2 "unknown or incomplete option" -- "$MINUTES" \
    report --frob corpus/working-group-notes.md
expect "missing file" 2 "nope.txt" -- "$MINUTES" report "$tmp/nope.txt"
printf 'ab\000cd\n' >"$tmp/nul.txt"
expect "binary" 4 "" -- "$MINUTES" report "$tmp/nul.txt"
expect "stdout" 0 "" -- "$MINUTES" report corpus/working-group-notes.md
head -1 "$tmp/out" | grep -q '^<!DOCTYPE html>$' && ok || bad "stdout page"
expect "-o nested" 0 "" -- "$MINUTES" report corpus/working-group-notes.md \
    -o "$tmp/a/b/page.html"
[ -s "$tmp/a/b/page.html" ] && ok || bad "-o did not write the page"
set -- "$tmp"/a/b/*
[ $# -eq 1 ] && ok || bad "-o left a temporary file: $*"
expect "stdin" 0 "" -- sh -c "\"$MINUTES\" report - <corpus/working-group-notes.md"

# ---- every document --------------------------------------------------------
seed="$SHARED/seeds/000_3d7798b7432b6bad.txt"
docs=$(find corpus -type f ! -name '*.md' -o -type f -name '*notes*.md' | sort)
[ -f "$seed" ] || echo "note: $seed absent; the seed is not tested"
for d in $( [ -f "$seed" ] && echo "$seed") $docs; do
    page="$tmp/page.html"
    if ! timeout 60 "$MINUTES" report "$d" -o "$page" 2>"$tmp/err"; then
        bad "$d: report failed: $(head -2 "$tmp/err")"
        continue
    fi
    ok
    page_shape "$d" "$page"
    self_contained "$d" "$page"
    links_resolve "$d" "$page"
    want=$("$MINUTES" check "$d" 2>/dev/null |
        grep -Ec ': (error|warning|suggestion): ')
    got=$(grep -o 'id="finding-[0-9]*"' "$page" | wc -l)
    marks=$(grep -o 'class="fm [a-z]*" id="fm-' "$page" | wc -l)
    [ "$want" -eq "$got" ] && ok ||
        bad "$d: $got findings on the page, check reports $want"
    [ "$marks" -le "$got" ] && ok || bad "$d: more marks than findings"
    "$MINUTES" extract "$d" >"$tmp/rec.yaml" 2>/dev/null
    for list in actions figures attendees; do
        n=$(awk -v l="$list:" '$0 == l { on = 1; next } /^[a-z_]+:/ { on = 0 }
                on && /^- / { n++ } END { print n + 0 }' "$tmp/rec.yaml")
        kind=$(echo "$list" | sed 's/s$//')
        m=$(grep -o "<mark class=\"hl $kind\"" "$page" | wc -l)
        # m counts the legend's sample too
        [ "$m" -gt "$n" ] && ok ||
            bad "$d: $((m - 1)) $kind highlights for $n ${list}"
    done
done

# ---- escaping -----------------------------------------------------------
cat >"$tmp/hostile.txt" <<'EOF'
Minutes of the <script>alert("x")</script> "Quoted" & 'Single' Group

Date: 3rd March 2025

Present: Ann O'Hara (Chair), Bob <b onmouseover="x()">Bold</b> & Co

1. Actions

Action: Ann O'Hara to remove <img src=x onerror=alert(1)> from "the site" & report back.
EOF
expect "hostile text" 0 "" -- "$MINUTES" report "$tmp/hostile.txt" \
    -o "$tmp/hostile.html"
self_contained hostile "$tmp/hostile.html"
has hostile "$tmp/hostile.html" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
has hostile "$tmp/hostile.html" 'O&#39;Hara'
has hostile "$tmp/hostile.html" '&lt;img src=x onerror=alert(1)&gt;'
has hostile "$tmp/hostile.html" '&quot;the site&quot; &amp; report'
cat >"$tmp/hostile.html.in" <<'EOF'
<!DOCTYPE html><html lang="en"><head><title>&lt;script&gt;"t" &amp; 'u'</title>
<script>document.write("live")</script></head><body>
<h1>&lt;script&gt;alert('h')&lt;/script&gt; Board</h1>
<p>Date: 3rd March 2025</p>
<p>Action: Bob &lt;b&gt; to fix the "quote" &amp; the 'other'.</p>
</body></html>
EOF
cp "$tmp/hostile.html.in" "$tmp/hostile-in.html"
expect "hostile html" 0 "" -- "$MINUTES" report "$tmp/hostile-in.html" \
    -o "$tmp/hostile2.html"
self_contained "hostile html" "$tmp/hostile2.html"
has "hostile html" "$tmp/hostile2.html" '&lt;script&gt;alert(&#39;h&#39;)'
hasnt "hostile html" "$tmp/hostile2.html" 'document\.write'

# ---- edges ----------------------------------------------------------------
: >"$tmp/empty.txt"
expect "empty document" 0 "" -- "$MINUTES" report "$tmp/empty.txt" \
    -o "$tmp/empty.html"
has "empty" "$tmp/empty.html" 'The document has no text.'
links_resolve "empty" "$tmp/empty.html"
expect "no checks" 0 "" -- "$MINUTES" report --no-checks \
    corpus/checks/defects-pcc.txt -o "$tmp/nochecks.html"
has "no checks" "$tmp/nochecks.html" 'No findings'
awk 'BEGIN { print "Big meeting"; print "";
             for (i = 1; i <= 20000; i++) {
                 printf "%d. Item %d\n\nAction: JD to report 5%% of %d by 1 May.\n\n", i, i, i } }' \
    >"$tmp/big.txt"
expect "20,000 items" 0 "" -- "$MINUTES" report "$tmp/big.txt" \
    -o "$tmp/big.html"
links_resolve "big" "$tmp/big.html"
awk 'BEGIN { printf "Long line\n\n"; for (i = 0; i < 200000; i++) printf "word <&> "; print "" }' \
    >"$tmp/long.txt"
expect "one 1.8 MB paragraph" 0 "" -- "$MINUTES" report "$tmp/long.txt" \
    -o "$tmp/long.html"

# ---- --diff -----------------------------------------------------------------
expect "diff" 0 "" -- "$MINUTES" report --diff corpus/quarters/q2-2024-25.txt \
    corpus/quarters/q3-2024-25.txt -o "$tmp/diff.html"
page_shape diff "$tmp/diff.html"
self_contained diff "$tmp/diff.html"
links_resolve diff "$tmp/diff.html"
has diff "$tmp/diff.html" 'id="changes-figure"'
has diff "$tmp/diff.html" 'new line '
"$MINUTES" diff --format yaml corpus/quarters/q2-2024-25.txt \
    corpus/quarters/q3-2024-25.txt 2>/dev/null >"$tmp/changes.yaml"
want=$(grep -c '^- kind:' "$tmp/changes.yaml")
got=$(sed -n '/<main/,/<\/main>/p' "$tmp/diff.html" | grep -o '<tr>' |
    wc -l)
groups=$(grep -o '<section id="changes-' "$tmp/diff.html" | wc -l)
[ $((got - groups)) -eq "$want" ] && ok ||
    bad "diff: $((got - groups)) change rows, minutes diff has $want"
expect "diff same" 0 "" -- "$MINUTES" report --diff \
    corpus/quarters/q3-2024-25.txt corpus/quarters/q3-2024-25.txt \
    -o "$tmp/same.html"
has "diff same" "$tmp/same.html" 'No differences'
expect "diff records" 0 "" -- sh -c "\"$MINUTES\" extract corpus/quarters/q1-2024-25.html >\"$tmp/q1.yaml\" &&
    \"$MINUTES\" report --diff \"$tmp/q1.yaml\" corpus/quarters/q2-2024-25.txt -o \"$tmp/d2.html\""
links_resolve "diff records" "$tmp/d2.html"
sed 's/the site/the web site/; s/O.Hara/Ann <i>Other<\/i>/2' "$tmp/hostile.txt" \
    >"$tmp/hostile-b.txt"
expect "diff hostile" 0 "" -- "$MINUTES" report --diff "$tmp/hostile.txt" \
    "$tmp/hostile-b.txt" -o "$tmp/diff-hostile.html"
self_contained "diff hostile" "$tmp/diff-hostile.html"

# ---- the browser ------------------------------------------------------------
echo "-- browser test (tests/browser/run.sh)"
MINUTES=$MINUTES BUILD=$BUILD sh tests/browser/run.sh >"$tmp/browser" 2>&1
brc=$?
cat "$tmp/browser"
last=$(tail -1 "$tmp/browser")
bp=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
bf=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -n "$bp" ]; then
    pass=$((pass + bp))
    fail=$((fail + bf))
fi
if [ "$brc" -ne 0 ] && [ "${bf:-0}" -eq 0 ]; then
    bad "browser test exited $brc"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
