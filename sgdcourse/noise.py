"""SGD's gradient noise: its size, the noise scale it sets for the batch, and the floor it sets for the loss.

A mini-batch gradient g_B(w) = (1/|B|) Σ_{i∈B} ∇ℓ_i(w) is an unbiased estimate of ∇L(w) whose
noise is measured by the per-sample covariance

    Σ(w) = (1/N) Σ_i (∇ℓ_i(w) − ∇L(w)) (∇ℓ_i(w) − ∇L(w))ᵀ,     tr Σ = (1/N) Σ_i ‖∇ℓ_i − ∇L‖².

- ``gradient_noise_scale``: McCandlish et al. (2018)'s B_simple = tr Σ / ‖∇L‖², the batch size
  at which the noise of g_B is as large as the gradient itself, from per-sample gradients
  (``per_sample_gradients``: ``torch.func``'s vmap of grad).
- ``two_batch_noise_scale``: the same B_simple from the squared norms of mini-batch gradients
  of two sizes only, as McCandlish et al. estimate it during training (no per-sample gradients).
- ``sgd_bound_strongly_convex`` (Bottou, Curtis & Nocedal 2018, Thm 4.6) and ``sgd_bound_convex``:
  what that noise costs a constant step, a floor proportional to η. ``sgd_bound_decreasing``
  (their Thm 4.7): steps η_k = β/(γ + k), which meet Robbins and Monro's conditions, remove it.
- ``least_squares_noise_constants``: the constants of the noise assumption, exactly, for least squares.
- ``expected_sgd_step``: on a quadratic, the mean of one SGD step is one gradient-descent step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.func import functional_call, grad, vmap

__all__ = [
    "NoiseScale",
    "full_gradient",
    "per_sample_gradients",
    "compare_with",
    "gradient_noise_scale",
    "two_batch_noise_scale",
    "sgd_bound_strongly_convex",
    "sgd_bound_decreasing",
    "sgd_bound_convex",
    "least_squares_noise_constants",
    "expected_sgd_step",
]

LossFn = Callable[[Tensor, Tensor], Tensor]  # (outputs, targets) → the mean loss, as F.cross_entropy


def _identity(x: Tensor) -> Tensor:
    return x


def full_gradient(model: nn.Module, loss_fn: LossFn, inputs: Tensor, targets: Tensor, *,
                  transform: Callable[[Tensor], Tensor] = _identity, chunk: int = 5000) -> Tensor:
    """∇L(w) = (1/N) Σ_i ∇ℓ_i(w) over all N inputs, as one flat vector (parameters in
    ``model.parameters()`` order). ``loss_fn`` returns a mean, so each chunk of n inputs is
    weighted n/N; ``transform`` maps a chunk of stored inputs to the model's (e.g. uint8 → float)."""
    params = [p for p in model.parameters()]
    total = torch.zeros(sum(p.numel() for p in params), dtype=params[0].dtype, device=params[0].device)
    n = len(targets)
    for start in range(0, n, chunk):
        x, t = transform(inputs[start:start + chunk]), targets[start:start + chunk]
        loss = loss_fn(model(x), t) * (len(t) / n)
        total += torch.cat([g.flatten() for g in torch.autograd.grad(loss, params)])
    return total


def per_sample_gradients(model: nn.Module, loss_fn: LossFn, inputs: Tensor, targets: Tensor, *,
                         transform: Callable[[Tensor], Tensor] = _identity,
                         chunk: int = 25) -> Iterator[dict[str, Tensor]]:
    """∇ℓ_i(w) for every input, ``chunk`` at a time, as {parameter name: (chunk, *shape)}: vmap of
    grad over one sample's loss, so a chunk costs one batched call and only ``chunk`` gradients
    (each the size of the model) are held at once."""
    weights = {name: p.detach() for name, p in model.named_parameters()}

    def sample_loss(weights, x, target):
        return loss_fn(functional_call(model, weights, (x[None],)), target[None])

    batched = vmap(grad(sample_loss), in_dims=(None, 0, 0))
    for start in range(0, len(targets), chunk):
        yield batched(weights, transform(inputs[start:start + chunk]), targets[start:start + chunk])


