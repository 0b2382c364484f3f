#!/usr/bin/env bash
# A startup file with lines vrsh rejects is never lost (issue #12): the good lines load, the first
# save copies the original aside (rt.cfg.rejected.bak, never replaced by a later save or start),
# and every save keeps the previous file as rt.cfg.bak.
# Usage: test_startup_keeps_rejected.sh <vrsh> <source-dir> <build-dir>
set -euo pipefail
vrsh=$1 src=$2 build=$3
work=$(mktemp -d "$build/startup-keep.XXXXXX")
trap 'rm -rf "$work"' EXIT
cfg=$work/rt.cfg
fail() { echo "FAIL: $*"; exit 1; }

# The reproduction: one line vrsh does not know.
printf '#\nsysname KEEPER\nmtu 9000\n#\ninterface GigabitEthernet0/1/0\n undo shutdown\n#\nreturn\n' > "$cfg"
cp "$cfg" "$work/original.cfg"

printf 'display current-configuration\nsave\ny\ndisplay startup\n' |
  "$vrsh" --startup "$cfg" > "$work/run1.log" 2> "$work/run1.err" || fail "run 1 failed: $(cat "$work/run1.log")"
grep -qxF 'sysname KEEPER' "$work/run1.log" || fail "the good lines were not loaded: $(cat "$work/run1.log")"
grep -qF "Error: Line 3 of the startup file $cfg was not restored:" "$work/run1.err" ||
  fail "no report of line 3: $(cat "$work/run1.err")"
grep -qxF "Info: The startup file $cfg holds 1 command that was not restored; it was copied to $cfg.rejected.bak." \
  "$work/run1.log" || fail "save did not say where the original went: $(cat "$work/run1.log")"
grep -qF 'Info: Save the configuration successfully.' "$work/run1.log" || fail "save failed"
grep -qE "^  Rejected commands kept in: +$cfg.rejected.bak$" "$work/run1.log" ||
  fail "display startup does not name the copy: $(cat "$work/run1.log")"
cmp "$work/original.cfg" "$cfg.rejected.bak" || fail "the rejected copy differs from the original"
cmp "$work/original.cfg" "$cfg.bak" || fail "the plain backup is not the previous file"
grep -qxF 'sysname KEEPER' "$cfg" || fail "the saved file lost the good lines"
if grep -q mtu "$cfg"; then fail "the saved file holds the rejected line"; fi
cp "$cfg" "$work/first-save.cfg"

# A clean start and a second save: the rejected copy stays, .bak is the previous save.
printf 'system-view\nsysname LATER\ncommit\nreturn\nsave\ny\n' |
  "$vrsh" --startup "$cfg" > "$work/run2.log" 2> "$work/run2.err" || fail "run 2 failed: $(cat "$work/run2.log")"
[[ ! -s $work/run2.err ]] || fail "the saved file did not load cleanly: $(cat "$work/run2.err")"
if grep -q 'copied to' "$work/run2.log"; then fail "a clean file was copied aside"; fi
cmp "$work/original.cfg" "$cfg.rejected.bak" || fail "a later save replaced the rejected copy"
cmp "$work/first-save.cfg" "$cfg.bak" || fail "the plain backup is not the previous save"
grep -qxF 'sysname LATER' "$cfg" || fail "the second save was not written"

# Rejected lines again: the earlier copy is not replaced, the new one gets the next name.
printf 'sysname AGAIN\nbogus line\n' > "$cfg"
printf 'save\ny\n' | "$vrsh" --startup "$cfg" > "$work/run3.log" 2> "$work/run3.err" || fail "run 3 failed"
cmp "$work/original.cfg" "$cfg.rejected.bak" || fail "a new start replaced the first rejected copy"
grep -qxF 'bogus line' "$cfg.rejected.2.bak" || fail "the second original was not kept as .rejected.2.bak"
echo "PASS: rejected startup lines are kept on disk"
