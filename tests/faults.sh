#!/bin/sh
# I/O faults (jq's LD_PRELOAD tests): unreadable input, a directory as
# input, symlink loops, an output directory that cannot be written, a full
# disk, and write/fsync/rename/open failures injected by tests/inject_fault.c.
# Each must give a clear "minutes: error:" naming the path, a non-zero exit,
# leave no partial or temporary output file, and keep every record that was
# finished before the fault (byte-identical to a clean run).
set -u
MINUTES=${MINUTES:-build/minutes}
BUILD=${BUILD:-build}
pass=0
fail=0
skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-faults.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; umount "$tmp/tiny" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); echo "ok   $1"; }
skipped() { skip=$((skip + 1)); echo "skip $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL $1: $2"
    sed 's/^/     | /' "$tmp/err" 2>/dev/null | head -n 5
}

shim="$tmp/inject_fault.so"
if ! ${CC:-cc} -shared -fPIC -O1 -o "$shim" tests/inject_fault.c -ldl \
    2>"$tmp/err"; then
    bad "build the fault shim" "compiler failed"
    shim=
fi
# An ASan binary insists on its runtime coming first; the shim is harmless.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# One worker thread, so "the record finished before the fault" is always
# the first input's (-j exists once extraction runs on worker threads).
J=
if "$MINUTES" extract --help 2>&1 | grep -q -- '-j N'; then
    J="-j 1"
fi
mkdir -p "$tmp/in"
cp corpus/panel-2024-09-moderngov.html "$tmp/in/a.html"
cp corpus/pcc-q3-2024-performance.txt "$tmp/in/b.txt"
cp corpus/council-2024-03-latin1.html "$tmp/in/c.html"
"$MINUTES" extract $J -o "$tmp/ref" "$tmp/in" >/dev/null 2>&1 ||
    echo "note: the clean reference run exited $?"

