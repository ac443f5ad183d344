#!/usr/bin/env bash
# The kernels module's build check (exec-maven-plugin, generate-resources):
# where nvcc exists, rebuild every PTX into TARGET/ptx, fail when it differs
# from the committed PTX (nvcc's leading comment lines, which name the
# compiler build, are ignored), and assemble each PTX with ptxas for sm_75,
# sm_80, sm_86, sm_89 and sm_90. Where nvcc is missing, say so and let the
# committed PTX be packaged as it is.
#
# usage: check-ptx.sh TARGET-DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$1
src=$here/src/main/cuda
committed=$here/src/main/resources/dev/myelin/kernels
archs="sm_75 sm_80 sm_86 sm_89 sm_90"

if ! command -v nvcc > /dev/null; then
    echo "[myelin-kernels] nvcc not found on PATH: PTX check skipped, packaging the committed PTX"
    exit 0
fi
mkdir -p "$target/ptx"
# Checked already, and nothing changed since: the sources, the headers and the committed PTX.
stamp=$target/ptx/.checked
if [ -f "$stamp" ] && [ -z "$(find "$src" "$committed" "$0" -newer "$stamp" -type f -print -quit)" ]; then
    echo "[myelin-kernels] PTX checked before and nothing changed since ($stamp)"
    exit 0
fi
rm -f "$stamp"
stale=()
for cu in "$src"/*.cu; do
    name=$(basename "$cu" .cu)
    (cd "$src" && nvcc -ptx -arch=compute_75 -o "$target/ptx/$name.ptx" "$name.cu")
    if [ ! -f "$committed/$name.ptx" ] ||
        ! cmp -s <(grep -v '^//' "$target/ptx/$name.ptx") <(grep -v '^//' "$committed/$name.ptx"); then
        stale+=("$name")
    fi
done
for ptx in "$committed"/*.ptx; do
    [ -e "$ptx" ] || continue
    [ -f "$src/$(basename "$ptx" .ptx).cu" ] || stale+=("$(basename "$ptx" .ptx) (no source)")
done
if [ ${#stale[@]} -gt 0 ]; then
    echo "[myelin-kernels] the committed PTX is not what nvcc makes from the sources now: ${stale[*]}" >&2
    echo "[myelin-kernels] run kernels/build-ptx.sh and commit src/main/resources/dev/myelin/kernels/*.ptx" >&2
    exit 1
fi
if ! command -v ptxas > /dev/null; then
    echo "[myelin-kernels] PTX is current; ptxas not found, assembly check skipped"
    exit 0
fi
# Two at a time: ptxas is single-threaded.
jobs=()
for arch in $archs; do
    for ptx in "$target"/ptx/*.ptx; do jobs+=("$arch $ptx"); done
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c 'ptxas -arch="$0" -o /dev/null "$1" || { echo "[myelin-kernels] ptxas -arch=$0 rejects $1" >&2; exit 255; }'
touch "$stamp"
echo "[myelin-kernels] PTX is current and assembles for $archs"
