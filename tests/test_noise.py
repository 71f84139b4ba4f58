"""sgdcourse.noise: the noise-scale estimator against closed forms, the bounds against exact recursions."""

import pytest
import torch
import torch.nn.functional as F

from sgdcourse.noise import (
    compare_with, expected_sgd_step, full_gradient, gradient_noise_scale, least_squares_noise_constants,
    per_sample_gradients, sgd_bound_convex, sgd_bound_decreasing, sgd_bound_strongly_convex, two_batch_noise_scale,
)
from sgdcourse.sampling import least_squares_gradient, least_squares_sample_gradients


def half_squared_error(outputs, targets):
    """ℓ = ½ (output − target)², averaged: least squares as a model's loss."""
    return (outputs.squeeze(-1) - targets).square().mean() / 2


def linear_model(w):
    model = torch.nn.Linear(len(w), 1, bias=False).double()
    with torch.no_grad():
        model.weight.copy_(w[None])
    return model


def synthetic_least_squares(n=3000, d=4, seed=0):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, dtype=torch.float64, generator=generator) * torch.linspace(0.5, 2.0, d, dtype=torch.float64)
    y = X @ torch.ones(d, dtype=torch.float64) + torch.randn(n, dtype=torch.float64, generator=generator)
    return X, y


def test_noise_scale_of_all_samples_is_the_finite_sum_closed_form():
    X, y = synthetic_least_squares()
    w = torch.tensor([0.3, -1.0, 2.0, 0.5], dtype=torch.float64)
    rows = least_squares_sample_gradients(w, X, y)  # ∇ℓ_i(w) = x_i (x_iᵀw − y_i)
    gradient = rows.mean(dim=0)
    trace = (rows - gradient).square().sum(dim=1).mean().item()
    scale = gradient_noise_scale(linear_model(w), half_squared_error, X, y, samples=None, chunk=1000)
    assert scale.samples == len(y) and scale.trace_covariance_error == 0.0
    assert scale.gradient_squared_norm == pytest.approx(gradient.dot(gradient).item(), rel=1e-10)
    assert scale.trace_covariance == pytest.approx(trace, rel=1e-10)
    assert scale.b_simple == pytest.approx(trace / gradient.dot(gradient).item(), rel=1e-10)


def test_noise_scale_of_a_gaussian_linear_model_is_d_plus_one():
    # x ~ N(0, I_d), y = 0: ∇ℓ = x xᵀ w, so ∇L = w and Σ = E[x xᵀ w wᵀ x xᵀ] − w wᵀ = ‖w‖² I + w wᵀ
    # (Isserlis), tr Σ = (d + 1)‖w‖²: B_simple = d + 1 whatever w.
    d, n = 6, 40_000
    X = torch.randn(n, d, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    w = torch.tensor([1.0, -2.0, 0.5, 0.0, 3.0, 1.0], dtype=torch.float64)
    scale = gradient_noise_scale(linear_model(w), half_squared_error, X, torch.zeros(n, dtype=torch.float64),
                                 samples=4000, generator=torch.Generator().manual_seed(2), chunk=500)
    assert scale.samples == 4000 and scale.b_simple_error > 0
    assert scale.b_simple == pytest.approx(d + 1, rel=0.06)
    assert scale.b_simple_error == pytest.approx(scale.trace_covariance_error / scale.gradient_squared_norm)


def test_subsampled_trace_is_within_its_standard_error_of_the_full_one():
    X, y = synthetic_least_squares(n=5000)
    model = linear_model(torch.ones(4, dtype=torch.float64))  # at the true weights: ∇ℓ_i = x_i · noise_i
    exact = gradient_noise_scale(model, half_squared_error, X, y, samples=None, chunk=1000)
    estimates = [gradient_noise_scale(model, half_squared_error, X, y, samples=500,
                                      generator=torch.Generator().manual_seed(seed)) for seed in range(20)]
    z = [(e.trace_covariance - exact.trace_covariance) / e.trace_covariance_error for e in estimates]
    assert max(abs(v) for v in z) < 4
    # The standard error means what it says: the estimates scatter by about that much.
    spread = torch.tensor([e.trace_covariance for e in estimates]).std().item()
    typical_error = sum(e.trace_covariance_error for e in estimates) / len(estimates)
    assert 0.5 < spread / typical_error < 1.5


def small_classifier():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3)).double()


def classification_data(n=23):
    generator = torch.Generator().manual_seed(3)
    return (torch.randint(0, 256, (n, 6), generator=generator, dtype=torch.uint8),
            torch.randint(0, 3, (n,), generator=generator))


def scaled(images):
    return images.double() / 255


