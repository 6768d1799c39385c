#!/bin/bash
# Stops slurmd, slurmctld and munged (as setup.sh started them) by the pids in their pid files,
# waiting for each to exit.
for f in /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid; do
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "$f: $pid still alive, SIGKILL"; kill -KILL "$pid"; }
    echo "stopped $f ($pid)"
  fi
done
