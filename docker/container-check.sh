#!/usr/bin/env bash
# Run inside the image where there is no GPU (the Testcontainers test, DockerImageTest, does):
# myelin train on the CPU, then the CUDA backend's suites on the CUDA simulator.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== myelin train (CPU)"
./myelin train --backend cpu

echo "== CUDA contract, gradient parity and command line on the simulated device"
# The jars are in the image's local repository (Dockerfile); CI=true: a simulator that does not build is a failure.
CI=true mvn -B -pl tests -Dtest='CudaFloat32ContractTest,CudaGradientParityTest,CudaCommandLineTest' \
    -Dsurefire.failIfNoSpecifiedTests=false test
echo "container-check: done"
