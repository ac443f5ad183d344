#!/usr/bin/env bash
# The command of the Dockerfile's prebuilt target, where there is no GPU and no Maven (the Testcontainers
# test, DockerImageTest, runs it): myelin train on the CPU, then the CUDA backend test kit, gradient-parity and
# command-line suites on the CUDA simulator, run by the JUnit console launcher from the test classes of
# backend-cuda (the kit) and of the tests module as their surefire executions 'simulated-device' run them
# (same loader path, environment and working directory as the tests module's).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== myelin train (CPU)"
./myelin train --backend cpu

echo "== CUDA backend test kit, gradient parity and command line on the simulated device"
cd tests
sim=$(cd ../cuda-simulator/target/sim 2> /dev/null && pwd) ||
    { echo "container-check: no simulator (the image context lacks cuda-simulator/target/sim)" >&2; exit 1; }
[ -f "$sim/lib/libcuda.so.1" ] || { echo "container-check: no simulator in $sim (the image context lacks cuda-simulator/target/sim)" >&2; exit 1; }
# The tests module's test class path (as jars) holds backend-cuda, the kit and the simulator's extension.
class_path=target/test-classes:../backend-cuda/target/test-classes$(printf ':%s' target/test-lib/*.jar)
# CI=true: a simulator that cannot load is a failure, not a skip. --fail-if-no-tests: selecting nothing fails.
CI=true LD_LIBRARY_PATH=$sim/lib MYELIN_SIM_KERNELS=$sim/kernels MYELIN_SIM_COUNTERS=$sim/counters-%p.bin \
    java -Dmyelin.sim.dir="$sim" -jar ../docker/junit-platform-console-standalone.jar execute \
    --class-path "$class_path" --include-tag simulated-device --fail-if-no-tests --disable-banner --details=tree \
    --select-class dev.myelin.cuda.CudaFloat32BackendKitTest \
    --select-class dev.myelin.cuda.CudaGradientParityTest \
    --select-class dev.myelin.cuda.CudaCommandLineTest
echo "container-check: done"
