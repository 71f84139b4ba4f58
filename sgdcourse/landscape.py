"""The loss landscape seen by a first- and a second-order Taylor expansion.

First order, f(x + αu) ≈ f(x) + α ∇f(x)ᵀu: over unit directions u the change is largest for
u = ∇f/‖∇f‖ (Cauchy–Schwarz), so the gradient is the direction of steepest ascent, and a step
−α∇f moves a distance α‖∇f‖. Line searches choose α along a descent direction d (∇fᵀd < 0):
exactly on a quadratic, by backtracking until Armijo's sufficient-decrease condition holds
(Armijo 1966; Nocedal & Wright 2006, §3.1). Second order, the Hessian H: its eigenvalues say
whether a stationary point is a minimum, a maximum or a saddle, and its largest one bounds
the stable step of gradient descent (η < 2/λ_max). For a network H is never formed; only
Hessian-vector products Hv (two backward passes), which power iteration turns into λ_max.
On small problems H is formed, and Newton's method (``newton_minimize``) finds the course's
reference minimisers to rounding level.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import torch
from torch import Tensor


def directional_derivative(gradient: Tensor, direction: Tensor) -> Tensor:
    """The first-order change of f per unit length along `direction` (normalised here):

        D_u f(x) = ∇f(x)ᵀu,   u = d/‖d‖,

    largest, ‖∇f‖, for u = ∇f/‖∇f‖ and zero for u ⟂ ∇f (along a level set). Broadcasts over
    the leading dimensions of `direction`.
    """
    return (direction * gradient).sum(-1) / direction.norm(dim=-1)


def armijo_holds(f_x: float, f_trial: float, slope: float, alpha: float, c: float) -> bool:
    """Armijo's sufficient-decrease condition for the step α along d with slope = ∇f(x)ᵀd < 0:

        f(x + αd) ≤ f(x) + c α ∇f(x)ᵀd,   0 < c < 1.

    The right side is the tangent line made less steep by the factor c: the step must achieve
    at least the fraction c of the decrease the first-order model promises.
    """
    return f_trial <= f_x + c * alpha * slope


def armijo_backtracking(
    f: Callable[[Tensor], Tensor],
    x: Tensor,
    grad: Tensor,
    direction: Tensor | None = None,
    *,
    alpha0: float = 1.0,
    rho: float = 0.5,
    c: float = 1e-4,
    max_evaluations: int = 100,
) -> tuple[float, int]:
    """Backtracking line search: the first α in α₀, ρα₀, ρ²α₀, … that satisfies Armijo's
    condition f(x + αd) ≤ f(x) + c α ∇f(x)ᵀd (see `armijo_holds`).

    `direction` defaults to steepest descent, d = −∇f(x). Returns (α, evaluations): the
    accepted step and how many trial points x + αd were evaluated (f(x) itself is one more).
    Because f is smooth and d a descent direction, the condition holds for all small enough
    α, so the loop ends; `max_evaluations` only guards against a d that is not a descent
    direction or a non-finite f.
    """
    if not 0 < rho < 1 or not 0 < c < 1 or alpha0 <= 0:
        raise ValueError(f"need alpha0 > 0, 0 < rho < 1, 0 < c < 1; got {alpha0=}, {rho=}, {c=}")
    d = -grad if direction is None else direction
    slope = float(grad.flatten() @ d.flatten())
    if slope >= 0:
        raise ValueError(f"direction is not a descent direction: ∇f(x)ᵀd = {slope} ≥ 0")
    f_x = float(f(x))
    alpha = alpha0
    for evaluations in range(1, max_evaluations + 1):
        if armijo_holds(f_x, float(f(x + alpha * d)), slope, alpha, c):
            return alpha, evaluations
        alpha *= rho
    raise RuntimeError(f"no step satisfied Armijo's condition in {max_evaluations} evaluations")


def quadratic(A: Tensor, b: Tensor) -> Callable[[Tensor], Tensor]:
    """f(x) = ½ xᵀAx − bᵀx for x of shape (..., d) (A symmetric): gradient Ax − b, Hessian A."""
    return lambda x: 0.5 * ((x @ A) * x).sum(-1) - x @ b


def exact_line_search_quadratic(A: Tensor, b: Tensor, x: Tensor, direction: Tensor | None = None) -> float:
    """The step that minimises f(x + αd) for f(x) = ½ xᵀAx − bᵀx along d, in closed form:

        φ(α) = f(x) + α gᵀd + ½ α² dᵀAd,  g = Ax − b   ⇒   α* = −gᵀd / dᵀAd,

    which needs dᵀAd > 0 (positive curvature along d). `direction` defaults to d = −g, where
    α* = gᵀg / gᵀAg lies between 1/λ_max and 1/λ_min.
    """
    g = A @ x - b
    d = -g if direction is None else direction
    curvature = d @ A @ d
    if curvature <= 0:
        raise ValueError(f"f is not bounded below along d: dᵀAd = {float(curvature)} ≤ 0")
    return float(-(g @ d) / curvature)


def hessian_vector_operator(loss_fn: Callable[[], Tensor], params: Sequence[Tensor]) -> Callable[[Sequence[Tensor]], tuple[Tensor, ...]]:
    """v ↦ Hv for the Hessian H of loss_fn() with respect to `params`, by double backward:

        Hv = ∇_w (∇_w L(w)ᵀ v)   (v held constant),

    one backward pass with create_graph=True builds ∇L once; each product is then one more
    backward pass through it, at about the cost of a gradient, and H (d × d) is never formed.
    `v` is a sequence of tensors shaped like `params`.
    """
    params = list(params)
    gradient = torch.autograd.grad(loss_fn(), params, create_graph=True)

    def product(v: Sequence[Tensor]) -> tuple[Tensor, ...]:
        # ∂(∇Lᵀv)/∂w is autograd's vector-Jacobian product of ∇L with grad_outputs = v.
        return torch.autograd.grad(gradient, params, grad_outputs=list(v), retain_graph=True)

    return product


def hessian_vector_product(loss_fn: Callable[[], Tensor], params: Sequence[Tensor], v: Sequence[Tensor]) -> tuple[Tensor, ...]:
    """Hv for the Hessian H of loss_fn() with respect to `params` (see `hessian_vector_operator`)."""
    return hessian_vector_operator(loss_fn, params)(v)


class PowerIteration(NamedTuple):
    """The eigenvalue estimate (Rayleigh quotient), its unit eigenvector, the iterations used,
    and the estimate after each iteration."""

    eigenvalue: float
    vector: tuple[Tensor, ...]
    iterations: int
    history: list[float]


def power_iteration(
    matvec: Callable[[Sequence[Tensor]], Sequence[Tensor]],
    v0: Sequence[Tensor],
    *,
    iters: int = 100,
    tol: float = 1e-6,
) -> PowerIteration:
    """The eigenvalue of largest magnitude of a symmetric operator M, with its sign:

        v_{k+1} = M v_k / ‖M v_k‖,   λ_k = v_kᵀ M v_k   (v_k of unit norm),

    stopping when |λ_k − λ_{k−1}| ≤ tol·max(1, |λ_k|) or after `iters` products. The error
    shrinks like |λ₂/λ₁|^k, so it is slow when the top two magnitudes are close, and it does
    not converge if λ and −λ are both the largest (v then alternates between two vectors).
    Vectors are sequences of tensors (a network's parameter shapes); norms are over all of them.
    """
    v = _normalised(v0)
    history: list[float] = []
    for iteration in range(1, iters + 1):
        Mv = [t.detach() for t in matvec(v)]
        history.append(float(_dot(v, Mv)))  # Rayleigh quotient of the unit vector v
        v = _normalised(Mv)
        if len(history) > 1 and abs(history[-1] - history[-2]) <= tol * max(1.0, abs(history[-1])):
            break
    return PowerIteration(history[-1], tuple(v), iteration, history)


def top_hessian_eigenvalue(
    loss_fn: Callable[[], Tensor],
    params: Sequence[Tensor],
    iters: int = 100,
    tol: float = 1e-6,
    seed: int = 0,
) -> PowerIteration:
    """Power iteration on Hessian-vector products: the Hessian's eigenvalue of largest
    magnitude (λ_max at a minimum, where H has no negative eigenvalues; possibly a negative
    one elsewhere), from a random start drawn with `seed`. See `power_iteration`."""
    params = list(params)
    generator = torch.Generator().manual_seed(seed)
    v0 = [torch.randn(p.shape, generator=generator, dtype=p.dtype).to(p.device) for p in params]
    return power_iteration(hessian_vector_operator(loss_fn, params), v0, iters=iters, tol=tol)


def newton_minimize(gradient: Callable[[torch.Tensor], torch.Tensor], hessian: Callable[[torch.Tensor], torch.Tensor],
                    w0: torch.Tensor, *, max_steps: int = 50) -> torch.Tensor:
    """Newton's method for a smooth strictly convex f:  w ← w − ∇²f(w)⁻¹ ∇f(w), from w0.

    Converges quadratically near w*, so it stops once ‖∇f(w)‖ stops shrinking (rounding
    level) and returns the iterate with the smallest gradient; raises if that gradient is
    not below 1e-10 × ‖∇f(w0)‖, or after `max_steps` steps.
    """
    g = gradient(w0)
    start_norm = g.norm().item()
    best, best_norm = w0, start_norm
    for _ in range(max_steps):
        if best_norm == 0:
            break
        w = best - torch.linalg.solve(hessian(best), g)
        g = gradient(w)
        norm = g.norm().item()
        if norm >= best_norm:  # stopped shrinking: rounding level
            break
        best, best_norm = w, norm
    if best_norm > 1e-10 * start_norm:
        raise RuntimeError(f"Newton's method did not converge in {max_steps} steps: ‖∇f(w)‖ = {best_norm:.2e}, "
                           f"from {start_norm:.2e} at w0")
    return best


def _dot(u: Sequence[Tensor], v: Sequence[Tensor]) -> Tensor:
    return sum((a * b).sum() for a, b in zip(u, v))


def _normalised(v: Sequence[Tensor]) -> list[Tensor]:
    norm = _dot(v, v).sqrt()
    return [t / norm for t in v]


# ---- a two-parameter landscape with every kind of stationary point ----------------------

def four_wells(w: Tensor) -> Tensor:
    """f(w) = ¼(w₁² − 1)² + ¼(w₂² − 1)² for w of shape (..., 2): a double well in each
    coordinate, so four minima (±1, ±1), four saddles and one maximum at the origin."""
    return ((w**2 - 1) ** 2).sum(-1) / 4


def four_wells_gradient(w: Tensor) -> Tensor:
    """∇f(w) = (w₁³ − w₁, w₂³ − w₂): zero where each coordinate is −1, 0 or 1."""
    return w**3 - w


def four_wells_hessian(w: Tensor) -> Tensor:
    """∇²f(w) = diag(3w₁² − 1, 3w₂² − 1), shape (..., 2, 2): curvature 2 at a coordinate ±1,
    −1 at a coordinate 0."""
    return torch.diag_embed(3 * w**2 - 1)


class StationaryPoint(NamedTuple):
    point: Tensor
    hessian: Tensor
    kind: str  # "minimum", "saddle" or "maximum": the signs of the Hessian's eigenvalues


def four_wells_stationary_points() -> list[StationaryPoint]:
    """All nine stationary points of `four_wells` with their Hessians and kinds: both
    eigenvalues positive (2, 2) → minimum, mixed (2, −1) → saddle, both negative → maximum."""
    kinds = {2: "minimum", 1: "saddle", 0: "maximum"}
    points = []
    for w1 in (-1.0, 0.0, 1.0):
        for w2 in (-1.0, 0.0, 1.0):
            point = torch.tensor([w1, w2], dtype=torch.float64)
            hessian = four_wells_hessian(point)
            points.append(StationaryPoint(point, hessian, kinds[int((torch.diagonal(hessian) > 0).sum())]))
    return points
