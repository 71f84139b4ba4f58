"""Exponentially weighted sums of past gradients, the arithmetic behind momentum and Adam:
a gradient of age k weighs βᵏ, all of them together Σₖ βᵏ = 1/(1 − β), and after t steps
from 0 only 1 − βᵗ of that (hence Adam's bias correction)."""

from __future__ import annotations

import math


def bias_correction_factor(beta: float, step: int) -> float:
    """Adam's bias correction 1 / (1 − βᵗ): an EMA started at 0 holds (1 − βᵗ) × the mean."""
    _require_decay(beta)
    if step < 1:
        raise ValueError(f"step counts from 1, got {step}")
    return 1 / (1 - beta**step)


def momentum_lr_multiplier(beta: float) -> float:
    """1 / (1 − β) = Σₖ βᵏ: with a steady gradient, heavy-ball momentum's step grows to this × η g."""
    _require_decay(beta)
    return 1 / (1 - beta)


def age_when_weight_below(beta: float, threshold: float) -> int:
    """The smallest age k (in steps) at which a gradient's weight βᵏ in an EMA or momentum
    buffer falls below ``threshold``:  k = ⌈ln τ / ln β⌉, plus one if βᵏ lands exactly on τ."""
    if not (0 < beta < 1 and 0 < threshold < 1):
        raise ValueError(f"beta and threshold must both be in (0, 1), got {beta} and {threshold}")
    age = math.ceil(math.log(threshold) / math.log(beta))
    return age + 1 if beta**age >= threshold else age


def _require_decay(beta: float) -> None:
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
