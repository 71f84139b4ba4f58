"""The course's figures with sliders (``sgdcourse.widgets``), computed by the package itself.

- ``momentum_trajectory``: heavy ball on the momentum chapter's valley L(w) = ½(w₁² + κw₂²)
  over (η, β), run with ``optimizers.momentum_textbook_``;
- ``momentum_phase_diagram``: heavy ball's rate ρ over (ηλ, β) (``dynamics.heavy_ball_rate``),
  with the error e_t of one eigen-direction run with ``momentum_textbook_``;
- ``schedule_shapes``: warm-up + cosine and one-cycle (``schedules``) over (W, T);
- ``noise_floor``: mini-batch SGD on SYNTHETIC least squares (``sampling.sgd_least_squares``)
  over (η, |B|).

Each function takes a few seconds on 2 CPU cores and is deterministic (fixed seeds).
"""

from __future__ import annotations

import functools
import statistics

import torch
from matplotlib.figure import Figure

from sgdcourse import dynamics, plots, schedules
from sgdcourse.data import quadratic
from sgdcourse import optimizers
from sgdcourse.sampling import (
    least_squares_gradient,
    least_squares_loss,
    sgd_least_squares,
)
from sgdcourse.widgets import Canvas, Slider, SliderWidget

_LINE = "#d62728"   # the frame's curve: red over viridis contours and magma colours alike
_SECOND = "#1f77b4"


def momentum_trajectory(kappa: float = 25.0, steps: int = 60) -> SliderWidget:
    """Heavy ball's path on L(w) = ½(w₁² + κ w₂²) from w₀ = (−9, 1.5), one frame per (η, β).

    The caption gives the final loss and the slowest direction's rate,
    max over λ ∈ {1, κ} of ρ(η, β, λ), which decides whether and how fast the run converges.
    """
    lrs = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12]
    betas = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    w0 = torch.tensor([-9.0, 1.5], dtype=torch.float64)

    def loss(w):
        return quadratic(w, condition_number=kappa)[0]

    def grad(w):
        return quadratic(w, condition_number=kappa)[1]

    figure = Figure(figsize=(8.5, 4.0))
    ax = figure.subplots()
    plots.loss_contours(ax, loss, xlim=(-10, 6), ylim=(-3.2, 3.2))
    ax.plot(0, 0, "k*", markersize=12)
    ax.plot(*w0, "ko", markerfacecolor="none")
    ax.set_title(f"Heavy ball on L(w) = ½(w₁² + {kappa:g} w₂²), {steps} steps from ○ to ★")
    figure.tight_layout()
    canvas = Canvas(figure)

    eta_star, beta_star, _ = dynamics.optimal_heavy_ball(1.0, kappa)
    frames, captions = [], []
    for lr in lrs:
        for beta in betas:
            path = optimizers.run(optimizers.momentum_textbook_, w0, grad, steps, lr=lr, beta=beta)
            frames.append(canvas.path(ax, path[:, 0].tolist(), path[:, 1].tolist(), color=_LINE, width=1.5))
            rate = max(dynamics.heavy_ball_rate(lr, beta, lam).item() for lam in (1.0, kappa))
            final = loss(path[-1]).item()
            verdict = (f"L(w_{steps}) = {final:.1e}" if rate < 1
                       else f"does not converge (L(w_{steps}) = {final:.1e})")
            captions.append(f"η = {lr:.2f}, β = {beta:.1f}: {verdict}; slowest direction's rate "
                            f"ρ = {rate:.3f} per step (Polyak's optimum: η* = {eta_star:.3f}, "
                            f"β* = {beta_star:.3f}, ρ = {beta_star ** 0.5:.3f})")
    sliders = [Slider("η", lrs, "{:.2f}", start=lrs.index(0.07)), Slider("β", betas, "{:.1f}")]
    return SliderWidget(canvas, sliders, frames, captions, title="Heavy ball on the valley: move η and β")


