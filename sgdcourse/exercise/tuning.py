"""Assignment 09 (an honest tuning study): the small problem it tunes, and the log of every training run.

`small_problem()` is the model being tuned: SYNTHETIC least squares (random data from a seed)
fitted by mini-batch SGD with momentum. Calling it, `loss(params, split, seed)`, trains a fresh
model with `params = {"lr": η, "momentum": β}` from `seed` and returns its loss on `split`.

The tests pass your functions such a loss wrapped by `recording`: the wrapper runs in the
grader and logs every call (which split, which params, which seed, what it returned). The
protocol of your study — the budget, the seeds, the test split touched only at the end — is
judged from that log, never from what your functions say about themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from . import check, check_equal, forbidden
from . import check_written_here as _check_written_here

# The space the notebook searches: η on a log scale (it matters by its order of magnitude), β linearly.
SPACE = {"lr": (1e-3, 1.0, "log"), "momentum": (0.0, 0.99, "linear")}
SPLITS = ("train", "validation", "test")
STUDY_LIBRARIES = ("sgdcourse.hyperparameters",)
# What "write the study yourself" rules out inside your functions: the course's searches and chooser.
STUDY_SHORTCUTS = tuple(f"sgdcourse.hyperparameters.{name}" for name in (
    "grid_search", "random_search", "quasi_random_configurations", "coarse_to_fine", "best"))


@dataclass(frozen=True)
class LeastSquaresTuning:
    """SYNTHETIC linear regression, trained by SGD with momentum; called as loss(params, split, seed).

    Each split holds its own samples (X, y); the loss of weights w on a split is
        L(w) = 1/(2n) ‖X w − y‖².
    Training starts at w₀ ~ N(0, I) and takes `steps` steps of heavy-ball momentum in PyTorch's
    form (torch.optim.SGD with momentum β, no dampening; with a constant η it coincides with the
    textbook velocity form v ← β v − η g, w ← w + v):
        v ← β v + g_B(w),   w ← w − η v,
    where g_B is the gradient of L on a mini-batch B of `batch_size` training samples drawn
    uniformly with replacement. w₀ and every B come from a generator seeded with `seed`
    (torch's global random state when `seed` is None: the run is then not reproducible).
    A loss that is not finite (the run diverged) is returned as `inf`.
    """

    data: dict[str, tuple[torch.Tensor, torch.Tensor]]
    steps: int
    batch_size: int

    def __call__(self, params: dict, split: str, seed: int | None = None) -> float:
        if split not in self.data:
            raise ValueError(f"split must be one of {list(self.data)}, got {split!r}")
        X, y = self.data[split]
        loss = 0.5 * (X @ self.train(params["lr"], params["momentum"], seed) - y).square().mean().item()
        return loss if math.isfinite(loss) else math.inf

    def train(self, lr: float, momentum: float, seed: int | None) -> torch.Tensor:
        """The weights after `steps` steps of v ← β v + g_B(w), w ← w − η v from w₀ ~ N(0, I)."""
        generator = torch.Generator().manual_seed(seed) if seed is not None else None
        X, y = self.data["train"]
        w = torch.randn(X.shape[1], generator=generator, dtype=X.dtype)
        v = torch.zeros_like(w)
        for _ in range(self.steps):
            batch = torch.randint(len(y), (self.batch_size,), generator=generator)
            gradient = X[batch].T @ (X[batch] @ w - y[batch]) / self.batch_size
            v = momentum * v + gradient
            w = w - lr * v
        return w


def small_problem(*, features: int = 8, sizes: tuple[int, int, int] = (128, 64, 64), noise: float = 0.5,
                  steps: int = 40, batch_size: int = 8, data_seed: int = 0) -> LeastSquaresTuning:
    """SYNTHETIC data: x ~ N(0, I), y = x·w* + noise·N(0, 1) with w* ~ N(0, I), split into train, validation, test.

    The data come from `data_seed` and are the same for every training run; only the run's
    own seed changes w₀ and the mini-batches.
    """
    generator = torch.Generator().manual_seed(data_seed)
    # The inputs first, w* after them: a run whose seed equals data_seed must not start at w₀ = w*.
    inputs = [torch.randn(n, features, generator=generator, dtype=torch.float64) for n in sizes]
    w_star = torch.randn(features, generator=generator, dtype=torch.float64)
    data = {split: (X, X @ w_star + noise * torch.randn(len(X), generator=generator, dtype=torch.float64))
            for split, X in zip(SPLITS, inputs)}
    return LeastSquaresTuning(data, steps, batch_size)


def recording(loss):
    """`loss(params, split, seed=None)`, also logging each call in `.calls` as a dict.

    Each entry is {"split", "params" (a copy), "seed", "loss" (what was returned)}, in call order.
    """
    def recorded(params, split, seed=None):
        value = loss(params, split, seed)
        recorded.calls.append({"split": split, "params": dict(params), "seed": seed, "loss": value})
        return value
    recorded.calls = []
    return recorded


def check_written_here(function):
    """`function` is defined in the notebook and names nothing from sgdcourse.hyperparameters."""
    _check_written_here(function, STUDY_LIBRARIES, what="the study")


def call_yours(function, *args, **kwargs):
    """function(*args, **kwargs) after check_written_here, with STUDY_SHORTCUTS refused."""
    check_written_here(function)
    with forbidden(STUDY_SHORTCUTS, task="write"):
        return function(*args, **kwargs)


def check_configurations(what, configurations, names, count):
    """`configurations` is a list of `count` dicts naming `names` in that order, each value a Python float."""
    check(isinstance(configurations, list), f"{what} should return a list of dicts", expected="list",
          got=type(configurations).__name__)
    check_equal(f"number of configurations returned by {what}", len(configurations), count,
                hint="one configuration per point of the budget, no more, no fewer")
    for params in configurations:
        check(isinstance(params, dict) and list(params) == list(names)
              and all(type(value) is float for value in params.values()),
              f"each configuration returned by {what} should be a dict of Python floats, names in the space's order",
              expected=f"{{{', '.join(f'{name!r}: <float>' for name in names)}}}", got=repr(params)[:200],
              hint="build each dict in the space's key order; .item() or float() turns a 0-d tensor into a float")


def check_records(what, records, count):
    """`records` is a list of `count` dicts {"params": dict, "seed": int, "validation": float}."""
    check(isinstance(records, list), f"{what} should return a list of trial records", expected="list",
          got=type(records).__name__)
    check_equal(f"number of trial records returned by {what}", len(records), count,
                hint="one record per trial: the budget is the number of training runs")
    for record in records:
        check(isinstance(record, dict) and set(record) == {"params", "seed", "validation"}
              and isinstance(record["params"], dict) and type(record["seed"]) is int
              and type(record["validation"]) is float,
              f"each record returned by {what} should be {{'params': dict, 'seed': int, 'validation': float}}",
              expected="{'params': {...}, 'seed': <int>, 'validation': <float>}", got=repr(record)[:200],
              hint="record exactly what you evaluated: the params, the seed you passed, float(the loss)")


def described(calls):
    """The log as (split, seed) pairs: what a failure message shows of it."""
    return [(call["split"], call["seed"]) for call in calls]
