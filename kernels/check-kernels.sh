#!/usr/bin/env bash
# The kernels module's build check (exec-maven-plugin, generate-resources):
#  0. everywhere: the sources are the ones the committed kernels were built
#     from (their SHA-256 in SOURCES.sha256, written by build-kernels.py);
#  1. where NVRTC 11.8 (Debian's libnvrtc11.2) and python3 are installed, rebuild
#     every packaged kernel into TARGET/kernels with build-kernels.py --check and
#     fail when one differs from the committed one (what is compared: see
#     build-kernels.py); elsewhere say why that was skipped: another compiler on
#     a developer's machine must not break the build;
#  2. where ptxas is on the PATH (nvcc's toolkit), assemble each committed PTX
#     for sm_75, sm_80, sm_86, sm_89 and sm_90.
# A stamp in TARGET/kernels skips both when no source, header, committed
# kernel or script changed since both last ran and passed.
#
# usage: check-kernels.sh TARGET-DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$1
src=$here/src/main/cuda
committed=$here/src/main/resources/dev/myelin/kernels
archs="sm_75 sm_80 sm_86 sm_89 sm_90"   # ptxas checks the PTX for these
out=$target/kernels
mkdir -p "$out"

stamp=$out/.checked
if [ -f "$stamp" ] && [ -z "$(find "$src" "$committed" "$0" "$here/build-kernels.py" -newer "$stamp" -type f -print -quit)" ]; then
    echo "[myelin-kernels] kernels checked before and nothing changed since ($stamp)"
    exit 0
fi
rm -f "$stamp"
checked=()

listed=$(cut -d' ' -f3 "$committed/SOURCES.sha256" 2> /dev/null | sort)
present=$(cd "$src" && ls *.cu *.cuh | sort)
if [ "$listed" != "$present" ] || ! (cd "$src" && sha256sum --quiet --check "$committed/SOURCES.sha256" > /dev/null 2>&1); then
    echo "[myelin-kernels] the kernel sources changed since the committed kernels were built from them (SOURCES.sha256)" >&2
    echo "[myelin-kernels] run kernels/build-kernels.py (needs Debian's libnvrtc11.2) and commit src/main/resources/dev/myelin/kernels" >&2
    exit 1
fi

nvrtc_missing=""
command -v python3 > /dev/null || nvrtc_missing="python3 is not installed"
[ -n "$nvrtc_missing" ] || python3 -c 'import ctypes; ctypes.CDLL("libnvrtc.so.11.2")' 2> /dev/null ||
    nvrtc_missing="libnvrtc.so.11.2 (NVRTC 11.8, Debian's libnvrtc11.2 in 'non-free') is not installed"
if [ -n "$nvrtc_missing" ]; then
    echo "[myelin-kernels] committed kernels NOT compared with their sources: $nvrtc_missing"
else
    python3 "$here/build-kernels.py" --check "$out" > "$out/build.log" || exit 1
    checked+=("match their sources (NVRTC 11.8)")
fi

if ! command -v ptxas > /dev/null; then
    echo "[myelin-kernels] ptxas not found on PATH: PTX assembly check skipped"
else
    # Two at a time: ptxas is single-threaded.
    jobs=()
    for arch in $archs; do
        for ptx in "$committed"/*.ptx; do jobs+=("$arch $ptx"); done
    done
    printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c 'ptxas -arch="$0" -o /dev/null "$1" || { echo "[myelin-kernels] ptxas -arch=$0 rejects $1" >&2; exit 255; }'
    checked+=("assemble with ptxas for $archs")
fi
[ ${#checked[@]} -lt 2 ] || touch "$stamp"
if [ ${#checked[@]} -gt 0 ]; then
    echo "[myelin-kernels] the committed kernels $(IFS=';'; echo "${checked[*]}" | sed 's/;/ and /')"
fi
