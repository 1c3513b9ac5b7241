#!/bin/sh
# `minutes check`: golden findings for the planted-defect corpus and the
# seed (when ../shared is present), zero findings on the clean documents,
# report formats (YAML, JSON, JUnit, SARIF), exit codes, config control,
# inline suppression, --archive, and the examples of the code checks.
# UPDATE=1 rewrites the goldens (review the diff line by line).
MINUTES=${MINUTES:-build/minutes}
SHARED=${MN_SHARED:-../shared}
GOLD=tests/golden/check
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# golden NAME WANT_RC FILE... : text report compared with $GOLD/NAME.txt
golden() {
    name=$1 want=$2
    shift 2
    (cd "$tmp/run" && NO_COLOR=1 "$MINUTES" check --no-config "$@") \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ -n "${UPDATE:-}" ] && cp "$tmp/out" "$GOLD/$name.txt"
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, wanted $want: $(head -2 "$tmp/err")"
    elif ! cmp -s "$tmp/out" "$GOLD/$name.txt"; then
        bad "$name: findings differ from $GOLD/$name.txt:"
        diff "$GOLD/$name.txt" "$tmp/out" | head -20
    else
        ok
    fi
}

# expect NAME WANT_RC OUT_REGEX -- command...
expect() {
    name=$1 want=$2 re=$3
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, wanted $want: $(head -2 "$tmp/err")"
    elif [ -n "$re" ] && ! grep -Eq "$re" "$tmp/out" "$tmp/err"; then
        bad "$name: output does not match /$re/: $(head -3 "$tmp/out")"
    else
        ok
    fi
}

