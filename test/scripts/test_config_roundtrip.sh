#!/usr/bin/env bash
# A rendered configuration fed back reproduces the same configuration: load a rich startup file,
# save it, restart from the saved file, and compare the renderings; also pipe the rendering into a
# fresh vrsh as a plain script (system-view + text + commit) and compare again. Once for a rich
# configuration, once for names with spaces, which must come back in double quotes (issue #12),
# once for a dual-stack configuration (IPv6 addresses, link-local, routes, ipv6-family; issue #14).
set -euo pipefail
vrsh=$1 src=$2 build=$3
work=$(mktemp -d "$build/roundtrip.XXXXXX")
trap 'rm -rf "$work"' EXIT
for cfg in startup_roundtrip.cfg startup_quoted_names.cfg startup_ipv6.cfg; do
echo "== $cfg"
cp "$src/test/golden/config/$cfg" "$work/start.cfg"

# The text after the last `display current-configuration` echo line.
config_of() { sed -n '/display current-configuration$/,$p' | sed '1d'; }

printf 'display current-configuration\n' | "$vrsh" --startup "$work/start.cfg" | config_of > "$work/first.txt"
sysname=$(grep -m1 '^sysname ' "$work/start.cfg")
grep -qxF "$sysname" "$work/first.txt" || { echo "startup file was not loaded"; cat "$work/first.txt"; exit 1; }

printf 'save\ny\n' | "$vrsh" --startup "$work/start.cfg" > "$work/save.log"
grep -q 'Info: Save the configuration successfully.' "$work/save.log" || { cat "$work/save.log"; exit 1; }
diff -u "$work/first.txt" "$work/start.cfg"   # the saved file is exactly the rendering
printf 'display current-configuration\n' | "$vrsh" --startup "$work/start.cfg" | config_of > "$work/second.txt"
diff -u "$work/first.txt" "$work/second.txt"

# As a piped script: every rendered line is a command; '#' lines go back to system view.
{ echo system-view; grep -v -e '^return$' "$work/first.txt"; echo commit; echo return;
  echo display current-configuration; } | "$vrsh" > "$work/piped.log" || { cat "$work/piped.log"; exit 1; }
config_of < "$work/piped.log" > "$work/third.txt"
diff -u "$work/first.txt" "$work/third.txt"
done
echo "round trip ok"
