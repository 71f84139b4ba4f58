"""sgdcourse.dynamics against closed forms and against runs of the course's own update rules."""

import math

import pytest
import torch

from sgdcourse import dynamics
from sgdcourse.optimizers import momentum_textbook_


def test_gd_rate_is_the_contraction_of_one_gd_step():
    for lr, curvature in [(0.1, 1.0), (0.07, 25.0), (0.1, 25.0)]:
        e = torch.tensor([1.0], dtype=torch.float64)
        e_next = e - lr * curvature * e
        assert dynamics.gd_rate(lr, curvature).item() == pytest.approx(abs(e_next.item()), rel=1e-14)


def test_heavy_ball_matrix_is_one_step_of_the_velocity_form():
    generator = torch.Generator().manual_seed(0)
    for lr, beta, curvature in [(0.1, 0.9, 1.0), (0.035, 0.5, 25.0), (1.0, 0.0, 0.3)]:
        e, v = torch.randn(2, dtype=torch.float64, generator=generator)
        e_run, v_run = e.clone().reshape(1), v.clone().reshape(1)
        momentum_textbook_(e_run, curvature * e_run, {"velocity": v_run}, lr=lr, beta=beta)
        predicted = dynamics.heavy_ball_matrix(lr, beta, curvature) @ torch.stack([e, v])
        torch.testing.assert_close(predicted, torch.cat([e_run, v_run]), rtol=1e-14, atol=1e-14)


def test_matrices_broadcast_over_a_grid():
    h = torch.linspace(0.1, 3.0, 7)
    beta = torch.linspace(0.0, 0.95, 5)
    grid_h, grid_beta = torch.meshgrid(h, beta, indexing="ij")
    matrices = dynamics.heavy_ball_matrix(grid_h, grid_beta, 1.0)
    assert matrices.shape == (7, 5, 2, 2)
    torch.testing.assert_close(dynamics.spectral_radius(matrices), dynamics.heavy_ball_rate(grid_h, grid_beta, 1.0))


@pytest.mark.parametrize("rate_of, matrix_of", [
    (dynamics.heavy_ball_rate, dynamics.heavy_ball_matrix),
    (dynamics.nesterov_rate, dynamics.nesterov_matrix),
])
def test_closed_form_rates_are_the_spectral_radius_of_the_iteration_matrix(rate_of, matrix_of):
    h = torch.linspace(0.01, 4.5, 60, dtype=torch.float64)
    beta = torch.linspace(0.0, 0.99, 40, dtype=torch.float64)
    grid_h, grid_beta = torch.meshgrid(h, beta, indexing="ij")
    torch.testing.assert_close(rate_of(grid_h, grid_beta, 1.0),
                               dynamics.spectral_radius(matrix_of(grid_h, grid_beta, 1.0)), rtol=1e-10, atol=1e-12)


def test_under_damped_rate_is_root_beta():
    # Complex roots z, z̄ with z z̄ = β.
    for beta in (0.3, 0.81, 0.9):
        h = (1 - math.sqrt(beta)) ** 2 + 0.05  # just past critical damping
        assert dynamics.damping_regime(h, beta, 1.0) == "under-damped"
        assert dynamics.heavy_ball_rate(h, beta, 1.0).item() == pytest.approx(math.sqrt(beta), rel=1e-12)


def test_optimal_heavy_ball_matches_polyak_and_the_spectral_radius():
    for mu, big_l in [(1.0, 25.0), (0.01, 1.0), (2.0, 2000.0)]:
        kappa = big_l / mu
        lr, beta, rate = dynamics.optimal_heavy_ball(mu, big_l)
        assert rate == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), rel=1e-12)
        assert beta == pytest.approx(rate**2, rel=1e-12)
        assert lr == pytest.approx(4 / (math.sqrt(mu) + math.sqrt(big_l)) ** 2, rel=1e-12)
        # Every eigenvalue in [μ, L] contracts at the same rate; the matrix's radius at the ends is it.
        curvatures = torch.linspace(mu, big_l, 101, dtype=torch.float64)
        torch.testing.assert_close(dynamics.heavy_ball_rate(lr, beta, curvatures),
                                   torch.full_like(curvatures, rate), rtol=1e-6, atol=0.0)
        for end in (mu, big_l):
            # a double root: the eigen-solver's error is √(machine ε), not ε
            assert dynamics.spectral_radius(dynamics.heavy_ball_matrix(lr, beta, end)).item() == pytest.approx(rate, rel=1e-6)
            assert dynamics.damping_regime(lr, beta, end) == "critically damped"
        # Any other (η, β) is worse somewhere on [μ, L].
        for other_lr, other_beta in [(lr * 1.05, beta), (lr * 0.95, beta), (lr, beta * 1.05), (lr, beta * 0.9)]:
            worst = dynamics.heavy_ball_rate(other_lr, other_beta, curvatures).max().item()
            assert worst > rate + 1e-4