def test_per_sample_gradients_match_a_loop_of_autograd():
    model, (images, labels) = small_classifier(), classification_data()
    chunks = list(per_sample_gradients(model, F.cross_entropy, images, labels, transform=scaled, chunk=10))
    assert [len(next(iter(c.values()))) for c in chunks] == [10, 10, 3]
    for name, p in model.named_parameters():
        vmapped = torch.cat([c[name] for c in chunks])
        for i in range(len(labels)):
            loss = F.cross_entropy(model(scaled(images[i:i + 1])), labels[i:i + 1])
            torch.testing.assert_close(vmapped[i], torch.autograd.grad(loss, p)[0], rtol=1e-10, atol=1e-12)


def test_full_gradient_is_the_gradient_of_the_mean_loss_in_uneven_chunks():
    model, (images, labels) = small_classifier(), classification_data()
    reference = torch.autograd.grad(F.cross_entropy(model(scaled(images)), labels), list(model.parameters()))
    got = full_gradient(model, F.cross_entropy, images, labels, transform=scaled, chunk=7)
    torch.testing.assert_close(got, torch.cat([g.flatten() for g in reference]), rtol=1e-10, atol=1e-12)


def test_compare_with_gives_distances_dots_and_norms():
    model, (images, labels) = small_classifier(), classification_data(n=5)
    grads = next(per_sample_gradients(model, F.cross_entropy, images, labels, transform=scaled))
    rows = torch.cat([g.flatten(1) for g in grads.values()], dim=1)
    reference = torch.randn(rows.shape[1], dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    distances, dots, norms = compare_with(grads, reference)
    torch.testing.assert_close(distances, (rows - reference).square().sum(dim=1))
    torch.testing.assert_close(dots, rows @ reference)
    torch.testing.assert_close(norms, rows.square().sum(dim=1))


def exact_scalar_sgd(lr, curvature, noise, x0, steps):
    """E[f(x_k)] for f = λx²/2 and g = λx + ξ, Var ξ = σ²: E[x²] follows (1 − ηλ)² E[x²] + η²σ² exactly."""
    second_moment, values = x0 ** 2, []
    for _ in range(steps + 1):
        values.append(curvature * second_moment / 2)
        second_moment = (1 - lr * curvature) ** 2 * second_moment + lr ** 2 * noise
    return torch.tensor(values, dtype=torch.float64)


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.5])
def test_strongly_convex_bound_holds_on_a_scalar_quadratic_and_has_the_stated_ends(lr):
    mu = L = 2.0  # one direction: f is both μ-strongly convex and L-smooth with μ = L = λ
    noise, x0, steps = 0.3, 3.0, 400
    exact = exact_scalar_sgd(lr, L, noise, x0, steps)
    bound = sgd_bound_strongly_convex(torch.arange(steps + 1), lr, L, mu, noise, exact[0].item())
    assert (exact <= bound * (1 + 1e-12)).all()
    assert bound[0].item() == pytest.approx(exact[0].item())
    assert sgd_bound_strongly_convex(10**6, lr, L, mu, noise, 1.0).item() == pytest.approx(lr * L * noise / (2 * mu))
    # The bound is the fixed point recursion Δ_{k+1} = (1 − ημ)Δ_k + η²LM/2 of the proof.
    torch.testing.assert_close(bound[1:], (1 - lr * mu) * bound[:-1] + lr ** 2 * L * noise / 2)


def test_bounds_refuse_steps_outside_their_range():
    with pytest.raises(ValueError, match="η ≤"):
        sgd_bound_strongly_convex(5, lr=0.6, smoothness=1.0, strong_convexity=0.1, noise=1.0, initial_gap=1.0,
                                  noise_growth=1.0)
    with pytest.raises(ValueError, match="μ ≤ L"):
        sgd_bound_strongly_convex(5, lr=0.1, smoothness=1.0, strong_convexity=2.0, noise=1.0, initial_gap=1.0)
    with pytest.raises(ValueError, match="η ≤"):
        sgd_bound_convex(5, lr=0.6, smoothness=1.0, noise=1.0, initial_distance=1.0)
    with pytest.raises(ValueError, match="β > 1/μ"):
        sgd_bound_decreasing(5, scale=5.0, offset=10.0, smoothness=1.0, strong_convexity=0.1, noise=1.0,
                             initial_gap=1.0)


@pytest.mark.parametrize("scale, offset", [(15.0, 20.0), (40.0, 250.0), (11.0, 11.0)])
def test_decreasing_bound_dominates_the_worst_case_recursion(scale, offset):
    mu, L, noise, gap = 0.1, 1.0, 0.5, 2.0
    bound = sgd_bound_decreasing(torch.arange(20_001), scale, offset, L, mu, noise, gap)
    delta = gap
    for k in range(20_000):
        assert delta <= bound[k].item() * (1 + 1e-12)
        lr = scale / (offset + k)
        delta = (1 - lr * mu) * delta + lr ** 2 * L * noise / 2
    assert bound[-1] < bound[0] / 50  # no floor: it keeps falling like 1/k


