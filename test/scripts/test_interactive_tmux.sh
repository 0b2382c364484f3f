#!/usr/bin/env bash
# Drives interactive vrsh on a real terminal (a detached tmux pane) the way an operator would:
# '?' help mid-line, Tab completion, Ctrl-C, the exit question, carets, paging, a trial commit
# that expires at the idle prompt, Ctrl-D, history.
# Usage: test_interactive_tmux.sh <vrsh-binary> [source-dir] [build-dir] (the last two unused).
# Exit 77 = skipped (no tmux).
set -u

VRSH=${1:?usage: $0 <vrsh-binary> [source-dir] [build-dir]}

if ! command -v tmux >/dev/null 2>&1; then
  echo "SKIP: tmux is not installed (apt-get install tmux); the interactive test needs a terminal"
  exit 77
fi
if [[ ! -x $VRSH ]]; then
  echo "FAIL: $VRSH is not an executable"
  exit 1
fi

# Under /tmp rather than the build folder: a unix socket path must stay short (108 bytes).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vrsh-tmux.XXXXXX")
S="vrsh"
# A private server whose socket lives (and is removed) with the scratch folder.
tm() { tmux -S "$WORK/tmux.sock" -f /dev/null "$@"; }
cleanup() {
  tm kill-server >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tm capture-pane -p -J -t "$S"; }
fail() {
  echo "FAIL: $*"
  echo "---- screen ----"
  screen
  echo "----------------"
  exit 1
}
# Waits until the screen holds a line matching the extended regex.
wait_for() {
  for _ in $(seq 100); do
    screen | grep -qE -- "$1" && return 0
    sleep 0.1
  done
  fail "timed out waiting for a line matching /$1/"
}
# Waits until the screen holds the literal line.
wait_line() {
  for _ in $(seq 100); do
    screen | grep -qxF -- "$1" && return 0
    sleep 0.1
  done
  fail "timed out waiting for the line '$1'"
}
# The last non-empty line on the screen (where the cursor is), trailing blanks dropped.
last_line() { screen | sed -e 's/[[:space:]]*$//' -e '/^$/d' | tail -n1; }
expect_last() {
  for _ in $(seq 100); do
    [[ $(last_line) == "$1" ]] && return 0
    sleep 0.1
  done
  fail "expected the cursor line '$1', got '$(last_line)'"
}
keys() {
  tm send-keys -t "$S" "$@"
  sleep 0.2
}

# A history file already at its bound (1000 lines) plus some: the session's lines replace the oldest.
seq -f 'display version %g' 1200 > "$WORK/history"

# A placeholder first, so that remain-on-exit is in force before vrsh can exit.
tm new-session -d -s "$S" -x 200 -y 60 "cat" || fail "cannot start tmux"
tm set-option -t "$S" remain-on-exit on >/dev/null
# The exit status goes to a file: tmux's own #{pane_dead_status} is sometimes never filled in.
tm respawn-pane -k -t "$S" "env HOME='$WORK' '$VRSH' --history '$WORK/history' --test-trial-clock 20; echo \$? > '$WORK/status'"

