"""Assignment 03 (momentum and Nesterov): the write-it-yourself rule and torch's runs to compare with."""

from __future__ import annotations

import torch

from . import check_written_here as _check_written_here
from . import only_your_code as _only_your_code

OPTIMIZER_LIBRARIES = ("torch.optim", "sgdcourse.optim")
# What "write the update yourself" rules out inside your functions.
MOMENTUM_SHORTCUTS = (
    "torch.optim.SGD.step",
    *(f"sgdcourse.optimizers{module}.{rule}"
      for module in ("", ".rules")
      for rule in ("sgd_", "momentum_torch_", "momentum_textbook_", "nesterov_lookahead_")),
)


def check_written_here(function):
    """`function` is defined in the notebook and names no optimizer from torch.optim or sgdcourse."""
    _check_written_here(function, OPTIMIZER_LIBRARIES)


def only_your_code(function):
    """Check `function` with check_written_here, then run the block with MOMENTUM_SHORTCUTS refused."""
    return _only_your_code(function, MOMENTUM_SHORTCUTS, OPTIMIZER_LIBRARIES)


def torch_sgd_run(w0, grad, *, lr, beta, nesterov, steps):
    """torch.optim.SGD(momentum=β) for `steps` steps from w0: (parameters, momentum buffer b)."""
    p = w0.clone().requires_grad_()
    optimizer = torch.optim.SGD([p], lr=lr, momentum=beta, nesterov=nesterov)
    for _ in range(steps):
        p.grad = grad(p.detach())
        optimizer.step()
    return p.detach(), optimizer.state[p]["momentum_buffer"]