def compare_with(grads: dict[str, Tensor], reference: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """For gradients g_i given as rows ({name: (n, *shape)}) and a flat reference G (e.g. ∇L):
    ‖g_i − G‖², ⟨g_i, G⟩ and ‖g_i‖², each of shape (n,).

    ‖g_i − G‖² = ‖g_i‖² − 2⟨g_i, G⟩ + ‖G‖², reduced tensor by tensor: concatenating the rows into
    long vectors would copy every gradient again, which costs more than computing it.
    """
    sizes = [g[0].numel() for g in grads.values()]
    parts = reference.split(sizes)
    dots = sum(g.flatten(1) @ part for g, part in zip(grads.values(), parts))
    squared_norms = sum(torch.linalg.vector_norm(g.flatten(1), dim=1) ** 2 for g in grads.values())
    return squared_norms - 2 * dots + reference.dot(reference), dots, squared_norms


@dataclass(frozen=True)
class NoiseScale:
    """B_simple = tr Σ / ‖∇L‖² with its standard error, and the two numbers it divides."""

    b_simple: float
    b_simple_error: float
    trace_covariance: float        # tr Σ, the mean of ‖∇ℓ_i − ∇L‖² over the sampled inputs
    trace_covariance_error: float  # its standard error: std / √samples
    gradient_squared_norm: float   # ‖∇L‖², exact over all inputs
    samples: int


def gradient_noise_scale(model: nn.Module, loss_fn: LossFn, inputs: Tensor, targets: Tensor, *,
                         samples: int | None = 1000, generator: torch.Generator | None = None,
                         transform: Callable[[Tensor], Tensor] = _identity, chunk: int = 25,
                         gradient: Tensor | None = None) -> NoiseScale:
    """McCandlish et al. (2018)'s simple noise scale at the model's current weights,

        B_simple = tr Σ / ‖∇L‖²,    tr Σ = (1/N) Σ_i ‖∇ℓ_i − ∇L‖²,

    with ∇L exact over all N inputs (``gradient`` if given, else ``full_gradient``) and tr Σ the
    mean of ‖∇ℓ_i − ∇L‖² over ``samples`` distinct inputs drawn with ``generator`` (all N when
    ``samples`` is None or ≥ N, and then exact). Its standard error is that mean's, std/√samples,
    divided by ‖∇L‖² (which has none: it is exact).

    For |B| ≪ B_simple a mini-batch gradient is mostly noise, and twice the batch buys nearly
    twice the progress per step; for |B| ≫ B_simple it is nearly ∇L, and a larger batch wastes
    samples. ``loss_fn(outputs, targets)`` must return the mean loss.
    """
    if gradient is None:
        gradient = full_gradient(model, loss_fn, inputs, targets, transform=transform)
    n = len(targets)
    if samples is None or samples >= n:
        chosen = torch.arange(n)
    else:
        chosen = torch.randperm(n, generator=generator)[:samples]
    chosen = chosen.to(targets.device)
    deviations = torch.cat([compare_with(grads, gradient)[0] for grads in per_sample_gradients(
        model, loss_fn, inputs[chosen], targets[chosen], transform=transform, chunk=chunk)]).double()
    trace = deviations.mean().item()
    trace_error = deviations.std().item() / math.sqrt(len(deviations)) if len(chosen) < n else 0.0
    squared_norm = gradient.double().dot(gradient.double()).item()
    return NoiseScale(trace / squared_norm, trace_error / squared_norm, trace, trace_error, squared_norm,
                      len(deviations))


def two_batch_noise_scale(small_squared_norms, big_squared_norms, small_batch: int,
                          big_batch: int) -> tuple[float, float, float]:
    """B_simple from ‖g_B‖² at two batch sizes b < B (McCandlish et al. 2018, Appendix A.1).

    For a batch of |B| samples drawn independently (with replacement), E‖g_B‖² = ‖G‖² + tr Σ / |B|:
    two sizes give two equations, whose solution is

        ‖G‖² ≈ (B · S_B − b · S_b) / (B − b),    tr Σ ≈ (S_b − S_B) / (1/b − 1/B),

    with S_b, S_B the means of the measured squared norms at each size. Each estimate is
    unbiased; their ratio B_simple = tr Σ / ‖G‖² is not, which is why the means are taken
    first (many steps each) and divided last. Returns (tr Σ, ‖G‖², B_simple) as floats.
    """
    if not 1 <= small_batch < big_batch:
        raise ValueError(f"need 1 ≤ small_batch < big_batch, got {small_batch} and {big_batch}")
    small = torch.as_tensor(small_squared_norms, dtype=torch.float64).mean().item()
    big = torch.as_tensor(big_squared_norms, dtype=torch.float64).mean().item()
    squared_norm = (big_batch * big - small_batch * small) / (big_batch - small_batch)
    trace = (small - big) / (1 / small_batch - 1 / big_batch)
    return trace, squared_norm, trace / squared_norm


def _check_step(lr: float, smoothness: float, noise_growth: float, factor: float) -> None:
    limit = 1 / (factor * smoothness * (1 + noise_growth))
    if not 0 < lr <= limit:
        raise ValueError(f"the bound needs 0 < η ≤ 1/({factor:g}·L·(1 + M_V)) = {limit:.4g}, got η = {lr}; "
                         "hint: a smaller step, or the bound does not apply")


def sgd_bound_strongly_convex(steps, lr: float, smoothness: float, strong_convexity: float, noise: float,
                              initial_gap: float, noise_growth: float = 0.0) -> Tensor:
    """Bottou, Curtis & Nocedal (2018), Theorem 4.6, for unbiased gradients, counting from w_0:

        E[L(w_k)] − L* ≤ ηLM/(2μ) + (1 − ημ)^k (L(w_0) − L* − ηLM/(2μ))   for 0 < η ≤ 1/(L(1 + M_V)),

    when L is L-smooth and μ-strongly convex (their c) and each step's gradient g_k is unbiased,
    drawn independently of the past, with E‖g_k − ∇L(w_k)‖² ≤ M + M_V ‖∇L(w_k)‖² (``noise`` M,
    ``noise_growth`` M_V). The first term is the noise floor; the second the initial gap,
    forgotten at gradient descent's rate. ``steps`` k may be an int or a tensor.
    """
    _check_step(lr, smoothness, noise_growth, factor=1)
    if not 0 < strong_convexity <= smoothness:
        raise ValueError(f"need 0 < μ ≤ L, got μ = {strong_convexity}, L = {smoothness}")
    floor = lr * smoothness * noise / (2 * strong_convexity)
    k = torch.as_tensor(steps, dtype=torch.float64)
    return floor + (1 - lr * strong_convexity) ** k * (initial_gap - floor)


def sgd_bound_decreasing(steps, scale: float, offset: float, smoothness: float, strong_convexity: float,
                         noise: float, initial_gap: float, noise_growth: float = 0.0) -> Tensor:
    """Bottou, Curtis & Nocedal (2018), Theorem 4.7, counting from w_0: with the steps
    η_k = β/(γ + k), β > 1/μ (``scale``), γ > 1 (``offset``) and η_0 ≤ 1/(L(1 + M_V)),

        E[L(w_k)] − L* ≤ ν/(γ + k),   ν = max(β²LM / (2(βμ − 1)), γ (L(w_0) − L*)),

    under the assumptions of ``sgd_bound_strongly_convex``: no floor, an O(1/k) decrease.
    (η_0/(1 + k/k_0) is β = η_0 k_0, γ = k_0.)
    """
    _check_step(scale / offset, smoothness, noise_growth, factor=1)
    if not (scale * strong_convexity > 1 and offset > 1):
        raise ValueError(f"need β > 1/μ and γ > 1, got β = {scale}, 1/μ = {1 / strong_convexity:.4g}, γ = {offset}")
    nu = max(scale ** 2 * smoothness * noise / (2 * (scale * strong_convexity - 1)), offset * initial_gap)
    return nu / (offset + torch.as_tensor(steps, dtype=torch.float64))


def sgd_bound_convex(steps, lr: float, smoothness: float, noise: float, initial_distance: float,
                     noise_growth: float = 0.0) -> Tensor:
    """For L convex and L-smooth, the same noise assumption and 0 < η ≤ 1/(2L(1 + M_V)):

        (1/K) Σ_{k<K} E[L(w_k)] − L* ≤ ‖w_0 − w*‖² / (ηK) + ηM,

    which also bounds E[L(w̄_K)] − L* for the average w̄_K of w_0, …, w_{K−1} (Jensen). Halving η
    halves the floor ηM and doubles the time ‖w_0 − w*‖²/(ηK) to reach it. ``initial_distance``
    is ‖w_0 − w*‖; ``steps`` K ≥ 1.
    """
    _check_step(lr, smoothness, noise_growth, factor=2)
    K = torch.as_tensor(steps, dtype=torch.float64)
    return initial_distance ** 2 / (lr * K) + lr * noise


def least_squares_noise_constants(X: Tensor, y: Tensor, batch_size: int = 1) -> tuple[float, float]:
    """M and M_V with E‖g_B(w) − ∇L(w)‖² ≤ M + M_V ‖∇L(w)‖² for every w, for L(w) = ‖Xw − y‖²/(2N)
    and batches of ``batch_size`` samples drawn independently and uniformly (with replacement).

    With e = w − w*, A = XᵀX/N and r_i = x_iᵀw* − y_i, a sample's gradient noise is
    ∇ℓ_i − ∇L = P_i e + u_i (P_i = x_i x_iᵀ − A, u_i = x_i r_i), so one sample's variance is the
    quadratic V(e) = eᵀQe + 2qᵀe + s (Q = mean P_iᵀP_i, q = mean P_iᵀu_i, s = mean ‖u_i‖² = V at w*),
    and ‖∇L‖² = eᵀA²e. M_V = 2 λ_max(A⁻¹QA⁻¹) makes D = M_V A² − Q positive definite, and then
    M = max_e (V(e) − M_V eᵀA²e) = s + qᵀD⁻¹q exactly. A batch of |B| divides both by |B|.
    """
    n = len(y)
    A = X.T @ X / n
    w_star = torch.linalg.solve(A, X.T @ y / n)
    r = X @ w_star - y
    P = X[:, :, None] * X[:, None, :] - A              # (N, d, d), symmetric
    u = X * r[:, None]
    Q = torch.einsum("nij,njk->ik", P, P) / n
    q = torch.einsum("nij,nj->i", P, u) / n
    s = u.square().sum(dim=1).mean()
    A_inv = torch.linalg.inv(A)
    growth = 2 * torch.linalg.eigvalsh(A_inv @ Q @ A_inv).max()
    M = s + q @ torch.linalg.solve(growth * A @ A - Q, q)
    return M.item() / batch_size, growth.item() / batch_size


def expected_sgd_step(w: Tensor, hessian: Tensor, linear: Tensor, lr: float) -> Tensor:
    """E[w_1] = (I − ηA) w_0 + ηb for one SGD step w_1 = w_0 − η g_B(w_0) on L(w) = ½wᵀAw − bᵀw + c
    (least squares: A = XᵀX/N, b = Xᵀy/N): g_B is unbiased and linear in w, so the mean step is
    exactly gradient descent's step, w_0 − η(Aw_0 − b)."""
    return w - lr * (hessian @ w - linear)
