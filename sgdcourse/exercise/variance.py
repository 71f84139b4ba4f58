"""Assignment 07 (variance reduction): the finite sum your SVRG and SAGA run on, the write-it-yourself
rule, and checks of what your functions return.

The problem is ℓ2-regularised logistic regression, labels yᵢ ∈ {−1, +1}:

    f(w) = (1/n) Σᵢ fᵢ(w),    fᵢ(w) = log(1 + exp(−yᵢ xᵢᵀw)) + (λ/2)‖w‖²

`sample_gradient` is the formula of the chapter's `sgdcourse.variance_reduction.LogisticRegression`,
repeated here because the grading sandbox offers this module and not the reference.
"""

from __future__ import annotations

import torch

from . import check, check_equal, check_tensor, forbidden
from . import check_written_here as _check_written_here

VARIANCE_LIBRARIES = ("sgdcourse.variance_reduction",)
# What "write the method yourself" rules out inside your functions.
VARIANCE_SHORTCUTS = tuple(f"sgdcourse.variance_reduction.{name}" for name in ("sgd", "svrg", "saga"))


def sample_gradient(w, features, labels, l2, index):
    """∇fᵢ(w) = −yᵢ σ(−yᵢ xᵢᵀw) xᵢ + λw: a (d,) tensor for an int index, one row per index otherwise.

    `index` is an int, a 1-D tensor or list of indices, or `slice(None)` for all n rows; the full
    gradient is ∇f(w) = sample_gradient(w, features, labels, l2, slice(None)).mean(0).
    """
    x, y = features[index], labels[index]
    weight = -y * torch.sigmoid(-y * (x @ w))
    return weight[..., None] * x + l2 * w


def synthetic_logistic(n_samples, n_features, seed):
    """SYNTHETIC float64 data (features (n, d), labels ±1 (n,)): x ~ N(0, I), y = sign(xᵀw_true + noise)."""
    generator = torch.Generator().manual_seed(seed)
    features = torch.randn(n_samples, n_features, generator=generator, dtype=torch.float64)
    w_true = torch.randn(n_features, generator=generator, dtype=torch.float64)
    noise = torch.randn(n_samples, generator=generator, dtype=torch.float64)
    return features, torch.where(features @ w_true + noise > 0, 1.0, -1.0).to(torch.float64)


def smoothness(features, l2):
    """L = maxᵢ ‖xᵢ‖²/4 + λ: every ∇fᵢ is L-Lipschitz, the scale for step sizes."""
    return features.pow(2).sum(1).max().item() / 4 + l2


def gradient_norms(iterates, features, labels, l2):
    """‖∇f(w)‖ for each row w of `iterates`: 0 exactly at the minimum."""
    return torch.stack([sample_gradient(w, features, labels, l2, slice(None)).mean(0).norm() for w in iterates])


def check_written_here(function):
    """`function` is defined in the notebook and names nothing from sgdcourse.variance_reduction."""
    _check_written_here(function, VARIANCE_LIBRARIES, what="the method")


def call_yours(function, *args, **kwargs):
    """function(*args, **kwargs) after check_written_here, with VARIANCE_SHORTCUTS refused."""
    check_written_here(function)
    with forbidden(VARIANCE_SHORTCUTS, task="write"):
        return function(*args, **kwargs)


def check_svrg_run(what, result, epochs, features):
    """check_run for SVRG: memory is {"snapshot": w̃, "full_gradient": μ}, d numbers each (O(d) memory)."""
    d = features.shape[1]
    return check_run(what, result, epochs, features, {"snapshot": (d,), "full_gradient": (d,)})


def check_saga_run(what, result, epochs, features):
    """check_run for SAGA: memory is {"table": φ, "table_mean": φ̄}, an (n, d) table and its mean."""
    n, d = features.shape
    return check_run(what, result, epochs, features, {"table": (n, d), "table_mean": (d,)})


def check_run(what, result, epochs, features, memory_shapes):
    """`result` is (iterates, memory): iterates of shape (epochs + 1, d) in the features' dtype, and memory a
    dict holding exactly the tensors `memory_shapes` names, of those shapes. Returns (iterates, memory)."""
    check(isinstance(result, tuple) and len(result) == 2, f"{what} should return a pair",
          expected="(iterates, memory)", got=type(result).__name__, hint="return iterates, memory")
    iterates, memory = result
    d = features.shape[1]
    check_tensor(f"the iterates of {what}", iterates, shape=(epochs + 1, d), dtype=features.dtype,
                 hint="one row per epoch boundary: w0, then w after each epoch, stacked (torch.stack)")
    check(isinstance(memory, dict), f"the memory returned by {what} should be a dict", expected="dict",
          got=type(memory).__name__, hint="a dict from names to the tensors the method keeps")
    check_equal(f"the names in the memory returned by {what}", sorted(memory), sorted(memory_shapes),
                hint="exactly the names the specification lists")
    for name, shape in memory_shapes.items():
        check_tensor(f"memory[{name!r}] of {what}", memory[name], shape=shape, dtype=features.dtype,
                     hint="the tensor as it is after the last step, in the features' dtype")
    return iterates, memory
