# Routers driven through FIFOs, for the test scripts that run several at once. Source it after
#   declare -A FD PID SYNCS; W=<work directory>
# A router reads its commands from NAME.fifo, so it stays alive between commands and ends when
# its FIFO is closed (stop); its transcript is NAME.out.

# close_fifos: closes this shell's write ends of every router's FIFO. Every child must do so
# first: a router sees end of input only once no process holds its FIFO open.
close_fifos() { for n in "${!FD[@]}"; do eval "exec ${FD[$n]}>&-" 2>/dev/null; done; }

# start NAME CMD...: runs CMD as router NAME.
start() {
  local name=$1 fd
  shift
  rm -f "$W/$name.fifo" && mkfifo "$W/$name.fifo"
  (
    close_fifos
    exec "$@" <"$W/$name.fifo" >"$W/$name.out" 2>&1
  ) &
  PID[$name]=$!
  SYNCS[$name]=0
  exec {fd}>"$W/$name.fifo"
  FD[$name]=$fd
}
# send NAME LINE...: one command per line.
send() { local name=$1; shift; printf '%s\n' "$@" >&"${FD[$name]}"; }
# stop NAME: ends the router's input and waits for it to exit.
stop() { eval "exec ${FD[$1]}>&-"; unset "FD[$1]"; wait "${PID[$1]}"; unset "PID[$1]"; }
