"""SYNTHETIC smooth problems the exercises' tests run optimizers on (random data, from a seed)."""

from __future__ import annotations

import torch


def random_least_squares_gradient(n_features, seed, dtype=torch.float64):
    """∇L for L(w) = ‖Aw − b‖² / (2n) on SYNTHETIC random data: a smooth problem for long runs."""
    generator = torch.Generator().manual_seed(seed)
    A = torch.randn(4 * n_features, n_features, dtype=dtype, generator=generator)
    b = torch.randn(4 * n_features, dtype=dtype, generator=generator)
    return lambda w: A.T @ (A @ w - b) / len(b)


def bowl_gradient(shape, dtype, seed):
    """∇L for a SYNTHETIC quadratic bowl L(w) = Σ c (w − m)² / 2 of any shape, curvatures c in [0.1, 2]."""
    generator = torch.Generator().manual_seed(seed)
    curvature = (0.1 + 1.9 * torch.rand(shape, dtype=torch.float64, generator=generator)).to(dtype)
    minimum = torch.randn(shape, dtype=torch.float64, generator=generator).to(dtype)
    return lambda w: curvature * (w - minimum)
