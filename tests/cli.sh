#!/bin/sh
# CLI behaviour: exit codes, one-line errors naming the file, and bad input
# (empty, binary, invalid UTF-8, truncated UTF-16, directories, missing
# files, a 50 MB line, 100,000 nested <div>s) — blocks or a clear error,
# never a crash or a hang.
MINUTES=${MINUTES:-build/minutes}
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

expect "no args" 2 "usage" -- "$MINUTES"
expect "help" 0 "" -- "$MINUTES" --help
expect "unknown command" 2 "unknown command" -- "$MINUTES" frobnicate
expect "blocks no file" 2 "no input" -- "$MINUTES" blocks
expect "missing file" 2 "nope.txt: cannot open" -- "$MINUTES" blocks "$tmp/nope.txt"
mkdir "$tmp/dir"
expect "directory" 2 "is a directory" -- "$MINUTES" blocks "$tmp/dir"
: >"$tmp/empty.txt"
expect "empty file" 0 "" -- "$MINUTES" blocks "$tmp/empty.txt"
[ ! -s "$tmp/out" ] && ok || bad "empty file printed blocks"
printf 'ab\000cd\n' >"$tmp/nul.txt"
expect "NUL bytes" 4 "nul.txt: .*binary" -- "$MINUTES" blocks "$tmp/nul.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$tmp/image.html"
expect "PNG image" 4 "image.html: .*PNG" -- "$MINUTES" blocks "$tmp/image.html"
printf 'Caf\351 and na\357ve text\n\nSecond \377 para\n' >"$tmp/latin.txt"
expect "invalid UTF-8 (cp1252 fallback)" 0 "" -- "$MINUTES" blocks "$tmp/latin.txt"
grep -q "Café" "$tmp/out" && ok || bad "cp1252 fallback lost é"
printf '\377\376H\000i\000\n\000X' >"$tmp/trunc16.txt"
expect "truncated UTF-16" 0 "" -- "$MINUTES" blocks "$tmp/trunc16.txt"
grep -q "Hi" "$tmp/out" && ok || bad "truncated UTF-16 lost its text"
if [ -r /etc/hostname ] && [ "$(id -u)" != 0 ]; then
    cp /etc/hostname "$tmp/locked.txt" && chmod 000 "$tmp/locked.txt"
    expect "unreadable" 2 "locked.txt: cannot open" -- "$MINUTES" blocks "$tmp/locked.txt"
fi
printf '<p>hello</p>' | "$MINUTES" blocks --format html - >"$tmp/out" 2>&1
grep -q "1:4 paragraph hello" "$tmp/out" && ok || bad "stdin html: $(cat "$tmp/out")"

# 50 MB on one line.
head -c 50000000 /dev/zero | tr '\0' 'a' >"$tmp/long.txt"
expect "50 MB line" 0 "" -- "$MINUTES" blocks "$tmp/long.txt"
# 100,000 nested divs.
awk 'BEGIN{for(i=0;i<100000;i++)printf "<div>";printf "deep";for(i=0;i<100000;i++)printf "</div>";print ""}' >"$tmp/deep.html"
expect "100k nested divs" 0 "" -- "$MINUTES" blocks "$tmp/deep.html"
grep -q "deep" "$tmp/out" && ok || bad "nested divs lost their text"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
