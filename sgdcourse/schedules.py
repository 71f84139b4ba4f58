"""Learning-rate schedules as pure functions of the step t = 0, 1, 2, …

Each ``schedule(step, lr, ...)`` returns the learning rate η_t for step t; ``lr`` is the
base (or peak) rate. Fix the other arguments with ``functools.partial`` to get a
``step -> lr`` function, and hand that to ``as_lambda_lr`` to drive any optimizer through
``torch.optim.lr_scheduler.LambdaLR``. Where torch has a scheduler for the same curve the
docstring names it; the tests check the two agree at every step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from torch.optim import Optimizer
from torch.optim.lr_scheduler import LambdaLR

Schedule = Callable[[int], float]


def step_decay(step: int, lr: float, step_size: int, gamma: float = 0.1) -> float:
    """η_t = η₀ γ^⌊t / step_size⌋   (torch's StepLR)."""
    _require_positive(step_size=step_size)
    return lr * gamma ** (step // step_size)


def exponential_decay(step: int, lr: float, rate: float) -> float:
    """η_t = η₀ e^(−k t)   (torch's ExponentialLR with γ = e^(−k), i.e. k = −ln γ)."""
    return lr * math.exp(-rate * step)


def inverse_time_decay(step: int, lr: float, rate: float) -> float:
    """η_t = η₀ / (1 + k t)   (the 1/t decay of Robbins–Monro step sizes)."""
    return lr / (1 + rate * step)


def linear(step: int, lr: float, final_lr: float, total_steps: int) -> float:
    """η_t = η₀ + (η_final − η₀) · min(t, T) / T   (torch's LinearLR, in absolute rates)."""
    _require_positive(total_steps=total_steps)
    return lr + (final_lr - lr) * min(step, total_steps) / total_steps


def cosine_annealing(step: int, lr: float, total_steps: int, min_lr: float = 0.0) -> float:
    """η_t = η_min + (η₀ − η_min) (1 + cos(π min(t, T) / T)) / 2   (torch's CosineAnnealingLR).

    Stays at η_min after T steps; torch's CosineAnnealingLR would rise again.
    """
    _require_positive(total_steps=total_steps)
    progress = min(step, total_steps) / total_steps
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2


def linear_warmup(step: int, lr: float, warmup_steps: int, start_lr: float = 0.0) -> float:
    """η_t = η_start + (η₀ − η_start) · min(t, W) / W: ramp up to η₀ over W steps, then hold."""
    return linear(step, start_lr, lr, warmup_steps)


def warmup_cosine(
    step: int, lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0, start_lr: float = 0.0
) -> float:
    """Linear warm-up to η₀ over W steps, then cosine annealing to η_min at step T."""
    if step < warmup_steps:
        return linear_warmup(step, lr, warmup_steps, start_lr)
    return cosine_annealing(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)


def one_cycle(
    step: int,
    lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> float:
    """The 1cycle policy (Smith & Topin 2019) exactly as torch's OneCycleLR (cos, two phases).

    With η_init = η_max / div_factor, η_min = η_init / final_div_factor and the phase
    boundary p = pct_start · T − 1 (a float, as in torch):

        t ≤ p:  η_t = cos_anneal(η_init → η_max, t / p)
        t > p:  η_t = cos_anneal(η_max → η_min, (t − p) / (T − 1 − p))

    where cos_anneal(a → b, x) = b + (a − b)(1 + cos πx) / 2. ``lr`` is η_max; valid steps
    are 0 … T (torch's last call to ``scheduler.step()`` reaches t = T).

    The learning rate only: torch's OneCycleLR by default also cycles momentum (β₁ for Adam)
    from 0.95 down to 0.85 and back, overwriting the optimizer's own; driven through
    ``as_lambda_lr`` this schedule leaves momentum alone.
    """
    _require_positive(total_steps=total_steps)
    if not 0 <= step <= total_steps:
        raise ValueError(f"one_cycle is defined for steps 0..{total_steps}, got step {step}")
    initial_lr = lr / div_factor
    min_lr = initial_lr / final_div_factor
    peak_step = pct_start * total_steps - 1
    if step <= peak_step:
        return _cos_anneal(initial_lr, lr, step / peak_step)
    return _cos_anneal(lr, min_lr, (step - peak_step) / (total_steps - 1 - peak_step))


def _require_positive(**counts: int) -> None:
    for name, value in counts.items():
        if value <= 0:
            raise ValueError(f"{name} must be a positive number of steps, got {value}")


def _cos_anneal(start: float, end: float, fraction: float) -> float:
    return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2


def linear_scaling_rule(lr: float, batch_size: int, base_batch_size: int) -> float:
    """η = η_base · B / B_base: multiply the batch by k, multiply the lr by k (Goyal et al. 2017)."""
    if batch_size <= 0 or base_batch_size <= 0:
        raise ValueError(f"batch sizes must be positive, got {batch_size} and {base_batch_size}")
    return lr * batch_size / base_batch_size


def as_lambda_lr(optimizer: Optimizer, schedule: Schedule | Sequence[Schedule]) -> LambdaLR:
    """A ``LambdaLR`` under which each param group's lr at step t is exactly ``schedule(t)``.

    Pass one ``step -> lr`` function for all groups, or a list with one per group.
    LambdaLR multiplies a group's initial lr by a factor, so the factor is
    schedule(t) / initial lr: the optimizer's own lr only needs to be nonzero.
    """
    groups = optimizer.param_groups
    schedules = list(schedule) if isinstance(schedule, Sequence) else [schedule] * len(groups)
    if len(schedules) != len(groups):
        raise ValueError(f"got {len(schedules)} schedules for {len(groups)} param groups; pass one or one per group")
    base_lrs = [group.get("initial_lr", group["lr"]) for group in groups]
    if 0 in base_lrs:
        raise ValueError("as_lambda_lr rescales the optimizer's lr: construct it with a nonzero lr "
                         "(the schedule replaces it)")
    factors = [lambda t, f=f, base=base: f(t) / base for f, base in zip(schedules, base_lrs)]
    return LambdaLR(optimizer, factors)
