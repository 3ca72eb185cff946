#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine, for the Slurm tests and the pipeline benchmark
# (and for trying scripts/slurm/*.sbatch without a real cluster). Needs root. Installs Debian's
# slurm-wlm, slurmctld, slurmd, slurm-client and munge when sbatch is missing, then starts the
# daemons by hand (no systemd): munged as user munge, slurmctld -i and slurmd. Idempotent: does
# nothing when the cluster already answers. Prints the node state and exits 0 when jobs can run.
#
# The configuration is what works on a container-like machine: NodeName is `hostname -s` at
# 127.0.0.1; proctrack/linuxproc and task/none need no cgroups; RealMemory is below the real memory
# (more would drain the node); without slurmdbd, accounting_storage/none with jobcomp/filetxt and a
# large MinJobAge keep finished jobs visible to `squeue -t all` for a day.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARKER='# bugmine one-node test cluster'

say() { echo "start-test-cluster: $*" >&2; }

if [ "$(id -u)" != 0 ]; then say "needs root (installs packages, starts daemons)"; exit 1; fi

if ! command -v sbatch >/dev/null 2>&1 || ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  say "installing slurm-wlm slurmctld slurmd slurm-client munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm slurmctld slurmd slurm-client munge >/dev/null
fi

if [ -f "$CONF" ] && ! grep -qF "$MARKER" "$CONF"; then
  say "$CONF exists and is not ours: not touching a real cluster's configuration"
  exit 1
fi

node=$(hostname -s)
cpus=$(nproc)
# 90% of the real memory, in MB: slurmd drains a node that claims more than it has.
memory=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

mkdir -p /etc/slurm /run/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >"$CONF.tmp" <<CONF
$MARKER (scripts/slurm/start-test-cluster.sh)
ClusterName=bugmine-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MinJobAge=86400
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
if ! cmp -s "$CONF.tmp" "$CONF" 2>/dev/null; then mv "$CONF.tmp" "$CONF"; changed=1; else rm "$CONF.tmp"; changed=0; fi

# munge: a key (the package may have made one), its directories owned by munge, munged as munge.
if [ ! -s /etc/munge/munge.key ]; then
  say "creating the munge key"
  if command -v mungekey >/dev/null 2>&1; then mungekey --create --force >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 20); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
fi

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if [ "$changed" = 1 ]; then
  # A new configuration: restart whatever runs with the old one.
  for pidfile in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid; do
    if running "$pidfile"; then kill "$(cat "$pidfile")"; sleep 1; fi
  done
fi
if ! running /run/slurm/slurmctld.pid; then say "starting slurmctld"; /usr/sbin/slurmctld -i; fi
if ! running /run/slurm/slurmd.pid; then say "starting slurmd"; /usr/sbin/slurmd; fi

for _ in $(seq 1 60); do
  state=$(sinfo -h -N -n "$node" -o '%T' 2>/dev/null || true)
  case "$state" in
    idle*|mixed*|allocated*|completing*) say "node $node: $state ($cpus CPUs, ${memory} MB)"; exit 0 ;;
    down*|drain*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
say "the node did not become ready (state: ${state:-none}); see /var/log/slurm/slurmctld.log and slurmd.log"
exit 1
