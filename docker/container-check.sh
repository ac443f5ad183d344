#!/usr/bin/env bash
# Run inside the image where there is no GPU (the Testcontainers test, DockerImageTest, does):
# myelin train on the CPU, then the CUDA backend's suites on the CUDA simulator.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== myelin train (CPU)"
./myelin train --backend cpu

echo "== CUDA backend test kit, gradient parity and command line on the simulated device"
# The jars are in the image's local repository (Dockerfile); cuda-simulator builds the simulator, backend-cuda runs
# the test kit, tests the other two. CI=true: a simulator that does not build is a failure.
CI=true mvn -B -pl cuda-simulator,backend-cuda,tests \
    -Dtest='CudaFloat32BackendKitTest,CudaGradientParityTest,CudaCommandLineTest' \
    -Dsurefire.failIfNoSpecifiedTests=false test
echo "container-check: done"
