#!/usr/bin/env python3
"""Golden numbers for every activation, forward and gradient, computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/golden_activations.py
Writes backend-testkit/src/main/resources/golden/activation_<name>.txt (format: see README.md beside this script),
one file per entry of ACTIVATIONS below (and per other alpha), then activation_prelu.txt and activation_maxout.txt.

Each file holds rows, cols, the parameter alpha where the function has one, z (the pre-activation), dy (the
upstream gradient), out = f(z) and dz = dy * f'(z), the gradient autograd gives for sum(f(z) * dy). Inputs are
rounded to float32 first, so that every backend (float64, float32, CUDA) holds exactly the same inputs; the
outputs are float64. The first values of z are the points where conventions part: 0 exactly (the ReLU family's
derivative at 0 is that of the z <= 0 side in PyTorch) and large magnitudes (saturation, exp overflow).

  identity, sigmoid, tanh, relu   the torch functions
  leaky_relu                      F.leaky_relu, PyTorch's default negative_slope 0.01, and 0.2
  rectifier                       max(0, z) + alpha*min(0, z) for any alpha: F.leaky_relu(negative_slope=alpha),
                                  alpha = -1 (absolute value, activation_rectifier.txt) and 0.3
  elu                             F.elu, PyTorch's default alpha 1, and 0.5
  selu, swish                     F.selu, F.silu
  softmax                         F.softmax(dim=1) over 37 columns; one row shifted by +1000 (max subtraction)
  prelu                           F.prelu, one alpha per column; also dalpha, the gradient of sum(out * dy) in alpha
  maxout                          no PyTorch module: z.view(rows, units, k).max(dim=2) gives out and the arg-max r
                                  (inputs without ties), autograd sends dy to the arg-max
"""
import torch
import torch.nn.functional as F

from golden_format import float32_exact, fmt, write

SCRIPT = "golden_activations.py"
ROWS, COLS = 6, 7
SPECIAL = [0.0, 30.0, -30.0, 12.0, -12.0, 0.5, -0.5]


def inputs(seed, rows=ROWS, cols=COLS, scale=2.5):
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(rows, cols, generator=g) * scale
    z.view(-1)[:len(SPECIAL)] = torch.tensor(SPECIAL)
    dy = torch.randn(rows, cols, generator=g)
    return float32_exact(z), float32_exact(dy)


def forward_backward(f, z, dy, *params):
    z = z.clone().requires_grad_(True)
    params = [p.clone().requires_grad_(True) for p in params]
    out = f(z, *params)
    out.backward(dy)
    return out.detach(), z.grad.detach(), [p.grad.detach() for p in params]


def element_wise(file, description, f, seed, alpha=None):
    z, dy = inputs(seed)
    out, dz, _ = forward_backward(f, z, dy)
    entries = [("rows", str(ROWS)), ("cols", str(COLS))]
    if alpha is not None:
        entries.append(("alpha", repr(alpha)))
    entries += [("z", fmt(z)), ("dy", fmt(dy)), ("out", fmt(out)), ("dz", fmt(dz))]
    if alpha is not None:
        description = f"{description}, alpha = {alpha!r}"
    write(SCRIPT, file, [description, "out = f(z); dz = gradient of sum(out * dy) in z"], entries)


def softmax(f, description, seed):
    rows, cols = 5, 37
    z, dy = inputs(seed, rows, cols, scale=3.0)
    z[2] += 1000.0
    out, dz, _ = forward_backward(lambda x: f(x, 0.0), z, dy)
    write(SCRIPT, "activation_softmax.txt",
          [f"{description}; row 2 is shifted by +1000", "dz = gradient of sum(out * dy) in z"],
          [("rows", str(rows)), ("cols", str(cols)), ("z", fmt(z)), ("dy", fmt(dy)), ("out", fmt(out)), ("dz", fmt(dz))])


def prelu():
    g = torch.Generator().manual_seed(11)
    alpha = float32_exact(0.25 + 0.2 * torch.randn(COLS, generator=g))
    z, dy = inputs(12)
    out, dz, (dalpha,) = forward_backward(F.prelu, z, dy, alpha)
    write(SCRIPT, "activation_prelu.txt",
          ["torch.nn.functional.prelu(z, alpha), one alpha per column",
           "dz, dalpha = gradients of sum(out * dy) in z and alpha"],
          [("rows", str(ROWS)), ("cols", str(COLS)), ("alpha", fmt(alpha)), ("z", fmt(z)), ("dy", fmt(dy)),
           ("out", fmt(out)), ("dz", fmt(dz)), ("dalpha", fmt(dalpha))])


