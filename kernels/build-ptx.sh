#!/usr/bin/env bash
# Regenerates the committed PTX of every kernel source:
#   src/main/cuda/X.cu  ->  src/main/resources/dev/myelin/kernels/X.ptx
# with nvcc 13 for compute_75 (the oldest architecture CUDA 13 targets).
# Run it after changing a .cu or .cuh file and commit the result; the build
# (check-ptx.sh) fails where nvcc exists and the committed PTX differs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src/main/cuda
out=$here/src/main/resources/dev/myelin/kernels
command -v nvcc > /dev/null || { echo "build-ptx.sh: nvcc is not on PATH" >&2; exit 1; }
mkdir -p "$out"
for cu in "$src"/*.cu; do
    name=$(basename "$cu" .cu)
    # Run from the source directory so no absolute path can reach the PTX.
    (cd "$src" && nvcc -ptx -arch=compute_75 -o "$out/$name.ptx" "$name.cu")
    echo "build-ptx.sh: $name.ptx"
done