case $MINUTES in /*) ;; *) MINUTES=$(pwd)/$MINUTES ;; esac
mkdir -p "$tmp/run"
cp corpus/checks/defects-pcc.txt corpus/checks/defects-panel.html \
    corpus/checks/clean-pcc.html corpus/checks/clean-notes.md "$tmp/run/"

# ---- goldens ---------------------------------------------------------------
golden defects-pcc 1 defects-pcc.txt
golden defects-panel 0 defects-panel.html
SEED=$SHARED/seeds/000_3d7798b7432b6bad.txt
if [ -f "$SEED" ]; then
    cp "$SEED" "$tmp/run/seed.txt"
    golden seed 0 seed.txt
else
    echo "skip seed golden: $SEED not found"
fi
for f in clean-pcc.html clean-notes.md; do
    expect "clean $f" 0 '^0 errors, 0 warnings, 0 suggestions in 1 file$' -- \
        "$MINUTES" check --no-config "$tmp/run/$f"
done

# ---- exit codes and control ------------------------------------------------
P=$tmp/run/defects-pcc.txt
expect "strict fails on warnings" 1 "" -- "$MINUTES" check --no-config --strict "$tmp/run/defects-panel.html"
expect "min-level error" 1 '^3 errors, 0 warnings, 0 suggestions' -- "$MINUTES" check --no-config --min-level error "$P"
expect "disable" 1 "" -- "$MINUTES" check --no-config --disable typography.hyphen-space "$P"
grep -q hyphen-space "$tmp/out" && bad "disable: hyphen-space still reported" || ok
expect "re-level to off" 0 "" -- "$MINUTES" check --no-config --level dates.impossible=off --level dates.weekday-mismatch=warning --level people.present-and-apologies=suggestion "$P"
expect "re-level up" 1 "error: 'Non- emergency'" -- "$MINUTES" check --no-config --level typography.hyphen-space=error "$P"
expect "bad level" 2 "level" -- "$MINUTES" check --level x=loud "$P"
expect "bad format" 2 "unknown report format" -- "$MINUTES" check --format pdf "$P"
expect "no inputs" 2 "no input" -- "$MINUTES" check
expect "missing file" 2 "" -- "$MINUTES" check --no-config "$tmp/nope.txt"
expect "unknown option" 2 "unknown option" -- "$MINUTES" check --frob "$P"
expect "govuk off" 1 "" -- "$MINUTES" check --no-config --disable-pack govuk "$P"
grep -q 'govuk\.' "$tmp/out" && bad "govuk pack still on" || ok

mkdir -p "$tmp/cfg/sub"
cp "$P" "$tmp/cfg/sub/m.txt"
printf 'disable: [typography.hyphen-space]\nlevels: {dates.impossible: suggestion, dates.weekday-mismatch: suggestion, people.present-and-apologies: warning}\npacks: {govuk: false}\n' >"$tmp/cfg/.minutes.yaml"
(cd "$tmp/cfg/sub" && "$MINUTES" check m.txt >"$tmp/out" 2>&1)
rc=$?
[ $rc -eq 0 ] && ! grep -q 'hyphen-space\|govuk\.' "$tmp/out" && ok || bad "config found upward: rc $rc"
printf 'disabel: [x]\n' >"$tmp/cfg/.minutes.yaml"
(cd "$tmp/cfg/sub" && "$MINUTES" check m.txt >"$tmp/out" 2>&1)
[ $? -eq 2 ] && grep -q disabel "$tmp/out" && ok || bad "bad config key not reported"

# ---- formats ---------------------------------------------------------------
expect "yaml" 1 "^findings:" -- "$MINUTES" check --no-config --format yaml "$P"
expect "json" 1 '"findings": \[' -- "$MINUTES" check --no-config --format json "$P"
expect "junit" 1 '<testsuites name="minutes check" tests="1" failures="1">' -- "$MINUTES" check --no-config --format junit "$P"
if command -v xmllint >/dev/null 2>&1; then
    "$MINUTES" check --no-config --format junit "$P" | xmllint --noout - && ok || bad "junit is not well-formed XML"
fi
expect "sarif" 1 '"version": "2.1.0"' -- "$MINUTES" check --no-config --format sarif "$P"
if command -v python3 >/dev/null 2>&1; then
    "$MINUTES" check --no-config --format sarif "$P" >"$tmp/s.json"
    python3 - "$tmp/s.json" <<'PY' && ok || bad "sarif structure"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and d["$schema"]
run = d["runs"][0]
assert run["tool"]["driver"]["name"] == "minutes"
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
for r in run["results"]:
    assert r["message"]["text"] and r["level"] in ("error", "warning", "note")
    assert ids[r["ruleIndex"]] == r["ruleId"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1
PY
fi
NO_COLOR=1 "$MINUTES" check --no-config "$P" | grep -q "$(printf '\033')" && bad "colour with NO_COLOR" || ok
"$MINUTES" check --no-config --color "$P" | grep -q "$(printf '\033')" && ok || bad "--color gives no colour"

# ---- inline suppression and archive ----------------------------------------
sed 's/<html>/<html><!-- minutes: disable html.missing-lang html.missing-title -->/' \
    "$tmp/run/defects-panel.html" >"$tmp/quiet.html"
"$MINUTES" check --no-config "$tmp/quiet.html" >"$tmp/out"
grep -q 'missing-lang\|missing-title' "$tmp/out" && bad "inline suppression ignored" || ok

mkdir -p "$tmp/arch"
printf 'Minutes of the working group\n\nDate: 3 March 2024\n\nPresent:\n\n- Jane Doe (Chair)\n- Sam Roe\n\nThe group agreed the plan.\n' >"$tmp/arch/old.txt"
printf 'Minutes of the working group\n\nDate: 3 April 2024\n\nPresent:\n\n- Jane Dooe (Chair)\n- Sam Roe\n\nThe group agreed the plan.\n' >"$tmp/new.txt"
expect "archive" 0 "attendee 'Jane Dooe' is spelled 'Jane Doe' in .*old.txt:7" -- \
    "$MINUTES" check --no-config --archive "$tmp/arch" "$tmp/new.txt"

# ---- examples of the code checks ---------------------------------------------
expect "code-check examples" 0 " 0 failed" -- "$MINUTES" check --test-examples

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
