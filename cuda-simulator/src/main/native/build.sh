#!/usr/bin/env bash
# Builds the CUDA simulator into TARGET/sim (run by Maven in the cuda-simulator
# module's generate-test-resources phase):
#   lib/      libcuda.so.1, libcublas.so.12, libnvrtc.so.12 (put on LD_LIBRARY_PATH)
#   kernels/  one lib<name>.so per test .cu file, built by g++ (MYELIN_SIM_KERNELS)
#   kernels-ubsan/, kernels-fma/  the same, sanitised or FMA-contracted, when
#             MYELIN_SIM_KERNEL_VARIANTS asks for them (see variant_flags)
#   ptx/      the PTX of each .cu: for the simulator's own test sources built
#             by nvcc when it is installed, else the copy committed next to the
#             source (src/test/cuda/ptx of this module); for the kernels module (DIR=PTX-DIR)
#             always its committed PTX, which that module checks itself
#   bin/      gemm-reference-test, reduction-bench, image-hook-test, sanitizer-probe
# Where the simulator cannot be built, it writes the reason to
# TARGET/sim/UNAVAILABLE and succeeds: the simulator tests then skip with
# that reason (or fail, when CI=true).
#
# usage: build.sh TARGET-DIR JCUDA-NATIVES-DIR CUDA-SOURCE-DIR[=PTX-DIR]...
# Without =PTX-DIR the committed PTX of DIR/x.cu is DIR/ptx/x.ptx.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$1 natives=$2
shift 2
sim=$target/sim
mkdir -p "$sim"
# Counters of earlier test JVMs (one file per process) are of no further use.
rm -f "$sim/UNAVAILABLE" "$sim"/counters*.bin

unavailable() {
    echo "$1" > "$sim/UNAVAILABLE"
    echo "[myelin-sim] simulator NOT built: $1"
    exit 0
}

[ "$(uname -s)" = Linux ] || unavailable "the CUDA simulator needs Linux, this is $(uname -s)"
[ "$(uname -m)" = x86_64 ] || unavailable "the simulator's fiber switch is x86-64 assembly, this is $(uname -m)"
for tool in g++ gcc make nm c++filt sed; do
    command -v "$tool" > /dev/null || unavailable "$tool is not installed (Debian: apt-get install g++ make binutils)"
done
ls "$natives"/libJCudaDriver-*.so > /dev/null 2>&1 || unavailable "no JCuda JNI libraries in $natives"

make -s -j2 -f "$here/Makefile" SIM="$sim" NATIVES="$natives"

# The promise of the stubs: the JNI libraries find every symbol they import.
for jni in "$natives"/libJCudaDriver-*.so "$natives"/libJCublas*.so "$natives"/libJNvrtc-*.so; do
    unbound=$(LD_LIBRARY_PATH="$sim/lib" ldd -r "$jni" 2>&1 | grep 'undefined symbol' || true)
    if [ -n "$unbound" ]; then
        echo "[myelin-sim] $(basename "$jni") has unbound symbols against the simulator:" >&2
        echo "$unbound" >&2
        exit 1
    fi
done

# True when $1 is missing or older than any of the other files.
stale() {
    local out=$1
    shift
    [ -e "$out" ] || return 0
    for dep in "$@"; do [ "$dep" -nt "$out" ] && return 0; done
    return 1
}

# PTX comparison ignores nvcc's comment lines (they name the compiler build).
same_ptx() { cmp -s <(grep -v '^//' "$1") <(grep -v '^//' "$2"); }

# Variants of the kernel libraries, each in kernels-<variant>/ next to kernels/
# (MYELIN_SIM_KERNEL_VARIANTS, space-separated; the cuda-simulator module's
# sim-variants profile sets it):
#   ubsan  UBSan (float-cast-overflow, alignment, signed-integer-overflow); the
#          first report ends the process, so a test run that passes reported nothing
#   fma    a*b+c contracted into FMA instructions, as nvcc does on a GPU
variant_flags() {
    case $1 in
        ubsan) echo "-fsanitize=float-cast-overflow,alignment,signed-integer-overflow -fno-sanitize-recover=all" ;;
        fma) echo "-mfma -ffp-contract=fast" ;;
        *) echo "[myelin-sim] unknown kernel variant '$1' (known: ubsan fma)" >&2; exit 1 ;;
    esac
}
variants=(${MYELIN_SIM_KERNEL_VARIANTS:-})
for v in "${variants[@]}"; do
    variant_flags "$v" > /dev/null
    if [ "$v" = fma ] && ! grep -qw fma /proc/cpuinfo; then
        echo "[myelin-sim] the fma kernel variant needs a CPU with FMA; this one has none" >&2
        exit 1
    fi
