#!/usr/bin/python3
"""Copy the embedded data sets from Debian's python3-sklearn into the core resources and
print the facts the Java tests assert, computed by scikit-learn's own loaders.

Run with Debian's interpreter: /usr/bin/python3 data/extract_embedded.py
The files are copied byte for byte (no re-encoding); the script checks that sklearn's
load_digits / load_iris read the same numbers from them.
"""
import gzip
import hashlib
import shutil
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits, load_iris

SRC = Path(sklearn.__file__).parent / "datasets" / "data"
DST = Path(__file__).resolve().parent.parent / "core/src/main/resources/dev/myelin/data"


def copy(name):
    DST.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SRC / name, DST / name)
    digest = hashlib.sha256((DST / name).read_bytes()).hexdigest()
    print(f"{name}: copied from {SRC / name}, sha256 {digest}")


def main():
    print(f"scikit-learn {sklearn.__version__}")
    copy("digits.csv.gz")
    copy("iris.csv")

    digits = load_digits()
    raw = np.loadtxt(gzip.open(DST / "digits.csv.gz"), delimiter=",")
    assert np.array_equal(raw[:, :-1], digits.data) and np.array_equal(raw[:, -1], digits.target)
    print("digits shape", digits.data.shape, "min", digits.data.min(), "max", digits.data.max())
    print("digits class counts", np.bincount(digits.target).tolist())
    print("digits first row", digits.data[0].astype(int).tolist(), "label", digits.target[0])
    print("digits last row", digits.data[-1].astype(int).tolist(), "label", digits.target[-1])
    print("digits sum of all pixels", digits.data.sum())

    iris = load_iris()
    print("iris shape", iris.data.shape, "class counts", np.bincount(iris.target).tolist())
    print("iris first row", iris.data[0].tolist(), "label", iris.target[0])
    print("iris last row", iris.data[-1].tolist(), "label", iris.target[-1])
    print("iris column sums", iris.data.sum(axis=0).round(10).tolist())


if __name__ == "__main__":
    main()
