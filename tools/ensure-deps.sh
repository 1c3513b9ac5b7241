#!/bin/sh
# Make sure the Debian packages minutes needs are present. With --install (or
# when run as root and something is missing) it installs them with apt-get;
# otherwise it prints the exact command to run. Used by `make run` and `make deps`.
set -u
PKGS="build-essential pkg-config libxml2-dev libpcre2-dev libyaml-dev libcriterion-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "minutes: missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "minutes: run as root: apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "minutes: installing them with apt-get" >&2
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2 || {
    echo "minutes: install failed; run: apt-get update && apt-get install -y$missing" >&2
    exit 1
}
