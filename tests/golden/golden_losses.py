#!/usr/bin/env python3
"""Golden numbers for every loss, value and gradient, computed by PyTorch in float64.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/golden_losses.py
Writes backend-testkit/src/main/resources/golden/loss_<name>.txt (format: see README.md beside this script).

Each file holds rows, cols, output ([rows, cols]: what the model emits, probabilities or logits), the target,
loss (PyTorch's reduction='mean': the mean over the batch of the per-sample loss, which for the element-wise
losses is also the mean over every element) and grad, the gradient of loss in output. Inputs are rounded to
float32 first, so that every backend holds exactly the same inputs; the outputs are float64.

  mse, mae, huber        F.mse_loss, F.l1_loss (one output equals its target: PyTorch's gradient there is 0),
                         F.huber_loss with PyTorch's default delta 1, and delta 0.5
  bce                    F.binary_cross_entropy on probabilities, hard and soft targets
  bce_saturated          the same at probabilities 0 and 1 only: PyTorch clamps log at -100 and divides the
                         gradient by max(p(1-p), 1e-12), where its 1e-12 is a float constant (9.99999996e-13)
  bce_logits             F.binary_cross_entropy_with_logits, logits up to +-40
  ce_probabilities       categorical cross-entropy on probabilities, F.nll_loss(log(p), labels); the file carries
                         the targets as class indices (labels) and one-hot rows (onehot), which give the same loss
  ce_probabilities_smoothing
                         the same with label smoothing eps = 0.1, as PyTorch composes it in F.cross_entropy:
                         (1 - eps)*F.nll_loss(log p, labels) + eps*mean over rows of (-mean over classes of log p)
  ce_logits              F.cross_entropy(logits, labels), softmax fused in; one row shifted by +500
  ce_logits_smoothing    F.cross_entropy(logits, labels, label_smoothing=0.1)
  ce_logits_wide         F.cross_entropy over 40 classes, label_smoothing=0.05
  ce_logits_soft         F.cross_entropy(logits, probabilities) with soft target rows (categorical only)
"""
import torch
import torch.nn.functional as F

from golden_format import float32_exact, fmt, write

SCRIPT = "golden_losses.py"
ROWS, COLS = 5, 4


def value_and_grad(loss_of, output):
    o = output.clone().requires_grad_(True)
    loss = loss_of(o)
    loss.backward()
    return loss.detach(), o.grad.detach()


def save(name, header, output, targets, loss_of, extra=()):
    """targets: (key, tensor) pairs written as they are; loss_of(o) is PyTorch's mean loss."""
    loss, grad = value_and_grad(loss_of, output)
    rows, cols = output.shape
    entries = [("rows", str(rows)), ("cols", str(cols))] + list(extra) + [("output", fmt(output))]
    entries += [(key, fmt(t)) for key, t in targets]
    entries += [("loss", fmt(loss)), ("grad", fmt(grad))]
    write(SCRIPT, f"loss_{name}.txt", header + ["loss = PyTorch's mean reduction; grad = its gradient in output"], entries)


def generator(seed):
    return torch.Generator().manual_seed(seed)


def regression():
    g = generator(21)
    output = float32_exact(torch.randn(ROWS, COLS, generator=g) * 2)
    target = float32_exact(torch.randn(ROWS, COLS, generator=g))
    save("mse", ["torch.nn.functional.mse_loss(output, target)"], output, [("target", target)],
         lambda o: F.mse_loss(o, target))
    tied = output.clone()
    tied[0, 0] = target[0, 0]
    save("mae", ["torch.nn.functional.l1_loss(output, target); output[0, 0] == target[0, 0]"], tied, [("target", target)],
         lambda o: F.l1_loss(o, target))
    save("huber", ["torch.nn.functional.huber_loss(output, target) (default delta=1.0)"], output, [("target", target)],
         lambda o: F.huber_loss(o, target), extra=[("delta", repr(1.0))])
    save("huber_0.5", ["torch.nn.functional.huber_loss(output, target, delta=0.5)"], output, [("target", target)],
         lambda o: F.huber_loss(o, target, delta=0.5), extra=[("delta", repr(0.5))])


def hard_and_soft(g):
    """Targets for the binary losses: hard (0 or 1) in rows 0-2, soft (uniform in [0, 1)) in rows 3-4."""
    hard = (torch.rand(ROWS, COLS, generator=g) < 0.5).to(torch.float64)
    soft = float32_exact(torch.rand(ROWS, COLS, generator=g))
    return torch.where(torch.arange(ROWS).reshape(ROWS, 1) < 3, hard, soft)


