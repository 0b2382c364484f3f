#!/usr/bin/env bash
# The man page (docs/vrsh.1) documents every option that `vrsh --help` and `vrsh --check --help`
# print, names no option vrsh does not have, and has the sections a man page needs; where groff is
# installed it must also format without warnings.
set -uo pipefail
vrsh=$1 src=$2
page=$src/docs/vrsh.1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Both usage texts (vrsh's and its scenario runner's); vrsh also takes -h for --help, which its
# usage text does not spell out.
help_opts=$({ "$vrsh" --help; "$vrsh" --check --help; } | grep -oE '(^|[ ,])--?[a-z][a-z-]*' |
  tr -d ' ,' | { cat; echo -h; } | sort -u)
# In roff source a dash is written \-; options stand after .B/.BI/.BR or inline.
page_opts=$(sed 's/\\-/-/g' "$page" | grep -v '^\.\\"' | grep -oE '(^|[ "(])--?[a-z][a-z-]*' |
  tr -d ' "(' | grep -E '^-(-[a-z]|[a-z]$)' | sort -u)
[[ -n $help_opts ]] || fail "vrsh --help printed no options"
for o in $help_opts; do
  grep -qxF -- "$o" <<<"$page_opts" || fail "option $o is in vrsh --help but not in docs/vrsh.1"
done
for o in $page_opts; do
  grep -qxF -- "$o" <<<"$help_opts" || fail "docs/vrsh.1 names $o, which vrsh --help does not list"
done
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES; do
  grep -qE "^\.SH \"?$s\"?$" "$page" || fail "docs/vrsh.1 has no $s section"
done
if command -v groff >/dev/null; then
  warnings=$(groff -man -ww -z "$page" 2>&1)
  [[ -z $warnings ]] || fail "groff warns: $warnings"
fi
if ((fails)); then
  echo "$fails failure(s)"
  exit 1
fi
echo "man page: $(wc -w <<<"$help_opts") options documented"
