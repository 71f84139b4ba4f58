"""Assignment 05 (learning-rate schedules): your schedule's rates, checked, and torch's to compare with."""

from __future__ import annotations

import torch

from . import check, check_close, forbidden
from . import check_written_here as _check_written_here

SCHEDULE_LIBRARIES = ("torch.optim", "sgdcourse.schedules")
# What "write the rule yourself" rules out inside your functions: every torch scheduler
# (they all run LRScheduler.__init__) and the course's reference schedules.
SCHEDULE_SHORTCUTS = (
    "torch.optim.lr_scheduler.LRScheduler.__init__",
    *(f"sgdcourse.schedules.{name}" for name in (
        "step_decay", "exponential_decay", "inverse_time_decay", "linear", "cosine_annealing",
        "linear_warmup", "warmup_cosine", "one_cycle", "as_lambda_lr")),
)


# Part 6 estimates the gradient noise scale: the course's estimators are the answer.
NOISE_LIBRARIES = ("sgdcourse.noise",)
NOISE_SHORTCUTS = tuple(f"sgdcourse.noise.{name}" for name in ("two_batch_noise_scale", "gradient_noise_scale"))


def check_written_here(schedule):
    """`schedule` is defined in the notebook and names nothing from torch.optim or sgdcourse.schedules."""
    _check_written_here(schedule, SCHEDULE_LIBRARIES, what="the learning rate")


def your_rates(schedule, steps, **hyperparameters):
    """{t: schedule(t, **hyperparameters) for t in steps}, called in the order of `steps`, each checked to be
    a Python float; shortcuts refused."""
    check_written_here(schedule)
    with forbidden(SCHEDULE_SHORTCUTS, task="write"):
        rates = {t: schedule(t, **hyperparameters) for t in steps}
    arguments = ", ".join(f"{name}={value!r}" for name, value in hyperparameters.items())
    for t, rate in rates.items():
        check(isinstance(rate, float), f"{schedule.__name__}(step={t}, {arguments}) should return a Python float",
              expected="float", got=f"{type(rate).__name__} {rate!r}",
              hint="compute with math and Python numbers, not torch tensors; with int arguments (lr=1, min_lr=0) "
                   "return float(...) of the rate, not the int you were given")
    return rates


def your_rate(schedule, step, **hyperparameters):
    """schedule(step, **hyperparameters), checked as in your_rates."""
    return your_rates(schedule, [step], **hyperparameters)[step]


def torch_rates(make_scheduler, lr, steps):
    """η_0, …, η_{steps−1} from a torch scheduler: the lr of each optimizer.step(), scheduler.step() after it."""
    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=lr)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def check_rates(what, got, expected, *, rtol=1e-9, atol=1e-15, hint=""):
    """`got` from your_rates, `expected` the rates at the same steps in the same order; a failure names the worst step."""
    steps = list(got)
    got, expected = torch.tensor(list(got.values()), dtype=torch.float64), torch.tensor(expected, dtype=torch.float64)
    worst_step = steps[int(((got - expected).abs() - atol - rtol * expected.abs()).argmax())]
    check_close(f"{what} (the worst step is t={worst_step})", got, expected, rtol=rtol, atol=atol, hint=hint)


def check_rate(what, got, expected, *, hint=""):
    check_close(what, got, expected, rtol=1e-12, atol=1e-15, hint=hint)


def your_noise_scale(estimate, small_squared_norms, big_squared_norms, small_batch, big_batch):
    """estimate(...) with shortcuts refused, checked to return three Python floats (tr Σ, ‖G‖², B_simple)."""
    _check_written_here(estimate, NOISE_LIBRARIES, what="the estimate")
    with forbidden(NOISE_SHORTCUTS, task="write"):
        result = estimate(small_squared_norms, big_squared_norms, small_batch, big_batch)
    check(isinstance(result, tuple) and len(result) == 3 and all(type(x) is float for x in result),
          f"{estimate.__name__} should return a tuple of three Python floats", expected="(trace, squared_norm, b_simple)",
          got=repr(result), hint="compute with Python numbers (sum(...) / len(...)) and return float values, "
                                 "not tensors or lists")
    return result
