"""Optimizer update rules: fast in-place functions with explicit state (``rules``, re-exported
here) and the same optimizers composed from small optax-style pieces (``transforms``)."""

from sgdcourse.optimizers import transforms
from sgdcourse.optimizers.rules import (
    EPS_PLACEMENTS,
    adagrad_,
    adam_,
    adam_l2_,
    adamw_,
    l2_gradient,
    momentum_textbook_,
    momentum_torch_,
    nesterov_lookahead_,
    rmsprop_,
    sgd_,
)

__all__ = [
    "EPS_PLACEMENTS",
    "adagrad_",
    "adam_",
    "adam_l2_",
    "adamw_",
    "l2_gradient",
    "momentum_textbook_",
    "momentum_torch_",
    "nesterov_lookahead_",
    "rmsprop_",
    "sgd_",
    "transforms",
]
