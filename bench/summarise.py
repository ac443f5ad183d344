#!/usr/bin/env python3
"""Prints the tables of bench/vs-pytorch.sh from its per-run files: DIR MODELS GEMMS (comma separated).

The first table has the medians per model and GEMM; then, per model, a table per seed of each side's test accuracy
and train loss per epoch, and the mean ± sample standard deviation of the test accuracies."""
import glob
import statistics
import sys


def read(pattern):
    epochs, acc, rss = [], [], []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            for line in f:
                key, _, value = line.strip().partition(" ")
                if key == "epoch_seconds":
                    epochs.append(float(value))
                elif key == "test_accuracy":
                    acc.append(float(value))
                elif key == "peak_rss_mb":
                    rss.append(float(value))
    return epochs, acc, rss


def per_run(path):
    """(test accuracy, [train loss per epoch]) of one run's file."""
    acc, losses = float("nan"), []
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition(" ")
            if key == "test_accuracy":
                acc = float(value)
            elif key == "train_loss":
                losses.append(float(value))
    return acc, losses


def mean_sd(values):
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}" if len(values) > 1 else f"{values[0]:.4f}"


def print_seeds(folder, model, sides):
    """Per run (seed 41 + run): test accuracy and train loss per epoch of each side, then mean ± sd of the accuracies."""
    print(f"\n{model}: per seed, test accuracy and train loss per epoch")
    print("| seed | " + " | ".join(f"{name} acc. | {name} train loss" for name, _ in sides) + " |")
    print("| --- |" + " --- | --- |" * len(sides))
    runs = sorted({int(p.rsplit(".", 1)[1]) for _, pattern in sides for p in glob.glob(pattern)})
    accuracies = {name: [] for name, _ in sides}
    for run in runs:
        cells = []
        for name, pattern in sides:
            path = pattern.replace("*", str(run))
            if not glob.glob(path):
                cells.append("| ")
                continue
            acc, losses = per_run(path)
            accuracies[name].append(acc)
            cells.append(f"{acc:.4f} | {' '.join(f'{v:.4f}' for v in losses)}")
        print(f"| {41 + run} | " + " | ".join(cells) + " |")
    print("mean ± sd of test accuracy: " + ", ".join(f"{name} {mean_sd(a)}" for name, a in accuracies.items() if a))


def main():
    folder, models, gemm = sys.argv[1], sys.argv[2].split(), sys.argv[3]
    print("| model | Myelin GEMM | Myelin s/epoch | PyTorch s/epoch | ratio | Myelin test acc. | PyTorch test acc. | Myelin peak RSS | PyTorch peak RSS | load avg (1/5/15 min) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for model in models:
        te, ta, tr = read(f"{folder}/{model}.torch.*")
        with open(f"{folder}/{model}.load") as f:
            load = f.read().split(" load ", 1)[1].strip()
        for g in gemm.split(","):
            me, ma, mr = read(f"{folder}/{model}.myelin-{g}.*")
            if not me or not te:
                print(f"| {model} | {g} | no result | | | | | | | |")
                continue
            m, t = statistics.median(me), statistics.median(te)
            print(f"| {model} | {g} | {m:.2f} | {t:.2f} | {m / t:.2f} | {statistics.median(ma):.4f} | {statistics.median(ta):.4f} "
                  f"| {max(mr):.0f} MB | {max(tr):.0f} MB | {load} |")
    for model in models:
        print_seeds(folder, model, [(f"Myelin {g}", f"{folder}/{model}.myelin-{g}.*") for g in gemm.split(",")]
                    + [("PyTorch", f"{folder}/{model}.torch.*")])


if __name__ == "__main__":
    main()
