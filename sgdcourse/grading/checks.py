"""Checks for graded test cells: each failure says what was checked, what was
expected, what was got, and a hint — and prints as that message alone, not as a
wall of traceback.

    from sgdcourse.grading.checks import check, check_close

    check_close("w after 50 epochs", got=w, expected=w_star, atol=1e-3,
                hint="average the gradient over the batch, do not sum it")
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import torch

__all__ = [
    "CheckFailed", "fail", "check", "check_equal", "check_close", "check_tensor",
    "check_own_implementation", "forbidden", "active_forbidden", "AUTOGRAD",
]

# The `forbidden` blocks in force, innermost last: trusted grading sends them with each
# call into the student's process, where they are refused the same way.
_FORBIDDEN: list[tuple[tuple[str, ...], str]] = []

# What "derive the gradient yourself" rules out.
AUTOGRAD = ("torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad",
            "torch.func.grad", "torch.func.vjp")


class CheckFailed(AssertionError):
    """A graded check that failed. Still an AssertionError, so nbgrader scores it 0."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this hook instead of formatting the traceback: the student
        # sees the message, not the grader's internals.
        return [f"{type(self).__name__}: {self}"]


def fail(what: str, *, expected: Any, got: Any, hint: str = "") -> NoReturn:
    lines = [what, f"  expected: {_short(expected)}", f"  got:      {_short(got)}"]
    if hint:
        lines.append(f"  hint:     {hint}")
    raise CheckFailed("\n".join(lines))


def check(condition: bool, what: str, *, expected: Any, got: Any, hint: str = "") -> None:
    if not condition:
        fail(what, expected=expected, got=got, hint=hint)


def check_equal(what: str, got: Any, expected: Any, hint: str = "") -> None:
    check(got == expected, what, expected=expected, got=got, hint=hint)


def check_tensor(
    what: str,
    got: Any,
    *,
    shape: tuple[int, ...] | None = None,
    dtype: torch.dtype | None = None,
    hint: str = "",
) -> None:
    """`got` is a torch.Tensor, of `shape` and `dtype` when given."""
    check(isinstance(got, torch.Tensor), f"{what} should be a torch.Tensor",
          expected="torch.Tensor", got=type(got).__name__, hint=hint)
    if shape is not None:
        check(tuple(got.shape) == tuple(shape), f"{what} has the wrong shape",
              expected=tuple(shape), got=tuple(got.shape), hint=hint)
    if dtype is not None:
        check(got.dtype == dtype, f"{what} has the wrong dtype",
              expected=dtype, got=got.dtype, hint=hint)


def check_close(
    what: str,
    got: Any,
    expected: Any,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    hint: str = "",
) -> None:
    """|got − expected| ≤ atol + rtol·|expected| element-wise, shapes equal."""
    expected = torch.as_tensor(expected)
    if not isinstance(got, torch.Tensor):
        try:
            got = torch.as_tensor(got, dtype=expected.dtype)
        except (TypeError, ValueError, RuntimeError):
            fail(f"{what} should be a number or a tensor", expected=expected, got=got, hint=hint)
    check(got.shape == expected.shape, f"{what} has the wrong shape",
          expected=tuple(expected.shape), got=tuple(got.shape), hint=hint)
    shown_got, shown_expected = got.detach(), expected.detach()  # printed in their own dtypes
    got, expected = shown_got.double().cpu(), shown_expected.double().cpu()
    error = (got - expected).abs()
    allowed = atol + rtol * expected.abs()
    if not bool((error <= allowed).all()):
        worst = int((error - allowed).argmax())
        fail(
            f"{what} is not close enough (atol={atol:g}, rtol={rtol:g}); "
            f"worst entry at flat index {worst}, off by {error.flatten()[worst].item():.3g}",
            expected=shown_expected, got=shown_got, hint=hint,
        )


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_own_implementation(function: Any, name: str) -> None:
    """`function` was written in the notebook, not imported from a library."""
    module = getattr(function, "__module__", None)
    check(callable(function) and module == "__main__",
          f"{name} must be your own implementation, defined in this notebook",
          expected="a function defined in the notebook", got=f"{name} from module {module!r}",
          hint="write the function yourself; importing a reference solution earns no points")


@contextmanager
def forbidden(paths: tuple[str, ...] | list[str], task: str) -> Iterator[None]:
    """Inside the block, calling any of `paths` (dotted, e.g. "torch.optim.SGD.step") fails the check.

    For graded parts whose point is to implement something that a library already
    does: delegating to it scores 0 for that part, with a message saying why.
    """
    originals = []
    _FORBIDDEN.append((tuple(paths), task))
    try:
        for path in paths:
            owner_path, name = path.rsplit(".", 1)
            owner = _resolve(owner_path)
            originals.append((owner, name, getattr(owner, name)))
            setattr(owner, name, _refuse(path, task))
        yield
    finally:
        _FORBIDDEN.pop()
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)


def active_forbidden() -> list[list[str]]:
    """[[path, task], ...] of the `forbidden` blocks in force now."""
    return [[path, task] for paths, task in _FORBIDDEN for path in paths]


def _refuse(path: str, task: str):
    def refuse(*args, **kwargs):
        fail(f"your code calls {path}, which this part asks you to {task} yourself",
             expected=f"your own implementation, without {path}", got=f"a call to {path}",
             hint="this part scores 0 until the work is done by your own code")
    return refuse


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(f"cannot resolve {dotted}")
