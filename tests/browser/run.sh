#!/bin/sh
# Browser test of `minutes report`: every corpus document's page (and the
# seed's, when ../shared is there) is opened in headless Chromium. From the
# DOM (--dump-dom): every action and every finding is present, every in-page
# link resolves to an id, nothing executable or external survived. From the
# network log: the page requested nothing. From audit.html (computed styles):
# contrast >= 4.5:1, headings in order, labels, no sideways scroll on a
# phone. Screenshots land in $BUILD/browser/ for a human to look at.
# Without chromium the test is skipped (MN_REQUIRE_BROWSER=1 makes that a
# failure, as CI wants).
MINUTES=${MINUTES:-build/minutes}
BUILD=${BUILD:-build}
SHARED=${MN_SHARED:-../shared}
here=$(pwd)
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

CHROMIUM=${CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
    for c in chromium chromium-browser; do
        if command -v "$c" >/dev/null 2>&1; then
            CHROMIUM=$c
            break
        fi
    done
fi
command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || CHROMIUM=
if [ -z "$CHROMIUM" ]; then
    echo "SKIP browser test: chromium is not installed" \
        "(Debian: apt-get install chromium)"
    [ -n "${MN_REQUIRE_BROWSER:-}" ] && bad "chromium required but absent"
    finish
fi

mkdir -p "$BUILD/browser" || exit 2
out=$(cd "$BUILD/browser" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$out/chromium.log"

# chrome ARGS... : headless, offline, a fresh profile per run.
chrome() {
    prof=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --hide-scrollbars \
        --user-data-dir="$prof" "$@" 2>>"$out/chromium.log"
}

# Text as Chromium serialises it in the DOM.
dom_escape() {
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
        -e 's/\xc2\xa0/\&nbsp;/g'
}

# Requests made on behalf of a file:// page (the browser's own update and
# account pings carry no file:// site and are not the page's).
page_requests() {
    grep '"url":"https\?://' "$1" | grep 'file://' |
        grep -o '"url":"[^"]*"' | sort -u
}

# The plain `text:` values of the record's actions, one per line.
action_texts() {
    awk '/^actions:/ { on = 1; next } /^[a-z_]+:/ { on = 0 }
         on && /^  text: / { sub(/^  text: /, ""); print }' "$1" |
        while IFS= read -r t; do
            case $t in
            \"*\\*) ;; # escapes: compared by count only
            \"*) t=${t#\"}; printf '%s\n' "${t%\"}" ;;
            \'*) t=${t#\'}; printf '%s\n' "${t%\'}" | sed "s/''/'/g" ;;
            \|* | \>* | null) ;;
            *) printf '%s\n' "$t" ;;
            esac
        done
}

static_checks() { # NAME HTML
    if grep -Eiq '<(script|link|img|iframe|object|embed)[ >]|<[a-z][^>]* src=' "$2"; then
        bad "$1: page has an executable or embedded element"
    else ok; fi
    if grep -Eiq '(href|src|action)="(https?:)?//' "$2" ||
        sed -n '/<style>/,/<\/style>/p' "$2" | grep -Eiq 'url\(|@import'; then
        bad "$1: page refers to an external resource"
    else ok; fi
}

dom_links() { # NAME DOM
    grep -o 'id="[^"]*"' "$2" | sed 's/^id="//; s/"$//' | sort -u >"$tmp/ids"
    grep -o 'href="#[^"]*"' "$2" | sed 's/^href="#//; s/"$//' | sort -u \
        >"$tmp/hrefs"
    missing=$(comm -23 "$tmp/hrefs" "$tmp/ids" | head -5 | tr '\n' ' ')
    [ -z "$missing" ] && ok || bad "$1: links to missing ids: $missing"
    dups=$(grep -o 'id="[^"]*"' "$2" | sort | uniq -d | head -3 | tr '\n' ' ')
    [ -z "$dups" ] && ok || bad "$1: duplicate ids: $dups"
}

dom_findings() { # NAME DOC DOM
    "$MINUTES" check "$2" 2>/dev/null |
        grep -E ': (error|warning|suggestion): ' >"$tmp/findings"
    want=$(wc -l <"$tmp/findings")
    got=$(grep -o 'id="finding-[0-9]*"' "$3" | wc -l)
    [ "$want" -eq "$got" ] && ok ||
        bad "$1: $got findings in the page, minutes check has $want"
    missing=0
    while IFS= read -r f; do
        msg=$(printf '%s\n' "$f" |
            sed -E 's/^.*: (error|warning|suggestion): //; s/ \[[^]]*\]$//' |
            dom_escape)
        grep -Fq -- "$msg" "$3" || {
            missing=$((missing + 1))
            echo "  missing finding: $msg"
        }
    done <"$tmp/findings"
    [ "$missing" -eq 0 ] && ok || bad "$1: $missing findings not in the DOM"
}

dom_actions() { # NAME DOC DOM
    "$MINUTES" extract "$2" >"$tmp/rec.yaml" 2>/dev/null
    want=$(awk '/^actions:/ { on = 1; next } /^[a-z_]+:/ { on = 0 }
                on && /^- owner:/ { n++ } END { print n + 0 }' "$tmp/rec.yaml")
    got=$(sed -n '/<section id="actions"/,/<\/section>/p' "$3" |
        grep -o '<tr>' | wc -l)
    [ "$want" -gt 0 ] && got=$((got - 1)) # the header row
    [ "$want" -eq "$got" ] && ok ||
        bad "$1: $got actions in the table, the record has $want"
    missing=0
    action_texts "$tmp/rec.yaml" | while IFS= read -r t; do
        e=$(printf '%s\n' "$t" | dom_escape)
        grep -Fq -- "$e" "$3" || echo "  missing action: $t"
    done >"$tmp/missing"
    [ ! -s "$tmp/missing" ] && ok || {
        cat "$tmp/missing"
        bad "$1: actions missing from the DOM"
    }
    marks=$(grep -o '<mark class="hl action"' "$3" | wc -l)
    [ "$marks" -ge "$want" ] && ok ||
        bad "$1: $marks action highlights for $want actions"
}

audit() { # NAME HTML WIDTH
    chrome --allow-file-access-from-files --virtual-time-budget=10000 \
        --window-size="$3",1000 --dump-dom \
        "file://$here/tests/browser/audit.html?src=file://$2&w=$3" \
        >"$tmp/audit.dom"
    res=$(sed -n '/<pre id="audit">/,/<\/pre>/p' "$tmp/audit.dom" |
        sed 's/<[^>]*>//g')
    case $res in
    AUDIT-OK*) ok ;;
    *) bad "$1 (${3}px): $(printf '%s' "$res" | head -5)" ;;
    esac
}

