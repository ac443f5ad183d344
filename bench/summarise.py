#!/usr/bin/env python3
"""Prints the table of bench/vs-pytorch.sh from its per-run files: DIR MODELS GEMMS (comma separated)."""
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


if __name__ == "__main__":
    main()