wait_for '^<[^>]+>$'
P=$(last_line)            # user-view prompt, e.g. <HUAWEI>
NAME=${P:1:${#P}-2}

# '?' mid-word lists the matching keywords at once and keeps the typed text.
keys 'disp'
keys '?'
wait_line "${P}disp?"
wait_for '^  display +[^ ]'
expect_last "${P}disp"

# Typing goes on after the redraw; '?' after a space lists what may follow.
keys 'lay '
keys '?'
wait_line "${P}display ?"
wait_for '^  version +[^ ]'
wait_for '^  current-configuration +[^ ]'
expect_last "${P}display"

# Tab completes a unique keyword.
keys C-u 'sys'
keys Tab
expect_last "${P}system-view"
keys Enter
wait_line "Enter system view, return user view with return command."
expect_last "[~${NAME}]"

keys 'sysname TMUXR1' Enter
expect_last "[*${NAME}]"

# `authentication-mode ... password` asks twice with the echo off: the secret never reaches the
# screen (nor the history file, checked at the end), and the candidate holds it as cipher text.
keys 'nqa ipfpm dcp' Enter
expect_last "[*${NAME}-nqa-ipfpm-dcp]"
keys 'authentication-mode hmac-sha256 key-id 9 password' Enter
wait_line "Plain text with length of 1-255, Encrypted text with length of 24 or 32-432"
expect_last "Enter Password:"
keys 'TmuxSecret9' Enter
expect_last "Confirm Password:"
keys 'TmuxSecret9' Enter
expect_last "[*${NAME}-nqa-ipfpm-dcp]"
if screen | grep -q TmuxSecret9; then fail "the secret was echoed"; fi
keys 'display configuration candidate' Enter
wait_for '^ authentication-mode hmac-sha256 key-id 9 cipher #%#%'
keys 'quit' Enter
expect_last "[*${NAME}]"

# Ctrl-C abandons the typed text and shows a fresh prompt; nothing is executed.
keys 'undo sysname'
expect_last "[*${NAME}]undo sysname"  # read by vrsh: the tty drops unread input on Ctrl-C
keys C-c
wait_line "[*${NAME}]undo sysname^C"
expect_last "[*${NAME}]"

# Leaving system view with uncommitted changes asks; the answer is typed after the question.
keys 'quit' Enter
wait_for '^Warning: Uncommitted configurations found, commit them before exiting\? \[Y\(yes\)/N\(no\)/C\(cancel\)\]:$'
# Ctrl-D at the question cancels it: still in system view, nothing committed or discarded.
keys C-d
expect_last "[*${NAME}]"
keys 'quit' Enter
keys 'x' Enter
wait_line "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:"
keys 'y' Enter
expect_last "<TMUXR1>"

keys 'display version' Enter
wait_for '^vrsh '
expect_last "<TMUXR1>"

# The caret sits under the offending word, counting the prompt.
keys 'display frobnicate' Enter
wait_line "<TMUXR1>display frobnicate"
caret=$(printf '%*s^' 16 '')  # under "frobnicate": "<TMUXR1>display " is 16 wide
wait_line "$caret"
wait_line "Error: Unrecognized command found at '^' position."

# Paging: `screen-length 6 temporary` shows 5 lines and the More prompt; Enter shows one line
# more, Space a page, q stops; `| no-more` and `screen-length 0` never page.
keys C-l
keys 'screen-length 6 temporary' Enter
wait_line "Info: The configuration takes effect on the current user terminal interface only."
keys C-l
keys 'display interface brief' Enter
wait_for '^  ---- More ----$'
screen | grep -qxF '(s): spoofing' || fail "the first page lacks its fifth line"
if screen | grep -qF '(E): E-Trunk down'; then fail "more than a page was shown"; fi
keys Enter
# The first line after a More prompt ends with the blanks that erased it, as on the vendor's.
wait_for '^\(E\): E-Trunk down *$'
wait_for '^  ---- More ----$'
if screen | grep -qF '(b): BFD down'; then fail "Enter showed more than one line"; fi
keys Space
wait_for '^\(p\): port alarm down$'
wait_for '^  ---- More ----$'
if screen | grep -qF '(ld): loop-detect'; then fail "Space showed more than a page"; fi
keys q
expect_last "<TMUXR1>"
if screen | grep -qF '(ld): loop-detect'; then fail "q did not stop the output"; fi
if screen | grep -qF -- '---- More ----'; then fail "the More prompt was not erased"; fi
keys C-l
keys 'display interface brief | no-more' Enter
wait_for '^NULL0 '
if screen | grep -qF -- '---- More ----'; then fail "| no-more paged"; fi
expect_last "<TMUXR1>"
keys C-l
keys 'screen-length 0 temporary' Enter
keys 'display interface brief' Enter
wait_for '^NULL0 '
if screen | grep -qF -- '---- More ----'; then fail "screen-length 0 paged"; fi
expect_last "<TMUXR1>"

# Ctrl-C stops a running replay, here one waiting an hour for its second packet: the summary
# says how far it got, and the prompt comes back.
/usr/bin/python3 - "$WORK/hourly.pcap" <<'PY' || fail "cannot write the capture"
import struct, sys
frame = bytes.fromhex("00e0fc000001" "02000000000a" "0800" "45000020000100004011" "0000"
                      "0a01010a" "0a090909" "04d2162e000c0000" "61626364")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(3):
        f.write(struct.pack("<IIII", 1767225600 + 3600 * i, 0, len(frame), len(frame)) + frame)
PY
keys C-l
keys "packet-replay interface GigabitEthernet0/1/0 file $WORK/hourly.pcap speed realtime" Enter
wait_for '\] +[0-9]+%$'  # the progress bar: the first packet is in
keys C-c
wait_for '^Info: Interrupted after 1 packets \(46 bytes, 40% of the file\) on GigabitEthernet0/1/0 in [0-9.]+ s: forwarded 0, dropped 1 \(port-down 1\)\.$'
expect_last "<TMUXR1>"

# A trial commit rolls back by itself while the operator is idle at the prompt (vrsh runs with
# --test-trial-clock 20: each idle second is 20 s of trial time). The log line goes above the
# prompt, which is drawn again with the rolled-back sysname and the typed text kept.
keys C-l
keys 'system-view' Enter
keys 'sysname TRIALR' Enter
keys 'commit trial 60' Enter
wait_for '^Info: The system enters the trial configuration mode'
keys 'disp'
wait_for '^Info: The trial configuration \(commit [0-9]+\) was not confirmed in 60 seconds and has been rolled back\.$'
expect_last "[~TMUXR1]disp"
keys C-u 'return' Enter
expect_last "<TMUXR1>"

# Ctrl-D at user view ends the session with status 0.
keys C-d
for _ in $(seq 50); do
  [[ -s $WORK/status ]] && break
  sleep 0.1
done
[[ -s $WORK/status ]] || fail "vrsh still runs after Ctrl-D"
status=$(cat "$WORK/status")
[[ $status == 0 ]] || fail "vrsh exited with status $status"

# The typed commands went to the history file; the question's answers did not.
[[ -f $WORK/history ]] || fail "no history file written"
grep -qx 'system-view *' "$WORK/history" || fail "history lacks system-view: $(cat "$WORK/history")"
grep -qx 'sysname TMUXR1' "$WORK/history" || fail "history lacks sysname"
if grep -qx 'y' "$WORK/history"; then fail "history holds an answer to the exit question"; fi
if grep -q TmuxSecret9 "$WORK/history"; then fail "history holds a secret"; fi
lines=$(wc -l < "$WORK/history")
[[ $lines == 1000 ]] || fail "the history file holds $lines lines, not the newest 1000"
if grep -qx 'display version 1' "$WORK/history"; then fail "the oldest history lines were kept"; fi

echo "PASS: interactive session over tmux"
exit 0
