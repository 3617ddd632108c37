#!/usr/bin/env bash
# The cluster test (label `cluster`): a real one-node Slurm (tests/cluster/slurm_local.sh),
# `rackflow campaign --slurm` on the 3-scenario small-campaign.yaml, a bounded wait for its
# jobs, then the gathered report: campaign.json lists every scenario of scenarios.json,
# all finished; campaign.md and each scenario's report.json exist. Everything it started is
# stopped on exit; on failure the daemons' and the jobs' logs are printed.
#
#   test_slurm_campaign.sh RACKFLOW_BINARY WORK_DIR
#
# Exit 77 (skipped) only where slurmctld, slurmd or munged is missing and apt cannot
# install it; any other problem is a failure.
set -euo pipefail

(($# == 2)) || {
  echo "usage: $0 RACKFLOW_BINARY WORK_DIR" >&2
  exit 2
}
rackflow=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
# Under ctest's 300 s limit, with room for the start, the checks and the stop.
jobs_wait_s=230

fail() {
  echo "test_slurm_campaign: FAIL: $*" >&2
  exit 1
}

# --- the packages: installed here if missing, skipped only if that cannot be done --------
missing_tools() {
  local t
  for t in slurmctld slurmd munged; do
    command -v "$t" >/dev/null 2>&1 || [[ -x /usr/sbin/$t ]] || echo "$t"
  done
}
missing=$(missing_tools)
if [[ -n $missing ]]; then
  echo "test_slurm_campaign: missing $(echo $missing): installing slurm-wlm and munge with apt"
  if [[ $(id -u) -eq 0 ]] &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge; then
    missing=$(missing_tools)
  fi
  if [[ -n $missing ]]; then
    echo "test_slurm_campaign: SKIPPED: $(echo $missing) not installed (packages slurm-wlm, munge)" \
      "and apt-get could not provide them here (not root, or apt failed); scripts/setup.sh installs them" >&2
    exit 77
  fi
fi
export PATH=$PATH:/usr/sbin
[[ -x $rackflow ]] || fail "no rackflow binary at $rackflow"

# --- the cluster, stopped whatever happens ----------------------------------------------
rm -rf "$work"
mkdir -p "$work"
# The cluster's state under /tmp: socket paths (munged's, slurmd's) hold at most 107
# bytes, which a build tree's path may exceed. Removed on exit.
state=$(mktemp -d /tmp/rackflow-slurm.XXXXXX)
out=$work/campaign
export SLURM_CONF=$state/slurm.conf

print_logs() {
  local f
  echo "===== squeue" >&2
  squeue -a >&2 2>&1 || true
  for f in "$state"/log/*.log "$out"/slurm/logs/*; do
    [[ -f $f ]] || continue
    echo "===== $f (last 60 lines)" >&2
    tail -n 60 "$f" >&2
  done
}
finish() {
  local rc=$?
  ((rc == 0)) || print_logs
  "$here/slurm_local.sh" stop "$state" || true
  rm -rf "$state"
  exit "$rc"
}
trap finish EXIT

t0=$SECONDS
"$here/slurm_local.sh" start "$state"
echo "test_slurm_campaign: cluster up after $((SECONDS - t0)) s"

# --- the campaign ---------------------------------------------------------------------
"$rackflow" campaign "$here/small-campaign.yaml" --slurm --partition debug --out "$out" ||
  fail "rackflow campaign --slurm exited with $?"
t_submitted=$SECONDS

# The cluster is this test's own: every job in it is the campaign's.
while [[ -n $(squeue -h -o %i) ]]; do
  if ((SECONDS - t_submitted > jobs_wait_s)); then
    fail "the campaign's jobs are still queued or running after ${jobs_wait_s} s"
  fi
  sleep 1
done
echo "test_slurm_campaign: jobs done $((SECONDS - t_submitted)) s after submission"

# --- the gathered report --------------------------------------------------------------
[[ -f $out/scenarios.json ]] || fail "no $out/scenarios.json"
[[ -f $out/campaign.json ]] || fail "no $out/campaign.json: the gather job did not run or failed"
[[ -f $out/campaign.md ]] || fail "no $out/campaign.md"
python3 - "$out" <<'EOF' || fail "the gathered report is incomplete (above)"
import json, os, sys

out = sys.argv[1]
expected = [s["name"] for s in json.load(open(os.path.join(out, "scenarios.json")))["scenarios"]]
rows = json.load(open(os.path.join(out, "campaign.json")))["scenarios"]
reported = {r["name"]: r for r in rows}
problems = []
if len(expected) != 3:
    problems.append(f"scenarios.json lists {len(expected)} scenarios, not 3 (baseline + 2 coolers failed)")
if sorted(reported) != sorted(expected):
    problems.append(f"campaign.json reports {sorted(reported)}, scenarios.json lists {sorted(expected)}")
for name in expected:
    report = os.path.join(out, "scenarios", name, "report.json")
    if not os.path.isfile(report):
        problems.append(f"no {report}")
    row = reported.get(name, {})
    status = row.get("status")
    if status != "steady":
        problems.append(f"scenario {name}: status {status!r} in campaign.json, not 'steady'")
    start = row.get("started_from") or ""
    if name != "baseline" and not start.startswith("warm"):
        problems.append(f"scenario {name}: started {start!r}, not warm from the baseline's checkpoint")
# The answer, not the bookkeeping: with one of two CRAHs off the inlets must run hotter.
base = reported.get("baseline", {}).get("hottest_inlet_c")
for name in expected[1:]:
    hot = reported.get(name, {}).get("hottest_inlet_c")
    if base is None or hot is None or not hot > base + 1.0:
        problems.append(f"scenario {name}: hottest inlet {hot} °C is not above the baseline's {base} °C by 1 K")
for p in problems:
    print("test_slurm_campaign:", p, file=sys.stderr)
if not problems:
    print(f"test_slurm_campaign: {len(expected)} scenarios finished: {', '.join(expected)}")
sys.exit(1 if problems else 0)
EOF
echo "test_slurm_campaign: passed in $((SECONDS - t0)) s"
