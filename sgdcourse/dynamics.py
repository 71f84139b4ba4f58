"""Momentum's dynamics on a quadratic, one eigen-direction at a time (Polyak 1964; Goh 2017).

On L(w) = ½ (w − w*)ᵀ A (w − w*) with A = Q diag(λ₁, …, λ_d) Qᵀ, the error e = Qᵀ(w − w*)
splits into d independent one-dimensional problems, one per eigenvalue λ. In each, gradient
descent, heavy ball and Nesterov are linear recursions in (e_t, v_t) whose 2×2 iteration
matrix depends only on h = ηλ and β; its spectral radius is the rate at which that
direction's error shrinks per step. The slowest direction sets the method's rate.

Per-direction functions take ``lr``, ``beta`` and ``curvature`` (λ) as Python floats or
tensors, broadcast them and return float64 tensors, so one call colours a whole
(ηλ, β) grid. Functions of a whole problem (``optimal_*``) take μ and L and return floats.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from sgdcourse.optimizers import init, momentum_textbook_, nesterov_lookahead_

REGIMES = ("over-damped", "critically damped", "under-damped", "sign-flipping")
_CRITICAL_TOLERANCE = 1e-12  # |discriminant| below this (relative) counts as a double root


def _float64(*values) -> tuple[Tensor, ...]:
    return torch.broadcast_tensors(*(torch.as_tensor(x, dtype=torch.float64) for x in values))


def _largest_root_modulus(a: Tensor, c: Tensor) -> Tensor:
    """max |z| over the roots of z² − a z + c = 0 (the spectral radius of a 2×2 companion matrix)."""
    root_of_discriminant = torch.sqrt((a * a - 4 * c).to(torch.complex128))
    return torch.maximum((a + root_of_discriminant).abs(), (a - root_of_discriminant).abs()) / 2


def gd_rate(lr, curvature) -> Tensor:
    """Gradient descent's contraction factor along an eigen-direction with eigenvalue λ:

        e_t = (1 − ηλ) e_{t−1},   rate |1 − ηλ|,

    below 1 exactly when 0 < ηλ < 2; for 1 < ηλ < 2 the error changes sign every step (zig-zag).
    """
    lr, curvature = _float64(lr, curvature)
    return (1 - lr * curvature).abs()


def heavy_ball_matrix(lr, beta, curvature) -> Tensor:
    """Heavy ball's iteration matrix T on (e, v) along an eigen-direction with eigenvalue λ.

    With g = λ e, the velocity form v_t = β v_{t−1} − η g_t, e_t = e_{t−1} + v_t reads

        ⎡e_t⎤   ⎡1 − ηλ   β⎤ ⎡e_{t−1}⎤
        ⎣v_t⎦ = ⎣  −ηλ    β⎦ ⎣v_{t−1}⎦ ,

    whose eigenvalues solve z² − (1 + β − ηλ) z + β = 0 (the same as for the pair
    (e_t, e_{t−1}) of the two-step form e_t = (1 + β − ηλ) e_{t−1} − β e_{t−2}).
    Returns a (..., 2, 2) float64 tensor.
    """
    lr, beta, curvature = _float64(lr, beta, curvature)
    h = lr * curvature
    return torch.stack([torch.stack([1 - h, beta], -1), torch.stack([-h, beta], -1)], -2)


def nesterov_matrix(lr, beta, curvature) -> Tensor:
    """Nesterov's (look-ahead form) iteration matrix on (e, v) for eigenvalue λ.

    v_t = β v_{t−1} − ηλ (e_{t−1} + β v_{t−1}), e_t = e_{t−1} + v_t gives

        ⎡e_t⎤   ⎡1 − ηλ   β(1 − ηλ)⎤ ⎡e_{t−1}⎤
        ⎣v_t⎦ = ⎣  −ηλ    β(1 − ηλ)⎦ ⎣v_{t−1}⎦ ,

    heavy ball's matrix with the momentum β replaced by β(1 − ηλ): the look-ahead damps
    momentum strongly where ηλ is near 1 and hardly at all where ηλ ≪ 1.
    """
    lr, beta, curvature = _float64(lr, beta, curvature)
    return heavy_ball_matrix(lr, beta * (1 - lr * curvature), curvature)


def spectral_radius(matrix: Tensor) -> Tensor:
    """ρ(T) = max |eigenvalue of T|, over the last two dimensions: the asymptotic rate of e_t = T e_{t−1}."""
    return torch.linalg.eigvals(matrix).abs().amax(-1)


def heavy_ball_rate(lr, beta, curvature) -> Tensor:
    """Heavy ball's rate along eigenvalue λ in closed form: the largest |z| with

        z² − (1 + β − ηλ) z + β = 0,

    which is √β whenever the roots are complex (under-damped). It is below 1 exactly when
    0 ≤ β < 1 and 0 < ηλ < 2(1 + β).
    """
    lr, beta, curvature = _float64(lr, beta, curvature)
    return _largest_root_modulus(1 + beta - lr * curvature, beta)


def nesterov_rate(lr, beta, curvature) -> Tensor:
    """Nesterov's rate along eigenvalue λ: the largest |z| with z² − (1 + β)(1 − ηλ) z + β(1 − ηλ) = 0."""
    lr, beta, curvature = _float64(lr, beta, curvature)
    shrink = 1 - lr * curvature
    return _largest_root_modulus((1 + beta) * shrink, beta * shrink)


