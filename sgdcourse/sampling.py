"""Why we sample: shuffled mini-batches, epochs, and mini-batch SGD on least squares.

An epoch visits every one of the N samples exactly once, in a fresh random order,
in M = ⌈N/B⌉ mini-batches of size B (the last one holds N − (M−1)·B samples), or
⌊N/B⌋ full batches when the remainder is dropped.

The running example is least squares,

    L(w) = 1/(2N) · ‖Xw − y‖²,        ∇L(w) = (1/N) · Xᵀ(Xw − y),

whose mini-batch gradient g_B(w) = (1/|B|) · X_Bᵀ(X_B w − y_B) is an unbiased
estimate of ∇L(w) when B is a uniformly random subset.

With a constant step, SGD's iterates w_t bounce around w* at a noise floor; their
Polyak–Ruppert average w̄_t (``polyak_ruppert_average``) averages that noise out.
``least_squares_sample_gradients`` gives every sample's ∇ℓ_i(w) at once (the noise itself), and
``sgd_least_squares_runs`` runs many independent SGD runs side by side, to average over them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

__all__ = [
    "num_batches",
    "shuffled_batches",
    "least_squares_loss",
    "least_squares_gradient",
    "sgd_least_squares",
    "polyak_ruppert_average",
    "least_squares_sample_gradients",
    "sgd_least_squares_runs",
]


def num_batches(n: int, batch_size: int, drop_last: bool = False) -> int:
    """M = ⌈N/B⌉ mini-batches per epoch, or ⌊N/B⌋ when the partial batch is dropped."""
    _check_sizes(n, batch_size)
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def shuffled_batches(
    n: int, batch_size: int, generator: torch.Generator, drop_last: bool = False
) -> list[torch.Tensor]:
    """The index batches of one epoch: one fresh permutation, cut into batches.

    Each call draws a new permutation from ``generator`` (``torch.randperm(n,
    generator=generator)``), so consecutive epochs visit the samples in different
    orders, and the same seed replays the same sequence of epochs.
    """
    _check_sizes(n, batch_size)
    order = torch.randperm(n, generator=generator)
    batches = list(order.split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches


def least_squares_loss(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """L(w) = 1/(2N) · ‖Xw − y‖²."""
    residual = X @ w - y
    return residual.square().mean() / 2


def least_squares_gradient(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """∇L(w) = (1/N) · Xᵀ(Xw − y); on a mini-batch (X_B, y_B) this is g_B(w)."""
    return X.T @ (X @ w - y) / len(y)


def sgd_least_squares(
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    generator: torch.Generator,
    w0: torch.Tensor | None = None,
    drop_last: bool = False,
) -> tuple[torch.Tensor, list[float]]:
    """Mini-batch SGD on least squares: w ← w − η · g_B(w) for every batch of every epoch.

    Returns the final weights and the full-data loss L(w) after each epoch.
    """
    w = torch.zeros(X.shape[1], dtype=X.dtype) if w0 is None else w0.clone()
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, generator, drop_last):
            w = w - lr * least_squares_gradient(w, X[batch], y[batch])
        losses.append(least_squares_loss(w, X, y).item())
    return w, losses


def polyak_ruppert_average(iterates: torch.Tensor, burn_in: int = 0) -> torch.Tensor:
    """Running Polyak–Ruppert averages of the iterates w_1, …, w_T (the rows of ``iterates``):

        w̄_t = 1/(t − s) · Σ_{k=s+1}^{t} w_k,    t = s+1, …, T,    s = ``burn_in``,

    returned as a (T − s, d) tensor whose last row is the tail average of all iterates after
    the first s. SGD itself is unchanged: it still steps from w_t; only the reported point is
    the average (Polyak and Juditsky 1992; Ruppert 1988). Skipping the first s iterates keeps
    the far-away start from dominating the average.
    """
    if iterates.ndim != 2 or not 0 <= burn_in < len(iterates):
        raise ValueError(
            f"expected a (T, d) tensor of iterates and 0 ≤ burn_in < T, got shape "
            f"{tuple(iterates.shape)} and burn_in={burn_in}; hint: stack the iterates with torch.stack"
        )
    tail = iterates[burn_in:]
    counts = torch.arange(1, len(tail) + 1, dtype=tail.dtype, device=tail.device)
    return tail.cumsum(dim=0) / counts[:, None]


def least_squares_sample_gradients(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Every sample's gradient ∇ℓ_i(w) = x_i (x_iᵀw − y_i) of ℓ_i(w) = ½(x_iᵀw − y_i)², as the rows of
    an (N, d) tensor; their mean is ∇L(w), and their covariance is the noise of a one-sample step."""
    return X * (X @ w - y)[:, None]


def sgd_least_squares_runs(
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    lr: float | Callable[[int], float],
    batch_size: int,
    steps: int,
    runs: int,
    generator: torch.Generator,
    w0: torch.Tensor,
) -> torch.Tensor:
    """``runs`` independent runs of mini-batch SGD on least squares, side by side:

        w_{k+1} = w_k − η_k g_{B_k}(w_k),   k = 0, …, steps − 1,

    each batch B_k drawn afresh, |B| indices independently and uniformly (with replacement),
    independently of the past and of the other runs: the setting of the convergence theorems,
    unlike the shuffled epochs of ``sgd_least_squares``. ``lr`` is η, or a function k ↦ η_k.
    Returns the iterates w_0, …, w_steps of every run as a (steps + 1, runs, d) tensor.
    """
    _check_sizes(len(y), batch_size)
    step_size = lr if callable(lr) else (lambda k: lr)
    d = X.shape[1]
    samples = torch.cat([X, y[:, None]], dim=1)  # (x_i, y_i) rows, gathered together
    w = w0.expand(runs, -1).clone()
    iterates = [w]
    for k in range(steps):
        batch = torch.randint(len(y), (runs * batch_size,), generator=generator)
        # index_select, not samples[batch]: advanced indexing splits this small gather across threads,
        # which costs ten times more than the gather itself on a busy machine.
        rows = samples.index_select(0, batch).view(runs, batch_size, d + 1)
        X_B, y_B = rows[..., :d], rows[..., d]                            # (runs, |B|, d), (runs, |B|)
        residual = (X_B * w[:, None, :]).sum(dim=-1) - y_B
        w = w - step_size(k) * (X_B * residual[..., None]).mean(dim=1)    # g_B(w) of each run
        iterates.append(w)
    return torch.stack(iterates)


def _check_sizes(n: int, batch_size: int) -> None:
    if n < 1 or batch_size < 1:
        raise ValueError(
            f"need n ≥ 1 samples and batch_size ≥ 1, got n={n}, batch_size={batch_size}"
        )
