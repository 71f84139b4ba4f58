"""Gradient checking: compare an analytic gradient with central differences.

    ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h)        error O(h²)

and measure the disagreement with the relative error

    rel = max_i |a_i − n_i| / max(ε, max_i |a_i| + max_i |n_i|)

Normalising by the scale of the whole gradient rather than coordinate by coordinate keeps
round-off in near-zero coordinates (a saturated tanh, a nearly dead unit) from raising
false alarms; ε only guards 0/0 when both gradients are exactly zero. In float64 with
h = 1e-6 a correct gradient gives rel ≲ 1e-8; a wrong one typically gives rel ≳ 1e-2.
Float32 has too few digits for this, so the checks insist on float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch import Tensor

from .layers import Layer


@dataclass(frozen=True)
class GradCheckResult:
    """One gradient comparison: the relative error and the coordinate that differs most."""

    name: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float

    def __str__(self) -> str:
        return (f"{self.name}: relative error {self.rel_error:.2e}; largest difference at index "
                f"{self.index}: analytic {self.analytic:.8g}, numeric {self.numeric:.8g}")


def compare_gradients(analytic: Tensor, numeric: Tensor, name: str = "grad",
                      eps: float = 1e-12) -> GradCheckResult:
    """The relative error of ``analytic`` against ``numeric``, and where they differ most."""
    if analytic.shape != numeric.shape:
        raise ValueError(f"gradients to compare must have the same shape, got analytic "
                         f"{tuple(analytic.shape)} and numeric {tuple(numeric.shape)}")
    a, n = analytic.reshape(-1), numeric.reshape(-1)
    differences = (a - n).abs()
    worst = int(differences.argmax())
    scale = max(eps, float(a.abs().max() + n.abs().max()))
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), analytic.shape))
    return GradCheckResult(name, index, float(a[worst]), float(n[worst]),
                           float(differences[worst]) / scale)


def numerical_gradient(f: Callable[[Tensor], Tensor | float], x: Tensor, h: float = 1e-6) -> Tensor:
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    ``x`` is perturbed in place, one coordinate at a time, and restored afterwards: that is
    what lets ``f`` read ``x`` from elsewhere (a layer's parameter, a cached input).
    """
    if x.dtype != torch.float64:
        raise TypeError(f"gradient checks need float64 tensors, got {x.dtype}: with h = {h} "
                        f"the differences f(x+h) − f(x−h) lose most of float32's 7 digits")
    if not x.is_contiguous():
        raise ValueError("numerical_gradient perturbs x in place and needs a contiguous tensor")
    flat_x = x.view(-1)
    grad = torch.empty_like(flat_x)
    for i in range(flat_x.numel()):
        original = flat_x[i].item()
        flat_x[i] = original + h
        f_plus = float(f(x))
        flat_x[i] = original - h
        f_minus = float(f(x))
        flat_x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad.view_as(x)


def check_gradient(f: Callable[[Tensor], Tensor | float], x: Tensor, analytic: Tensor,
                   h: float = 1e-6, name: str = "x") -> GradCheckResult:
    """Compare ``analytic`` (your ∂f/∂x at ``x``) with central differences."""
    return compare_gradients(analytic, numerical_gradient(f, x, h), name)


def check_layer(layer: Layer, x: Tensor, *forward_args, h: float = 1e-6,
                generator: torch.Generator | None = None) -> dict[str, GradCheckResult]:
    """Check a layer's ``backward`` — input gradient and every parameter gradient.

    The scalar tested is L = Σ (forward(x, *forward_args) ⊙ G) for a fixed random upstream
    gradient G, so that ∂L/∂out = G and every output coordinate contributes. Extra forward
    arguments (a loss's labels or targets) are held fixed. Returns one result per tensor:
    ``"input"`` and then the names in ``layer.params``.
    """
    out = layer.forward(x, *forward_args)
    upstream = torch.randn(out.shape, generator=generator, dtype=out.dtype, device=out.device)
    analytic = {"input": layer.backward(upstream), **layer.grads}

    def loss(_) -> float:  # reads the perturbed tensor through the layer itself
        return float((layer.forward(x, *forward_args) * upstream).sum())

    tensors = {"input": x, **layer.params}
    return {name: check_gradient(loss, t, analytic[name], h, name) for name, t in tensors.items()}
