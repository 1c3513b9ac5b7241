# Scores a `minutes diff` text report against planted changes.
# Usage: awk -f tests/diff-eval.awk PLANTED.tsv REPORT.txt
# Prints "hits planted reported neutral" and, on stderr, each miss and each
# unexplained report line. A planted row is hit by the first unused report
# line of the same group and change whose text matches its ERE.
BEGIN { FS = "\t" }
FNR == NR {
    if ($0 ~ /^#/ || NF < 3) next
    np++; pg[np] = $1; pc[np] = $2; pr[np] = $3
    next
}
/^(Attendees|Sections|Figures|Actions|Recommendations)$/ { group = $0; next }
/^  . [a-z_]+: / {
    nl++
    line[nl] = $0
    lg[nl] = group
    c = $0; sub(/^  . /, "", c); sub(/:.*/, "", c); lc[nl] = c
}
END {
    hits = 0; neutral = 0; planted = 0
    for (p = 1; p <= np; p++) {
        isneutral = (pg[p] == "neutral")
        if (!isneutral) planted++
        found = 0
        for (l = 1; l <= nl && !found; l++) {
            if (used[l] || lc[l] != pc[p]) continue
            if (!isneutral && lg[l] != pg[p]) continue
            if (line[l] ~ pr[p]) { used[l] = 1; found = 1 }
        }
        if (found && isneutral) neutral++
        else if (found) hits++
        else if (!isneutral) print "miss: " pg[p] " " pc[p] " /" pr[p] "/" > "/dev/stderr"
    }
    for (l = 1; l <= nl; l++)
        if (!used[l]) print "extra:" line[l] > "/dev/stderr"
    print hits, planted, nl, neutral
}
