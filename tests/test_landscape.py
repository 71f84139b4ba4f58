"""sgdcourse.landscape against closed forms and torch's own Hessians."""

import math

import pytest
import torch

from sgdcourse import landscape
from sgdcourse.models import build_mlp


def _random_quadratic(d=6, seed=0, eigenvalues=None):
    generator = torch.Generator().manual_seed(seed)
    Q, _ = torch.linalg.qr(torch.randn(d, d, dtype=torch.float64, generator=generator))
    if eigenvalues is None:
        eigenvalues = torch.linspace(0.5, 20.0, d, dtype=torch.float64)
    A = Q @ torch.diag(torch.as_tensor(eigenvalues, dtype=torch.float64)) @ Q.T
    b = torch.randn(d, dtype=torch.float64, generator=generator)
    x = torch.randn(d, dtype=torch.float64, generator=generator)
    return (A + A.T) / 2, b, x


def test_the_gradient_direction_maximises_the_directional_derivative():
    gradient = torch.tensor([3.0, -4.0], dtype=torch.float64)
    angles = torch.linspace(0, 2 * math.pi, 3601, dtype=torch.float64)
    directions = torch.stack([angles.cos(), angles.sin()], -1)
    rates = landscape.directional_derivative(gradient, directions)
    best = directions[rates.argmax()]
    torch.testing.assert_close(best, gradient / gradient.norm(), atol=2e-3, rtol=0)
    assert rates.max().item() == pytest.approx(5.0, rel=1e-6)
    tangent = torch.tensor([4.0, 3.0], dtype=torch.float64)  # ⟂ gradient: along the level set
    assert landscape.directional_derivative(gradient, tangent).item() == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("alpha0, rho, c", [(1.0, 0.5, 1e-4), (1.0, 0.5, 0.5), (3.0, 0.8, 0.3), (10.0, 0.1, 0.9)])
def test_armijo_holds_at_the_returned_step_and_fails_at_the_one_before(alpha0, rho, c):
    A, b, x = _random_quadratic(seed=1)
    f = landscape.quadratic(A, b)
    grad = A @ x - b
    alpha, evaluations = landscape.armijo_backtracking(f, x, grad, alpha0=alpha0, rho=rho, c=c)
    slope = -(grad @ grad).item()
    assert landscape.armijo_holds(f(x).item(), f(x - alpha * grad).item(), slope, alpha, c)
    assert alpha == pytest.approx(alpha0 * rho ** (evaluations - 1), rel=1e-12)
    if evaluations > 1:
        before = alpha / rho
        assert not landscape.armijo_holds(f(x).item(), f(x - before * grad).item(), slope, before, c)


def test_armijo_on_a_quadratic_accepts_exactly_the_steps_below_2_1_minus_c_times_the_exact_step():
    # φ(α) = f + α gᵀd + ½α² dᵀAd ≤ f + cα gᵀd  ⇔  α ≤ 2(1 − c) α*,  α* = −gᵀd / dᵀAd.
    A, b, x = _random_quadratic(seed=2)
    f = landscape.quadratic(A, b)
    grad = A @ x - b
    exact = landscape.exact_line_search_quadratic(A, b, x)
    for c in (1e-4, 0.25, 0.5, 0.75):
        alpha, evaluations = landscape.armijo_backtracking(f, x, grad, alpha0=1.0, rho=0.5, c=c)
        largest = 2 * (1 - c) * exact
        expected_k = max(0, math.ceil(math.log(largest) / math.log(0.5)))  # smallest k with 0.5^k ≤ largest
        assert evaluations == expected_k + 1
        assert alpha <= largest < alpha / 0.5


def test_armijo_follows_a_given_direction_and_rejects_ascent():
    A, b, x = _random_quadratic(seed=3)
    f = landscape.quadratic(A, b)
    grad = A @ x - b
    newton = -torch.linalg.solve(A, grad)
    alpha, evaluations = landscape.armijo_backtracking(f, x, grad, newton, alpha0=1.0, rho=0.5, c=1e-4)
    assert (alpha, evaluations) == (1.0, 1)  # the Newton step minimises a quadratic outright
    with pytest.raises(ValueError, match="descent"):
        landscape.armijo_backtracking(f, x, grad, grad, alpha0=1.0, rho=0.5, c=1e-4)


def test_exact_line_search_is_the_argmin_on_a_fine_grid():
    for seed in range(3):
        A, b, x = _random_quadratic(seed=seed)
        f = landscape.quadratic(A, b)
        generator = torch.Generator().manual_seed(10 + seed)
        for d in (None, torch.randn(6, dtype=torch.float64, generator=generator)):
            direction = -(A @ x - b) if d is None else d
            alpha = landscape.exact_line_search_quadratic(A, b, x, d)
            grid = torch.linspace(alpha - 1, alpha + 1, 200_001, dtype=torch.float64)
            values = f(x + grid[:, None] * direction)
            assert grid[values.argmin()].item() == pytest.approx(alpha, abs=2e-5)


def test_exact_steepest_descent_step_lies_between_the_inverse_extreme_curvatures():
    A, b, x = _random_quadratic(seed=4)
    alpha = landscape.exact_line_search_quadratic(A, b, x)
    eigenvalues = torch.linalg.eigvalsh(A)
    assert 1 / eigenvalues[-1].item() <= alpha <= 1 / eigenvalues[0].item()


