#!/usr/bin/env bash
# The lattice Mach study of docs/mach-study.md: runs a heated cavity and a hall at several
# run.max_lattice_mach values (each in a copy of the case file with only that key added) and
# prints one table row per run. Every run goes to the same simulated time, so the Mach
# number (through dt) is the only thing that differs between rows of one case.
#
# usage: scripts/mach_study.sh [BINARY] [OUT_DIR] [cavity|hall|all]
# environment (defaults are what docs/mach-study.md used):
#   CAVITY_CASE, CAVITY_TIME_S, CAVITY_MACHS    the cavity, its simulated time, the Mach list
#   HALL_CASE, HALL_TIME_S, HALL_MACHS          the same for the hall
#   OMP_NUM_THREADS                             threads per run (default 1: runs are compared by steps)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/rackflow}
out=${2:-$here/results/mach-study}
what=${3:-all}
CAVITY_CASE=${CAVITY_CASE:-$here/cases/validation/heated-cavity-ra1e4.yaml}
CAVITY_TIME_S=${CAVITY_TIME_S:-30}
CAVITY_MACHS=${CAVITY_MACHS:-"0.3 0.2 0.15 0.1 0.05"}
HALL_CASE=${HALL_CASE:-$here/cases/demo-hall.yaml}
HALL_TIME_S=${HALL_TIME_S:-40}
HALL_MACHS=${HALL_MACHS:-"0.3 0.2 0.15 0.1 0.1001 0.05"}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$out"

# A copy of $1 with run.max_lattice_mach: $2, written to $3.
with_mach() { sed "s/^run:/run:\n  max_lattice_mach: $2/" "$1" >"$3"; }

# Runs case copy $1 into directory $2 to $3 s; prints "rc seconds".
run_case() {
  local t0 t1 rc
  t0=$(date +%s.%N)
  "$bin" run "$1" --out "$2" --end-time "$3" --quiet --backend cpu >"$2.log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  echo "$rc $(echo "$t1 - $t0" | bc)"
}

# The first error line of a run's log (a divergence names the cell and the time), or "no".
diverged() { grep -m1 -i "error\|diverg" "$1" | tr "|" "/" || true; }

cavity() {
  local name k depth
  name=$(basename "$CAVITY_CASE" .yaml)
  # Nu = Q_hot L / (k dT A) with A = L * depth: L cancels, dT = 10 K in every cavity case.
  k=$(awk '/thermal_conductivity:/ {print $2}' "$CAVITY_CASE")
  depth=$(awk -F'[][, ]+' '/^  size:/ {print $5}' "$CAVITY_CASE")
  echo "| case | Mach | dt [s] | steps | Nu hot | Nu cold | wall [s] | diverged? |"
  echo "|---|---|---|---|---|---|---|---|"
  for m in $CAVITY_MACHS; do
    local file=$out/$name-mach$m.yaml dir=$out/$name-mach$m
    with_mach "$CAVITY_CASE" "$m" "$file"
    read -r rc wall < <(run_case "$file" "$dir" "$CAVITY_TIME_S")
    if [ -f "$dir/summary.json" ]; then
      jq -r --arg m "$m" --arg k "$k" --arg d "$depth" --arg w "$wall" --arg n "$name" '
        ($k | tonumber) as $k | ($d | tonumber) as $d |
        [.energy_balance.flows[] | select(.name | startswith("hot")) | .watts][0] as $hot |
        [.energy_balance.flows[] | select(.name | startswith("cold")) | .watts][0] as $cold |
        "| \($n) | \($m) | \(.lattice.dt_s) | \(.steps) | \($hot / ($k * 10 * $d) * 1e4 | round / 1e4) | \(-$cold / ($k * 10 * $d) * 1e4 | round / 1e4) | \($w | tonumber | round) | \(if .status == "completed" then "no" else .status end) |"' \
        "$dir/summary.json"
    else
      echo "| $name | $m | | | | | ${wall%.*} | rc $rc: $(diverged "$dir.log") |"
    fi
  done
}

# Column $2 of racks.csv $1, by rack name: "name value" lines.
rack_column() { awk -F, -v c="$2" 'NR == 1 {for (i = 1; i <= NF; ++i) if ($i == c) k = i; next} {print $1, $k}' "$1"; }

# The largest |difference| between column $3 of racks.csv files $1 and $2, and its rack.
max_rack_diff() {
  join <(rack_column "$1" "$3" | sort) <(rack_column "$2" "$3" | sort) |
    awk '{d = $2 - $3; if (d < 0) d = -d; if (d >= m) {m = d; r = $1}} END {printf "%.3f (%s)", m, r}'
}

hall() {
  local name ref
  name=$(basename "$HALL_CASE" .yaml)
  ref=$out/$name-mach0.1/racks.csv
  echo "| case | Mach | dt [s] | steps | hottest rack inlet max [°C] | mean of rack inlet means [°C] | wall [s] | diverged? |"
  echo "|---|---|---|---|---|---|---|---|"
  for m in $HALL_MACHS; do
    local file=$out/$name-mach$m.yaml dir=$out/$name-mach$m
    with_mach "$HALL_CASE" "$m" "$file"
    read -r rc wall < <(run_case "$file" "$dir" "$HALL_TIME_S")
    if [ -f "$dir/racks.csv" ] && { [ "$rc" = 0 ] || [ "$rc" = 4 ]; }; then
      local hottest mean
      hottest=$(rack_column "$dir/racks.csv" inlet_max_c | sort -k2 -g | tail -1 | awk '{printf "%.2f (%s)", $2, $1}')
      mean=$(rack_column "$dir/racks.csv" inlet_mean_c | awk '{s += $2; ++n} END {printf "%.3f", s / n}')
      echo "| $name | $m | $(jq .lattice.dt_s "$dir/summary.json") | $(jq .steps "$dir/summary.json") | $hottest | $mean | ${wall%.*} | no |"
    else
      echo "| $name | $m | | | | | ${wall%.*} | rc $rc: $(diverged "$dir.log") |"
    fi
  done
  [ -f "$ref" ] || return 0
  echo
  echo "Largest per-rack difference from the Mach 0.1 run [K] (rack):"
  echo
  echo "| Mach | inlet max | inlet mean |"
  echo "|---|---|---|"
  for m in $HALL_MACHS; do
    local r=$out/$name-mach$m/racks.csv
    [ -f "$r" ] && echo "| $m | $(max_rack_diff "$r" "$ref" inlet_max_c) | $(max_rack_diff "$r" "$ref" inlet_mean_c) |"
  done
}

case $what in
  cavity) cavity ;;
  hall) hall ;;
  *) cavity; hall ;;
esac
