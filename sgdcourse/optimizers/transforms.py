"""Optimizers as chains of small gradient transformations (optax style).

A ``Transform`` is a pair of pure functions over lists of tensors (one per parameter):

    state = t.init(params)
    updates, state = t.update(updates, state, params)   # the first updates are the gradients
    params = apply_updates(params, updates)             # w ← w + u

Nothing is modified in place and nothing is hidden: all memory is in the returned state.
``chain(t1, t2, ...)`` feeds each transform's output to the next. The recipes at the end
show how the optimizers share parts:

    sgd       = chain(trace(μ), scale(−η))
    adagrad   = chain(divide_by_sqrt(identity(), chain(square(), trace(1))), scale(−η))
    rmsprop   = chain(divide_by_sqrt(identity(), chain(square(), ema(α))), scale(−η))
    adam      = chain(divide_by_sqrt(chain(ema(β₁), bias_correction(β₁)),
                                    chain(square(), ema(β₂), bias_correction(β₂))), scale(−η))
    adam_l2   = chain(add_decayed_weights(λ), adam)            # decay enters m and v
    adamw     = chain(scale_by_adam, add_decayed_weights(λ), scale(−η))   # decay bypasses them

that is, Adam = momentum's EMA of the gradients, divided by RMSProp's root mean square,
both bias-corrected. These build new tensors at every step: they are for reading and
experimenting; ``sgdcourse.optimizers.rules`` has the fast in-place rules and
``sgdcourse.optim`` the ``torch.optim`` classes, and the tests check that all three agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import torch
from torch import Tensor

from sgdcourse.optimizers.rules import EPS_PLACEMENTS

Tensors = list[Tensor]


class Transform(NamedTuple):
    """``init(params) -> state`` and ``update(updates, state, params) -> (updates, state)``."""

    init: Callable[[Tensors], Any]
    update: Callable[[Tensors, Any, Tensors], tuple[Tensors, Any]]


def apply_updates(params: Tensors, updates: Tensors) -> Tensors:
    """w ← w + u, as new tensors."""
    return [w + u for w, u in zip(params, updates, strict=True)]


def chain(*transforms: Transform) -> Transform:
    """u ← t_k(… t_2(t_1(u)))  with the state of each transform kept in a tuple."""

    def init(params):
        return tuple(t.init(params) for t in transforms)

    def update(updates, state, params):
        new_state = []
        for t, s in zip(transforms, state, strict=True):
            updates, s = t.update(updates, s, params)
            new_state.append(s)
        return updates, tuple(new_state)

    return Transform(init, update)


def _no_state(params: Tensors) -> tuple:
    return ()


def _zeros_like_each(params: Tensors) -> Tensors:
    return [torch.zeros_like(w) for w in params]


def identity() -> Transform:
    """u ← u."""
    return Transform(_no_state, lambda updates, state, params: (updates, state))


def scale(factor: float) -> Transform:
    """u ← c u   (c = −η turns a direction into a descent step)."""

    def update(updates, state, params):
        return [factor * u for u in updates], state

    return Transform(_no_state, update)


def square() -> Transform:
    """u ← u²   (elementwise)."""

    def update(updates, state, params):
        return [u * u for u in updates], state

    return Transform(_no_state, update)


def add_decayed_weights(weight_decay: float) -> Transform:
    """u ← u + λ w   (the gradient of (λ/2)‖w‖² when it comes before the scaling)."""

    def update(updates, state, params):
        return [u + weight_decay * w for u, w in zip(updates, params, strict=True)], state

    return Transform(_no_state, update)


def trace(decay: float) -> Transform:
    """v ← μ v + u;  u ← v   (heavy-ball momentum's buffer in torch's form; μ = 1 sums)."""

    def update(updates, state, params):
        velocity = [decay * v + u for v, u in zip(state, updates, strict=True)]
        return velocity, velocity

    return Transform(_zeros_like_each, update)


def ema(decay: float) -> Transform:
    """m ← β m + (1 − β) u;  u ← m   (exponential moving average; starts at 0)."""

    def update(updates, state, params):
        average = [decay * m + (1 - decay) * u for m, u in zip(state, updates, strict=True)]
        return average, average

    return Transform(_zeros_like_each, update)


def bias_correction(decay: float) -> Transform:
    """u ← u / (1 − βᵗ),  t = 1, 2, …   (undoes an ``ema(β)``'s pull towards its zero start)."""

    def update(updates, step, params):
        step += 1
        return [u / (1 - decay**step) for u in updates], step

    return Transform(lambda params: 0, update)


def divide_by_sqrt(
    numerator: Transform,
    second_moment: Transform,
    eps: float = 1e-8,
    eps_placement: str = "outside_sqrt",
) -> Transform:
    """u ← N(u) / (√S(u) + ε)   or   N(u) / √(S(u) + ε) with eps_placement="inside_sqrt".

    Both transforms see the same incoming u (the gradient): N gives the direction, S the
    squared gradient's running mean (RMSProp, Adam) or sum (AdaGrad), per coordinate.
    """
    if eps_placement not in EPS_PLACEMENTS:
        raise ValueError(f"eps_placement must be one of {EPS_PLACEMENTS}, got {eps_placement!r}")

    def init(params):
        return numerator.init(params), second_moment.init(params)

    def update(updates, state, params):
        numerator_state, second_moment_state = state
        directions, numerator_state = numerator.update(updates, numerator_state, params)
        mean_squares, second_moment_state = second_moment.update(updates, second_moment_state, params)
        if eps_placement == "outside_sqrt":
            denominators = [s.sqrt() + eps for s in mean_squares]
        else:
            denominators = [(s + eps).sqrt() for s in mean_squares]
        ratios = [d / r for d, r in zip(directions, denominators, strict=True)]
        return ratios, (numerator_state, second_moment_state)

    return Transform(init, update)


# Recipes: each equals the torch.optim optimizer of the same name (see the tests).


def sgd(lr: float, momentum: float = 0.0) -> Transform:
    """torch.optim.SGD(lr, momentum):  v ← μv + g,  w ← w − ηv."""
    return chain(trace(momentum), scale(-lr))


def adagrad(lr: float = 1e-2, eps: float = 1e-10) -> Transform:
    """torch.optim.Adagrad(lr, eps):  w ← w − η g / (√(Σ g²) + ε)."""
    return chain(divide_by_sqrt(identity(), chain(square(), trace(1.0)), eps), scale(-lr))


def rmsprop(lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8) -> Transform:
    """torch.optim.RMSprop(lr, alpha, eps):  w ← w − η g / (√EMA_α(g²) + ε)."""
    return chain(divide_by_sqrt(identity(), chain(square(), ema(alpha)), eps), scale(-lr))


def scale_by_adam(betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Transform:
    """u ← m̂ / (√v̂ + ε): momentum's EMA over RMSProp's root mean square, both bias-corrected."""
    beta1, beta2 = betas
    first_moment = chain(ema(beta1), bias_correction(beta1))
    second_moment = chain(square(), ema(beta2), bias_correction(beta2))
    return divide_by_sqrt(first_moment, second_moment, eps)


def adam(lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Transform:
    """torch.optim.Adam(lr, betas, eps):  w ← w − η m̂ / (√v̂ + ε)."""
    return chain(scale_by_adam(betas, eps), scale(-lr))


def adam_l2(
    lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0
) -> Transform:
    """torch.optim.Adam(..., weight_decay=λ): the decay λw joins the gradient before Adam's scaling."""
    return chain(add_decayed_weights(weight_decay), adam(lr, betas, eps))


def adamw(
    lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2
) -> Transform:
    """torch.optim.AdamW: the decay λw is added after Adam's scaling, so it bypasses m and v."""
    return chain(scale_by_adam(betas, eps), add_decayed_weights(weight_decay), scale(-lr))
