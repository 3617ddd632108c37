#!/usr/bin/env bash
# Reports, for the CPU backend's cell loops, whether they vectorised and how many vector
# registers they spill: per OpenMP-outlined loop function of kernels/stepper_cpu.cpp, the
# 256-bit instructions, those that load from or store to the stack (spills and reloads),
# and the divides and square roots. A loop with no ymm instruction runs scalar.
#
#   scripts/kernel_spills.sh [BUILD_DIR]      (default: build)
set -euo pipefail
build=${1:-build}
obj=$(find "$build" -path '*rackflow_kernels.dir*' -name 'stepper_cpu.cpp.o' | head -n 1)
[[ -n $obj ]] || { echo "kernel_spills: no stepper_cpu.cpp.o under $build (build it first)" >&2; exit 1; }
objdump -d --no-show-raw-insn -C "$obj" | awk '
  /^[0-9a-f]+ <.*>:$/ {
    fn = $0; sub(/^[0-9a-f]+ </, "", fn); sub(/>:$/, "", fn)
    keep = fn ~ /CpuExec::(interior|box)</
    if (keep) { sub(/\(rackflow::Grid.*/, "", fn); sub(/void rackflow::kernels::CpuExec::/, "", fn); gsub(/rackflow::kernels::/, "", fn); gsub(/ >/, ">", fn) }
    next
  }
  keep && /ymm/ { vec[fn]++ }
  keep && /ymm/ && /\(%rsp\)/ { spill[fn]++ }
  keep && /vdiv/ { div[fn]++ }
  keep && /vsqrt/ { sqrt_[fn]++ }
  keep { seen[fn] = 1 }
  END {
    for (f in seen) printf "%-30s %8d %8d %6d %6d\n", f, vec[f], spill[f], div[f], sqrt_[f]
  }' | sort | { printf "%-30s %8s %8s %6s %6s\n" loop "ymm ops" spills div sqrt; cat; }