def test_optimal_gd_balances_the_two_ends_and_is_slower_than_heavy_ball():
    for mu, big_l in [(1.0, 25.0), (0.5, 400.0)]:
        lr, rate = dynamics.optimal_gd(mu, big_l)
        kappa = big_l / mu
        assert rate == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
        assert dynamics.gd_rate(lr, mu).item() == pytest.approx(rate, rel=1e-12)
        assert dynamics.gd_rate(lr, big_l).item() == pytest.approx(rate, rel=1e-12)
        assert dynamics.gd_rate(lr * 1.01, torch.tensor([mu, big_l])).max().item() > rate
        assert dynamics.optimal_heavy_ball(mu, big_l)[2] < rate


@pytest.mark.parametrize("lr, beta, curvature", [
    (0.1, 0.5, 1.0),       # under-damped
    (0.01, 0.3, 1.0),      # over-damped
    (0.07, 0.9, 25.0),     # the chapter's steep direction
    (0.1, 0.1, 25.0),      # sign-flipping
])
def test_simulated_rate_of_the_optimizer_matches_the_spectral_radius(lr, beta, curvature):
    simulated = dynamics.simulated_rate(lr, beta, curvature, steps=3000)
    assert simulated == pytest.approx(dynamics.heavy_ball_rate(lr, beta, curvature).item(), rel=2e-3)


def test_simulated_nesterov_rate_matches_its_matrix():
    for lr, beta, curvature in [(0.035, 0.9, 1.0), (0.035, 0.9, 25.0), (0.05, 0.5, 10.0)]:
        simulated = dynamics.simulated_rate(lr, beta, curvature, steps=3000, nesterov=True)
        assert simulated == pytest.approx(dynamics.nesterov_rate(lr, beta, curvature).item(), rel=2e-3)


def test_stability_boundary_is_two_times_one_plus_beta():
    for beta in (0.0, 0.5, 0.9, 0.99):
        edge = 2 * (1 + beta)
        assert dynamics.heavy_ball_rate(edge, beta, 1.0).item() == pytest.approx(1.0, rel=1e-12)
        assert dynamics.heavy_ball_rate(edge * 0.999, beta, 1.0).item() < 1
        assert dynamics.heavy_ball_rate(edge * 1.001, beta, 1.0).item() > 1
        assert dynamics.simulated_rate(edge * 0.99, beta, 1.0, steps=2000) < 1
        assert dynamics.simulated_rate(edge * 1.01, beta, 1.0, steps=2000) > 1
    # β = 0 is gradient descent: the same boundary ηλ = 2 and the same rate.
    h = torch.linspace(0.05, 2.5, 50)
    torch.testing.assert_close(dynamics.heavy_ball_rate(h, 0.0, 1.0), dynamics.gd_rate(h, 1.0))


def test_damping_regimes_and_critical_beta():
    h = 0.25
    beta_c = dynamics.critical_beta(h, 1.0).item()
    assert beta_c == pytest.approx(0.25)  # (1 − √0.25)²
    assert dynamics.damping_regime(h, beta_c, 1.0) == "critically damped"
    assert dynamics.damping_regime(h, beta_c * 0.9, 1.0) == "over-damped"
    assert dynamics.damping_regime(h, beta_c * 1.1, 1.0) == "under-damped"
    assert dynamics.damping_regime(1.75, 0.0, 1.0) == "sign-flipping"   # GD's zig-zag
    assert dynamics.damping_regime(0.5, 0.0, 1.0) == "over-damped"      # GD creeping
    with pytest.raises(ValueError, match="ηλ"):
        dynamics.critical_beta(1.5, 1.0)


