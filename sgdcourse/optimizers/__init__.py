"""Optimizer update rules: fast in-place functions with named state and one contract
(``rules``, re-exported here: ``init``, ``run`` and the rules), and the same optimizers
composed from small optax-style pieces (``transforms``)."""

from sgdcourse.optimizers import transforms
from sgdcourse.optimizers.rules import (
    EPS_PLACEMENTS,
    adagrad_,
    adam_,
    adam_l2_,
    adamw_,
    init,
    l2_gradient,
    momentum_textbook_,
    momentum_torch_,
    nesterov_lookahead_,
    rmsprop_,
    run,
    sgd_,
    with_state,
)

__all__ = [
    "EPS_PLACEMENTS",
    "adagrad_",
    "adam_",
    "adam_l2_",
    "adamw_",
    "init",
    "l2_gradient",
    "momentum_textbook_",
    "momentum_torch_",
    "nesterov_lookahead_",
    "rmsprop_",
    "run",
    "sgd_",
    "transforms",
    "with_state",
]
