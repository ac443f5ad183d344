#!/usr/bin/env python3
"""The PyTorch half of bench/vs-pytorch.sh: the same MLPs, data, batch sizes and optimiser as
dev.myelin.cli.bench.FashionMnistBench, printing the same `key value` lines.

Usage: pytorch_mlp.py MODEL EPOCHS THREADS [SEED [INIT [ORDER]]]
  base  784-512-256-10 ReLU, batch 128
  bnd   the same with BatchNorm1d before each hidden ReLU and Dropout(0.1) after it
  large 784-2048-2048-2048-10 ReLU, batch 256
Softmax cross-entropy, Adam lr 1e-3, float32; official Fashion-MNIST 60k/10k, pixels / 255.
INIT: torch (default) keeps nn.Linear's own initialisation, weights U(+-1/sqrt(fan_in)), and sets biases to 0
(Myelin's dense layers start their biases at 0); he draws hidden weights He-normal N(0, 2/fan_in) and output
weights Xavier-uniform, Myelin's own defaults for ReLU and softmax layers; or the path of a Myelin model file
(initial.myelin, written by FashionMnistBench's START argument): every nn.Linear takes that model's dense weights (and
biases, where it has them), in order. ORDER, the path of the order.bin written beside it, replaces torch.randperm by
Myelin's batch order of each epoch (little-endian int32, EPOCHS x 60000). With both, the two sides train from the same
weights on the same batches, and differ only in their arithmetic (and, in bnd, their dropout masks).
"""
import gzip
import os
import sys
import time
import zipfile

import numpy as np
import torch
from torch import nn

# Model files are read by the example that rebuilds them in PyTorch (float64 arrays; float32 values convert exactly).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "python"))
from myelin_to_torch import read_safetensors  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(prefix):
    x = idx(f"{DATA}/{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / np.float32(255)
    y = idx(f"{DATA}/{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def load_start(net, path):
    """Copies a Myelin model file's dense layers (W [in, out], b [1, out]) into the nn.Linear layers of net, in order."""
    tensors = read_safetensors(zipfile.ZipFile(path).read("model.safetensors"))
    weights = sorted((k for k in tensors if k.endswith(".dense.weight")), key=lambda k: int(k.split(".")[1]))
    linears = [m for m in net if isinstance(m, nn.Linear)]
    if len(weights) != len(linears):
        raise SystemExit(f"pytorch_mlp.py: {path} has {len(weights)} dense layers, the model {len(linears)}")
    with torch.no_grad():
        for layer, name in zip(linears, weights):
            w = torch.from_numpy(tensors[name].T.astype(np.float32))
            if w.shape != layer.weight.shape:
                raise SystemExit(f"pytorch_mlp.py: {name} is {tuple(w.shape)} transposed, the layer wants {tuple(layer.weight.shape)}")
            layer.weight.copy_(w)
            if layer.bias is not None:
                layer.bias.copy_(torch.from_numpy(tensors[name[:-len("weight")] + "bias"].reshape(-1).astype(np.float32)))


def initialise(net, init):
    if init.endswith(".myelin"):
        load_start(net, init)
        return
    linears = [m for m in net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for i, layer in enumerate(linears):
            if init == "he":
                if i < len(linears) - 1:
                    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                else:
                    nn.init.xavier_uniform_(layer.weight)
            elif init != "torch":
                raise SystemExit(f"pytorch_mlp.py: INIT must be torch or he, got {init!r}")
            if layer.bias is not None:
                layer.bias.zero_()


def model(name):
    hidden = {"base": [512, 256], "bnd": [512, 256], "large": [2048, 2048, 2048]}[name]
    layers, width = [], 784
    for units in hidden:
        if name == "bnd":
            layers += [nn.Linear(width, units, bias=False), nn.BatchNorm1d(units), nn.ReLU(), nn.Dropout(0.1)]
        else:
            layers += [nn.Linear(width, units), nn.ReLU()]
        width = units
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    name, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    init = sys.argv[5] if len(sys.argv) > 5 else "torch"
    orders = None
    if len(sys.argv) > 6:
        orders = torch.from_numpy(np.fromfile(sys.argv[6], dtype="<i4").astype(np.int64))
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    batch = 256 if name == "large" else 128
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    net = model(name)
    initialise(net, init)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"backend torch {torch.__version__}, {torch.get_num_threads()} threads, {torch.__config__.parallel_info().splitlines()[0]}")
    n = x_train.shape[0]
    if orders is not None and orders.numel() != epochs * x_train.shape[0]:
        raise SystemExit(f"pytorch_mlp.py: {sys.argv[6]} holds {orders.numel()} indices, not {epochs} x {x_train.shape[0]}")
    for epoch in range(epochs):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(n) if orders is None else orders[epoch * n:(epoch + 1) * n]
        loss_sum = torch.zeros((), dtype=torch.float64)
        for b in range(0, n, batch):
            rows = order[b:b + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_train[rows]), y_train[rows])
            loss.backward()
            opt.step()
            loss_sum += loss.detach().double() * rows.shape[0]
        print(f"epoch_seconds {time.perf_counter() - start:.3f}", flush=True)
        print(f"train_loss {float(loss_sum) / n:.5f}", flush=True)
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(x_test[b:b + 256]).argmax(1) == y_test[b:b + 256]).sum()) for b in range(0, x_test.shape[0], 256))
    print(f"test_accuracy {correct / x_test.shape[0]:.4f}")
    print(f"peak_rss_mb {peak_rss_mb():.1f}")


if __name__ == "__main__":
    main()
