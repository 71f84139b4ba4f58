"""Which of the many zero-loss solutions an optimiser finds: Wilson et al.'s (2017, §3.3)
SYNTHETIC separable problem, on which gradient descent from 0 finds the minimum-norm
solution and classifies new points correctly, while AdaGrad, RMSProp and Adam from 0 find
w ∝ sign(Xᵀy) and label every new point +1.

The data (all SYNTHETIC, drawn from a seed). Point i (counted from 1) has label yᵢ = +1
with probability p > ½, else −1, and features xᵢ ∈ ℝᵈ

    xᵢⱼ = yᵢ   for j = 1                                  (the label itself)
    xᵢⱼ = 1    for j = 2, 3                               (always on)
    xᵢⱼ = 1    for j = 4 + 5(i−1), …, 4 + 5(i−1) + 2(1 − yᵢ)  (1 feature if yᵢ = +1, 5 if −1)
    xᵢⱼ = 0    otherwise,

so only feature 1 tells the classes apart on new points; the others are constant or belong
to a single point. With d > n the least-squares loss ½‖Xw − y‖² has many zeros.

Wilson et al.'s lemma (§3.3): if X sign(Xᵀy) = c y for a scalar c, then AdaGrad, RMSProp
and Adam, run on the full gradient from w₀ = 0, all converge to the unique solution
w ∝ sign(Xᵀy). Here b = Σᵢ yᵢ > 0 (likely when p > ½ and n is large) makes it hold with
c = 4, and then ⟨w, x_new⟩ = (y_new + 2)/4 > 0: every new point is labelled +1, wrongly with
probability 1 − p, close to ½ when p is. Gradient descent from 0 stays in the row space of
X and converges to the minimum-norm solution X⁺y, which classifies every new point correctly
as soon as the training set holds both classes (``minimum_norm_coefficients``).
torch's optimisers add ε to the denominator, so their iterates follow sign(Xᵀy) only up to
terms of order ε / |gradient|.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from sgdcourse import sampling

FEATURES_PER_POINT = 5  # each point owns a block of 5 coordinates: it uses 1 (y = +1) or all 5 (y = −1)
SHARED_FEATURES = 3  # the label and the two constant features


def dimension(points: int) -> int:
    """d = 3 + 5n: enough coordinates for the first n points' own features."""
    return SHARED_FEATURES + FEATURES_PER_POINT * points


