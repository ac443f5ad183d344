#!/usr/bin/env bash
# The command of the Dockerfile's source target, run inside the image on a GPU host (docker run --gpus all):
# the CUDA suites on the real driver (MYELIN_CUDA=real), then training on the real GPU compared with the CPU
# backend on the same seed, the regularised recipe on the GPU, and last the whole test suite (its CUDA tests
# on the simulator, as in CI). The image built the project with mvn install, so -pl finds the other modules.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== GPU"
nvidia-smi -L || { echo "gpu-check: no GPU visible; run the container with --gpus all on a host with the NVIDIA Container Toolkit" >&2; exit 1; }

echo "== the CUDA backend test kit, gradient-parity, trajectory, end-to-end and kernel suites on the real driver"
# Only the simulated-device suites (-Dgroups: the ordinary ones run in the last step). Where the CUDA backend
# cannot open, every test fails at once with the backend provider's reason.
MYELIN_CUDA=real mvn -B -pl backend-cuda,tests test -Dgroups=simulated-device

echo "== training on the GPU and on the CPU, same seed"
cuda=$(./myelin train --backend cuda | tee /dev/stderr | sed -n 's/.*test accuracy \([0-9.]*\).*/\1/p')
cpu=$(./myelin train --backend cpu | sed -n 's/.*test accuracy \([0-9.]*\).*/\1/p')
echo "gpu-check: test accuracy cuda $cuda, cpu $cpu"
awk -v a="$cuda" -v b="$cpu" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a >= 0.95 && d <= 0.02) }' \
    || { echo "gpu-check: the GPU run is outside the CPU's accuracy band" >&2; exit 1; }

echo "== the regularised recipe on the GPU"
./myelin train --backend cuda --batch-norm --hidden 256:relu,128:relu --dropout 0.2 --optimizer adamw:lr=2e-3,wd=0.01 \
    --normalize pixel-standard --augment shift:1,rotate:10,noise:0.5 --schedule cosine:T=100,min=1e-5 \
    --early-stopping 20 --epochs 100 | tail -1

echo "== test suite (simulated device for the CUDA tests, as in CI)"
mvn -B verify -pl '!docker'
echo "gpu-check: done"
