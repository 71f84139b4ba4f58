"""Assignment 03 (momentum and Nesterov): the write-it-yourself rules, checked calls of your step
functions under the update-rule contract, and torch's runs to compare with.

The contract (sgdcourse.optimizers.rules, without the in-place part): a step takes the weights,
the gradient and the rule's state dict, and returns new ones, leaving its arguments alone::

    w_new, state_new = momentum_step(w, g, state, lr=η, beta=β)      state = {"velocity": v}
    g = grad(nesterov_point(w, state, beta=β))                        Nesterov's gradient, at w + βv
    w_new, state_new = nesterov_step(w, g, state, lr=η, beta=β)
"""

from __future__ import annotations

import torch

from . import check, check_tensor, contract
from . import check_written_here as _check_written_here
from . import only_your_code as _only_your_code

OPTIMIZER_LIBRARIES = ("torch.optim", "sgdcourse.optim")
# What "write the update yourself" rules out inside your functions (a rule's gradient_point
# before the rule itself, which the same block replaces).
MOMENTUM_SHORTCUTS = (
    "torch.optim.SGD.step",
    *(f"sgdcourse.optimizers{module}.nesterov_lookahead_.gradient_point" for module in ("", ".rules")),
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


def checked_step(step, w, g, state, *, lr, beta):
    """Your `step(w, g, state, lr=lr, beta=beta)` checked against the update-rule contract (see .contract):
    (w_new, state_new), state_new a new {"velocity": v_new}."""
    return contract.checked_step(step, w, g, state, guard=only_your_code, lr=lr, beta=beta)


def checked_point(nesterov_point, w, state, *, beta):
    """Your `nesterov_point(w, state, beta=beta)`: a tensor shaped like w, with w and the state left unchanged."""
    copies = [contract.copied(x) for x in (w, state)]
    with only_your_code(nesterov_point):
        point = nesterov_point(w, state, beta=beta)
    check_tensor("the point nesterov_point returns", point, shape=tuple(w.shape), dtype=w.dtype,
                 hint="the look-ahead point w + β v has the shape and dtype of w")
    contract.check_unchanged("nesterov_point", ["w", "state"], copies, [w, state],
                             hint="compute w + β v as a new tensor; do not move w to the look-ahead point in place")
    return point


def your_run(step, w0, grad, *, lr, beta, steps, nesterov_point=None):
    """(w, velocity) after `steps` calls of your `step` from w0 and the state {"velocity": 0}.

    The gradient is taken at w, or at `nesterov_point(w, state, beta=beta)` when that is given.
    """
    w, state = w0.clone(), {"velocity": torch.zeros_like(w0)}
    if nesterov_point is not None:
        check_written_here(nesterov_point)
    with only_your_code(step):
        for _ in range(steps):
            at = w if nesterov_point is None else nesterov_point(w, state, beta=beta)
            w, state = step(w, grad(at), state, lr=lr, beta=beta)
    check(isinstance(state, dict) and "velocity" in state, f"the state {step.__name__} returns",
          expected='a dict {"velocity": v}', got=type(state).__name__)
    return w, state["velocity"]


def torch_sgd_run(w0, grad, *, lr, beta, nesterov, steps):
    """torch.optim.SGD(momentum=β) for `steps` steps from w0: (parameters, momentum buffer ṽ)."""
    p = w0.clone().requires_grad_()
    optimizer = torch.optim.SGD([p], lr=lr, momentum=beta, nesterov=nesterov)
    for _ in range(steps):
        p.grad = grad(p.detach())
        optimizer.step()
    return p.detach(), optimizer.state[p]["momentum_buffer"]
