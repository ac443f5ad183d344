#!/usr/bin/python3
"""Rebuilds a Myelin model file (.myelin) in PyTorch and predicts with it.

Reads the ZIP's manifest.json and its model.safetensors entry with plain numpy (no safetensors
library), builds the same network as a torch.nn.Module in float64, applies the saved input
normaliser, and prints the predictions (probabilities for classifiers) of the rows of a CSV file of
raw features, one row per line, comma separated with 17 significant digits.

    /usr/bin/python3 examples/python/myelin_to_torch.py MODEL.myelin FEATURES.csv

Needs Debian's python3-torch and python3-numpy, and the repository around it: each activation's torch function is
read from tests/golden/golden_activations.py.
"""
import json
import os
import sys
import zipfile

import numpy as np
import torch

# The PyTorch form of each activation is the table the golden numbers are made from.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "golden"))
from golden_activations import ACTIVATIONS  # noqa: E402

DTYPES = {"F64": np.dtype("<f8"), "F32": np.dtype("<f4")}


def read_safetensors(data):
    """Maps each tensor name of a safetensors byte string to a float64 numpy array of its shape."""
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=DTYPES[entry["dtype"]])
        tensors[name] = values.reshape(entry["shape"]).astype(np.float64)
    return tensors


def activation(kind, alpha):
    """The torch function of a Myelin activation: the one its PyTorch golden numbers came from."""
    if kind not in ACTIVATIONS:
        raise ValueError(f"unknown activation {kind}: tests/golden/golden_activations.py has no entry for it")
    f = ACTIVATIONS[kind][0]
    return lambda z: f(z, alpha)


class Function(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


class Maxout(torch.nn.Module):
    def __init__(self, linear, units, k):
        super().__init__()
        self.linear, self.units, self.k = linear, units, k

    def forward(self, x):
        z = self.linear(x)
        return z.view(z.shape[0], self.units, self.k).max(dim=2).values


class Residual(torch.nn.Module):
    def __init__(self, block):
        super().__init__()
        self.block = block

    def forward(self, x):
        return x + self.block(x)


def linear(weight, bias):
    """A torch Linear from Myelin's W [in, out] (the transpose of torch's weight) and b [1, out]."""
    layer = torch.nn.Linear(weight.shape[0], weight.shape[1], dtype=torch.float64)
    layer.weight.data = torch.from_numpy(weight.T.copy())
    layer.bias.data = torch.from_numpy(bias.reshape(-1).copy())
    return layer


def build(layers, tensors, prefix, width):
    """A torch.nn.Sequential of the spec's layers; returns it and the output width."""
    modules = []
    for i, spec in enumerate(layers):
        kind = spec["type"]
        name = f"{prefix}{i}.{kind}."
        if kind == "dense":
            modules.append(linear(tensors[name + "weight"], tensors[name + "bias"]))
            width = spec["units"]
        elif kind == "activation":
            modules.append(Function(activation(spec["activation"], spec["alpha"])))
        elif kind == "batchnorm":
            bn = torch.nn.BatchNorm1d(width, eps=spec["epsilon"], dtype=torch.float64)
            bn.weight.data = torch.from_numpy(tensors[name + "weight"].reshape(-1).copy())
            bn.bias.data = torch.from_numpy(tensors[name + "bias"].reshape(-1).copy())
            bn.running_mean = torch.from_numpy(tensors[name + "running_mean"].reshape(-1).copy())
            bn.running_var = torch.from_numpy(tensors[name + "running_var"].reshape(-1).copy())
            modules.append(bn)
        elif kind == "layernorm":
            ln = torch.nn.LayerNorm(width, eps=spec["epsilon"], dtype=torch.float64)
            ln.weight.data = torch.from_numpy(tensors[name + "weight"].reshape(-1).copy())
            ln.bias.data = torch.from_numpy(tensors[name + "bias"].reshape(-1).copy())
            modules.append(ln)
        elif kind == "dropout":
            modules.append(torch.nn.Identity())  # inverted dropout: the identity at inference
        elif kind == "prelu":
            prelu = torch.nn.PReLU(width, dtype=torch.float64)
            prelu.weight.data = torch.from_numpy(tensors[name + "weight"].reshape(-1).copy())
            modules.append(prelu)
        elif kind == "maxout":
            modules.append(Maxout(linear(tensors[name + "weight"], tensors[name + "bias"]), spec["units"], spec["k"]))
            width = spec["units"]
        elif kind == "residual":
            block, _ = build(spec["layers"], tensors, name, width)
            modules.append(Residual(block))
        else:
            raise ValueError(f"unknown layer type {kind}")
    return torch.nn.Sequential(*modules), width


def load(path):
    """The network (in eval mode), the input normaliser (a function on numpy rows) and the output function."""
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        tensors = read_safetensors(z.read("model.safetensors"))
    spec = manifest["spec"]
    network, _ = build(spec["layers"], tensors, "layers.", spec["input_width"])
    network.eval()
    norm = manifest.get("normalizer")
    if norm:
        center, scale, offset = (np.array(norm[k], dtype=np.float64) for k in ("center", "scale", "offset"))
        normalize = lambda x: (x - center) / scale + offset
    else:
        normalize = lambda x: x
    loss = spec["loss"]
    if not loss["from_logits"]:
        output = lambda z: z
    elif loss["kind"] == "binary_cross_entropy":
        output = torch.sigmoid
    else:
        output = lambda z: torch.softmax(z, dim=1)
    return network, normalize, output


def main():
    model, features = sys.argv[1], sys.argv[2]
    network, normalize, output = load(model)
    x = np.loadtxt(features, delimiter=",", dtype=np.float64, ndmin=2)
    with torch.no_grad():
        y = output(network(torch.from_numpy(normalize(x)))).numpy()
    for row in y:
        print(",".join(repr(float(v)) for v in row))


if __name__ == "__main__":
    main()
