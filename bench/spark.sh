#!/usr/bin/env bash
# Benchmark (not a test) of the spark module on this machine: Fashion-MNIST (Debian's dataset-fashion-mnist), local[2],
# single-machine training against parameter averaging with 1 and 2 partitions and K = 1, 10, 50 mini-batches per round.
# Prints a Markdown table (spark/README.md shows a run). Usage: bench/spark.sh [EPOCHS (default 2)] [SPARK MASTER (default local[2])]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
    || { echo "bench: Fashion-MNIST is missing: apt-get install dataset-fashion-mnist" >&2; exit 1; }
MYELIN_JAVA_OPTS="${MYELIN_JAVA_OPTS:--Xmx6g} -Dspark.master=${2:-local[2]}" MYELIN_MAIN=dev.myelin.spark.bench.FashionMnistSparkBench \
    exec "$here/../spark/myelin-spark" "${1:-2}"
