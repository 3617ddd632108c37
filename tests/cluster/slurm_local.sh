#!/usr/bin/env bash
# A one-node Slurm on localhost from Debian 12's packages (slurm-wlm 22.05, munge 0.5),
# for the cluster test (tests/cluster/test_slurm_campaign.sh) and for trying
# `rackflow campaign --slurm` on a workstation. Run as root, as CI does.
#
#   slurm_local.sh start  STATE_DIR   munged, slurmctld, slurmd; waits for the node to be idle
#   slurm_local.sh stop   STATE_DIR   cancels the cluster's jobs, stops what start started
#   slurm_local.sh status STATE_DIR   exit 0 when all three run and the node answers
#
# Everything lives in STATE_DIR: slurm.conf, spool and state directories, pid files, logs,
# and munged's socket (slurm.conf's AuthInfo points the daemons and clients at it, so a
# system munged, if any, is neither used nor disturbed). Clients need the configuration:
#   export SLURM_CONF=STATE_DIR/slurm.conf      (also written to STATE_DIR/env.sh)
# start may be run twice (the second finds the cluster up and says so) and after a run
# that was killed (stale pid files and sockets are cleared; the controller starts clean).
#
# Environment: RACKFLOW_SLURM_CPUS (default: nproc), RACKFLOW_SLURM_PORT (slurmctld's
# port, slurmd takes the next one; default: the first free pair from 6817, so that two
# test clusters can run side by side), RACKFLOW_SLURM_WAIT_S (default 60).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status STATE_DIR" >&2
  exit 2
}
(($# == 2)) || usage
action=$1
mkdir -p "$2"
state_dir=$(cd "$2" && pwd)
conf=$state_dir/slurm.conf
munge_dir=$state_dir/munge
munge_socket=$munge_dir/munge.socket
munge_key=/etc/munge/munge.key
node=$(hostname -s)
cpus=${RACKFLOW_SLURM_CPUS:-$(nproc)}
wait_s=${RACKFLOW_SLURM_WAIT_S:-60}
export SLURM_CONF=$conf

log() { echo "slurm_local: $*"; }
fail() {
  echo "slurm_local: error: $*" >&2
  exit 1
}

# The pid in FILE if it names a live process whose command is NAME (a stale file from a
# killed run may hold a pid the system has since given to something else). A zombie is
# not live: in a container whose init does not reap, a killed daemon stays one.
live_pid() {
  local file=$1 name=$2 pid stat
  [[ -s $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $stat == "$pid ($name) "* && $stat != "$pid ($name) Z"* ]] || return 1
  echo "$pid"
}

# Job steps left by a slurmd that was killed: slurmstepd processes that hold this
# cluster's slurmd.log open (they inherit it), with everything they started.
kill_orphan_steps() {
  local pid fd victims=() child
  for pid in $(pgrep -x slurmstepd || true); do
    for fd in /proc/"$pid"/fd/*; do
      if [[ $(readlink "$fd" 2>/dev/null) == "$state_dir/log/slurmd.log"* ]]; then
        victims+=("$pid")
        break
      fi
    done
  done
  ((${#victims[@]})) || return 0
  # Their descendants, breadth first, before any of them is killed and reparented.
  local i=0
  while ((i < ${#victims[@]})); do
    for child in $(pgrep -P "${victims[i]}" || true); do
      victims+=("$child")
    done
    ((++i))
  done
  log "killing ${#victims[@]} processes left by an earlier run's job steps: ${victims[*]}"
  kill -KILL "${victims[@]}" 2>/dev/null || true
}

log_tails() {
  local f
  for f in "$state_dir"/log/munged.log "$state_dir"/log/slurmctld.log "$state_dir"/log/slurmd.log; do
    [[ -f $f ]] || continue
    echo "----- last lines of $f" >&2
    tail -n 25 "$f" >&2
  done
}

# Sends TERM to the process in FILE (if it is NAME and alive), waits up to 10 s, then KILL.
stop_pid() {
  local file=$1 name=$2 pid i
  if pid=$(live_pid "$file" "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      [[ -d /proc/$pid ]] || break
      sleep 0.1
    done
    if [[ -d /proc/$pid ]]; then
      log "$name ($pid) ignored TERM for 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name ($pid)"
  fi
  rm -f "$file"
}

# True when something listens on localhost:PORT (bash's /dev/tcp: no ss or netstat needed).
port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_ports() {
  if [[ -n ${RACKFLOW_SLURM_PORT:-} ]]; then
    ctld_port=$RACKFLOW_SLURM_PORT
  else
    ctld_port=6817
    while port_taken "$ctld_port" || port_taken $((ctld_port + 1)); do
      ((ctld_port += 2))
      ((ctld_port < 6917)) || fail "no free pair of ports from 6817 to 6917: set RACKFLOW_SLURM_PORT"
    done
  fi
  slurmd_port=$((ctld_port + 1))
}

node_state() {
  sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1
}

write_conf() {
  # RealMemory as slurmd itself measures it: a node whose configured memory exceeds what
  # it registers with is drained ("Low RealMemory"), and without it a job asking for any
  # --mem is refused (the default is 1 MB).
  local memory_mb ctld_port slurmd_port
  pick_ports
  memory_mb=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  cat >"$conf" <<EOF
# Written by tests/cluster/slurm_local.sh: a one-node test cluster (Slurm 22.05).
ClusterName=rackflow-test
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
# Root runs everything, as in CI.
SlurmUser=root
SlurmdUser=root
# munged's private socket, for the daemons and every client that reads this file.
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CredType=cred/munge
# No cgroups: containers (CI) often cannot create them; linuxproc tracks a job's
# processes by parentage, task/none binds nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
# Cores are what jobs consume; memory is not tracked (no --mem needed).
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# No accounting daemon (slurmdbd): sacct does not work here; use squeue / scontrol show job.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# A node that was down (a restart, a killed slurmd) comes back as soon as it registers.
ReturnToService=2
# Finished jobs stay visible to scontrol for 5 min (the default), and state is kept here.
MinJobAge=300
StateSaveLocation=$state_dir/ctld
SlurmdSpoolDir=$state_dir/slurmd
SlurmctldPidFile=$state_dir/run/slurmctld.pid
SlurmdPidFile=$state_dir/run/slurmd.pid
SlurmctldLogFile=$state_dir/log/slurmctld.log
SlurmdLogFile=$state_dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# Quick turnaround for tests: short timeouts, no wait before a node is declared up.
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
# A job whose dependency can no longer be met (afterok on a failed task) is cancelled,
# not left pending for ever: a test waiting for an empty queue then ends.
DependencyParameters=kill_invalid_depend
# No mail is sent; Debian's default /usr/bin/mail is absent and slurmctld logs an error.
MailProg=/bin/true
NodeName=$node CPUs=$cpus ${memory_mb:+RealMemory=$memory_mb }State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  echo "export SLURM_CONF=$conf" >"$state_dir/env.sh"
}

start_munged() {
  if live_pid "$munge_dir/munged.pid" munged >/dev/null; then
    log "munged already running ($(cat "$munge_dir/munged.pid"))"
    return
  fi
  if [[ ! -s $munge_key ]]; then
    log "no munge key: writing $munge_key"
    install -d -m 0700 -o munge -g munge /etc/munge
    dd if=/dev/urandom of="$munge_key" bs=1 count=1024 status=none
    chown munge:munge "$munge_key"
    chmod 0400 "$munge_key"
  fi
  # munged runs as the key's owner; its directory must be writable by it alone and
  # searchable by all (clients reach the socket through it).
  rm -rf "$munge_dir"
  install -d -m 0755 -o munge -g munge "$munge_dir"
  : >"$state_dir/log/munged.log"
  chown munge:munge "$state_dir/log/munged.log"
  runuser -u munge -- munged --socket="$munge_socket" --key-file="$munge_key" \
    --pid-file="$munge_dir/munged.pid" --seed-file="$munge_dir/munged.seed" \
    --log-file="$state_dir/log/munged.log" ||
    {
      log_tails
      fail "munged did not start"
    }
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -S $munge_socket ]] && live_pid "$munge_dir/munged.pid" munged >/dev/null && break
    sleep 0.1
  done
  munge --socket="$munge_socket" -n | unmunge --socket="$munge_socket" >/dev/null ||
    {
      log_tails
      fail "munged does not answer on $munge_socket"
    }
  log "munged started ($(cat "$munge_dir/munged.pid"))"
}

cluster_up() {
  live_pid "$munge_dir/munged.pid" munged >/dev/null &&
    live_pid "$state_dir/run/slurmctld.pid" slurmctld >/dev/null &&
    live_pid "$state_dir/run/slurmd.pid" slurmd >/dev/null &&
    [[ -f $conf ]] && [[ -n $(node_state) ]]
}

start() {
  for tool in munged munge slurmctld slurmd sinfo scontrol; do
    command -v "$tool" >/dev/null || fail "$tool not found: install slurm-wlm and munge (scripts/setup.sh)"
  done
  [[ $(id -u) -eq 0 ]] || fail "run as root (the test cluster's daemons and jobs run as root)"
  # slurmd's step sockets are STATE_DIR/slurmd/<node>_<job>.<step> (up to 22 digits and
  # marks after the node name), and a socket's path holds at most 107 bytes.
  local longest=$((${#state_dir} + ${#node} + 30))
  ((longest <= 107)) ||
    fail "STATE_DIR $state_dir is too long: its sockets' paths would reach $longest bytes, more than the 107 a socket allows; use a shorter one (mktemp -d /tmp/slurm.XXXXXX)"
  # munged runs as user munge and must reach its socket and log in here (mktemp -d makes
  # a folder only root may enter).
  chmod go+rx "$state_dir"
  runuser -u munge -- test -x "$state_dir" ||
    fail "user munge cannot enter $state_dir (a parent folder is closed to others); use a folder under /tmp"
  if cluster_up; then
    log "already running: node $node is $(node_state); export SLURM_CONF=$conf"
    return
  fi
  # Whatever is left of an earlier run (killed, or half started) goes: its daemons if
  # they still live, its pid files, sockets and saved jobs. The controller starts clean.
  stop_pid "$state_dir/run/slurmd.pid" slurmd
  stop_pid "$state_dir/run/slurmctld.pid" slurmctld
  kill_orphan_steps
  rm -rf "$state_dir/ctld" "$state_dir/slurmd" "$state_dir/run" "$state_dir"/log/slurm*.log
  mkdir -p "$state_dir/ctld" "$state_dir/slurmd" "$state_dir/run" "$state_dir/log"
  write_conf
  local t0=$SECONDS
  start_munged
  # -c: forget any saved state (jobs of an earlier run).
  slurmctld -c -f "$conf" || {
    log_tails
    fail "slurmctld did not start"
  }
  slurmd -f "$conf" || {
    log_tails
    fail "slurmd did not start"
  }
  local state="" resumed=0
  while ((SECONDS - t0 < wait_s)); do
    state=$(node_state)
    case $state in
      idle) break ;;
      down* | drain* | drng*)
        # After a restart the node may come back DOWN; it is ours, so bring it back.
        if ((!resumed)); then
          scontrol update nodename="$node" state=resume || true
          resumed=1
        fi
        ;;
    esac
    sleep 0.5
  done
  if [[ $state != idle ]]; then
    log_tails
    scontrol show node "$node" >&2 || true
    fail "node $node is '${state:-not known to slurmctld}' after ${wait_s} s, not idle"
  fi
  log "up in $((SECONDS - t0)) s: node $node idle, $cpus CPUs, partition debug; export SLURM_CONF=$conf"
}

stop() {
  local i
  if live_pid "$state_dir/run/slurmctld.pid" slurmctld >/dev/null; then
    # The jobs first, while slurmd can still end their steps.
    scancel --full --quiet --partition=debug 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break
      sleep 0.1
    done
  fi
  stop_pid "$state_dir/run/slurmd.pid" slurmd
  stop_pid "$state_dir/run/slurmctld.pid" slurmctld
  kill_orphan_steps
  stop_pid "$munge_dir/munged.pid" munged
  rm -f "$munge_socket" "$munge_socket.lock"
}

status() {
  if cluster_up; then
    log "running: node $node is $(node_state); export SLURM_CONF=$conf"
  else
    log "not running (state in $state_dir)"
    return 1
  fi
}

case $action in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
