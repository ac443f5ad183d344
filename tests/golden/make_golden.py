#!/usr/bin/env python3
"""Golden numbers for Myelin's tests, computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/make_golden.py
Writes tests/src/test/resources/golden/*.txt (format: see README.md beside this script).
"""
import functools

import golden_format  # first: it pins OpenBLAS's kernels before torch loads them
import torch

torch.set_default_dtype(torch.float64)

fmt = golden_format.fmt
write = functools.partial(golden_format.write, "make_golden.py")


def fixed_gradient_trajectory(make, steps, size, seed, prefix=""):
    """Entries of an optimiser run on gradients drawn once per step, independent of w, so the test replays exactly
    the same inputs: `steps`, `w0 ~ N(0, 1)` (`size` values), then per step t `grad<t>` and the parameters `w<t+1>`
    after it; every key starts with `prefix`."""
    g = torch.Generator().manual_seed(seed)
    w0 = torch.randn(size, generator=g)
    grads = [torch.randn(size, generator=g) for _ in range(steps)]
    p = torch.nn.Parameter(w0.clone())
    opt = make([p])
    entries = [(f"{prefix}steps", str(steps)), (f"{prefix}w0", fmt(w0))]
    for t in range(steps):
        p.grad = grads[t].clone()
        opt.step()
        entries.append((f"{prefix}grad{t}", fmt(grads[t])))
        entries.append((f"{prefix}w{t + 1}", fmt(p.detach())))
    return entries


def optimizer_trajectory(name, make, steps=10, size=12, seed=0, header=()):
    write(name, [f"optimizer: {name}"] + list(header), fixed_gradient_trajectory(make, steps, size, seed))


def main():
    optimizer_trajectory("sgd_plain.txt", lambda ps: torch.optim.SGD(ps, lr=0.1), header=["torch.optim.SGD(lr=0.1)"])
    optimizer_trajectory("sgd_momentum.txt", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9),
                         header=["torch.optim.SGD(lr=0.05, momentum=0.9)"])
    optimizer_trajectory("sgd_nesterov.txt", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
                         header=["torch.optim.SGD(lr=0.05, momentum=0.9, nesterov=True)"])
    optimizer_trajectory("sgd_momentum_decay.txt", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, weight_decay=0.01),
                         header=["torch.optim.SGD(lr=0.05, momentum=0.8, weight_decay=0.01)"])


if __name__ == "__main__":
    main()
    # The other areas' scripts live beside this one; running this script regenerates every golden file.
    import golden_activations  # noqa: E402
    import golden_layers  # noqa: E402
    import golden_losses  # noqa: E402
    import golden_optim  # noqa: E402
    import golden_schedules  # noqa: E402
    import golden_augment  # noqa: E402  (scipy, not torch)
    golden_optim.main()
    golden_layers.main()
    golden_activations.main()
    golden_losses.main()
    golden_schedules.main()
    golden_augment.main()
