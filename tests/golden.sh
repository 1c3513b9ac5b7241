#!/bin/sh
# Golden-file tests: `minutes blocks` and `minutes extract` over every corpus
# document (and the seed when ../shared is present), compared byte for byte
# with the reviewed files in tests/golden/. UPDATE=1 rewrites the goldens
# (review the diff line by line before committing). $VALGRIND, if set,
# prefixes every run.
MINUTES=${MINUTES:-build/minutes}
SHARED=${MN_SHARED:-../shared}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name kind expected-file command...
    name=$1 exp=$2
    shift 2
    $VALGRIND "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        echo "FAIL $name: exit $rc: $(head -3 "$tmp/err")"
        fail=$((fail + 1))
        return
    fi
    if [ -n "${UPDATE:-}" ]; then
        mkdir -p "$(dirname "$exp")"
        cp "$tmp/out" "$exp"
    fi
    if [ -f "$exp" ] && cmp -s "$tmp/out" "$exp"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name: output differs from $exp"
        [ -f "$exp" ] && diff -u "$exp" "$tmp/out" | head -20
        fail=$((fail + 1))
    fi
}

for f in $(find corpus -type f ! -name '[A-Z]*.md' | sort); do
    g=$(echo "${f#corpus/}" | sed 's|/|__|g')
    check "blocks $f" "tests/golden/blocks/$g.txt" "$MINUTES" blocks "$f"
    check "extract $f" "tests/golden/extract/$g.yaml" "$MINUTES" extract "$f"
done

seed="$SHARED/seeds/000_3d7798b7432b6bad.txt"
if [ -f "$seed" ]; then
    # The seed is third-party text: its golden keeps positions, kinds and a
    # digest of each block's text, never the text itself.
    check "blocks seed" tests/golden/blocks/seed.digest sh tests/lib/digest-blocks.sh \
        "$MINUTES" "$seed"
else
    echo "skip: $seed not present"
fi

# Determinism: the same input twice gives byte-identical YAML.
for f in $(find corpus -type f ! -name '[A-Z]*.md' | sort | head -3); do
    "$MINUTES" extract "$f" >"$tmp/a" 2>/dev/null
    "$MINUTES" extract "$f" >"$tmp/b" 2>/dev/null
    if cmp -s "$tmp/a" "$tmp/b"; then pass=$((pass + 1)); else
        echo "FAIL determinism $f"; fail=$((fail + 1)); fi
done

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