def maxout():
    g = torch.Generator().manual_seed(13)
    rows, units, k = 5, 4, 3
    z = float32_exact(torch.randn(rows, units * k, generator=g) * 2)
    dy = float32_exact(torch.randn(rows, units, generator=g))
    groups = z.view(rows, units, k)
    top2 = groups.topk(2, dim=2).values
    assert bool((top2[..., 0] > top2[..., 1]).all()), "maxout inputs must have no ties"
    zz = z.clone().requires_grad_(True)
    out, index = zz.view(rows, units, k).max(dim=2)
    out.backward(dy)
    write(SCRIPT, "activation_maxout.txt",
          [f"z.view({rows}, {units}, {k}).max(dim=2): out and the arg-max r of each group of k consecutive columns",
           "dz = gradient of sum(out * dy) in z (dy at the arg-max, 0 elsewhere)"],
          [("rows", str(rows)), ("units", str(units)), ("k", str(k)), ("z", fmt(z)), ("dy", fmt(dy)),
           ("out", fmt(out.detach())), ("argmax", fmt(index.to(torch.float64))), ("dz", fmt(zz.grad))])


# The PyTorch form of every Myelin activation (dev.myelin.backend.ActivationKind), keyed by its name there: a
# function of z and alpha (alpha is 0 for kinds without one), a description for the file's header, the seed of its
# inputs and the alpha values its files are written at: the first is the default (file activation_<name>.txt), a
# labelled one writes activation_<name>_<label>.txt. A new activation is one entry here; the backend test kit fails,
# naming this table, for a kind without its file. examples/python/myelin_to_torch.py builds models with these functions.
ACTIVATIONS = {
    "identity": (lambda z, a: z * 1.0, "identity: out = z", 1, [None]),
    "sigmoid": (lambda z, a: torch.sigmoid(z), "torch.sigmoid(z)", 2, [None]),
    "tanh": (lambda z, a: torch.tanh(z), "torch.tanh(z)", 3, [None]),
    "relu": (lambda z, a: torch.relu(z), "torch.relu(z)", 4, [None]),
    "leaky_relu": (lambda z, a: F.leaky_relu(z, negative_slope=a), "torch.nn.functional.leaky_relu(z, negative_slope=alpha)",
                   5, [0.01, ("0.2", 0.2)]),
    "elu": (lambda z, a: F.elu(z, alpha=a), "torch.nn.functional.elu(z, alpha=alpha)", 7, [1.0, ("0.5", 0.5)]),
    "selu": (lambda z, a: F.selu(z), "torch.nn.functional.selu(z)", 8, [None]),
    "swish": (lambda z, a: F.silu(z), "torch.nn.functional.silu(z) (Swish with beta = 1)", 9, [None]),
    "softmax": (lambda z, a: F.softmax(z, dim=1), "torch.nn.functional.softmax(z, dim=1)", 10, [None]),
    "rectifier": (lambda z, a: F.leaky_relu(z, negative_slope=a),
                  "max(0, z) + alpha*min(0, z) for any alpha: torch.nn.functional.leaky_relu(z, negative_slope=alpha)",
                  6, [-1.0, ("0.3", 0.3)]),
    "gelu_tanh": (lambda z, a: F.gelu(z, approximate="tanh"), "torch.nn.functional.gelu(z, approximate='tanh')", 14, [None]),
    "softplus": (lambda z, a: F.softplus(z), "torch.nn.functional.softplus(z) (beta 1, threshold 20)", 15, [None]),
}


def main():
    torch.set_default_dtype(torch.float64)
    for name, (f, description, seed, alphas) in ACTIVATIONS.items():
        for alpha in alphas:
            label, value = alpha if isinstance(alpha, tuple) else (None, alpha)
            file = f"activation_{name}.txt" if label is None else f"activation_{name}_{label}.txt"
            if name == "softmax":
                softmax(f, description, seed)
            else:
                element_wise(file, description, lambda z: f(z, 0.0 if value is None else value), seed, value)
    prelu()
    maxout()


if __name__ == "__main__":
    main()