def test_convex_bound_holds_on_a_scalar_quadratic():
    lr, curvature, noise, x0, steps = 0.2, 1.5, 0.4, 2.0, 300
    exact = exact_scalar_sgd(lr, curvature, noise, x0, steps)
    running_average = exact[:-1].cumsum(dim=0) / torch.arange(1, steps + 1)
    bound = sgd_bound_convex(torch.arange(1, steps + 1), lr, curvature, noise, abs(x0))
    assert (running_average <= bound).all()
    assert bound[-1].item() == pytest.approx(x0 ** 2 / (lr * steps) + lr * noise)


def test_least_squares_noise_constants_bound_the_variance_and_are_not_loose_at_large_gradients():
    X, y = synthetic_least_squares(n=2000, d=3)
    n = len(y)
    A = X.T @ X / n
    w_star = torch.linalg.solve(A, X.T @ y / n)

    def variance(w):  # one sample's E‖∇ℓ_i − ∇L‖², over all n samples
        rows = least_squares_sample_gradients(w, X, y)
        return (rows - rows.mean(dim=0)).square().sum(dim=1).mean().item()

    noise, growth = least_squares_noise_constants(X, y)
    generator = torch.Generator().manual_seed(0)
    for scale in (0.01, 0.1, 1.0, 10.0, 100.0):
        for _ in range(20):
            w = w_star + scale * torch.randn(3, dtype=torch.float64, generator=generator)
            gradient = least_squares_gradient(w, X, y)
            assert variance(w) <= noise + growth * gradient.dot(gradient).item() + 1e-9
    assert variance(w_star) <= noise < 1.01 * variance(w_star)
    # Far out, V/‖∇L‖² reaches half of M_V along the worst direction (M_V is twice the least possible).
    A_inv = torch.linalg.inv(A)
    P = X[:, :, None] * X[:, None, :] - A
    Q = torch.einsum("nij,njk->ik", P, P) / n
    worst = torch.linalg.eigh(A_inv @ Q @ A_inv).eigenvectors[:, -1]
    w = w_star + 1e4 * A_inv @ worst
    gradient = least_squares_gradient(w, X, y)
    assert variance(w) / gradient.dot(gradient).item() == pytest.approx(growth / 2, rel=1e-3)
    # A batch of |B| independent samples divides both constants by |B|.
    assert least_squares_noise_constants(X, y, 8) == pytest.approx((noise / 8, growth / 8))


def test_expected_sgd_step_is_the_mean_over_every_possible_batch():
    X, y = synthetic_least_squares(n=12, d=2)
    w0, lr = torch.tensor([2.0, -1.0], dtype=torch.float64), 0.3
    A, b = X.T @ X / len(y), X.T @ y / len(y)
    expected = expected_sgd_step(w0, A, b, lr)
    # |B| = 2 with replacement: all 144 ordered pairs are equally likely.
    pairs = torch.cartesian_prod(torch.arange(12), torch.arange(12))
    steps = torch.stack([w0 - lr * least_squares_gradient(w0, X[pair], y[pair]) for pair in pairs])
    torch.testing.assert_close(steps.mean(dim=0), expected, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(expected, w0 - lr * least_squares_gradient(w0, X, y), rtol=1e-12, atol=1e-12)
    assert not torch.allclose(steps[0], expected)  # single batches do scatter around it


def test_two_batch_estimate_recovers_the_exact_noise_scale_from_batch_norms_alone():
    generator = torch.Generator().manual_seed(7)
    per_sample = torch.randn(400, 6, dtype=torch.float64, generator=generator) + 0.3  # g_i, rows
    G = per_sample.mean(0)
    trace = (per_sample - G).square().sum(1).mean().item()
    exact = trace / G.dot(G).item()

    def squared_norms(batch, draws):
        rows = torch.randint(400, (draws, batch), generator=generator)  # with replacement
        return per_sample[rows].mean(1).square().sum(1)

    small, big = squared_norms(4, 40_000), squared_norms(64, 40_000)
    trace_hat, norm_hat, b_hat = two_batch_noise_scale(small, big, 4, 64)
    # the estimates' spread over 40,000 draws is below 2 % here; a wrong formula is off by far more
    assert trace_hat == pytest.approx(trace, rel=0.03)
    assert norm_hat == pytest.approx(G.dot(G).item(), rel=0.05)
    assert b_hat == pytest.approx(exact, rel=0.06)
    # exact expectations in, exact answer out
    assert two_batch_noise_scale([G.dot(G).item() + trace / 2], [G.dot(G).item() + trace / 32], 2, 32) \
        == pytest.approx((trace, G.dot(G).item(), exact), rel=1e-12)
    with pytest.raises(ValueError, match="small_batch < big_batch"):
        two_batch_noise_scale(small, big, 64, 4)
