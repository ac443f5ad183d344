#!/usr/bin/env python3
"""Golden numbers for every activation, forward and gradient, computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/golden_activations.py
Writes backend-testkit/src/main/resources/golden/activation_<name>.txt (format: see README.md beside this script).

Each file holds rows, cols, the parameter alpha where the function has one, z (the pre-activation), dy (the
upstream gradient), out = f(z) and dz = dy * f'(z), the gradient autograd gives for sum(f(z) * dy). Inputs are
rounded to float32 first, so that every backend (float64, float32, CUDA) holds exactly the same inputs; the
outputs are float64. The first values of z are the points where conventions part: 0 exactly (the ReLU family's
derivative at 0 is that of the z <= 0 side in PyTorch) and large magnitudes (saturation, exp overflow).

  identity, sigmoid, tanh, relu   the torch functions
  leaky_relu                      F.leaky_relu, PyTorch's default negative_slope 0.01, and 0.2
  rectifier                       max(0, z) + alpha*min(0, z) for any alpha: F.leaky_relu(negative_slope=alpha),
                                  alpha = -1 (absolute value) and 0.3
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


def element_wise(name, description, f, seed, alpha=None):
    z, dy = inputs(seed)
    out, dz, _ = forward_backward(f, z, dy)
    entries = [("rows", str(ROWS)), ("cols", str(COLS))]
    if alpha is not None:
        entries.append(("alpha", repr(alpha)))
    entries += [("z", fmt(z)), ("dy", fmt(dy)), ("out", fmt(out)), ("dz", fmt(dz))]
    write(SCRIPT, f"activation_{name}.txt", [description, "out = f(z); dz = gradient of sum(out * dy) in z"], entries)


def softmax():
    rows, cols = 5, 37
    z, dy = inputs(10, rows, cols, scale=3.0)
    z[2] += 1000.0
    out, dz, _ = forward_backward(lambda x: F.softmax(x, dim=1), z, dy)
    write(SCRIPT, "activation_softmax.txt",
          ["torch.nn.functional.softmax(z, dim=1); row 2 is shifted by +1000", "dz = gradient of sum(out * dy) in z"],
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


def main():
    torch.set_default_dtype(torch.float64)
    element_wise("identity", "identity: out = z", lambda z: z * 1.0, 1)
    element_wise("sigmoid", "torch.sigmoid(z)", torch.sigmoid, 2)
    element_wise("tanh", "torch.tanh(z)", torch.tanh, 3)
    element_wise("relu", "torch.relu(z)", torch.relu, 4)
    element_wise("leaky_relu", "torch.nn.functional.leaky_relu(z) (default negative_slope=0.01)", F.leaky_relu, 5, alpha=0.01)
    element_wise("leaky_relu_0.2", "torch.nn.functional.leaky_relu(z, negative_slope=0.2)",
                 lambda z: F.leaky_relu(z, negative_slope=0.2), 5, alpha=0.2)
    element_wise("rectifier_abs", "max(0, z) + alpha*min(0, z), alpha = -1: torch.nn.functional.leaky_relu(z, negative_slope=-1.0)",
                 lambda z: F.leaky_relu(z, negative_slope=-1.0), 6, alpha=-1.0)
    element_wise("rectifier_0.3", "max(0, z) + alpha*min(0, z), alpha = 0.3: torch.nn.functional.leaky_relu(z, negative_slope=0.3)",
                 lambda z: F.leaky_relu(z, negative_slope=0.3), 6, alpha=0.3)
    element_wise("elu", "torch.nn.functional.elu(z) (default alpha=1.0)", F.elu, 7, alpha=1.0)
    element_wise("elu_0.5", "torch.nn.functional.elu(z, alpha=0.5)", lambda z: F.elu(z, alpha=0.5), 7, alpha=0.5)
    element_wise("selu", "torch.nn.functional.selu(z)", F.selu, 8)
    element_wise("swish", "torch.nn.functional.silu(z) (Swish with beta = 1)", F.silu, 9)
    softmax()
    prelu()
    maxout()


if __name__ == "__main__":
    main()
