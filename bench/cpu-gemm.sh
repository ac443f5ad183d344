#!/usr/bin/env bash
# Builds Myelin and runs the CPU GEMM JMH benchmarks, printing GFLOP/s. Extra arguments go to JMH,
# e.g.  bench/cpu-gemm.sh -p dtype=FLOAT32 -p shape=1024x1024x1024 -p threads=1
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p backend-cpu/target
mvn -B -q -Dstyle.color=never -pl backend-cpu -am -Pbench -DskipTests test -Dbench.args="dev.myelin.cpu.bench.GemmBenchmark -rf csv -rff $PWD/backend-cpu/target/jmh-gemm.csv $*" \
    | sed 's/\x1b\[[0-9;]*m//g' | tee backend-cpu/target/jmh-gemm.log
awk -F, 'NR > 1 { gsub(/["\r]/, ""); dt = $8; sh = $9; th = $10; split(sh, p, ":"); split(p[1], d, "x");
         printf "%-8s %-16s threads=%s  %8.3f ms  %6.1f GFLOP/s\n", dt, sh, th, $5, 2 * d[1] * d[2] * d[3] / ($5 * 1e6) }' \
    backend-cpu/target/jmh-gemm.csv
