#!/usr/bin/env bash
# Every bad command line gets one clear `vrsh: ...` message on stderr and exit status 2, before
# any session starts (nothing on stdout, no sanitizer report, no crash).
set -uo pipefail
vrsh=$1 build=$3
work=$(mktemp -d "$build/cmdline.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0

# expect_usage_error "message fragment" args...
expect_usage_error() {
  local want=$1; shift
  "$vrsh" "$@" </dev/null >"$work/out" 2>"$work/err"
  local rc=$?
  if ((rc != 2)) || ! grep -qF -- "vrsh: $want" "$work/err" || [[ -s $work/out ]] ||
      grep -qE 'Sanitizer|runtime error' "$work/err"; then
    echo "FAIL: vrsh $* -> exit $rc (want 2 and 'vrsh: $want')"
    sed 's/^/  stderr: /' "$work/err" | head -5
    sed 's/^/  stdout: /' "$work/out" | head -5
    fails=$((fails + 1))
  fi
}

echo "display version" > "$work/ok.txt"
mkdir "$work/dir"

# Missing values, empty values, unknown options.
for opt in -f --startup --port --esqm-export --history --ipfpm-mcp-host --ipfpm-listen; do
  expect_usage_error "$opt needs a value" "$opt"
  expect_usage_error "$opt needs a value" "$opt" ""
done
expect_usage_error "-f needs a value" --keep-going -f
expect_usage_error "unknown option '--bogus'" --bogus
expect_usage_error "unknown option '-x'" -x
expect_usage_error "unknown option '--port=GigabitEthernet0/1/0=out:x'" --port=GigabitEthernet0/1/0=out:x
expect_usage_error "unknown option 'stray'" -f "$work/ok.txt" stray

# --port specifications.
expect_usage_error "--port expects IFNAME=out:PATH or IFNAME=live:DEV, got 'GigabitEthernet0/1/0'" --port GigabitEthernet0/1/0
expect_usage_error "--port expects IFNAME=out:PATH or IFNAME=live:DEV, got 'GigabitEthernet0/1/0=out:'" --port GigabitEthernet0/1/0=out:
expect_usage_error "--port expects IFNAME=out:PATH or IFNAME=live:DEV, got 'GigabitEthernet0/1/0=in:x'" --port GigabitEthernet0/1/0=in:x
expect_usage_error "--port: unknown interface 'Foo'" --port "Foo=out:$work/a.pcap"
expect_usage_error "--port: unknown interface ''" --port "=out:$work/a.pcap"
expect_usage_error "--port: 'Foo' is not a physical port" --port Foo=live:eth0
expect_usage_error "--port: 'GigabitEthernet0/1/0.1' is not a physical port" --port GigabitEthernet0/1/0.1=live:eth0
expect_usage_error "--port GigabitEthernet0/1/0: '' is not a Linux device name" --port GigabitEthernet0/1/0=live:
expect_usage_error "--port GigabitEthernet0/1/0: 'a23456789012345x' is not a Linux device name" --port GigabitEthernet0/1/0=live:a23456789012345x
expect_usage_error "--port GigabitEthernet0/1/1: the device lo is already bound to GigabitEthernet0/1/0" \
  --port GigabitEthernet0/1/0=live:lo --port GigabitEthernet0/1/1=live:lo
expect_usage_error "--port GigabitEthernet0/1/0: the port is already bound to the device lo" \
  --port GigabitEthernet0/1/0=live:lo --port GigabitEthernet0/1/0=live:eth0
# Opening the device is the last check: as root it does not exist, otherwise permission is lacking.
expect_usage_error "--port GigabitEthernet0/1/0=live:vtnosuch0: " --port GigabitEthernet0/1/0=live:vtnosuch0
expect_usage_error "--keep-running needs a live port" --keep-running
expect_usage_error "--port GigabitEthernet0/1/0: cannot write capture file $work/none/a.pcap" --port "GigabitEthernet0/1/0=out:$work/none/a.pcap"
expect_usage_error "--port GigabitEthernet0/1/0: cannot write capture file $work/dir" --port "GigabitEthernet0/1/0=out:$work/dir"

# Unwritable export, unreadable scripts, bad IP FPM addresses.
expect_usage_error "--esqm-export: cannot open ESQM export file $work/none/x.json" --esqm-export "$work/none/x.json"
expect_usage_error "--esqm-export: cannot open ESQM export file $work/dir" --esqm-export "$work/dir"
expect_usage_error "cannot read $work/missing.txt: No such file or directory" -f "$work/missing.txt"
expect_usage_error "cannot read $work/dir: it is a directory" -f "$work/dir"
expect_usage_error "--ipfpm-mcp-host expects MCPID=HOST" --ipfpm-mcp-host 1.1.1.1
expect_usage_error "--ipfpm-listen expects an IPv4 address, got 'localhost:1'" --ipfpm-listen localhost:1

# The good command line next to them runs and exits 0.
if ! "$vrsh" -f "$work/ok.txt" --esqm-export "$work/x.json" --ipfpm-listen 127.0.0.1 >"$work/out" 2>&1; then
  echo "FAIL: a good command line failed"; cat "$work/out"; fails=$((fails + 1))
fi
((fails == 0)) || { echo "$fails bad command lines were not handled"; exit 1; }
echo "command-line errors ok"
