"""Toy problems with two parameters, for the 2-D pictures of the optimisers' paths.

Each returns ``(loss, grad)`` for parameters ``w`` of shape (..., 2): a single point
(2,) for a trajectory, or a grid (H, W, 2) for a contour plot, in which case ``loss``
is (H, W) and ``grad`` is (H, W, 2). The regression problems use SYNTHETIC data,
generated from a seed; none of it is a real data set.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


def quadratic(w: torch.Tensor, condition_number: float = 10.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Ill-conditioned quadratic f(w) = ½ (w₁² + κ w₂²); minimum 0 at w = (0, 0).

    The Hessian is diag(1, κ): gradient descent needs a step below 2/κ to converge
    and then crawls along w₁ at rate 1 - step, which is what the pictures show.
    """
    scales = torch.tensor([1.0, condition_number], dtype=w.dtype, device=w.device)
    return 0.5 * (scales * w**2).sum(-1), scales * w


def rosenbrock(w: torch.Tensor, a: float = 1.0, b: float = 100.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Rosenbrock's banana f(w) = (a - w₁)² + b (w₂ - w₁²)²; minimum 0 at w = (a, a²)."""
    w1, w2 = w[..., 0], w[..., 1]
    valley = w2 - w1**2
    loss = (a - w1) ** 2 + b * valley**2
    grad = torch.stack([-2 * (a - w1) - 4 * b * w1 * valley, 2 * b * valley], dim=-1)
    return loss, grad


@dataclass(frozen=True)
class LinearRegression2D:
    """SYNTHETIC 1-D linear regression y ≈ slope·x + intercept, w = (slope, intercept).

    f(w) = 1/(2n) Σᵢ (w₁ xᵢ + w₂ - yᵢ)², ∇f(w) = 1/n Σᵢ (w₁ xᵢ + w₂ - yᵢ) (xᵢ, 1).
    """

    x: torch.Tensor
    y: torch.Tensor

    def __call__(self, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        residual = w[..., :1] * self.x + w[..., 1:] - self.y  # (..., n)
        loss = 0.5 * (residual**2).mean(-1)
        grad = torch.stack([(residual * self.x).mean(-1), residual.mean(-1)], dim=-1)
        return loss, grad

    def least_squares_solution(self) -> torch.Tensor:
        """The minimiser (slope, intercept), by least squares."""
        design = torch.stack([self.x, torch.ones_like(self.x)], dim=1)
        return torch.linalg.lstsq(design, self.y[:, None]).solution[:, 0]


def make_linear_regression(
    n: int = 100, *, slope: float = 2.0, intercept: float = -1.0, noise: float = 0.5, seed: int = 0
) -> LinearRegression2D:
    """SYNTHETIC data: x ~ N(0, 1), y = slope·x + intercept + noise·N(0, 1), float64."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, generator=generator, dtype=torch.float64)
    y = slope * x + intercept + noise * torch.randn(n, generator=generator, dtype=torch.float64)
    return LinearRegression2D(x, y)


@dataclass(frozen=True)
class LogisticRegression2D:
    """SYNTHETIC binary logistic regression with two features and no bias, w ∈ R².

    With zᵢ = w·xᵢ and labels yᵢ ∈ {0, 1}:
    f(w) = 1/n Σᵢ [log(1 + exp(zᵢ)) - yᵢ zᵢ],  ∇f(w) = 1/n Σᵢ (σ(zᵢ) - yᵢ) xᵢ.
    """

    features: torch.Tensor
    labels: torch.Tensor

    def __call__(self, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logits = w @ self.features.T  # (..., n)
        loss = (torch.nn.functional.softplus(logits) - self.labels * logits).mean(-1)
        grad = (torch.sigmoid(logits) - self.labels) @ self.features / len(self.labels)
        return loss, grad

    def hessian(self, w: torch.Tensor) -> torch.Tensor:
        """∇²f(w) = 1/n Σᵢ σ(zᵢ)(1 − σ(zᵢ)) xᵢxᵢᵀ."""
        p = torch.sigmoid(self.features @ w)
        return (self.features.T * (p * (1 - p))) @ self.features / len(self.labels)

    def minimizer(self) -> torch.Tensor:
        """The minimiser, by Newton's method (the loss is strictly convex here)."""
        # Imported on use: the grading sandbox offers this module to student notebooks, without the rest of the package.
        from ..landscape import newton_minimize

        return newton_minimize(lambda w: self(w)[1], self.hessian, torch.zeros(2, dtype=self.features.dtype))


def make_logistic_regression(
    n: int = 200, *, true_w: tuple[float, float] = (2.0, -1.0), seed: int = 0
) -> LogisticRegression2D:
    """SYNTHETIC data: x ~ N(0, I₂), y ~ Bernoulli(σ(true_w·x)), float64.

    The labels are noisy, so the classes overlap and the minimiser is finite.
    """
    generator = torch.Generator().manual_seed(seed)
    features = torch.randn(n, 2, generator=generator, dtype=torch.float64)
    probabilities = torch.sigmoid(features @ torch.tensor(true_w, dtype=torch.float64))
    labels = torch.bernoulli(probabilities, generator=generator)
    return LogisticRegression2D(features, labels)