def test_friction_limit_follows_the_damped_oscillator():
    # ẍ = −b ẋ − λx, x(0) = 1, ẋ(0) = 0, under-damped: x(t) = e^{−bt/2} (cos ωt + (b / 2ω) sin ωt).
    friction, curvature, horizon = 0.5, 4.0, 3.0
    omega = math.sqrt(curvature - friction**2 / 4)
    exact = math.exp(-friction * horizon / 2) * (math.cos(omega * horizon) + friction / (2 * omega) * math.sin(omega * horizon))
    errors = []
    for steps in (300, 3000):
        lr, beta = dynamics.friction_to_momentum(friction, horizon / steps)
        x, v = torch.ones(1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)
        for _ in range(steps):
            momentum_textbook_(x, curvature * x, {"velocity": v}, lr=lr, beta=beta)
        errors.append(abs(x.item() - exact))
    assert errors[1] < 0.02
    assert errors[1] < errors[0] / 5  # first order in Δt: ten times smaller step, about ten times smaller error


def test_stationary_variance_matches_closed_forms_and_a_noisy_run():
    # β = 0: SGD's η²σ²/(h(2 − h)); small h: η σ² / (2λ(1 − β)).
    assert dynamics.stationary_variance(0.1, 0.0, 2.0, 3.0).item() == pytest.approx(0.01 * 9 / (0.2 * 1.8))
    assert dynamics.stationary_variance(1e-4, 0.9, 1.0, 1.0).item() == pytest.approx(1e-4 / (2 * 0.1), rel=1e-3)
    lr, beta, curvature, sigma = 0.05, 0.8, 2.0, 1.0
    generator = torch.Generator().manual_seed(0)
    chains, burn_in, steps = 2000, 300, 600
    e, v = torch.zeros(chains, dtype=torch.float64), torch.zeros(chains, dtype=torch.float64)
    samples = []
    for t in range(steps):
        noise = torch.randn(chains, dtype=torch.float64, generator=generator)
        momentum_textbook_(e, curvature * e + sigma * noise, {"velocity": v}, lr=lr, beta=beta)
        if t >= burn_in:
            samples.append(e.square().mean())
    measured = torch.stack(samples).mean().item()
    assert measured == pytest.approx(dynamics.stationary_variance(lr, beta, curvature, sigma).item(), rel=0.03)
    with pytest.raises(ValueError):
        dynamics.stationary_variance(lr, beta, 100.0, sigma)  # ηλ = 5 > 2(1 + β): no stationary state


def test_effective_sample_size_is_the_variance_reduction_of_the_ema():
    beta = 0.9
    generator = torch.Generator().manual_seed(1)
    noise = torch.randn(400, 5000, dtype=torch.float64, generator=generator)
    weights = (1 - beta) * beta ** torch.arange(400, dtype=torch.float64)
    averaged = weights @ noise  # 5000 EMAs of 400 unit-variance gradients
    assert dynamics.effective_sample_size(beta) == pytest.approx(19.0)
    assert 1 / averaged.var().item() == pytest.approx(dynamics.effective_sample_size(beta), rel=0.05)


def test_invalid_spectra_are_refused():
    with pytest.raises(ValueError, match="0 < μ ≤ L"):
        dynamics.optimal_heavy_ball(2.0, 1.0)
    with pytest.raises(ValueError, match="0 < μ ≤ L"):
        dynamics.optimal_gd(0.0, 1.0)


def test_nesterov_is_stable_on_a_narrower_range_than_heavy_ball():
    # Schur–Cohn on z² − (1 + β)(1 − h) z + β(1 − h): stable iff 0 < h < 2(1 + β)/(1 + 2β).
    for beta in (0.0, 0.5, 0.9):
        edge = 2 * (1 + beta) / (1 + 2 * beta)
        assert dynamics.nesterov_rate(edge * 0.999, beta, 1.0).item() < 1
        assert dynamics.nesterov_rate(edge * 1.001, beta, 1.0).item() > 1
        assert dynamics.simulated_rate(edge * 1.01, beta, 1.0, steps=2000, nesterov=True) > 1
        assert edge <= 2 * (1 + beta)