def binary():
    g = generator(22)
    p = float32_exact(torch.sigmoid(torch.randn(ROWS, COLS, generator=g) * 2))
    target = hard_and_soft(g)
    save("bce", ["torch.nn.functional.binary_cross_entropy(output, target); rows 0-2 hard targets, rows 3-4 soft"],
         p, [("target", target)], lambda o: F.binary_cross_entropy(o, target))
    saturated = torch.tensor([[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    edge = torch.tensor([[0.0, 1.0, 1.0, 0.0], [0.5, 0.5, 0.25, 0.75]])
    save("bce_saturated", ["torch.nn.functional.binary_cross_entropy(output, target) at probabilities 0 and 1"],
         saturated, [("target", edge)], lambda o: F.binary_cross_entropy(o, edge))
    logits = float32_exact(torch.randn(ROWS, COLS, generator=g) * 3)
    logits[0, :] = torch.tensor([40.0, -40.0, 40.0, -40.0])
    target = hard_and_soft(g)
    save("bce_logits", ["torch.nn.functional.binary_cross_entropy_with_logits(output, target); row 0 at +-40;",
                        "rows 0-2 hard targets, rows 3-4 soft"],
         logits, [("target", target)], lambda o: F.binary_cross_entropy_with_logits(o, target))


def class_targets(g, rows, cols):
    labels = torch.randint(0, cols, (rows,), generator=g)
    return labels, F.one_hot(labels, cols).to(torch.float64)


def smoothed_nll(log_p, labels, eps):
    """PyTorch's label smoothing (as in F.cross_entropy) applied to log-probabilities that are given, not computed."""
    return (1 - eps) * F.nll_loss(log_p, labels) + eps * (-log_p.mean(dim=1)).mean()


def categorical():
    g = generator(24)
    p = float32_exact(F.softmax(torch.randn(ROWS, COLS, generator=g) * 1.5, dim=1))
    labels, onehot = class_targets(g, ROWS, COLS)
    targets = [("labels", labels.to(torch.float64)), ("onehot", onehot)]
    save("ce_probabilities", ["categorical cross-entropy on probabilities: torch.nn.functional.nll_loss(torch.log(output), labels)"],
         p, targets, lambda o: F.nll_loss(torch.log(o), labels))
    save("ce_probabilities_smoothing",
         ["categorical cross-entropy on probabilities with label smoothing eps, composed as F.cross_entropy does:",
          "(1 - eps)*nll_loss(log(output), labels) + eps*mean over rows of (-mean over classes of log(output))"],
         p, targets, lambda o: smoothed_nll(torch.log(o), labels, 0.1), extra=[("smoothing", repr(0.1))])

    logits = float32_exact(torch.randn(ROWS, COLS, generator=g) * 3)
    logits[1] += 500.0
    labels, onehot = class_targets(g, ROWS, COLS)
    targets = [("labels", labels.to(torch.float64)), ("onehot", onehot)]
    save("ce_logits", ["torch.nn.functional.cross_entropy(output, labels); row 1 is shifted by +500"],
         logits, targets, lambda o: F.cross_entropy(o, labels))
    # PyTorch's class-index and probability-target forms agree here (checked), so onehot may stand for labels
    assert torch.allclose(F.cross_entropy(logits, onehot, label_smoothing=0.1), F.cross_entropy(logits, labels, label_smoothing=0.1))
    save("ce_logits_smoothing", ["torch.nn.functional.cross_entropy(output, labels, label_smoothing=0.1)"],
         logits, targets, lambda o: F.cross_entropy(o, labels, label_smoothing=0.1), extra=[("smoothing", repr(0.1))])

    wide_rows, wide_cols = 6, 40
    wide = float32_exact(torch.randn(wide_rows, wide_cols, generator=g) * 2)
    labels, onehot = class_targets(g, wide_rows, wide_cols)
    save("ce_logits_wide", ["torch.nn.functional.cross_entropy(output, labels, label_smoothing=0.05) over 40 classes"],
         wide, [("labels", labels.to(torch.float64)), ("onehot", onehot)],
         lambda o: F.cross_entropy(o, labels, label_smoothing=0.05), extra=[("smoothing", repr(0.05))])

    soft_logits = float32_exact(torch.randn(ROWS, COLS, generator=g) * 2)
    soft = float32_exact(F.softmax(torch.randn(ROWS, COLS, generator=g), dim=1))
    save("ce_logits_soft", ["torch.nn.functional.cross_entropy(output, target) with target rows of probabilities"],
         soft_logits, [("target", soft)], lambda o: F.cross_entropy(o, soft))


def main():
    torch.set_default_dtype(torch.float64)
    regression()
    binary()
    categorical()


if __name__ == "__main__":
    main()