run() { # run CMD...: rc, $tmp/out, $tmp/err
    timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
no_temp_files() { # no_temp_files DIR
    [ -z "$(find "$1" -name '*.tmp.*' 2>/dev/null)" ]
}
# expect_io NAME REGEX: exit 2, a "minutes: error:" line matching REGEX.
expect_io() {
    if [ "$rc" -ge 124 ]; then
        bad "$1" "crashed or hung (exit $rc)"
    elif [ "$rc" -ne 2 ]; then
        bad "$1" "exit $rc, expected 2"
    elif ! grep -aEq "^minutes: error: .*($2)" "$tmp/err"; then
        bad "$1" "no 'minutes: error: ...$2' message"
    else
        ok "$1: $(grep -am1 '^minutes: error:' "$tmp/err" | cut -c1-100)"
    fi
}
# same_record NAME: OUT/REL.yaml exists and equals the clean run's.
same_record() {
    if cmp -s "$tmp/ref/$2.yaml" "$tmp/o/$2.yaml"; then
        ok "$1: finished record $2.yaml kept intact"
    else
        bad "$1" "record $2.yaml missing or different from a clean run"
    fi
}

# ---- inputs ---------------------------------------------------------------
cp "$tmp/in/a.html" "$tmp/secret.html"
if [ "$(id -u)" -ne 0 ]; then
    chmod 000 "$tmp/secret.html"
    run "$MINUTES" extract "$tmp/secret.html" "$tmp/in/a.html"
    chmod 644 "$tmp/secret.html"
    expect_io "unreadable input (chmod 000)" "secret.html.*(ermission|denied)"
elif [ -n "$shim" ]; then
    # root ignores permission bits: make the open fail instead.
    LD_PRELOAD="$shim" MN_FAULT=fopen MN_FAULT_PATH=secret.html \
        run "$MINUTES" extract "$tmp/secret.html" "$tmp/in/a.html"
    expect_io "unreadable input (root: fopen fails EACCES)" \
        "secret.html.*(ermission|denied)"
else
    skipped "unreadable input: running as root and no fault shim"
fi
if grep -q '^source:' "$tmp/out" 2>/dev/null; then
    ok "the readable input after it was still extracted"
else
    bad "unreadable input" "the next input was not extracted"
fi

run "$MINUTES" extract - <"$tmp/in"
expect_io "a directory on stdin" "directory|Is a dir|read"
mkdir -p "$tmp/list"
echo "$tmp/in" >"$tmp/list/files"
run "$MINUTES" extract --files-from "$tmp/list/files"
if [ "$rc" -eq 0 ] && [ "$(grep -c '^source:' "$tmp/out")" -eq 3 ]; then
    ok "a directory in --files-from is walked (3 records)"
else
    expect_io "a directory in --files-from" "directory"
fi

mkdir -p "$tmp/loops/sub"
cp "$tmp/in/a.html" "$tmp/loops/sub/a.html"
ln -s loop2 "$tmp/loops/loop1"
ln -s loop1 "$tmp/loops/loop2"
ln -s .. "$tmp/loops/sub/up"
run "$MINUTES" extract "$tmp/loops/loop1"
expect_io "a symlink loop as argument" "loop1.*(symbolic links|loop)"
run "$MINUTES" extract "$tmp/loops"
if [ "$rc" -ge 124 ]; then
    bad "a directory with symlink loops" "crashed or hung (exit $rc)"
elif [ "$(grep -c '^source:' "$tmp/out")" -ne 1 ]; then
    bad "a directory with symlink loops" "expected exactly 1 record"
else
    ok "a directory with symlink loops: 1 record, exit $rc, no hang"
fi

# ---- output ---------------------------------------------------------------
touch "$tmp/afile"
run "$MINUTES" extract -o "$tmp/afile/out" "$tmp/in/a.html"
expect_io "an output directory under a regular file" "afile"
mkdir -p "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$tmp/ro"
    run "$MINUTES" extract -o "$tmp/ro" "$tmp/in"
    chmod 755 "$tmp/ro"
    expect_io "a read-only output directory" "ro.*(ermission|denied)"
elif [ -n "$shim" ]; then
    LD_PRELOAD="$shim" MN_FAULT=open \
        run "$MINUTES" extract -o "$tmp/ro" "$tmp/in"
    expect_io "an unwritable output directory (root: open fails EACCES)" \
        "ermission|denied"
else
    skipped "an unwritable output directory: root and no fault shim"
fi
if [ -z "$(find "$tmp/ro" -type f)" ]; then
    ok "nothing left in the unwritable output directory"
else
    bad "unwritable output directory" "files were left behind"
fi

if [ -w /dev/full ]; then
    run "$MINUTES" extract "$tmp/in/a.html"
    run "$MINUTES" extract "$tmp/in/a.html" >/dev/full
    timeout 60 "$MINUTES" extract "$tmp/in/a.html" >/dev/full 2>"$tmp/err"
    rc=$?
    expect_io "stdout on a full disk (/dev/full)" "stdout|write|space"
else
    skipped "/dev/full is not writable here"
fi
mkdir -p "$tmp/tiny"
if mount -t tmpfs -o size=12k tmpfs "$tmp/tiny" 2>/dev/null; then
    run "$MINUTES" extract -o "$tmp/tiny" "$tmp/in"
    expect_io "a 12 KB tmpfs filling up" "space|write|sync"
    if no_temp_files "$tmp/tiny"; then
        ok "no temporary file left on the full tmpfs"
    else
        bad "full tmpfs" "temporary files left behind"
    fi
    umount "$tmp/tiny"
else
    skipped "cannot mount a tiny tmpfs here (not root, or no mount rights)"
fi

# ---- injected faults: the first record is finished, the second fails --------
inject() { # inject NAME FAULT AFTER REGEX [later-records-allowed]
    rm -rf "$tmp/o"
    LD_PRELOAD="$shim" MN_FAULT=$2 MN_FAULT_AFTER=$3 \
        run "$MINUTES" extract $J -o "$tmp/o" "$tmp/in"
    expect_io "$1" "$4"
    same_record "$1" a.html
    if [ -z "${5:-}" ] &&
        { [ -e "$tmp/o/b.txt.yaml" ] || [ -e "$tmp/o/c.html.yaml" ]; }; then
        bad "$1" "a record was written after the fault"
    fi
    if no_temp_files "$tmp/o"; then
        ok "$1: no partial or temporary file left"
    else
        bad "$1" "temporary files left behind"
    fi
}
if [ -n "$shim" ]; then
    inject "injected write failure (ENOSPC)" write 1 "write|space"
    # Records may be written unsynced and made durable by one syncfs() at
    # the end; then the first fsync to fail is the cache's or the index's.
    inject "injected fsync failure (EIO)" fsync 1 "sync|I/O" later-ok
    inject "injected rename failure (EXDEV)" rename 1 "rename|device"
    inject "injected open failure (EACCES)" open 1 "ermission|create"
else
    skipped "injected faults: the shim did not build"
fi

echo "faults: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