def critical_beta(lr, curvature) -> Tensor:
    """The β that makes heavy ball critically damped along λ, for 0 < ηλ ≤ 1:

        (1 + β − ηλ)² = 4β   ⇔   β = (1 − √(ηλ))².

    Smaller β: over-damped (two real positive roots, monotone decay); larger β:
    under-damped (complex roots, the error spirals with rate √β).
    """
    lr, curvature = _float64(lr, curvature)
    h = lr * curvature
    if ((h <= 0) | (h > 1)).any():
        raise ValueError(f"critical damping needs 0 < ηλ ≤ 1, got ηλ = {h}")
    return (1 - h.sqrt()) ** 2


def damping_regime(lr: float, beta: float, curvature: float) -> str:
    """Which of REGIMES heavy ball is in along λ, from the roots of z² − a z + β (a = 1 + β − ηλ):

    - "under-damped": a² < 4β, complex roots of modulus √β: the error oscillates with a
      period of 2π / arccos(a / 2√β) steps while it decays;
    - "critically damped": a² = 4β, a double root;
    - "over-damped": a² > 4β and a > 0, two positive real roots: the error decays without
      changing sign;
    - "sign-flipping": a² > 4β and a < 0, the dominant root is negative: the error changes
      sign every step (for β = 0 this is gradient descent's zig-zag, ηλ > 1).

    The regime is the shape of the decay; whether it decays is heavy_ball_rate(...) < 1.
    """
    a = 1 + beta - lr * curvature
    discriminant = a * a - 4 * beta
    if abs(discriminant) <= _CRITICAL_TOLERANCE * max(1.0, a * a):
        return "critically damped"
    if discriminant < 0:
        return "under-damped"
    return "over-damped" if a > 0 else "sign-flipping"


def optimal_gd(mu: float, big_l: float) -> tuple[float, float]:
    """The constant step that minimises GD's worst rate over eigenvalues in [μ, L], and that rate:

        η* = 2 / (μ + L),   rate = (κ − 1) / (κ + 1),   κ = L / μ,

    where |1 − η*μ| = |1 − η*L|: the flattest and the steepest directions shrink equally fast.
    """
    _require_spectrum(mu, big_l)
    kappa = big_l / mu
    return 2 / (mu + big_l), (kappa - 1) / (kappa + 1)


def optimal_heavy_ball(mu: float, big_l: float) -> tuple[float, float, float]:
    """Polyak's optimal heavy ball for eigenvalues in [μ, L]: (η*, β*, rate) with

        η* = (2 / (√L + √μ))²,   β* = ((√κ − 1) / (√κ + 1))²,   rate = √β* = (√κ − 1) / (√κ + 1).

    With these, μ and L both sit at critical damping (a double root +√β* at μ, −√β* at L)
    and every eigenvalue between is under-damped with modulus √β*: all directions shrink at
    one rate, the best any (η, β) achieves on [μ, L].
    """
    _require_spectrum(mu, big_l)
    root_kappa = math.sqrt(big_l / mu)
    rate = (root_kappa - 1) / (root_kappa + 1)
    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate**2, rate


