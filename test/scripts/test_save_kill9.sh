#!/usr/bin/env bash
# `save` is crash-safe: a vrsh holding a large configuration (2000 static routes, 200 loopbacks)
# is killed with SIGKILL at random moments around its `save`, ~50 times; after every kill the
# startup file is exactly the old or the new complete rendering, never a mix or a truncation,
# and whatever temporary files a kill leaves behind do not stop the next start or save. Those
# stale temporary files are removed by the next start (and save), but the in-flight temporary file
# of a live writer (it holds an flock on it) is not.
set -euo pipefail
vrsh=$1 build=$3
work=$(mktemp -d "$build/savekill.XXXXXX")
holder=
trap '[[ -n $holder ]] && kill "$holder" 2>/dev/null; rm -rf "$work"' EXIT
budget=${VRSH_KILL_BUDGET_S:-40}
rounds=${VRSH_KILL_ROUNDS:-50}

# The old configuration, rendered by vrsh itself.
{
  echo system-view
  for i in $(seq 1 200); do printf 'interface LoopBack%d\n ip address 10.200.%d.%d 255.255.255.255\n quit\n' \
    "$i" $((i / 250)) $((i % 250 + 1)); done
  for i in $(seq 0 1999); do printf 'ip route-static 10.%d.%d.0 255.255.255.0 NULL0\n' $((i / 250 + 1)) $((i % 250)); done
  echo sysname OLDNAME
  echo commit
  echo return
  printf 'save\ny\n'
} > "$work/build.txt"
"$vrsh" --startup "$work/old.cfg" < "$work/build.txt" > "$work/build.log" 2>&1 ||
  { tail -20 "$work/build.log"; echo "could not build the configuration"; exit 1; }
grep -q '^sysname OLDNAME$' "$work/old.cfg" || { echo "old.cfg was not saved"; exit 1; }
[[ $(grep -c '^ip route-static' "$work/old.cfg") == 2000 ]] || { echo "old.cfg lacks routes"; exit 1; }
sed 's/^sysname OLDNAME$/sysname NEWNAME/' "$work/old.cfg" > "$work/new.cfg"

# One session flips the sysname of whatever the startup file holds and saves, then flips back and
# saves again, SAVES times: most of its life after loading is spent saving, so a kill that lands
# after the load hits a save at a random point.
saves=25
flip_script() {  # current-file
  local a=NEWNAME b=OLDNAME
  grep -q '^sysname NEWNAME$' "$1" && { a=OLDNAME; b=NEWNAME; }
  for ((k = 0; k < saves; k++)); do
    printf 'system-view\nsysname %s\ncommit\nreturn\nsave\ny\n' "$a" "$b"
  done
  printf 'system-view\nsysname %s\ncommit\nreturn\nsave\ny\n' "$a"
}
is_complete() { cmp -s "$1" "$work/old.cfg" || cmp -s "$1" "$work/new.cfg"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

startup=$work/startup.cfg
cp "$work/old.cfg" "$startup"
t0=$(date +%s%N)
printf 'display version\n' | "$vrsh" --startup "$startup" > /dev/null 2>&1
load_ms=$(ms_since "$t0")
t0=$(date +%s%N)
flip_script "$startup" | "$vrsh" --startup "$startup" > "$work/first.log" 2>&1
full_ms=$(ms_since "$t0")
[[ $(grep -c 'Info: Save the configuration successfully.' "$work/first.log") == $((2 * saves + 1)) ]] ||
  { tail "$work/first.log"; echo "the unkilled session did not save every time"; exit 1; }
cmp -s "$startup" "$work/new.cfg" || { echo "an unkilled session did not leave the new configuration"; exit 1; }
# Kills fall between the end of the load and a little past the end of the session.
window=$(( full_ms - load_ms + full_ms / 10 + 1 ))

temps() { find "$work" -maxdepth 1 -name 'startup.cfg.tmp*' -printf '%f\n' | sort; }
start=$SECONDS killed=0 finished=0 round=0 left=0
while ((round < rounds && SECONDS - start < budget)); do
  round=$((round + 1))
  flip_script "$startup" > "$work/in.txt"
  "$vrsh" --startup "$startup" < "$work/in.txt" > "$work/run.log" 2>&1 &
  pid=$!
  delay_ms=$(( load_ms + (RANDOM * 32768 + RANDOM) % window ))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
  wait "$pid" 2>/dev/null || true
  # Each start removes what the previous kill left, so at most one file is ever left over.
  n=$(temps | wc -l)
  ((n <= 1)) || { temps; echo "round $round: stale temporary files pile up"; exit 1; }
  left=$((left + n))
  if ! is_complete "$startup"; then
    echo "round $round: the startup file is neither the old nor the new configuration after kill -9"
    diff "$work/old.cfg" "$startup" | head -20 || true
    exit 1
  fi
done
echo "rounds $round: killed $killed, finished before the kill $finished (load ~${load_ms} ms, session ~${full_ms} ms)"
((killed > 0)) || { echo "no round was killed: the timing is off"; exit 1; }
leftovers=$(temps | wc -l)
echo "rounds whose kill left a temporary file: $left (the next start removed it)"

# One more stale file, and the in-flight file of a live writer: flock(1) holds the lock a save
# holds on its temporary file until the rename.
echo partial > "$work/startup.cfg.tmpSTALE1"
# The subshell becomes `sleep` with the locked descriptor, so killing $holder releases the lock.
(exec 9> "$work/startup.cfg.tmpLIVE01" && flock 9 && exec sleep 600) &
holder=$!
for _ in $(seq 100); do flock -n "$work/startup.cfg.tmpLIVE01" true || break; sleep 0.05; done
flock -n "$work/startup.cfg.tmpLIVE01" true && { echo "the live writer never took its lock"; exit 1; }
echo unrelated > "$work/startup.cfg.tmpSTALE1.keep"

# The next start removes the stale files, loads the complete file, and keeps the live writer's.
printf 'display current-configuration\n' | "$vrsh" --startup "$startup" > "$work/final.log" 2>&1
grep -q '^Error' "$work/final.log" && { head "$work/final.log"; exit 1; }
[[ $(grep -c '^ip route-static' "$work/final.log") == 2000 ]] || { echo "restart lost the routes"; exit 1; }
[[ $(temps) == $'startup.cfg.tmpLIVE01\nstartup.cfg.tmpSTALE1.keep' ]] ||
  { temps; echo "the start did not remove exactly the stale temporary files"; exit 1; }
echo "the start removed $((leftovers + 1)) stale temporary files and kept the live writer's"

# Saving works beside the live writer and leaves its file alone; once the writer is gone, the next
# start removes its file.
flip_script "$startup" | "$vrsh" --startup "$startup" > "$work/last.log" 2>&1
grep -q 'Info: Save the configuration successfully.' "$work/last.log" || { cat "$work/last.log"; exit 1; }
is_complete "$startup"
[[ -e $work/startup.cfg.tmpLIVE01 ]] || { echo "a save removed the live writer's temporary file"; exit 1; }
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=
printf 'save\ny\n' | "$vrsh" --startup "$startup" > "$work/after.log" 2>&1
grep -q 'Info: Save the configuration successfully.' "$work/after.log" || { cat "$work/after.log"; exit 1; }
[[ $(temps) == startup.cfg.tmpSTALE1.keep ]] || { temps; echo "a dead writer's temporary file was kept"; exit 1; }
is_complete "$startup"
echo "save survives kill -9"