done

build_kernel() {
    local cu=$1 ptxdir=$2 packaged=$3 name committed ptx so
    name=$(basename "$cu" .cu)
    committed=$ptxdir/$name.ptx
    ptx=$sim/ptx/$name.ptx
    so=$sim/kernels/lib$name.so
    mkdir -p "$sim/ptx" "$sim/kernels" "$sim/gen"
    # A .cu file's own directory may hold shared device headers (.cuh).
    local headers=("$(dirname "$cu")"/*.cuh)
    if [ "$packaged" = no ] && command -v nvcc > /dev/null; then
        if stale "$ptx" "$cu" "${headers[@]}"; then
            nvcc -ptx -arch=compute_75 -o "$ptx" "$cu"
        fi
        if [ ! -f "$committed" ] || ! same_ptx "$ptx" "$committed"; then
            echo "[myelin-sim] WARNING: $committed is not what nvcc makes from $name.cu now; commit it:"
            echo "[myelin-sim]   cp $ptx $committed"
        fi
    else
        [ -f "$committed" ] || { echo "[myelin-sim] no committed $committed (and no nvcc to build it)" >&2; exit 1; }
        cmp -s "$committed" "$ptx" 2> /dev/null || cp "$committed" "$ptx"
    fi
    if stale "$so" "$cu" "${headers[@]}" "$ptx" "$here"/include/*.h "$sim/lib/libcuda.so.1" "$here/gen-registration.sh"; then
        "$here/gen-registration.sh" "$cu" "$ptx" "$sim/gen"
        compile_kernel "$cu" "$so"
    fi
    local v
    for v in "${variants[@]}"; do
        mkdir -p "$sim/kernels-$v"
        if stale "$sim/kernels-$v/lib$name.so" "$so"; then
            # shellcheck disable=SC2046 # the flags are words
            compile_kernel "$cu" "$sim/kernels-$v/lib$name.so" $(variant_flags "$v")
        fi
    done
}

# compile_kernel SOURCE.cu OUT.so [extra g++ flags...]: the generated unit of SOURCE.cu into OUT.so.
compile_kernel() {
    local cu=$1 so=$2 name
    name=$(basename "$cu" .cu)
    shift 2
    g++ -std=c++17 -O2 -g -fPIC -shared -Wall -Wno-unknown-pragmas -Wno-unused-function "$@" \
        -I"$here/include" -I"$sim/gen" -I"$(dirname "$cu")" -include cuda_emu.h \
        -o "$so" "$sim/gen/$name.sim.cpp" "$sim/lib/libcuda.so.1"
}

kernels=0
for arg in "$@"; do
    dir=${arg%%=*}
    ptxdir=$dir/ptx packaged=no
    [[ $arg == *=* ]] && ptxdir=${arg#*=} packaged=yes
    for cu in "$dir"/*.cu; do
        [ -e "$cu" ] || continue
        build_kernel "$cu" "$ptxdir" "$packaged"
        kernels=$((kernels + 1))
    done
done

# build_selftest NAME SOURCE.cpp: a program of selftest/ linked against the driver stand-in.
build_selftest() {
    local bin=$sim/bin/$1 src=$here/selftest/$2
    if stale "$bin" "$src" "$here/selftest/selftest_driver.h" "$sim/lib/libcuda.so.1"; then
        g++ -std=c++17 -O2 -Wall -I"$here/include" -I"$here/driver" -o "$bin" "$src" "$sim/lib/libcuda.so.1" \
            -Wl,-rpath,'$ORIGIN/../lib'
    fi
}
build_selftest reduction-bench reduction_bench.cpp
build_selftest image-hook-test image_hook_test.cpp
build_selftest sanitizer-probe sanitizer_probe.cpp
echo "[myelin-sim] built in $sim ($kernels kernel libraries)"
