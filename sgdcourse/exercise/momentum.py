"""Assignment 03 (momentum and Nesterov): the write-it-yourself rules and torch's runs to compare with."""

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


# Part 5 asks for momentum's rate and Polyak's optimum: the course's analysis module is the answer.
ANALYSIS_LIBRARIES = ("sgdcourse.dynamics",)
ANALYSIS_SHORTCUTS = tuple(
    f"sgdcourse.dynamics.{name}"
    for name in ("heavy_ball_matrix", "heavy_ball_rate", "spectral_radius", "optimal_heavy_ball", "optimal_gd")
)


def check_written_here(function):
    """`function` is defined in the notebook and names no optimizer from torch.optim or sgdcourse."""
    _check_written_here(function, OPTIMIZER_LIBRARIES)


def only_your_code(function):
    """Check `function` with check_written_here, then run the block with MOMENTUM_SHORTCUTS refused."""
    return _only_your_code(function, MOMENTUM_SHORTCUTS, OPTIMIZER_LIBRARIES)


def only_your_analysis(function):
    """Like only_your_code, for Part 5: `function` names nothing from sgdcourse.dynamics and calls none of it."""
    return _only_your_code(function, ANALYSIS_SHORTCUTS, ANALYSIS_LIBRARIES, what="the rate")


def torch_sgd_run(w0, grad, *, lr, beta, nesterov, steps):
    """torch.optim.SGD(momentum=β) for `steps` steps from w0: (parameters, momentum buffer ṽ)."""
    p = w0.clone().requires_grad_()
    optimizer = torch.optim.SGD([p], lr=lr, momentum=beta, nesterov=nesterov)
    for _ in range(steps):
        p.grad = grad(p.detach())
        optimizer.step()
    return p.detach(), optimizer.state[p]["momentum_buffer"]