def momentum_phase_diagram(steps: int = 40) -> SliderWidget:
    """Left: heavy ball's rate ρ(ηλ, β) per eigen-direction, with a marker at the chosen point.
    Right: that direction's error e_t from e₀ = 1, v₀ = 0 (run with ``momentum_textbook_`` on
    L(e) = ½e², so η = ηλ), and the envelope ρᵗ the diagram predicts.
    """
    hs = [0.25 * k for k in range(1, 17)]                    # ηλ = 0.25 … 4.0
    betas = [round(0.1 * k, 1) for k in range(10)] + [0.95]  # β = 0 … 0.9, 0.95

    figure = Figure(figsize=(10, 4.0))
    diagram, run = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    h_grid = torch.linspace(0.0, 4.2, 210, dtype=torch.float64)
    beta_grid = torch.linspace(0.0, 1.0, 101, dtype=torch.float64)
    H, B = torch.meshgrid(h_grid, beta_grid, indexing="xy")
    rate = dynamics.heavy_ball_rate(H, B, 1.0)
    H, B = H.numpy(), B.numpy()  # matplotlib warns on tensors (numpy's __array__ copy protocol)
    image = diagram.pcolormesh(H, B, rate.clamp(max=1.0).numpy(), cmap="magma_r", shading="auto", vmin=0, vmax=1)
    diagram.contourf(H, B, (rate >= 1).double().numpy(), levels=[0.5, 1.5], colors=["0.8"])
    figure.colorbar(image, ax=diagram, label="rate ρ per step (grey: diverges)")
    b_line = torch.linspace(0, 1, 200, dtype=torch.float64)
    diagram.plot(((1 - b_line.sqrt()) ** 2).numpy(), b_line.numpy(), "w-", linewidth=1)
    diagram.plot(((1 + b_line.sqrt()) ** 2).numpy(), b_line.numpy(), "w--", linewidth=1)
    diagram.set(xlim=(0, 4.2), ylim=(-0.03, 1.0), xlabel="ηλ", ylabel="β", title="Heavy ball's rate per direction")
    run.axhline(0, color="0.6", linewidth=0.8)
    run.set(xlim=(0, steps), ylim=(-1.3, 1.3), xlabel="step t", ylabel="error e_t",
            title="The error along that direction (dashed: ρᵗ)")
    figure.tight_layout()
    canvas = Canvas(figure)

    t = list(range(steps + 1))
    frames, captions = [], []
    for h in hs:
        for beta in betas:
            errors = optimizers.run(optimizers.momentum_textbook_, torch.ones(1, dtype=torch.float64), lambda e: e, steps, lr=h, beta=beta)[:, 0]
            rho = dynamics.heavy_ball_rate(h, beta, 1.0).item()
            envelope = [rho**k for k in t]
            frames.append(canvas.marker(diagram, h, beta)
                          + canvas.path(run, t, envelope, color=_SECOND, width=1, dash="4 3")
                          + canvas.path(run, t, errors.tolist(), color=_LINE, width=1.5))
            verdict = "diverges" if rho >= 1 else dynamics.damping_regime(h, beta, 1.0)
            captions.append(f"ηλ = {h:.2f}, β = {beta:.2f}: rate ρ = {rho:.3f} per step, {verdict}; "
                            f"|e_{steps}| = {abs(errors[-1].item()):.1e}")
    sliders = [Slider("ηλ", hs, "{:.2f}", start=hs.index(1.0)), Slider("β", betas, "{:.2f}", start=5)]
    return SliderWidget(canvas, sliders, frames, captions, title="Momentum's phase diagram: move ηλ and β")


def schedule_shapes(lr: float = 0.1, min_lr: float = 0.01, horizon: int = 200) -> SliderWidget:
    """Warm-up + cosine (``schedules.warmup_cosine``) and one-cycle (``schedules.one_cycle`` with
    pct_start = W / T) over W warm-up steps and a cycle of T steps; η after T is the cosine's floor."""
    warmups = [0, 5, 10, 20, 30, 40]
    cycles = [50, 100, 150, 200]

    figure = Figure(figsize=(8, 3.6))
    ax = figure.subplots()
    ax.set(xlim=(0, horizon), ylim=(0, 1.08 * lr), xlabel="step t", ylabel="learning rate η_t",
           title=f"Peak η₀ = {lr:g}: warm-up + cosine (red, floor {min_lr:g}) and one-cycle (blue)")
    ax.grid(alpha=0.3)
    figure.tight_layout()
    canvas = Canvas(figure)

    frames, captions = [], []
    for warmup in warmups:
        for cycle in cycles:
            cosine = functools.partial(schedules.warmup_cosine, lr=lr, warmup_steps=warmup,
                                       total_steps=cycle, min_lr=min_lr)
            cycle_1 = functools.partial(schedules.one_cycle, lr=lr, total_steps=cycle, pct_start=warmup / cycle)
            steps = range(horizon + 1)
            cosine_lrs = [cosine(t) for t in steps]
            one_cycle_lrs = [cycle_1(t) for t in range(cycle + 1)]  # one-cycle ends at T
            frames.append(canvas.path(ax, list(steps), cosine_lrs, color=_LINE, width=2)
                          + canvas.path(ax, list(range(cycle + 1)), one_cycle_lrs, color=_SECOND, width=2))
            peak = max(range(cycle + 1), key=one_cycle_lrs.__getitem__)
            captions.append(f"W = {warmup}, T = {cycle}: mean η over the first T steps {statistics.fmean(cosine_lrs[:cycle]):.4f}"
                            f" (warm-up + cosine) vs {statistics.fmean(one_cycle_lrs[:cycle]):.4f} (one-cycle, "
                            f"highest at step {peak}, last η_T = {one_cycle_lrs[-1]:.1e})")
    sliders = [Slider("warm-up W", warmups, "{} steps", start=2), Slider("cycle T", cycles, "{} steps", start=1)]
    return SliderWidget(canvas, sliders, frames, captions, title="Schedule shapes: move the warm-up and the cycle")


