#!/usr/bin/env bash
# The repository stands alone: no test, script or build file reads anything outside the clone
# (a user cloning vrsh has no sibling data folder), and every capture that test/data/public/SOURCES.md lists
# is in the repository with the size it names.
set -uo pipefail
src=$2
cd "$src" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "skipped: $src is not a git checkout"
  exit 77
fi
# Where a test could reach out of the tree: the old hooks into the sibling data folder, and any
# relative path that climbs out of the source directory from a build or test file. The folder's
# name is spelt from parts so that this file does not name it itself.
old=shared
hooks="\\.\\./$old|VRSH_${old^^}_DIR|@${old^^}@|CMAKE_SOURCE_DIR\\}/\\.\\."
while IFS= read -r hit; do
  fail "reads outside the repository: $hit"
done < <(git grep -nE "$hooks" -- \
           CMakeLists.txt '*.cmake' 'test/*' 'scripts/*' '.ci/*' 'examples/*' \
           ':!test/scripts/test_self_contained.sh' ':!test/data/*')

# Each row of the origin table: | # | `file` | bytes | ...
rows=0
while IFS='|' read -r _ _ file bytes _; do
  file=${file//[\` ]/}
  bytes=${bytes// /}
  [[ $file == *.* && $bytes =~ ^[0-9]+$ ]] || continue
  rows=$((rows + 1))
  path=test/data/public/$file
  if [[ ! -f $path ]]; then
    fail "$path is listed in SOURCES.md but missing"
  elif (($(stat -c %s "$path") != bytes)); then
    fail "$path has $(stat -c %s "$path") bytes, SOURCES.md says $bytes"
  fi
done < test/data/public/SOURCES.md
((rows == 40)) || fail "SOURCES.md lists $rows captures, expected 40"
# And nothing in the folder that the table does not name (its origin would be unknown).
for f in test/data/public/*; do
  name=$(basename "$f")
  [[ $name == SOURCES.md ]] && continue
  grep -qF "\`$name\`" test/data/public/SOURCES.md || fail "$f has no origin in SOURCES.md"
done

if ((fails)); then
  echo "$fails failure(s)"
  exit 1
fi
echo "self-contained: $rows captures with their origins, no path out of the repository"
