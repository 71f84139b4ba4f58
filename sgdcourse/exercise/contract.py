"""The update-rule contract as the exercises check it (assignments 3 and 4).

The course's rules (sgdcourse.optimizers.rules) update in place; the exercises ask for their
non-mutating twins, with the same arguments::

    w_new, state_new = xxx_step(w, g, state, **hyperparameters)

``state`` is the rule's dict of named tensors (torch.optim's keys), with ``"step"``, the number
of steps taken, where the update needs t. A step returns a new dict with the same keys, every
tensor shaped and typed like w, ``"step"`` one higher, and leaves w, g and ``state`` unchanged.
"""

from __future__ import annotations

import torch

from . import check, check_tensor


def copied(value):
    """A deep copy of a tensor, a number, or a dict of them (a state), to compare with after a call."""
    if isinstance(value, dict):
        return {key: copied(item) for key, item in value.items()}
    return value.clone() if isinstance(value, torch.Tensor) else value


def unchanged(before, after) -> bool:
    """`after` still equals the copy `before`: a tensor entry for entry, a dict key for key, a number exactly."""
    if isinstance(before, dict):
        return isinstance(after, dict) and list(before) == list(after) and all(
            unchanged(before[key], after[key]) for key in before)
    if isinstance(before, torch.Tensor):
        return isinstance(after, torch.Tensor) and after.dtype == before.dtype and torch.equal(before, after)
    return type(after) is type(before) and after == before


def written(state) -> str:
    """How a state dict with these keys is written, e.g. {"step": ..., "sum": ...}."""
    return "{" + ", ".join(f'"{key}": ...' for key in state) + "}"


def check_unchanged(function_name, names, copies, arguments, *, hint):
    """Each argument still equals its copy taken before the call; `hint` for tensors, the state's own for dicts."""
    for name, before, after in zip(names, copies, arguments):
        if isinstance(before, dict):
            counter = ', increment state["step"]' if "step" in before else ""
            argument_hint = (f"return a new dict {written(before)}; do not assign into state{counter} "
                             "or update its tensors in place")
        else:
            argument_hint = hint
        check(unchanged(before, after), f"{function_name} changed its argument {name}", expected=before, got=after,
              hint=argument_hint)


def checked_step(step, w, g, state, *, guard, **hyperparameters):
    """Your `step(w, g, state, **hyperparameters)` run under `guard` (the assignment's only_your_code),
    checked against the contract; returns (w_new, state_new)."""
    name = step.__name__
    copies = [copied(x) for x in (w, g, state)]
    with guard(step):
        result = step(w, g, state, **hyperparameters)
    check_unchanged(name, ["w", "g", "state"], copies, [w, g, state],
                    hint="compute new tensors; do not update the inputs in place")
    check(isinstance(result, tuple) and len(result) == 2, f"{name} should return (w_new, state_new)",
          expected="a tuple (tensor, dict)", got=type(result).__name__)
    w_new, state_new = result
    check_tensor(f"w_new from {name}", w_new, shape=tuple(w.shape), dtype=w.dtype,
                 hint="w_new has the shape and dtype of w")
    keys = list(state)
    check(isinstance(state_new, dict) and sorted(state_new) == sorted(keys), f"the state {name} returns",
          expected=f"a dict with the keys {keys}",
          got=f"a dict with the keys {list(state_new)}" if isinstance(state_new, dict) else type(state_new).__name__,
          hint=f"the new state has the keys of the one passed in: {written(state)}")
    for key in keys:
        if key == "step":
            got = state_new["step"]
            check(type(got) is int and got == copies[2]["step"] + 1, f'state_new["step"] from {name}',
                  expected=f'the int state["step"] + 1 = {copies[2]["step"] + 1}', got=f"{got!r} ({type(got).__name__})",
                  hint="every call takes one step: return the count of steps taken, one more than it was given")
        else:
            check_tensor(f'state_new["{key}"] from {name}', state_new[key], shape=tuple(w.shape), dtype=w.dtype,
                         hint="every tensor in the state has the shape and dtype of w")
    return w_new, state_new
