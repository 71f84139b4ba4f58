"""Variance reduction on a finite sum: SVRG and SAGA against constant-step SGD.

The problem is ℓ2-regularised logistic regression, labels yᵢ ∈ {−1, +1}:

    f(w) = (1/n) Σᵢ fᵢ(w),    fᵢ(w) = log(1 + exp(−yᵢ xᵢᵀw)) + (λ/2)‖w‖²

SGD steps along ∇fᵢ(w) for a random i. Its variance does not vanish at the optimum, so
with a constant step SGD stalls at a noise floor. SVRG and SAGA step along

    ∇fᵢ(w) − ∇fᵢ(w̃) + (1/n) Σⱼ ∇fⱼ(w̃ⱼ)

which is still unbiased but whose variance vanishes as the stored points approach w*, so a
constant step converges linearly. SVRG's w̃ is one snapshot refreshed every epoch (at the
cost of a full gradient); SAGA keeps, for every j, the last gradient it computed for fⱼ
(at the cost of an n × d table).

Each algorithm returns its iterate at the start and after every epoch, as rows of a tensor.
"""

from __future__ import annotations

from functools import cached_property

import torch
from torch import Tensor
from torch.nn.functional import softplus

from .landscape import newton_minimize


class LogisticRegression:
    """f(w) = (1/n) Σᵢ log(1 + exp(−yᵢ xᵢᵀw)) + (λ/2)‖w‖²: features (n, d), labels ±1 (n,)."""

    def __init__(self, features: Tensor, labels: Tensor, l2: float) -> None:
        if features.ndim != 2 or labels.shape != features.shape[:1]:
            raise ValueError(
                f"need features of shape (n, d) and labels of shape (n,), got {tuple(features.shape)} "
                f"and {tuple(labels.shape)}"
            )
        if not torch.all((labels == 1) | (labels == -1)):
            raise ValueError("labels must be -1 or +1 (map {0, 1} labels with 2 * y - 1)")
        if l2 <= 0:
            raise ValueError(f"l2 must be > 0 for a strongly convex problem, got {l2}")
        self.features, self.labels, self.l2 = features, labels.to(features.dtype), l2

    @classmethod
    def synthetic(
        cls, n_samples: int = 200, n_features: int = 10, l2: float = 5e-2, seed: int = 0
    ) -> LogisticRegression:
        """SYNTHETIC data, float64: x ~ N(0, I), y = sign(xᵀw_true + noise) with w_true ~ N(0, I)."""
        generator = torch.Generator().manual_seed(seed)
        features = torch.randn(n_samples, n_features, generator=generator, dtype=torch.float64)
        w_true = torch.randn(n_features, generator=generator, dtype=torch.float64)
        noise = torch.randn(n_samples, generator=generator, dtype=torch.float64)
        labels = torch.where(features @ w_true + noise > 0, 1.0, -1.0).to(torch.float64)
        return cls(features, labels, l2)

    @property
    def n_samples(self) -> int:
        return self.features.shape[0]

    @property
    def smoothness(self) -> float:
        """L = maxᵢ ‖xᵢ‖² / 4 + λ: every fᵢ has an L-Lipschitz gradient."""
        return self.features.pow(2).sum(1).max().item() / 4 + self.l2

    def loss(self, w: Tensor) -> float:
        margins = self.labels * (self.features @ w)
        return (softplus(-margins).mean() + self.l2 / 2 * w.dot(w)).item()

    def gradient(self, w: Tensor) -> Tensor:
        """∇f(w) = −(1/n) Σᵢ yᵢ σ(−yᵢ xᵢᵀw) xᵢ + λw."""
        return self.sample_gradient(w, slice(None)).mean(0)

    def sample_gradient(self, w: Tensor, index: int | Tensor | slice) -> Tensor:
        """∇fᵢ(w) = −yᵢ σ(−yᵢ xᵢᵀw) xᵢ + λw for one index i, or one row per index."""
        x, y = self.features[index], self.labels[index]
        weight = -y * torch.sigmoid(-y * (x @ w))
        return weight[..., None] * x + self.l2 * w

    def hessian(self, w: Tensor) -> Tensor:
        """∇²f(w) = (1/n) Xᵀ diag(σ(m)(1 − σ(m))) X + λI,  m = y ⊙ Xw."""
        p = torch.sigmoid(self.labels * (self.features @ w))
        curvature = (self.features * (p * (1 - p))[:, None]).T @ self.features / self.n_samples
        return curvature + self.l2 * torch.eye(w.numel(), dtype=w.dtype)

    @cached_property
    def minimizer(self) -> Tensor:
        """w* by Newton's method from 0."""
        return newton_minimize(self.gradient, self.hessian, torch.zeros(self.features.shape[1], dtype=self.features.dtype))

    def suboptimality(self, iterates: Tensor) -> Tensor:
        """f(w) − f(w*) for each row w of ``iterates``."""
        best = self.loss(self.minimizer)
        return torch.tensor([self.loss(w) - best for w in iterates], dtype=torch.float64)


