#!/bin/bash
# Stops the daemons setup.sh started, as it wrote them down (pid file and process name), newest
# first: each by the pid its pid file names now (a test may have restarted it), only if that pid is
# still the named daemon (never a recycled pid), waiting for each to exit. A daemon setup.sh did not
# start (munged run by systemd, a Slurm that already answered) is left alone.
STARTED=/run/taskrunner-ci-slurm.started
[ -s "$STARTED" ] || { echo "$STARTED: no daemon started by setup.sh"; exit 0; }
tac "$STARTED" | awk '!seen[$0]++' | while read -r f name; do
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || { echo "$f: '$pid' is not a pid"; continue; }
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || { echo "$f: pid $pid is not $name (gone): nothing to stop"; continue; }
  kill -TERM "$pid"
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
    echo "$f: $name $pid still alive, SIGKILL"; kill -KILL "$pid"
  fi
  echo "stopped $name ($f, pid $pid)"
done
rm -f "$STARTED"