def test_hessian_vector_product_equals_the_explicit_hessian_times_v():
    torch.manual_seed(0)
    model = build_mlp(2, width=5, inputs=4, classes=3).double()
    inputs = torch.randn(7, 4, dtype=torch.float64)
    targets = torch.randint(0, 3, (7,))
    params = list(model.parameters())
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]

    def loss_of_flat(flat):
        tensors = [t.reshape(s) for t, s in zip(flat.split(sizes), shapes)]
        logits = torch.func.functional_call(model, dict(zip([n for n, _ in model.named_parameters()], tensors)), (inputs,))
        return torch.nn.functional.cross_entropy(logits, targets)

    flat = torch.cat([p.detach().flatten() for p in params])
    hessian = torch.autograd.functional.hessian(loss_of_flat, flat)
    v_flat = torch.randn(flat.numel(), dtype=torch.float64)
    v = [t.reshape(s) for t, s in zip(v_flat.split(sizes), shapes)]
    loss_fn = lambda: torch.nn.functional.cross_entropy(model(inputs), targets)
    product = landscape.hessian_vector_product(loss_fn, params, v)
    torch.testing.assert_close(torch.cat([t.flatten() for t in product]), hessian @ v_flat, rtol=1e-10, atol=1e-12)


def test_hessian_vector_product_of_a_quadratic_is_A_v():
    A, b, x = _random_quadratic(seed=5)
    w = x.clone().requires_grad_()
    v = torch.randn(6, dtype=torch.float64)
    (product,) = landscape.hessian_vector_product(lambda: landscape.quadratic(A, b)(w), [w], [v])
    torch.testing.assert_close(product, A @ v, rtol=1e-13, atol=1e-13)


def test_power_iteration_finds_the_largest_eigenvalue_of_a_known_quadratic():
    A, b, x = _random_quadratic(d=8, seed=6, eigenvalues=[0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 6.0, 9.0])
    w = x.clone().requires_grad_()
    result = landscape.top_hessian_eigenvalue(lambda: landscape.quadratic(A, b)(w), [w], iters=1000, tol=1e-12, seed=0)
    assert result.eigenvalue == pytest.approx(9.0, abs=1e-6)
    eigenvector = torch.linalg.eigh(A).eigenvectors[:, -1]
    assert abs(result.vector[0] @ eigenvector).item() == pytest.approx(1.0, abs=1e-6)
    assert result.iterations < 1000 and len(result.history) == result.iterations


def test_power_iteration_keeps_the_sign_of_a_dominant_negative_eigenvalue():
    A, _, _ = _random_quadratic(d=5, seed=7, eigenvalues=[-7.0, -1.0, 0.5, 2.0, 4.0])
    result = landscape.power_iteration(lambda v: [A @ v[0]], [torch.ones(5, dtype=torch.float64)], iters=1000, tol=1e-12)
    assert result.eigenvalue == pytest.approx(-7.0, abs=1e-6)


def test_power_iteration_error_shrinks_like_the_eigenvalue_ratio():
    # Rayleigh-quotient error of a symmetric matrix falls like (λ₂/λ₁)^(2k).
    A = torch.diag(torch.tensor([4.0, 2.0], dtype=torch.float64))
    result = landscape.power_iteration(lambda v: [A @ v[0]], [torch.tensor([1.0, 1.0], dtype=torch.float64)], iters=20, tol=0.0)
    errors = torch.tensor(result.history[5:15], dtype=torch.float64) - 4.0
    ratios = errors[1:] / errors[:-1]
    torch.testing.assert_close(ratios, torch.full_like(ratios, 0.25), rtol=1e-3, atol=0)


def test_four_wells_stationary_points_have_zero_gradient_and_the_stated_curvature_signs():
    points = landscape.four_wells_stationary_points()
    assert len(points) == 9
    assert sorted(p.kind for p in points).count("saddle") == 4
    assert [p.kind for p in points].count("minimum") == 4
    for point, hessian, kind in points:
        w = point.clone().requires_grad_()
        (gradient,) = torch.autograd.grad(landscape.four_wells(w), w)
        assert gradient.abs().max().item() == 0.0
        torch.testing.assert_close(landscape.four_wells_gradient(point), gradient, rtol=0, atol=0)
        torch.testing.assert_close(torch.autograd.functional.hessian(landscape.four_wells, point), hessian)
        eigenvalues = torch.linalg.eigvalsh(hessian)
        expected = {"minimum": (1, 1), "saddle": (-1, 1), "maximum": (-1, -1)}[kind]
        assert tuple(eigenvalues.sign().int().tolist()) == expected
    assert next(p.kind for p in points if p.point.abs().sum() == 0) == "maximum"


def test_four_wells_gradient_and_hessian_match_autograd_away_from_stationary_points():
    w = torch.tensor([[0.3, -1.7], [2.0, 0.1]], dtype=torch.float64)
    for row in w:
        torch.testing.assert_close(landscape.four_wells_gradient(row), torch.autograd.functional.jacobian(landscape.four_wells, row))
        torch.testing.assert_close(landscape.four_wells_hessian(row), torch.autograd.functional.hessian(landscape.four_wells, row))
