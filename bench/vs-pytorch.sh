#!/usr/bin/env bash
# Myelin against PyTorch on the same MLPs, data, batch sizes, thread count and epochs (Fashion-MNIST,
# official 60k/10k split, pixels/255, Adam 1e-3, float32), alternating runs in one invocation.
# Run r trains both sides with seed 41 + r (run 1 is seed 42), so the median test accuracy is over as many seeds as
# runs: one seed's accuracy varies by about a point on either side.
# Prints, per model, the median epoch time of each side, the ratio Myelin/PyTorch, the median test
# accuracy and the largest peak RSS, with the load average at the start and end of each model's runs; then, per model,
# each seed's test accuracy and train loss per epoch on each side, and the mean +- sd of the test accuracies.
#
#   bench/vs-pytorch.sh [--models base,bnd,large] [--runs 3] [--epochs 3] [--threads 2] [--cpu-gemm native,java] [--start shared|own]
#
# --cpu-gemm takes one or more of native (OpenBLAS through JavaCPP, Myelin's default where it loads) and java (the
# pure-Java GEMM); each run
# then trains Myelin once per GEMM and PyTorch once, alternating, and the table has a row per GEMM.
#
# Both sides start from the same initialiser: weights U(+-1/sqrt(fan_in)) (PyTorch's nn.Linear default), biases 0.
# --start shared (the default) goes further: each run's PyTorch side starts from the very weights Myelin drew and visits
# the training rows in Myelin's batch order (FashionMnistBench writes both, pytorch_mlp.py reads them), so the two sides
# differ only in their arithmetic (and bnd's dropout masks) and their test accuracies can be compared seed by seed.
# Which batches an epoch sees moves one seed's test accuracy by a point or more (large, seed 42: 0.8508 against 0.8676
# from the same weights), so with --start own (each side draws its own weights and order) compare the means over
# many seeds, not one seed's figures.
#
# Needs: apt-get install python3-torch libopenblas0-pthread dataset-fashion-mnist (and Maven, JDK 17).
# PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its own kernel (printed).
set -euo pipefail
cd "$(dirname "$0")/.."
models=base,bnd,large runs=3 epochs=3 threads=2 gemm=native,java start=shared
while [ $# -gt 0 ]; do
    case "$1" in
        --models) models=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --cpu-gemm) gemm=$2; shift 2 ;;
        --start) start=$2; shift 2 ;;
        *) echo "myelin: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
case "$start" in shared|own) ;; *) echo "myelin: --start takes shared or own, got '$start'" >&2; exit 2 ;; esac
for need in /usr/bin/python3 /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz; do
    [ -e "$need" ] || { echo "myelin: $need is missing: apt-get install python3-torch libopenblas0-pthread dataset-fashion-mnist" >&2; exit 1; }
done
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "myelin: PyTorch is missing: apt-get install python3-torch libopenblas0-pthread" >&2; exit 1; }

jar=cli/target/myelin.jar
mvn -B -q -DskipTests -pl cli -am package >&2
out=$(mktemp -d "${TMPDIR:-/tmp}/myelin-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
kernel=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_VERBOSE=2 /usr/bin/python3 -c 'import torch; torch.ones(64, 64) @ torch.ones(64, 64)' 2>&1 | sed -n 's/^Core: //p' | head -1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); PyTorch's OpenBLAS kernel: ${kernel:-unknown}"
echo "threads $threads, epochs $epochs, runs $runs (alternating), Myelin GEMM: $gemm, start: $start, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for model in ${models//,/ }; do
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    for run in $(seq 1 "$runs"); do
        first=1
        for g in ${gemm//,/ }; do
            # Every GEMM's run has the same seed, hence the same start; the first one writes it.
            shared=()
            [ "$start" = shared ] && [ $first = 1 ] && shared=(torch "$out/$model.start.$run")
            first=0
            java -Dmyelin.cpu.gemm="$g" -cp "$jar" dev.myelin.cli.bench.FashionMnistBench "$model" "$epochs" "$threads" "$((41 + run))" "${shared[@]}" > "$out/$model.myelin-$g.$run"
            echo "  $model run $run: myelin ($g GEMM) s/epoch $(grep epoch_seconds "$out/$model.myelin-$g.$run" | cut -d' ' -f2 | tr '\n' ' ')(load $(cut -d' ' -f1 /proc/loadavg))" >&2
        done
        from=()
        [ "$start" = shared ] && from=("$out/$model.start.$run/initial.myelin" "$out/$model.start.$run/order.bin")
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/pytorch_mlp.py "$model" "$epochs" "$threads" "$((41 + run))" "${from[@]}" > "$out/$model.torch.$run"
        echo "  $model run $run: torch s/epoch $(grep epoch_seconds "$out/$model.torch.$run" | cut -d' ' -f2 | tr '\n' ' ')(load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
    echo "$model load $load0 -> $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/$model.load"
done
/usr/bin/python3 bench/summarise.py "$out" "${models//,/ }" "$gemm"
