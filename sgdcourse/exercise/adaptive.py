"""Assignment 04 (AdaGrad, RMSProp, Adam, AdamW): the write-it-yourself rule, checked calls of
your step functions under the update-rule contract, and runs of them against torch.optim's.

The contract (sgdcourse.optimizers.rules, without the in-place part): a step takes the weights,
the gradient and the rule's state dict, keyed as torch.optim keys ``optimizer.state[p]``, and
returns new ones, leaving its arguments alone::

    w_new, state_new = adagrad_step(w, g, state, lr=η, eps=ε)          {"step", "sum"}
    w_new, state_new = rmsprop_step(w, g, state, lr=η, alpha=α, eps=ε)  {"step", "square_avg"}
    w_new, state_new = adam_step(w, g, state, lr=η, betas=(β₁, β₂), eps=ε)
                                                                       {"step", "exp_avg", "exp_avg_sq"}

``state["step"]`` counts the steps taken: the step being taken is t = state["step"] + 1, and
``state_new["step"]`` is that t.
"""

from __future__ import annotations

import torch

from . import check, check_close, check_equal, check_tensor, contract
from . import check_written_here as _check_written_here
from . import only_your_code as _only_your_code
from .problems import random_least_squares_gradient

OPTIMIZER_LIBRARIES = ("torch.optim", "sgdcourse.optim")
# What "write the update yourself" rules out inside your functions (AdamW before Adam, its base class).
ADAPTIVE_SHORTCUTS = (
    *(f"torch.optim.{name}.step" for name in ("Adagrad", "RMSprop", "AdamW", "Adam")),
    *(f"sgdcourse.optimizers{module}.{rule}"
      for module in ("", ".rules")
      for rule in ("adagrad_", "rmsprop_", "adam_", "adamw_", "adam_l2_")),
)
# The course's rule behind each torch.optim class of the assignment: a run starts from its init.
COURSE_RULES = {"Adagrad": "adagrad_", "RMSprop": "rmsprop_", "Adam": "adam_", "AdamW": "adamw_"}


def check_written_here(function):
    """`function` is defined in the notebook and names no optimizer from torch.optim or sgdcourse."""
    _check_written_here(function, OPTIMIZER_LIBRARIES)


def only_your_code(function):
    """Check `function` with check_written_here, then run the block with ADAPTIVE_SHORTCUTS refused."""
    return _only_your_code(function, ADAPTIVE_SHORTCUTS, OPTIMIZER_LIBRARIES)


def initial_state(optimizer_class, w0):
    """init(rule, w0) of the course's rule for `optimizer_class`, e.g. {"step": 0, "sum": zeros} for Adagrad."""
    # Imported here: the grading sandbox, where the set-up cell importing this module also
    # runs, offers sgdcourse.exercise but not sgdcourse.optimizers; only the grader calls this.
    from sgdcourse import optimizers
    return optimizers.init(getattr(optimizers, COURSE_RULES[optimizer_class.__name__]), w0)


def checked_step(step, w, g, state, **hyperparameters):
    """Your `step(w, g, state, **hyper)` checked against the update-rule contract (see .contract); (w_new, state_new)."""
    return contract.checked_step(step, w, g, state, guard=only_your_code, **hyperparameters)


def check_step_against(step, rule, w, g, state, *, case, rtol, atol, hint, **hyperparameters):
    """checked_step(step, w, g, state, ...) entry by entry against the course's in-place `rule` on copies."""
    expected_w, expected_state = w.clone(), contract.copied(state)
    rule(expected_w, g, expected_state, **hyperparameters)
    w_new, state_new = checked_step(step, w, g, state, **hyperparameters)
    _check_state(state_new, expected_state, f"for {case}", rtol=rtol, atol=atol, hint=hint)
    check_close(f"w_new for {case}", w_new, expected_w, rtol=rtol, atol=atol, hint=hint)
    return w_new, state_new


def _check_state(got, expected, where, *, rtol, atol, hint):
    """Every entry of the state `got` against `expected` (torch's or the course's), the step exactly."""
    for key, want in expected.items():
        if key == "step":
            check_equal(f'state["step"] {where}', got["step"], int(want), hint="one more step counted per call")
        else:
            check_close(f'state["{key}"] {where}', got[key], want, rtol=rtol, atol=atol, hint=hint)


def your_run(step, optimizer_class, w0, grad, *, steps, **hyperparameters):
    """(w, state) after `steps` calls of your `step` from w0 and the state initial_state(optimizer_class, w0)."""
    w, state = w0.clone(), initial_state(optimizer_class, w0)
    keys = list(state)
    with only_your_code(step):
        for _ in range(steps):
            w, state = step(w, grad(w), state, **hyperparameters)
    check(isinstance(state, dict) and sorted(state) == sorted(keys), f"the state {step.__name__} returns",
          expected=f"a dict with the keys {keys}",
          got=f"a dict with the keys {list(state)}" if isinstance(state, dict) else type(state).__name__)
    return w, state


def torch_run(optimizer_class, w0, grad, *, steps, **hyperparameters):
    """(w, optimizer.state[p]) after `steps` steps of a torch.optim optimizer from w0."""
    p = w0.clone().requires_grad_()
    optimizer = optimizer_class([p], **hyperparameters)
    for _ in range(steps):
        p.grad = grad(p.detach())
        optimizer.step()
    return p.detach(), optimizer.state[p]


def compare_runs(step, optimizer_class, w0, grad, *, steps, rtol, atol=1e-12, **hyperparameters):
    """Your `step` and `optimizer_class` run `steps` steps from w0 on `grad`; compare w and every state entry.

    The hyperparameters are your function's keywords, named as torch.optim names them, and the
    state's keys are the ones torch keeps in optimizer.state[p], so both compare key by key.
    """
    expected_w, expected_state = torch_run(optimizer_class, w0, grad, steps=steps, **hyperparameters)
    got_w, got_state = your_run(step, optimizer_class, w0, grad, steps=steps, **hyperparameters)
    settings = ", ".join(f"{key}={value:.6g}" if isinstance(value, float) else f"{key}={value}"
                         for key, value in hyperparameters.items())
    what = f"{steps} steps of {step.__name__} vs torch.optim.{optimizer_class.__name__}({settings})"
    if w0.dim() != 1 or w0.dtype != torch.float64:
        what += f", from a {w0.dtype} w_0 of shape {tuple(w0.shape)}"
    check_tensor(f"w after {what}", got_w, shape=tuple(w0.shape), dtype=w0.dtype,
                 hint="every step keeps the shape and dtype of w")
    hint = "follow the update equations above exactly, with ε outside the square root"
    _check_state(got_state, expected_state, f"after {what}", rtol=rtol, atol=atol, hint=hint)
    check_close(f"w after {what}", got_w, expected_w, rtol=rtol, atol=atol, hint=hint)


def check_against_torch(step, optimizer_class, *, n_features, seed, steps, rtol, **hyperparameters):
    """compare_runs on a least-squares problem with `n_features` weights (float64)."""
    grad = random_least_squares_gradient(n_features, seed)
    w0 = torch.randn(n_features, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))
    compare_runs(step, optimizer_class, w0, grad, steps=steps, rtol=rtol, **hyperparameters)