def noise_floor(n: int = 1000, epochs: int = 10, seed: int = 0) -> SliderWidget:
    """Constant-step mini-batch SGD on SYNTHETIC least squares over (η, |B|): the excess loss
    L(w) − L(w*) after each epoch, and its floor, the median over the last half of the epochs.
    Gradient descent (η = 0.5) is the grey reference.

    The data follow the why_sample chapter's recipe (y = x·(1.5, −0.8) + 0.5 ξ) with N = ``n``
    and two independent features of scales 1 and 0.5 (Hessian eigenvalues ≈ 1 and 0.25), so
    that every run with enough steps per epoch reaches its floor within ``epochs`` epochs.
    """
    lrs = [0.02, 0.05, 0.1, 0.2, 0.5]
    batch_sizes = [4, 16, 64, 256]
    generator = torch.Generator().manual_seed(seed)
    z = torch.randn(n, 2, dtype=torch.float64, generator=generator)
    X = z * torch.tensor([1.0, 0.5], dtype=torch.float64)  # synthetic features
    y = X @ torch.tensor([1.5, -0.8], dtype=torch.float64) + 0.5 * torch.randn(n, dtype=torch.float64,
                                                                               generator=generator)
    w_star = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    optimum = least_squares_loss(w_star, X, y).item()
    w0 = torch.tensor([-1.0, 2.0], dtype=torch.float64)
    epoch_axis = list(range(1, epochs + 1))

    gd, w = [], w0
    for _ in epoch_axis:
        w = w - 0.5 * least_squares_gradient(w, X, y)
        gd.append(least_squares_loss(w, X, y).item() - optimum)
    figure = Figure(figsize=(8, 4.0))
    ax = figure.subplots()
    ax.semilogy(epoch_axis, gd, "o-", color="0.6", markersize=3, label="GD, η = 0.5")
    ax.set(xlim=(1, epochs), ylim=(1e-5, 10), xlabel="epoch (N per-sample gradients each)",
           ylabel="L(w) − L(w*)", title=f"SGD on SYNTHETIC least squares, N = {n}: the noise floor")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    figure.tight_layout()
    canvas = Canvas(figure)

    frames, captions = [], []
    for lr in lrs:
        for batch_size in batch_sizes:
            _, losses = sgd_least_squares(X, y, lr=lr, batch_size=batch_size, epochs=epochs, w0=w0,
                                          generator=torch.Generator().manual_seed(seed + 1))
            excess = [max(loss - optimum, 1e-12) for loss in losses]  # never ≤ 0 on a log axis
            floor = statistics.median(excess[epochs // 2:])
            frames.append(canvas.path(ax, epoch_axis, excess, color=_LINE, width=2, dots=True)
                          + canvas.path(ax, [1, epochs], [floor, floor], color=_LINE, width=1, dash="5 4"))
            captions.append(f"η = {lr:g}, |B| = {batch_size} ({-(-n // batch_size)} steps per epoch): "
                            f"floor (median excess loss of epochs {epochs // 2 + 1}–{epochs}) = {floor:.1e}; "
                            f"after epoch 1: {excess[0]:.1e}")
    sliders = [Slider("η", lrs, "{:g}", start=2), Slider("|B|", batch_sizes, "{}", start=1)]
    return SliderWidget(canvas, sliders, frames, captions, title="SGD's noise floor on SYNTHETIC least squares: move η and the batch size")
