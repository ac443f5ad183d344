#!/usr/bin/env bash
# Times the CUDA simulator on a 1024-block x 256-thread reduction with 20
# barriers per block (the target is under 0.5 s on the 2-core build
# machines). Builds the simulator first if needed; prints the best of N runs.
#
# usage: cuda-simulator/bench/sim-reduction.sh [runs]      (from the repository root or anywhere)
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
sim=$module/target/sim
if [ ! -x "$sim/bin/reduction-bench" ]; then
    (cd "$module/.." && mvn -B -q -pl cuda-simulator -am generate-test-resources)
fi
[ -f "$sim/UNAVAILABLE" ] && { echo "simulator not built: $(cat "$sim/UNAVAILABLE")" >&2; exit 1; }
MYELIN_SIM_QUIET=1 "$sim/bin/reduction-bench" "$sim/ptx/sim_emulation.ptx" "$sim/kernels" "${1:-5}"
