#!/usr/bin/env bash
# `vrsh --check` as a user runs it: a passing and a failing scenario (with the diff it prints),
# (re) and (glob) lines that match and that do not, --update writing and then passing, a folder
# argument, paths relative to the scenario's folder, multi-router scenarios (steps in turns, a
# failing one's diff, --update, bad step headers), and its exit statuses.
set -uo pipefail
vrsh=$1 build=$3
w=$(mktemp -d "$build/check-runner.XXXXXX")
trap 'rm -rf "$w"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect STATUS CMD...: runs CMD, output in $w/log
expect() {
  local want=$1; shift
  "$@" >"$w/log" 2>&1
  local rc=$?
  ((rc == want)) || { fail "$* -> exit $rc, want $want"; sed 's/^/  | /' "$w/log" | head -30; }
}

mkdir -p "$w/s/sub"
printf 'display version\n' >"$w/s/version.in"
printf 'system-view\nsysname EDGE\ncommit\nreturn\ndisplay current-configuration\n' >"$w/s/sub/sysname.in"

# No .out yet: a failure that says how to make one.
expect 1 "$vrsh" --check "$w/s/version.in"
grep -qF "no expected transcript $w/s/version.out (--update writes it)" "$w/log" || fail "missing .out not reported"
grep -qx "0 passed, 1 failed" "$w/log" || fail "no summary for a missing .out"
expect 0 "$vrsh" --check --missing-ok "$w/s/version.in"

# --update on a folder writes both, then both pass.
expect 0 "$vrsh" --check --update "$w/s"
grep -qx "updated 2 transcripts" "$w/log" || fail "--update did not report two transcripts"
[[ -f $w/s/version.out && -f $w/s/sub/sysname.out ]] || fail "--update wrote no .out files"
grep -q "^sysname EDGE$" "$w/s/sub/sysname.out" || fail "sysname.out lacks the configuration"
tail -1 "$w/s/version.out" | grep -qx "%% exit status 0" || fail "transcript does not end with the exit status"
expect 0 "$vrsh" --check "$w/s"
grep -qx "2 passed, 0 failed" "$w/log" || fail "updated scenarios do not pass"

# A changed expectation fails with the diff of that line, and only that scenario fails.
cp "$w/s/sub/sysname.out" "$w/sysname.good"
sed -i 's/^sysname EDGE$/sysname CORE/' "$w/s/sub/sysname.out"
expect 1 "$vrsh" --check "$w/s"
grep -qx "FAIL $w/s/sub/sysname.in" "$w/log" || fail "failing scenario not named"
grep -qx -- "-sysname CORE" "$w/log" && grep -qx -- "+sysname EDGE" "$w/log" || fail "diff does not show the line"
grep -qx "ok   $w/s/version.in" "$w/log" || fail "the passing scenario is not ok"
grep -qx "1 passed, 1 failed" "$w/log" || fail "wrong summary for one failure"

# Volatile lines: a (re) and a (glob) that match pass; one that does not fails and shows the pattern.
cp "$w/sysname.good" "$w/s/sub/sysname.out"
sed -i 's/^sysname EDGE$/sysname E[A-Z]+ (re)/; s/^ vrsh Versatile.*$/ vrsh * (glob)/' "$w/s/sub/sysname.out"
sed -i 's/^vrsh Versatile Routing Shell, Version .*$/vrsh Versatile Routing Shell, Version *.*.* (glob)/' \
  "$w/s/version.out"
grep -q "(glob)$" "$w/s/version.out" || fail "test setup: no glob line in version.out"
expect 0 "$vrsh" --check "$w/s"
sed -i 's/^sysname E\[A-Z\]+ (re)$/sysname C[A-Z]+ (re)/' "$w/s/sub/sysname.out"
expect 1 "$vrsh" --check "$w/s/sub/sysname.in"
grep -qx -- "-sysname C\[A-Z\]+ (re)" "$w/log" || fail "mismatching (re) line not in the diff"
# --update keeps the (glob) line that still matches and replaces the (re) line that does not.
expect 0 "$vrsh" --check --update "$w/s"
grep -q "(glob)$" "$w/s/version.out" || fail "--update dropped a matching (glob) line"
grep -qx "sysname EDGE" "$w/s/sub/sysname.out" || fail "--update kept a (re) line that no longer matches"
expect 0 "$vrsh" --check "$w/s"

# !args and paths relative to the scenario's folder; @WORK@ is the scenario's own scratch folder.
printf '!args: --startup saved.cfg\nsystem-view\nsysname REL\ncommit\nreturn\nsave\ny\n' >"$w/s/sub/rel.in"
expect 0 "$vrsh" --check --update "$w/s/sub/rel.in"
grep -q "^sysname REL$" "$w/s/sub/saved.cfg" || fail "relative --startup did not land in the scenario's folder"
printf '!args: --startup @WORK@/w.cfg\nsystem-view\nsysname W\ncommit\nreturn\nsave\ny\n' >"$w/s/work.in"
expect 0 "$vrsh" --check --update --work "$w/scratch" "$w/s/work.in"
grep -rqs "^sysname W$" "$w/scratch" || fail "@WORK@ is not under --work"
grep -q "$w/scratch" "$w/s/work.out" && fail "the scratch path was not named back as @WORK@"

