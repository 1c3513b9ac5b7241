#!/bin/sh
# `minutes blocks` with each block's text replaced by its length and an MD5
# prefix, so goldens of third-party documents hold no third-party text.
"$1" blocks "$2" | while IFS= read -r line; do
    head=$(printf '%s\n' "$line" | cut -d' ' -f1-2)
    text=$(printf '%s\n' "$line" | cut -d' ' -f3-)
    sum=$(printf '%s' "$text" | md5sum | cut -c1-12)
    printf '%s len=%d md5=%s\n' "$head" "${#text}" "$sum"
done
