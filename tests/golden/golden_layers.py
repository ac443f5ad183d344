#!/usr/bin/env python3
"""Golden numbers for Myelin's layer tests (batch norm, layer norm, PReLU), computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/golden_layers.py
Writes tests/src/test/resources/golden/layer_<name>.txt (format: see README.md beside this script).
Maxout has no PyTorch module; its test derives the expectation from the formula.
"""
import functools

import golden_format  # first: it pins OpenBLAS's kernels before torch loads them
import torch

torch.set_default_dtype(torch.float64)

fmt = golden_format.fmt
write = functools.partial(golden_format.write, "golden_layers.py")


def grads(module, x, dy):
    """Output, and gradients of sum(out * dy) w.r.t. x and every parameter (dy is the upstream gradient)."""
    x = x.clone().requires_grad_(True)
    module.zero_grad()
    out = module(x)
    out.backward(dy)
    return out.detach(), x.grad.detach()


def batch_norm():
    g = torch.Generator().manual_seed(1)
    rows, cols, steps = 8, 5, 3
    momentum, eps = 0.1, 1e-5
    bn = torch.nn.BatchNorm1d(cols, eps=eps, momentum=momentum)
    gamma = 1 + 0.5 * torch.randn(cols, generator=g)
    beta = torch.randn(cols, generator=g)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    # features with different offsets and scales, as a hidden layer's pre-activations would have
    xs = [torch.randn(rows, cols, generator=g) * torch.linspace(0.5, 3.0, cols) + torch.linspace(-2.0, 2.0, cols) for _ in range(steps)]
    dys = [torch.randn(rows, cols, generator=g) for _ in range(steps)]
    entries = [("rows", str(rows)), ("cols", str(cols)), ("steps", str(steps)), ("momentum", repr(momentum)), ("epsilon", repr(eps)),
               ("gamma", fmt(gamma)), ("beta", fmt(beta))]
    bn.train()
    for t in range(steps):
        out, dx = grads(bn, xs[t], dys[t])
        entries += [(f"x{t}", fmt(xs[t])), (f"dy{t}", fmt(dys[t])), (f"out{t}", fmt(out)), (f"dx{t}", fmt(dx)),
                    (f"dgamma{t}", fmt(bn.weight.grad)), (f"dbeta{t}", fmt(bn.bias.grad)),
                    (f"running_mean{t}", fmt(bn.running_mean)), (f"running_var{t}", fmt(bn.running_var))]
    bn.eval()
    x_eval = torch.randn(rows, cols, generator=g) * 2 + 0.5
    dy_eval = torch.randn(rows, cols, generator=g)
    out, dx = grads(bn, x_eval, dy_eval)
    entries += [("x_eval", fmt(x_eval)), ("dy_eval", fmt(dy_eval)), ("out_eval", fmt(out)), ("dx_eval", fmt(dx)),
                ("dgamma_eval", fmt(bn.weight.grad)), ("dbeta_eval", fmt(bn.bias.grad))]
    write("layer_batchnorm.txt",
          [f"torch.nn.BatchNorm1d({cols}, eps={eps}, momentum={momentum}) with weight=gamma, bias=beta;",
           f"train mode: {steps} steps on x<t> (forward, backward of upstream gradient dy<t>), running estimates after each;",
           "then eval mode on x_eval, backward of dy_eval"], entries)


def layer_norm():
    g = torch.Generator().manual_seed(2)
    rows, cols, eps = 6, 7, 1e-5
    ln = torch.nn.LayerNorm(cols, eps=eps)
    gamma = 1 + 0.5 * torch.randn(cols, generator=g)
    beta = torch.randn(cols, generator=g)
    with torch.no_grad():
        ln.weight.copy_(gamma)
        ln.bias.copy_(beta)
    x = torch.randn(rows, cols, generator=g) * 1.5 + torch.linspace(-1, 1, rows).reshape(rows, 1)
    dy = torch.randn(rows, cols, generator=g)
    out, dx = grads(ln, x, dy)
    write("layer_layernorm.txt", [f"torch.nn.LayerNorm({cols}, eps={eps}) with weight=gamma, bias=beta; backward of upstream gradient dy"],
          [("rows", str(rows)), ("cols", str(cols)), ("epsilon", repr(eps)), ("gamma", fmt(gamma)), ("beta", fmt(beta)), ("x", fmt(x)),
           ("dy", fmt(dy)), ("out", fmt(out)), ("dx", fmt(dx)), ("dgamma", fmt(ln.weight.grad)), ("dbeta", fmt(ln.bias.grad))])


def prelu():
    g = torch.Generator().manual_seed(3)
    rows, cols = 6, 5
    pr = torch.nn.PReLU(num_parameters=cols)
    alpha = 0.25 + 0.2 * torch.randn(cols, generator=g)
    with torch.no_grad():
        pr.weight.copy_(alpha)
    z = torch.randn(rows, cols, generator=g)
    dy = torch.randn(rows, cols, generator=g)
    out, dz = grads(pr, z, dy)
    write("layer_prelu.txt", [f"torch.nn.PReLU(num_parameters={cols}) with weight=alpha; backward of upstream gradient dy"],
          [("rows", str(rows)), ("cols", str(cols)), ("alpha", fmt(alpha)), ("z", fmt(z)), ("dy", fmt(dy)), ("out", fmt(out)),
           ("dz", fmt(dz)), ("dalpha", fmt(pr.weight.grad))])


def main():
    batch_norm()
    layer_norm()
    prelu()


if __name__ == "__main__":
    main()