# Multi-router scenarios: routers in turns, each keeping its state between its blocks; !paste, !run
# (no shell: the words reach the program as written), a router that quits, the exit statuses.
mkdir -p "$w/m/tools"
printf 'system-view\nsysname A\ncommit\nreturn\n' >"$w/m/a.cfg"
printf '#!/bin/sh\nprintf "%%s|" "$@"; echo; echo to-stderr >&2\n' >"$w/m/tools/args.sh"
chmod +x "$w/m/tools/args.sh"
cat >"$w/m/two.in" <<'EOF'
! A and B take turns.
!router A --startup @WORK@/a-saved.cfg
!paste a.cfg
!router B
system-view
sysname B
commit
return
!run tools/args.sh '$HOME' "*" @WORK@/x
!router A
display current-configuration | include sysname
save
y
!router B
quit
!router B
display version
EOF
expect 0 "$vrsh" --check --update --work "$w/mw" "$w/m/two.in"
out=$w/m/two.out
[[ -f $out ]] || fail "--update wrote no multi-router transcript"
head -1 "$out" | grep -qx '!router A --startup @WORK@/a-saved.cfg' || fail "the transcript does not start with A's header"
grep -qx '\$HOME|\*|@WORK@/x|' "$out" || fail "!run arguments were expanded or not named back"
grep -qx 'to-stderr' "$out" || fail "!run stderr missing"
grep -qx '%% B exit status 0' "$out" || fail "B's exit is not shown"
grep -qx '%% B is not running: the lines of this block are not typed' "$out" || fail "a block for an exited router ran"
tail -1 "$out" | grep -qx '%% A exit status 0' || fail "A's exit status does not end the transcript"
# A's second block sees its first: the state lives on while B runs; save writes under @WORK@.
sed -n '/^!router A$/,/^!router B$/p' "$out" | grep -qx 'sysname A' || fail "A lost its configuration between blocks"
grep -rqs '^sysname A$' "$w/mw" || fail "A's save did not write its --startup file"
expect 0 "$vrsh" --check --work "$w/mw" "$w/m/two.in"
grep -qx "1 passed, 0 failed" "$w/log" || fail "an updated multi-router transcript does not pass"
# A changed line in one router's block fails with that line's diff.
cp "$out" "$w/two.good"
sed -i 's/^sysname A$/sysname Z/' "$out"
expect 1 "$vrsh" --check --work "$w/mw" "$w/m/two.in"
grep -qx -- "-sysname Z" "$w/log" && grep -qx -- "+sysname A" "$w/log" || fail "multi-router diff does not show the line"
grep -qx " <A>display current-configuration | include sysname" "$w/log" || fail "the diff has no context"
expect 0 "$vrsh" --check --update --work "$w/mw" "$w/m/two.in"
cmp -s "$out" "$w/two.good" || fail "--update did not restore the multi-router transcript"
# Bad step headers: a clear error with the line, no transcript written, exit status 1.
printf '!router A --startup a.cfg\n!router B\n!router A --startup b.cfg\n' >"$w/m/bad.in"
expect 1 "$vrsh" --check --update "$w/m/bad.in"
grep -qxF "FAIL $w/m/bad.in:3: router A is already running (started on line 1): its options belong there; '!router A' alone goes back to it" "$w/log" ||
  fail "options on a running router not reported"
[[ -e $w/m/bad.out ]] && fail "a malformed scenario got a transcript"
printf 'display version\n!router A\n' >"$w/m/bad.in"
expect 1 "$vrsh" --check "$w/m/bad.in"
grep -qF "FAIL $w/m/bad.in:1: 'display version' comes before the first !router line" "$w/log" ||
  fail "a line outside any block not reported"
printf '!router A\n!paste nonexistent.cfg\n' >"$w/m/bad.in"
expect 1 "$vrsh" --check "$w/m/bad.in"
grep -qxF "FAIL $w/m/bad.in:2: cannot paste nonexistent.cfg: cannot read it" "$w/log" || fail "a missing !paste file not reported"
rm "$w/m/bad.in"
# A tool that fails fails the scenario, whatever the .out says, and --update does not record it.
printf '!router A\n!run sh -c "echo checked; exit 3"\n' >"$w/m/tool.in"
expect 1 "$vrsh" --check --update "$w/m/tool.in"
grep -qxF "FAIL $w/m/tool.in:2: !run sh -c \"echo checked; exit 3\" exited with status 3" "$w/log" &&
  grep -qx "checked" "$w/log" && grep -qx "%% exit status 3" "$w/log" || fail "a failing tool does not fail the scenario"
[[ -e $w/m/tool.out ]] && fail "--update recorded a failing tool"
rm "$w/m/tool.in"

# Usage errors: exit 2 and a vrsh: message.
expect 2 "$vrsh" --check
grep -q "^vrsh: --check needs at least one scenario" "$w/log" || fail "no usage message without a scenario"
expect 2 "$vrsh" --check "$w/nonexistent.in"
expect 2 "$vrsh" --check --define NOEQUALS "$w/s"
expect 2 "$vrsh" --check --bogus "$w/s"
mkdir "$w/empty"
expect 2 "$vrsh" --check "$w/empty"

if ((fails)); then
  echo "$fails failure(s)"
  exit 1
fi
echo "vrsh --check: pass, fail with diff, (re)/(glob), --update, folders, relative paths, multi-router, usage"
