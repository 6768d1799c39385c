#!/bin/bash
# Single-node Slurm (Debian 12, slurm-wlm 22.05) for CI and for running the Slurm tests by hand.
# Run as root. Starts munged (unless one already answers, e.g. munge.service started by the
# package), slurmctld and slurmd; each daemonizes and writes its pid file. Each daemon this script
# starts is written down in $STARTED, and teardown.sh stops only those, by their pid files.
# Does nothing when a Slurm controller already answers.
set -euo pipefail
if command -v scontrol >/dev/null && scontrol ping 2>/dev/null | grep -q UP; then
  echo "Slurm already answers (scontrol ping): nothing to start"; exit 0
fi
STARTED=/run/taskrunner-ci-slurm.started   # lines "<pid file> <process name>", read by teardown.sh
started() { echo "$1 $2" >> "$STARTED"; }
export DEBIAN_FRONTEND=noninteractive
T0=$(date +%s%N); ts() { echo "[$(( ($(date +%s%N)-T0)/1000000 )) ms] $*"; }

apt-get update -qq
apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
ts "packages installed"

# --- munge ---
if [ ! -s /etc/munge/munge.key ]; then mungekey --create --keyfile=/etc/munge/munge.key; fi
chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  ts "munged already answers: left as it is"
else
  runuser -u munge -- /usr/sbin/munged        # daemonizes; pid in /run/munge/munged.pid
  started /run/munge/munged.pid munged
  munge -n | unmunge >/dev/null
  ts "munged up (pid $(cat /run/munge/munged.pid))"
fi

# --- slurm.conf ---
install -d -m 0755 /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
NODE_HW=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*/NodeName=localhost/')
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=300
KillWait=30
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
${NODE_HW} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
CONF
ts "slurm.conf written: ${NODE_HW}"

# --- daemons (no systemd needed; both daemonize and write their pid files) ---
/usr/sbin/slurmctld
started /run/slurmctld.pid slurmctld
for i in $(seq 1 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
ts "slurmctld up (pid $(cat /run/slurmctld.pid))"
/usr/sbin/slurmd -N localhost
started /run/slurmd.pid slurmd
for i in $(seq 1 300); do [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ] && break; sleep 0.1; done
sinfo -h -n localhost -o %T | grep -qx idle || { sinfo -R; tail -20 /var/log/slurm/slurmd.log; exit 1; }
ts "slurmd up (pid $(cat /run/slurmd.pid)), node idle"
