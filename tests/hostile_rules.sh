#!/bin/sh
# Hostile rule packs (YARA's limits and slow-rule warnings): each file is
# generated here and loaded with `minutes rules list --rules FILE` (and the
# backtracking pack also run over a document). Every case must end within
# HOSTILE_LIMIT_S seconds with either a clear FILE:LINE:COL error or a
# load-time warning naming the rule and its line.
set -u
MINUTES=${MINUTES:-build/minutes}
LIMIT_S=${HOSTILE_LIMIT_S:-30}
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() {
    pass=$((pass + 1))
    echo "ok   $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $1: $2"
    sed 's/^/     | /' "$tmp/err" | head -n 5
}

# run NAME CMD...: runs under `timeout`, sets rc; output in $tmp/out, err.
run() {
    timeout "$LIMIT_S" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# expect_error NAME FILE REGEX: exit 2 or 3 (rule or limit error), no crash,
# no timeout, and stderr names FILE:LINE:COL (FILE alone for whole-file
# errors) and matches REGEX.
expect_error() {
    name=$1 file=$2 re=$3
    run "$MINUTES" rules list --rules "$file"
    base=$(basename "$file")
    if [ "$rc" -eq 124 ]; then
        bad "$name" "no answer within ${LIMIT_S}s"
    elif [ "$rc" -ne 2 ] && [ "$rc" -ne 3 ]; then
        bad "$name" "exit $rc, expected 2 or 3"
    elif ! grep -Eq "error: .*$base(:[0-9]+:[0-9]+)?: .*($re)" "$tmp/err"; then
        bad "$name" "no 'error: $base[:LINE:COL]: ...$re' message"
    else
        ok "$name: $(head -n 1 "$tmp/err" | cut -c1-110)"
    fi
}

# ---- generated packs --------------------------------------------------------
rule() { # rule ID PATTERN: one rule with a harmless example
    printf "  - id: %s\n    kind: action\n    pattern: '%s'\n" "$1" "$2"
    printf "    examples: {match: ['zz aa to bb']}\n"
}

# 1. catastrophic backtracking: warned at load, bounded when run.
{
    echo 'pack: hostile'
    echo 'rules:'
    rule bt.nested '(?<text>(?:a+)+)!$'       # line 3
    rule bt.star-star '(?<text>(.*)*)x'      # line 7
    rule bt.words '^(?<text>(\w+\s?)*)$'     # line 11
    rule bt.dots '(?<a>\w+).*(?<b>\w+).*(?<text>.+)$' # line 15
    rule bt.lazy-group '(?<text>(.*?,){11})P' # line 19
    rule bt.twice '(?<text>\d+\d+\d+)x'     # line 23
    rule bt.three-dots '(?<text>a.*b.*c.*d)' # line 27
    rule bt.overlap '(?<text>(a|aa)+)$'     # line 31
} >"$tmp/bt.yaml"
run "$MINUTES" rules list --rules "$tmp/bt.yaml"
for want in 'bt.nested:3' 'bt.star-star:7' 'bt.words:11' 'bt.dots:15' \
    'bt.lazy-group:19' 'bt.twice:23' 'bt.three-dots:27' 'bt.overlap:31'; do
    id=${want%%:*} line=${want##*:}
    if [ "$rc" -ne 0 ]; then
        bad "warn $id" "rules list exit $rc"
    elif grep -Eq "warning: .*bt.yaml:$line(:[0-9]+)?: .*'$id'" "$tmp/err"; then
        ok "load-time warning for $id names bt.yaml:$line"
    else
        bad "warn $id" "no warning naming bt.yaml:$line and rule '$id'"
    fi
done
{
    awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "a"; print s "!" }'
    echo
    awk 'BEGIN { s = ""; for (i = 0; i < 3000; i++) s = s "ab, "; print s }'
    echo
    awk 'BEGIN { s = ""; for (i = 0; i < 2000; i++) s = s "word "; print s "?" }'
} >"$tmp/bait.txt"
start=$(date +%s)
run "$MINUTES" extract --rules "$tmp/bt.yaml" "$tmp/bait.txt"
secs=$(($(date +%s) - start))
if [ "$rc" -ne 0 ]; then
    bad "backtracking run" "extract exit $rc after ${secs}s"
elif ! grep -q "match limit" "$tmp/out"; then
    bad "backtracking run" "no match-limit warning in the record"
else
    ok "backtracking bait extracted in ${secs}s with match-limit warnings"
fi

# 2. a rule file nested 10,000 deep (flow sequences, then flow maps).
{
    echo 'pack: deep'
    printf 'rules: '
    awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["
                 for (i = 0; i < 10000; i++) printf "]"; print "" }'
} >"$tmp/deep.yaml"
expect_error "10,000-deep sequences" "$tmp/deep.yaml" "nest"
{
    printf 'pack: deep\nrules:\n  - id: a\n    kind: k\n    set: '
    awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{a: "
                 printf "x"; for (i = 0; i < 10000; i++) printf "}"; print "" }'
} >"$tmp/deepmap.yaml"
expect_error "10,000-deep maps" "$tmp/deepmap.yaml" "nest"

# 3. 100,000 rules in one file.
{
    echo 'pack: many'
    echo 'rules:'
    awk 'BEGIN { for (i = 0; i < 100000; i++)
                 printf "  - {id: r%d, kind: k}\n", i }'
} >"$tmp/many.yaml"
expect_error "100,000 rules" "$tmp/many.yaml" "rules"

# 4. a 1 MB pattern, and one that fragments blow up to 10 x 4^15 bytes.
{
    printf "pack: big\nrules:\n  - id: big\n    kind: k\n    pattern: '"
    yes a | tr -d '\n' | head -c 1048576
    printf "'\n    examples: {match: ['a']}\n"
} >"$tmp/bigpat.yaml"
expect_error "1 MB pattern" "$tmp/bigpat.yaml" "longer than"
{
    echo 'pack: bomb'
    echo 'fragments:'
    echo "  f0: 'aaaaaaaaaa'"
    i=1
    while [ $i -le 15 ]; do
        p=$((i - 1))
        echo "  f$i: '{{f$p}}{{f$p}}{{f$p}}{{f$p}}'"
        i=$((i + 1))
    done
    printf "rules:\n  - id: bomb\n    kind: k\n    pattern: '{{f15}}'\n"
    printf "    examples: {match: ['a']}\n"
} >"$tmp/bomb.yaml"
expect_error "fragment expansion bomb" "$tmp/bomb.yaml" "longer than"

# 5. invalid UTF-8 in a pattern; a YAML alias bomb; an oversized file.
printf "pack: utf\nrules:\n  - id: bad\n    kind: k\n    pattern: 'ab\377\376c'\n    examples: {match: ['abc']}\n" >"$tmp/utf.yaml"
expect_error "invalid UTF-8 in a pattern" "$tmp/utf.yaml" "UTF-8"
{
    echo 'pack: lol'
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    echo 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]'
    echo 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]'
    echo 'rules: []'
} >"$tmp/alias.yaml"
expect_error "YAML alias bomb" "$tmp/alias.yaml" "anchor|alias"
{
    echo 'pack: huge'
    echo 'rules: []'
    yes '# padding padding padding padding padding padding padding' |
        head -c 5000000
} >"$tmp/huge.yaml"
# (this one crashed 1 run in 4 on free() of an uninitialised pointer)
i=0
while [ $i -lt 8 ]; do
    expect_error "5 MB rule file, run $i" "$tmp/huge.yaml" "larger than"
    i=$((i + 1))
done

echo "hostile rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