def separable_data(
    n: int, p: float, generator: torch.Generator, *, first: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """SYNTHETIC points i = first + 1, …, first + n of the construction above (float64).

    X has d = 3 + 5(first + n) columns, so a training set (first = 0) and fresh points drawn
    after it (first = n_train) share one coordinate system; the fresh points' own features
    lie beyond the training set's columns.
    """
    if not 0.5 < p < 1:
        raise ValueError(f"the construction needs p in (1/2, 1), got {p}")
    y = torch.where(torch.rand(n, generator=generator, dtype=torch.float64) < p, 1.0, -1.0).double()
    X = torch.zeros(n, dimension(first + n), dtype=torch.float64)
    X[:, 0] = y
    X[:, 1:SHARED_FEATURES] = 1
    for row, label in enumerate(y.tolist()):
        start = SHARED_FEATURES + FEATURES_PER_POINT * (first + row)
        X[row, start : start + (1 if label > 0 else FEATURES_PER_POINT)] = 1
    return X, y


def minimum_norm_solution(X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """w = X⁺y = Xᵀ(XXᵀ)⁻¹y: the zero of ‖Xw − y‖ with the smallest ‖w‖, the limit of gradient
    descent from w₀ = 0 (every gradient Xᵀ(Xw − y) lies in X's row space, and so does w)."""
    return torch.linalg.pinv(X) @ y


def minimum_norm_coefficients(positives: int, negatives: int) -> tuple[float, float]:
    """X⁺y = Xᵀα with αᵢ = α₊ for every positive point and α₋ for every negative one.

    XXᵀ = D + yyᵀ + 2·11ᵀ with D = diag(1 for y = +1, 5 for y = −1), so XXᵀα = y is two
    equations in (α₊, α₋); with n₊ positives, n₋ negatives and N = 8n₊n₋ + 15n₊ + 3n₋ + 5:
    α₊ = (4n₋ + 5)/N, α₋ = −(4n₊ + 1)/N. A new point shares only features 1–3 with w = Xᵀα:
    ⟨w, x_new⟩ = y_new (n₊α₊ − n₋α₋) + 2(n₊α₊ + n₋α₋), which is (8n₊n₋ + 15n₊ − n₋)/N > 0 for
    y_new = +1 and −(8n₊n₋ + 3n₋ − 5n₊)/N < 0 for y_new = −1 whenever n₊, n₋ ≥ 1.
    """
    denominator = 8 * positives * negatives + 15 * positives + 3 * negatives + 5
    return (4 * negatives + 5) / denominator, -(4 * positives + 1) / denominator


def lemma_constant(X: torch.Tensor, y: torch.Tensor) -> float | None:
    """The c of the lemma's condition X sign(Xᵀy) = c y, or None where no such c exists."""
    image = X @ torch.sign(X.T @ y)
    c = (image @ y / (y @ y)).item()
    return c if c != 0 and torch.allclose(image, c * y, rtol=0, atol=1e-12 * abs(c)) else None


def adaptive_solution(X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The lemma's limit of AdaGrad, RMSProp and Adam from w₀ = 0: w = sign(Xᵀy) / c.

    Why: if w_k = λ_k sign(Xᵀy), the gradient Xᵀ(Xw_k − y) = (cλ_k − 1) Xᵀy, every squared
    gradient (hence every diagonal preconditioner) is a multiple of (Xᵀy)², and the step
    ∝ Xᵀy / |Xᵀy| = sign(Xᵀy) stays on the same line; the only zero on it is λ = 1/c.
    """
    c = lemma_constant(X, y)
    if c is None:
        raise ValueError("X sign(Xᵀy) is not a multiple of y: the lemma does not apply")
    return torch.sign(X.T @ y) / c


def fit(
    make_optimizer: Callable[[list[torch.Tensor]], torch.optim.Optimizer],
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    epochs: int,
    gradient_tolerance: float,
    batch_size: int | None = None,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, int]:
    """Minimise f(w) = ½ mean((Xw − y)²) from w₀ = 0 with the optimiser ``make_optimizer([w])``
    builds (any torch.optim class), on the full gradient ∇f(w) = Xᵀ(Xw − y)/n (``batch_size``
    None: one step per epoch) or on shuffled mini-batches (``sampling.shuffled_batches``).

    Stops once ‖∇f(w)‖ ≤ ``gradient_tolerance`` at the end of an epoch, or after ``epochs``
    epochs; returns w and the number of epochs run.
    """
    n = len(y)
    w = torch.zeros(X.shape[1], dtype=X.dtype, requires_grad=True)
    optimizer = make_optimizer([w])
    for epoch in range(1, epochs + 1):
        batches = [slice(None)] if batch_size is None else sampling.shuffled_batches(n, batch_size, generator)
        for batch in batches:
            optimizer.zero_grad()
            sampling.least_squares_loss(w, X[batch], y[batch]).backward()
            optimizer.step()
        with torch.no_grad():
            if sampling.least_squares_gradient(w, X, y).norm() <= gradient_tolerance:
                break
    return w.detach(), epoch


def predict(w: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """sign(Xw), with w padded by zeros up to X's width: coordinates that only fresh points
    use never received a gradient in training, so every method above leaves them at w₀ = 0."""
    padded = torch.cat([w, w.new_zeros(X.shape[1] - w.numel())])
    return torch.sign(X @ padded)


def error_rate(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of points with sign(⟨w, x⟩) ≠ y (a score of exactly 0 counts as an error)."""
    return (predict(w, X) != y).double().mean().item()
