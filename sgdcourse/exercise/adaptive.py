"""Assignment 04 (AdaGrad, RMSProp, Adam, AdamW): the write-it-yourself rule, checked single
steps, and runs of your step function against torch.optim's."""

from __future__ import annotations

import torch

from . import check, check_close, check_tensor
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


def check_written_here(function):
    """`function` is defined in the notebook and names no optimizer from torch.optim or sgdcourse."""
    _check_written_here(function, OPTIMIZER_LIBRARIES)


def only_your_code(function):
    """Check `function` with check_written_here, then run the block with ADAPTIVE_SHORTCUTS refused."""
    return _only_your_code(function, ADAPTIVE_SHORTCUTS, OPTIMIZER_LIBRARIES)


def checked_step(step, w, g, *states, **hyperparameters):
    """One call of your `step`, checked: (w_new, *states_new) shaped like w, the inputs left unchanged."""
    name = step.__name__
    inputs = [x.clone() for x in (w, g, *states)]
    with only_your_code(step):
        result = step(w, g, *states, **hyperparameters)
    count = 1 + len(states)
    check(isinstance(result, tuple) and len(result) == count, f"{name} should return a tuple of {count} tensors",
          expected=f"(w_new, {', '.join(f'state{i}_new' for i in range(1, count))})", got=type(result).__name__)
    for position, value in enumerate(result):
        check_tensor(f"item {position} returned by {name}", value, shape=tuple(w.shape), dtype=w.dtype,
                     hint="every returned tensor has the shape and dtype of w")
    for position, (before, after) in enumerate(zip(inputs, (w, g, *states))):
        check(torch.equal(before, after), f"{name} changed its argument number {position + 1}",
              expected=before, got=after, hint="compute new tensors; do not update the inputs in place")
    return result


def check_step_against(step, expected, w, g, *states, names, case, rtol, atol, hint, **hyperparameters):
    """checked_step(step, w, g, *states, ...) entry by entry against `expected` = (w_new, *states_new)."""
    result = checked_step(step, w, g, *states, **hyperparameters)
    for name, got, want in zip(names, result, expected):
        check_close(f"{name} for {case}", got, want, rtol=rtol, atol=atol, hint=hint)
    return result


def your_run(step, w0, grad, *, steps, n_states, with_t, **hyperparameters):
    """w after `steps` calls of your `step` from w0 and zero states; t = 1, 2, ... passed when with_t."""
    w, states = w0.clone(), [torch.zeros_like(w0) for _ in range(n_states)]
    with only_your_code(step):
        for t in range(1, steps + 1):
            step_number = {"t": t} if with_t else {}
            w, *states = step(w, grad(w), *states, **step_number, **hyperparameters)
    return w


def torch_run(optimizer_class, w0, grad, *, steps, **hyperparameters):
    """w after `steps` steps of a torch.optim optimizer from w0."""
    p = w0.clone().requires_grad_()
    optimizer = optimizer_class([p], **hyperparameters)
    for _ in range(steps):
        p.grad = grad(p.detach())
        optimizer.step()
    return p.detach()


def compare_runs(step, optimizer_class, w0, grad, *, steps, n_states, with_t, rtol, atol=1e-12, **hyperparameters):
    """Your `step` and `optimizer_class` run `steps` steps from w0 on `grad`; compare w (and its shape and dtype).

    The hyperparameters are your function's keywords, named as torch.optim names them.
    """
    expected = torch_run(optimizer_class, w0, grad, steps=steps, **hyperparameters)
    got = your_run(step, w0, grad, steps=steps, n_states=n_states, with_t=with_t, **hyperparameters)
    settings = ", ".join(f"{key}={value:.6g}" if isinstance(value, float) else f"{key}={value}"
                         for key, value in hyperparameters.items())
    what = f"w after {steps} steps of {step.__name__} vs torch.optim.{optimizer_class.__name__}({settings})"
    if w0.dim() != 1 or w0.dtype != torch.float64:
        what += f", from a {w0.dtype} w_0 of shape {tuple(w0.shape)}"
    check_tensor(what, got, shape=tuple(w0.shape), dtype=w0.dtype, hint="every step keeps the shape and dtype of w")
    check_close(what, got, expected, rtol=rtol, atol=atol,
                hint="follow the update equations above exactly, with ε outside the square root")


def check_against_torch(step, optimizer_class, *, n_features, seed, steps, n_states, with_t, rtol, **hyperparameters):
    """compare_runs on a least-squares problem with `n_features` weights (float64)."""
    grad = random_least_squares_gradient(n_features, seed)
    w0 = torch.randn(n_features, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))
    compare_runs(step, optimizer_class, w0, grad, steps=steps, n_states=n_states, with_t=with_t, rtol=rtol,
                 **hyperparameters)
