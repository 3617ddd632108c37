#!/usr/bin/env bash
# Times two rackflow binaries against each other on this machine, interleaved, so that
# drifts in the load of a shared host fall on both alike:
#   - `bench --size N` on one thread and on all threads, REPEATS rounds, A then B each round;
#   - a case (default cases/demo-hall.yaml) from its start to its steady stop, on all
#     threads, A then B: wall time, steps, MLUPs/s and the converged rack-inlet means from
#     each run's summary.json.
#
#   scripts/bench_side_by_side.sh BINARY_A BINARY_B [REPEATS] [CASE]
# Results go to stdout; each case run's output to a fresh temporary folder.
set -euo pipefail
a=$1 b=$2 repeats=${3:-3}
case_file=${4:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/cases/demo-hall.yaml}
threads=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $threads threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
for size in 128; do
  for t in 1 "$threads"; do
    for round in $(seq "$repeats"); do
      for bin in "$a" "$b"; do
        # Older binaries print "MLUPs/s  X", newer ones "MLUPs/s:  X" and the copy share.
        line=$(OMP_NUM_THREADS=$t "$bin" bench --size "$size" --seconds 4 |
               awk -F': *| {2,}' '/^MLUPs/ {m=$2} /^share of copy/ {s=$2} END {print m, (s ? "share of copy " s : "")}')
        echo "bench --size $size  threads $t  round $round  $(basename "$bin")  MLUPs/s $line"
      done
    done
  done
done

for bin in "$a" "$b"; do
  out=$work/$(basename "$bin")
  start=$(date +%s.%N)
  OMP_NUM_THREADS=$threads "$bin" run "$case_file" --out "$out" --quiet >"$out.log" 2>&1 || true
  end=$(date +%s.%N)
  echo "run $(basename "$case_file")  $(basename "$bin")  wall $(echo "$end - $start" | bc) s"
  python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
s = json.load(open(os.path.join(out, "summary.json")))
print("   ", ", ".join(f"{k} {s.get(k)}" for k in ("end", "steps", "simulated_time_s", "wall_time_s", "mlups")))
report = os.path.join(out, "report.json")
if os.path.exists(report):
    for r in json.load(open(report))["racks"]:
        print(f"    {r['name']}: inlet mean {r['inlet_mean_c']:.2f} C, max {r['inlet_max_c']:.2f} C")
PY
done