def friction_to_momentum(friction: float, dt: float) -> tuple[float, float]:
    """Heavy ball as a time step of a ball with unit mass and friction b in the potential L:

        ẍ = −b ẋ − ∇L(x).

    One Euler step of length Δt with the position updated by the new velocity
    (semi-implicit Euler), u_t = (1 − bΔt) u_{t−1} − Δt ∇L(x_{t−1}), x_t = x_{t−1} + Δt u_t,
    is heavy ball with v = Δt u:  β = 1 − bΔt,  η = Δt².  Returns (η, β).
    """
    if not (friction >= 0 and dt > 0 and friction * dt < 1):
        raise ValueError(f"need b ≥ 0, Δt > 0 and bΔt < 1, got b = {friction}, Δt = {dt}")
    return dt**2, 1 - friction * dt


def stationary_variance(lr, beta, curvature, noise_std) -> Tensor:
    """Var(e_∞) of heavy ball along λ when each gradient is λe + σξ with ξ independent, mean 0, variance 1:

        e_t = (1 + β − h) e_{t−1} − β e_{t−2} − ησ ξ_t  (an AR(2) process, h = ηλ), so

        Var(e_∞) = η²σ² (1 + β) / ((1 − β) h (2(1 + β) − h)),

    finite inside the stability region 0 < h < 2(1 + β). For h ≪ 1 it is ≈ ησ² / (2λ(1 − β)):
    the floor of plain SGD with the effective step η / (1 − β). β = 0 gives SGD's η²σ² / (h(2 − h)).
    """
    lr, beta, curvature, noise_std = _float64(lr, beta, curvature, noise_std)
    h = lr * curvature
    if ((h <= 0) | (h >= 2 * (1 + beta)) | (beta < 0) | (beta >= 1)).any():
        raise ValueError("stationary variance needs 0 ≤ β < 1 and 0 < ηλ < 2(1 + β)")
    return (lr * noise_std) ** 2 * (1 + beta) / ((1 - beta) * h * (2 * (1 + beta) - h))


def effective_sample_size(beta: float) -> float:
    """How many independent gradients the EMA (1 − β) Σₖ βᵏ g_{t−k} averages, variance-wise:

        Var = (1 − β)² Σₖ β²ᵏ σ² = σ² (1 − β) / (1 + β),  i.e. a mean of (1 + β) / (1 − β) samples.
    """
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    return (1 + beta) / (1 - beta)


def simulated_rate(lr: float, beta: float, curvature: float, steps: int, *, nesterov: bool = False) -> float:
    """The measured per-step rate of the course's own update rule (``momentum_textbook_``, or
    ``nesterov_lookahead_``) on L(e) = λe²/2 from e_0 = 1, v_0 = 0, over the second half of the run:

        (‖(e_T, v_T)‖ / ‖(e_{T/2}, v_{T/2})‖)^(1 / (T − T/2)),   T = steps.

    It tends to the spectral radius as T grows; skipping the first half removes most of the
    start-up transient (at a double root the error is t ρᵗ, and the ratio still carries
    2^(2/T)). It runs the optimizer itself, not the matrix, so it checks the matrix.
    """
    if steps < 2:
        raise ValueError(f"need at least 2 steps, got {steps}")
    rule = nesterov_lookahead_ if nesterov else momentum_textbook_
    e = torch.ones(1, dtype=torch.float64)
    state = init(rule, e)
    v = state["velocity"]
    log_growth = 0.0
    for t in range(1, steps + 1):
        rule(e, curvature * rule.gradient_point(e, state, beta=beta), state, lr=lr, beta=beta)
        # The recursion is linear: rescaling the state to norm 1 after every step keeps it in
        # floating-point range (0.6^2000 underflows) and makes each norm that step's growth.
        norm = torch.cat([e, v]).norm().item()
        if norm == 0.0:
            return 0.0
        e.div_(norm)
        v.div_(norm)
        if t > steps // 2:
            log_growth += math.log(norm)
    return math.exp(log_growth / (steps - steps // 2))


def _require_spectrum(mu: float, big_l: float) -> None:
    if not 0 < mu <= big_l:
        raise ValueError(f"need eigenvalues 0 < μ ≤ L, got μ = {mu}, L = {big_l}")