def sgd(
    problem: LogisticRegression, lr: float, epochs: int, generator: torch.Generator, w0: Tensor | None = None
) -> Tensor:
    """Constant-step SGD, n steps per epoch:  w ← w − η ∇fᵢ(w),  i uniform."""
    w = _start(problem, w0)
    iterates = [w.clone()]
    for _ in range(epochs):
        for i in torch.randint(problem.n_samples, (problem.n_samples,), generator=generator).tolist():
            w -= lr * problem.sample_gradient(w, i)
        iterates.append(w.clone())
    return torch.stack(iterates)


def svrg(
    problem: LogisticRegression,
    lr: float,
    epochs: int,
    generator: torch.Generator,
    inner_steps: int | None = None,
    w0: Tensor | None = None,
) -> Tensor:
    """SVRG (Johnson & Zhang 2013), last iterate as the next snapshot. Each epoch:

        w̃ ← w,  μ ← ∇f(w̃)
        repeat m times (default m = n):  w ← w − η (∇fᵢ(w) − ∇fᵢ(w̃) + μ),  i uniform
    """
    w = _start(problem, w0)
    iterates = [w.clone()]
    for _ in range(epochs):
        snapshot, full_gradient = w.clone(), problem.gradient(w)
        steps = inner_steps or problem.n_samples
        for i in torch.randint(problem.n_samples, (steps,), generator=generator).tolist():
            w -= lr * (problem.sample_gradient(w, i) - problem.sample_gradient(snapshot, i) + full_gradient)
        iterates.append(w.clone())
    return torch.stack(iterates)


def saga(
    problem: LogisticRegression, lr: float, epochs: int, generator: torch.Generator, w0: Tensor | None = None
) -> Tensor:
    """SAGA (Defazio, Bach & Lacoste-Julien 2014), n steps per epoch. With a table φⱼ of the
    last gradient computed for each fⱼ (filled at w₀):

        g ← ∇fⱼ(w),  j uniform
        w ← w − η (g − φⱼ + (1/n) Σₖ φₖ)
        φⱼ ← g
    """
    w = _start(problem, w0)
    table = problem.sample_gradient(w, slice(None))
    table_mean = table.mean(0)
    iterates = [w.clone()]
    for _ in range(epochs):
        for j in torch.randint(problem.n_samples, (problem.n_samples,), generator=generator).tolist():
            g = problem.sample_gradient(w, j)
            w -= lr * (g - table[j] + table_mean)
            table_mean += (g - table[j]) / problem.n_samples  # keep the mean in O(d), not O(nd)
            table[j] = g
        iterates.append(w.clone())
    return torch.stack(iterates)


def _start(problem: LogisticRegression, w0: Tensor | None) -> Tensor:
    d = problem.features.shape[1]
    return torch.zeros(d, dtype=problem.features.dtype) if w0 is None else w0.clone()
