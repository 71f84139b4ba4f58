"""Choosing hyperparameters by validation: k-fold splits and grid / random / coarse-to-fine search.

Parameters (the weights w) are fitted by the optimizer on the training data;
hyperparameters (η, β, the batch size, ...) are chosen by comparing a *validation*
score, here a loss to minimise. The test set never guides a choice: it is looked at
once, at the end, to report the chosen model's performance.

Every search takes an ``objective(params) -> validation loss`` and returns its trials,
so the same code drives a toy function in a test and CIFAR-10 training in a chapter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
import torch

from .trials import Trial

Objective = Callable[[dict], float]
Sampler = Callable[[torch.Generator], float]


def best(trials: Sequence[Trial]) -> Trial:
    """The trial with the lowest validation loss."""
    if not trials:
        raise ValueError("no trials to choose from")
    return min(trials, key=lambda trial: trial.score)


def kfold_splits(n: int, k: int, *, generator: torch.Generator | None = None) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """k pairs (train indices, validation indices) of a shuffled range(n).

    The k validation folds are disjoint, together cover every index once, and differ in
    size by at most one; each fold's training indices are all the others.
    """
    if not 2 <= k <= n:
        raise ValueError(f"k-fold needs 2 ≤ k ≤ n, got k={k}, n={n}")
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    sizes = [n // k + (1 if fold < n % k else 0) for fold in range(k)]
    folds = order.split(sizes)
    return [(torch.cat(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


def cross_validate(
    evaluate: Callable[[torch.Tensor, torch.Tensor], float], n: int, k: int, *, generator: torch.Generator | None = None
) -> tuple[float, list[float]]:
    """Mean validation loss over k folds, and the k losses. ``evaluate(train_idx, val_idx)`` trains and scores."""
    scores = [evaluate(train, val) for train, val in kfold_splits(n, k, generator=generator)]
    return sum(scores) / k, scores


def grid_search(objective: Objective, grid: Mapping[str, Sequence]) -> list[Trial]:
    """Every combination of the grid's values (∏ len(values) trials)."""
    names = list(grid)
    return [_trial(objective, dict(zip(names, values))) for values in itertools.product(*grid.values())]


def random_search(
    objective: Objective, space: Mapping[str, Sampler], budget: int, *, generator: torch.Generator
) -> list[Trial]:
    """`budget` trials, each hyperparameter drawn independently from its sampler.

    With the same budget as a grid, every trial tries a new value of *each*
    hyperparameter, which pays when only a few of them matter (Bergstra & Bengio, 2012).
    """
    return [_trial(objective, {name: sample(generator) for name, sample in space.items()})
            for _ in range(budget)]


def quasi_random_configurations(
    space: Mapping[str, tuple[float, float, str]], budget: int, *, seed: int
) -> list[dict[str, float]]:
    """`budget` configurations from one scrambled Sobol sequence (quasi-random search).

        u = SobolEngine(dimension=len(space), scramble=True, seed=seed).draw(budget)   ∈ [0, 1)^(budget × d)
        "linear":  low + (high − low) u_ij
        "log":     10^(log10 low + (log10 high − log10 low) u_ij)

    Configuration i maps the j-th name of `space` (name → (low, high, scale)) to row i,
    column j. The first 2^m points of a Sobol sequence fill the unit cube evenly: with 16
    points each of 16 strips along any axis holds exactly one, where 16 random points leave
    about 5.7 empty (Bergstra & Bengio 2012 suggest low-discrepancy sequences for this).
    """
    for name, (low, high, scale) in space.items():
        if scale not in ("linear", "log") or not low < high or (scale == "log" and low <= 0):
            raise ValueError(f"{name!r}: need low < high and scale 'linear' or 'log' (then low > 0); "
                             f"got {(low, high, scale)}")
    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True, seed=seed)
    configurations = []
    for row in engine.draw(budget, dtype=torch.float64).tolist():
        params = {}
        for (name, (low, high, scale)), u in zip(space.items(), row):
            params[name] = (10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u) if scale == "log"
                            else low + (high - low) * u)
        configurations.append(params)
    return configurations


def coarse_to_fine(
    objective: Objective, name: str, low: float, high: float, *, points: int = 5, rounds: int = 3
) -> list[Trial]:
    """Search one positive hyperparameter on a log scale, zooming in round by round.

    Round r tries the `points` = p values evenly spaced in log between a_r and b_r, ends
    included, in increasing order (a_1, b_1 = `low`, `high`):

        η_j = a_r (b_r / a_r)^(j / (p − 1)),   j = 0, …, p − 1.

    With j* the index of the round's lowest score (the first on a tie), the next round
    searches between the best value's neighbours in this grid:

        a_(r+1) = η_max(j*−1, 0),   b_(r+1) = η_min(j*+1, p−1).

    At an edge of the grid the edge itself is kept, so the search never leaves
    [`low`, `high`]. If the validation loss is unimodal in log η, its minimiser η* lies
    between the best value's neighbours whatever the loss's shape (were η* beyond
    η_(j*+1), the loss would fall from η_(j*) to η_(j*+1)); so η* ∈ [a_r, b_r] every round
    once it is in [low, high], while the bracket shrinks by a factor 2 / (p − 1) in log
    (1 / (p − 1) at an edge). The two best values need not bracket η*: on an asymmetric
    loss the runner-up can lie on the wrong side. Every round re-evaluates its two ends
    (and, for odd p after a best inside the grid, that best in its middle): always p × rounds trials, returned
    in evaluation order.
    """
    if not 0 < low < high or points < 4 or rounds < 1:
        raise ValueError(f"need 0 < low < high, points ≥ 4 (with 3, a best value in the middle brackets the same grid "
                         f"again), rounds ≥ 1; got low={low}, high={high}, points={points}, rounds={rounds}")
    trials: list[Trial] = []
    for _ in range(rounds):
        grid = torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist()
        this_round = [_trial(objective, {name: value}) for value in grid]
        trials += this_round
        j = min(range(points), key=lambda i: this_round[i].score)
        low, high = grid[max(j - 1, 0)], grid[min(j + 1, points - 1)]
    return trials


def log_uniform(low: float, high: float) -> Sampler:
    """10^u with u uniform on [log10 low, log10 high]: equally many draws per decade."""
    a, b = math.log10(low), math.log10(high)
    return lambda generator: 10 ** (a + (b - a) * torch.rand((), generator=generator, dtype=torch.float64).item())


def uniform(low: float, high: float) -> Sampler:
    return lambda generator: low + (high - low) * torch.rand((), generator=generator, dtype=torch.float64).item()


def _trial(objective: Objective, params: dict) -> Trial:
    return Trial(params, float(objective(params)))
