#!/usr/bin/env bash
# Builds Myelin and runs the CPU JMH benchmarks: GEMM in GFLOP/s (OpenBLAS and pure Java) and the fused
# Adam step in ns per parameter. Extra arguments go to JMH, e.g.
#   bench/cpu-gemm.sh -p dtype=FLOAT32 -p shape=1024x1024x1024 -p threads=1 -p gemm=java
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p backend-cpu/target
mvn -B -q -Dstyle.color=never -pl backend-cpu -am -Pbench -DskipTests test -Dbench.args="dev.myelin.cpu.bench -rf csv -rff $PWD/backend-cpu/target/jmh-cpu.csv $*" \
    | sed 's/\x1b\[[0-9;]*m//g' | tee backend-cpu/target/jmh-cpu.log
/usr/bin/python3 - backend-cpu/target/jmh-cpu.csv <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    ms = float(row["Score"])
    if row["Benchmark"].endswith(".gemm"):
        m, k, n = (int(x) for x in row["Param: shape"].split(":")[0].split("x"))
        print(f'GEMM {row["Param: dtype"]:8} {row["Param: gemm"]:6} {row["Param: shape"]:16} threads={row["Param: threads"]}  {ms:8.3f} ms  {2 * m * k * n / (ms * 1e6):6.1f} GFLOP/s')
    else:
        p = int(row["Param: parameters"])
        print(f'Adam {row["Param: dtype"]:8} {p} parameters threads={row["Param: threads"]}  {ms:8.3f} ms  {ms * 1e6 / p:6.2f} ns/parameter')
PY
