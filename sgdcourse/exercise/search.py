"""Assignment 06 (hyperparameter selection): your searches called with the rule enforced, their trials checked."""

from __future__ import annotations

from ..trials import Trial
from . import check, check_equal, forbidden
from . import check_written_here as _check_written_here

SEARCH_LIBRARIES = ("sgdcourse.hyperparameters",)
# What "write the search yourself" rules out inside your functions.
SEARCH_SHORTCUTS = tuple(f"sgdcourse.hyperparameters.{name}" for name in (
    "kfold_splits", "cross_validate", "grid_search", "random_search", "coarse_to_fine", "log_uniform", "uniform",
    "best"))


def check_written_here(function):
    """`function` is defined in the notebook and names nothing from sgdcourse.hyperparameters."""
    _check_written_here(function, SEARCH_LIBRARIES, what="the search")


def call_yours(function, *args, **kwargs):
    """function(*args, **kwargs) after check_written_here, with SEARCH_SHORTCUTS refused."""
    check_written_here(function)
    with forbidden(SEARCH_SHORTCUTS, task="write"):
        return function(*args, **kwargs)


def check_trials(what, trials, count):
    """`trials` is a list of `count` Trial objects with float scores."""
    check(isinstance(trials, list), f"{what} should return a list of Trial", expected="list",
          got=type(trials).__name__)
    check_equal(f"number of trials returned by {what}", len(trials), count,
                hint="one Trial per evaluation of the objective")
    for trial in trials:
        check(isinstance(trial, Trial) and isinstance(trial.params, dict) and isinstance(trial.score, float),
              f"each item returned by {what} should be a Trial(params: dict, score: float)",
              expected="Trial(params={...}, score=<float>)", got=repr(trial),
              hint="Trial(params, float(objective(params)))")


def recording(objective):
    """`objective`, also recording a copy of every params dict it is called with in `.calls`."""
    def recorded(params):
        recorded.calls.append(dict(params))
        return objective(params)
    recorded.calls = []
    return recorded
