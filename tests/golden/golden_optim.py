#!/usr/bin/env python3
"""Golden trajectories of the adaptive optimisers and of L-BFGS, computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/golden_optim.py
Writes tests/src/test/resources/golden/optim_<name>.txt (format: see README.md beside this script).

Each optimiser file holds two schemes over the same 12 parameters w0 ~ N(0, 1):
  fixed.*    gradients drawn once per step, independent of w (fixed.grad<t> is the gradient of step t+1);
  coupled.*  gradients of the fixed objective f(w) at the current w, so state and parameters interact:
               f(w) = sum_i 0.5*a_i*(w_i - c_i)^2 + b * sum_i (w_{i+1} - w_i^2)^2
             (coupled.a, coupled.c, coupled.b; coupled.grad<t> is the gradient at coupled.w<t>).
w<t> are the parameters after t steps.

NAdam uses foreach=True: PyTorch 1.13's default single-tensor NAdam multiplies mu_t into the next
mu-product twice (mu_product * mu * mu_next, fixed in PyTorch 2.0); its foreach path computes
mu_product * mu_next, the published algorithm, which Myelin implements.

lbfgs_rosenbrock.txt: torch.optim.LBFGS(line_search_fn="strong_wolfe") on the 2-D and 6-D Rosenbrock
function, the parameters after every call of step() and the final loss.
"""
import functools

import golden_format  # first: it pins OpenBLAS's kernels before torch loads them
import torch
from make_golden import fixed_gradient_trajectory

torch.set_default_dtype(torch.float64)

fmt = golden_format.fmt
write = functools.partial(golden_format.write, "golden_optim.py")

SIZE = 12
STEPS = 15


def coupled_objective(w, a, c, b):
    return 0.5 * (a * (w - c) ** 2).sum() + b * ((w[1:] - w[:-1] ** 2) ** 2).sum()


def coupled_scheme(make, seed):
    g = torch.Generator().manual_seed(seed + 1000)
    w0 = torch.randn(SIZE, generator=g)
    a = torch.rand(SIZE, generator=g) * 2 + 0.5
    c = torch.randn(SIZE, generator=g)
    b = 0.1
    p = torch.nn.Parameter(w0.clone())
    opt = make([p])
    entries = [("coupled.steps", str(STEPS)), ("coupled.a", fmt(a)), ("coupled.c", fmt(c)), ("coupled.b", repr(b)),
               ("coupled.w0", fmt(w0))]
    for t in range(STEPS):
        opt.zero_grad()
        loss = coupled_objective(p, a, c, b)
        loss.backward()
        entries.append((f"coupled.grad{t}", fmt(p.grad)))
        opt.step()
        entries.append((f"coupled.w{t + 1}", fmt(p.detach())))
    return entries


CASES = [
    ("adagrad", "Adagrad(lr=0.1)", lambda ps: torch.optim.Adagrad(ps, lr=0.1)),
    ("adagrad_wd", "Adagrad(lr=0.1, eps=1e-6, weight_decay=0.1)",
     lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=1e-6, weight_decay=0.1)),
    ("adadelta", "Adadelta(lr=1.0)", lambda ps: torch.optim.Adadelta(ps, lr=1.0)),
    ("adadelta_wd", "Adadelta(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.05)",
     lambda ps: torch.optim.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.05)),
    ("rmsprop", "RMSprop(lr=0.01)", lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
    ("rmsprop_momentum", "RMSprop(lr=0.01, momentum=0.9)", lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.9)),
    ("rmsprop_centered", "RMSprop(lr=0.01, centered=True)", lambda ps: torch.optim.RMSprop(ps, lr=0.01, centered=True)),
    ("rmsprop_centered_momentum", "RMSprop(lr=0.01, momentum=0.9, centered=True)",
     lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.9, centered=True)),
    ("rmsprop_wd", "RMSprop(lr=0.005, alpha=0.9, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.05)",
     lambda ps: torch.optim.RMSprop(ps, lr=0.005, alpha=0.9, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.05)),
    ("adam", "Adam(lr=0.01)", lambda ps: torch.optim.Adam(ps, lr=0.01)),
    ("adam_wd", "Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)",
     lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)),
    ("adamw", "AdamW(lr=0.01)", lambda ps: torch.optim.AdamW(ps, lr=0.01)),
    ("adamw_wd", "AdamW(lr=0.01, betas=(0.85, 0.995), weight_decay=0.1)",
     lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.85, 0.995), weight_decay=0.1)),
    ("nadam", "NAdam(lr=0.01, foreach=True)", lambda ps: torch.optim.NAdam(ps, lr=0.01, foreach=True)),
    ("nadam_wd", "NAdam(lr=0.01, weight_decay=0.05, momentum_decay=0.01, foreach=True)",
     lambda ps: torch.optim.NAdam(ps, lr=0.01, weight_decay=0.05, momentum_decay=0.01, foreach=True)),
]


def rosenbrock(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def lbfgs_golden():
    entries = []
    for key, x0, max_iter, calls in [("r2", [-1.2, 1.0], 20, 5), ("r6", [-1.0, 1.5, -0.5, 0.8, 1.2, -0.3], 20, 5)]:
        x = torch.nn.Parameter(torch.tensor(x0))
        opt = torch.optim.LBFGS([x], lr=1, max_iter=max_iter, history_size=10, line_search_fn="strong_wolfe")
        evaluations = [0]

        def closure():
            opt.zero_grad()
            loss = rosenbrock(x)
            loss.backward()
            evaluations[0] += 1
            return loss

        entries.append((f"{key}.x0", fmt(torch.tensor(x0))))
        entries.append((f"{key}.calls", str(calls)))
        for call in range(calls):
            opt.step(closure)
            entries.append((f"{key}.x{call + 1}", fmt(x.detach())))
            entries.append((f"{key}.loss{call + 1}", repr(float(rosenbrock(x.detach())))))
            entries.append((f"{key}.evaluations{call + 1}", str(evaluations[0])))
            entries.append((f"{key}.iterations{call + 1}", str(opt.state[x]["n_iter"] if x in opt.state else opt.state[opt._params[0]]["n_iter"])))
    write("lbfgs_rosenbrock.txt", ["torch.optim.LBFGS(lr=1, max_iter=20, history_size=10, line_search_fn='strong_wolfe'), "
                                   "tolerance_grad=1e-7, tolerance_change=1e-9 (defaults)",
                                   "rosenbrock(x) = sum 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2",
                                   "<key>.x<k>: parameters after k calls of step(closure); evaluations: closure calls so far; "
                                   "iterations: the optimiser's n_iter"], entries)


def main():
    for seed, (name, text, make) in enumerate(CASES):
        entries = fixed_gradient_trajectory(make, STEPS, SIZE, seed, prefix="fixed.") + coupled_scheme(make, seed)
        write(f"optim_{name}.txt", [f"optimizer: torch.optim.{text}"], entries)
    lbfgs_golden()


if __name__ == "__main__":
    main()