screenshot() { # HTML PNG WIDTH
    rm -f "$2"
    chrome --screenshot="$2" --window-size="$3",2000 "file://$1" >/dev/null
    sig=$(head -c 4 "$2" 2>/dev/null | od -An -c | tr -d ' \n')
    size=$(wc -c <"$2" 2>/dev/null || echo 0)
    [ "$sig" = "211PNG" ] && [ "$size" -gt 20000 ] && ok ||
        bad "screenshot $2: not a PNG or nearly empty ($size bytes)"
}

check_doc() { # DOC
    name=$(printf '%s' "$1" | tr '/' '_' | sed 's/^[._]*//')
    html="$out/$name.html"
    if ! "$MINUTES" report "$1" -o "$html" 2>"$tmp/err"; then
        bad "$1: minutes report failed: $(head -2 "$tmp/err")"
        return
    fi
    ok
    static_checks "$1" "$html"
    rm -f "$out/$name.netlog"
    chrome --log-net-log="$out/$name.netlog" --dump-dom "file://$html" \
        >"$out/$name.dom"
    if grep -q '<html lang="[a-z]' "$out/$name.dom"; then ok; else
        bad "$1: no DOM (or no lang) from chromium"
        return
    fi
    reqs=$(page_requests "$out/$name.netlog")
    [ -z "$reqs" ] && ok || bad "$1: the page made requests: $reqs"
    dom_links "$1" "$out/$name.dom"
    dom_findings "$1" "$1" "$out/$name.dom"
    dom_actions "$1" "$1" "$out/$name.dom"
    audit "$1" "$html" 1280
}

