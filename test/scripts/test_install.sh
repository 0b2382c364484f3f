#!/usr/bin/env bash
# `cmake --install` puts the binary and the man page under the prefix, and the installed binary
# runs from there.
set -uo pipefail
build=$3
top=$(dirname "$build")  # the script gets the test folder of the build tree
prefix=$(mktemp -d "$build/install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cmake --install "$top" --prefix "$prefix" >"$prefix.log" 2>&1 || { cat "$prefix.log"; fail "cmake --install failed"; }
rm -f "$prefix.log"
[[ -x $prefix/bin/vrsh ]] || fail "no executable $prefix/bin/vrsh"
[[ -f $prefix/share/man/man1/vrsh.1 ]] || fail "no man page $prefix/share/man/man1/vrsh.1"
if [[ -x $prefix/bin/vrsh ]]; then
  v=$("$prefix/bin/vrsh" --version 2>&1)
  [[ $v == "vrsh "* ]] || fail "installed vrsh --version printed '$v'"
  out=$(printf 'display version\n' | "$prefix/bin/vrsh" 2>&1) || fail "installed vrsh failed a batch run: $out"
fi
if ((fails)); then
  echo "$fails failure(s)"
  exit 1
fi
echo "installed: bin/vrsh ($v), share/man/man1/vrsh.1"