# ---- controls: the detectors must see what they are meant to see --------
cat >"$tmp/external.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><title>control</title>
<link rel="stylesheet" href="https://example.invalid/a.css"></head>
<body><h1>control</h1><img src="http://example.invalid/x.png" alt="">
<p style="background:url(http://example.invalid/b.png)">x</p></body></html>
EOF
chrome --log-net-log="$tmp/control.netlog" --dump-dom \
    "file://$tmp/external.html" >/dev/null
n=$(page_requests "$tmp/control.netlog" | wc -l)
[ "$n" -ge 2 ] && ok || bad "control: the network log missed the page's" \
    "requests ($n seen); the no-request assertion would prove nothing"

cat >"$tmp/poor.html" <<'EOF'
<!DOCTYPE html><html><head><title>control</title></head><body>
<h2>wrong first heading</h2><h5>jump</h5>
<p style="color:#aaa">faint text</p><a href="#nowhere">broken</a>
<mark class="hl figure">9%</mark></body></html>
EOF
chrome --allow-file-access-from-files --virtual-time-budget=10000 \
    --dump-dom "file://$here/tests/browser/audit.html?src=file://$tmp/poor.html&w=1280" \
    >"$tmp/poor.dom"
for want in "no lang" "contrast" "first heading" "jumps" "missing #nowhere" \
    "without a text label"; do
    grep -q "AUDIT-FAIL.*$want" "$tmp/poor.dom" && ok ||
        bad "control: the audit missed '$want'"
done

# ---- hostile text: markup and quotes in the document stay text ----------
cat >"$tmp/hostile.txt" <<'EOF'
Minutes of the <script>alert("title")</script> "Quoted" & 'Single' Group

Date: 3rd March 2025

Present: Ann O'Hara (Chair), Bob <b>Bold</b> & Co

1. Actions

Action: Ann O'Hara to remove <img src=x onerror=alert(1)> from "the site" & report back.
EOF
"$MINUTES" report "$tmp/hostile.txt" -o "$out/hostile.html" 2>/dev/null && ok ||
    bad "hostile: report failed"
static_checks hostile "$out/hostile.html"
chrome --dump-dom "file://$out/hostile.html" >"$out/hostile.dom"
if grep -Eiq '<(script|img)[ >]|<b>Bold' "$out/hostile.dom"; then
    bad "hostile: markup from the document became elements"
else ok; fi
grep -Fq '&lt;script&gt;alert("title")&lt;/script&gt;' "$out/hostile.dom" &&
    grep -Fq "O'Hara" "$out/hostile.dom" && ok ||
    bad "hostile: the text did not survive as text"

# ---- the documents ----------------------------------------------------------
seed="$SHARED/seeds/000_3d7798b7432b6bad.txt"
docs=$(find corpus -type f ! -name '*.md' -o -type f -name '*notes*.md' | sort)
[ -f "$seed" ] || echo "note: $seed absent; the seed is not tested"
for d in $( [ -f "$seed" ] && echo "$seed") $docs; do
    check_doc "$d"
done

# Phone width: no sideways scrolling, same audit.
pcc="$out/corpus_pcc-q3-2024-performance.html.html"
audit "phone" "$pcc" 375
screenshot "$pcc" "$out/pcc-q3.png" 1280
screenshot "$pcc" "$out/pcc-q3-phone.png" 390
if [ -f "$seed" ]; then
    seedhtml="$out/$(printf '%s' "$seed" | tr '/' '_' | sed 's/^[._]*//').html"
    audit "seed phone" "$seedhtml" 375
    screenshot "$seedhtml" "$out/report-seed.png" 1280
    echo "screenshots: $out/report-seed.png $out/pcc-q3.png $out/pcc-q3-phone.png"
fi
finish
