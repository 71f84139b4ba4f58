"""Toy 2-D problems: analytic gradients against autograd, the stated minima, grid shapes."""

import pytest
import torch

from sgdcourse.data.toy import make_linear_regression, make_logistic_regression, quadratic, rosenbrock
from sgdcourse.landscape import newton_minimize

PROBLEMS = {
    "quadratic": lambda w: quadratic(w, condition_number=25.0),
    "rosenbrock": rosenbrock,
    "linear_regression": make_linear_regression(),
    "logistic_regression": make_logistic_regression(),
}


@pytest.mark.parametrize("name", PROBLEMS)
def test_analytic_gradient_matches_autograd(name):
    problem = PROBLEMS[name]
    points = torch.randn(10, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0)).requires_grad_()
    loss, grad = problem(points)
    (autograd,) = torch.autograd.grad(loss.sum(), points)
    torch.testing.assert_close(grad, autograd, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("name", PROBLEMS)
def test_a_grid_of_points_gives_a_grid_of_losses_and_gradients(name):
    grid = torch.stack(torch.meshgrid(torch.linspace(-2, 2, 7), torch.linspace(-1, 3, 5), indexing="ij"), dim=-1)
    loss, grad = PROBLEMS[name](grid.double())
    assert loss.shape == (7, 5) and grad.shape == (7, 5, 2)
    single_loss, single_grad = PROBLEMS[name](grid[3, 2].double())
    torch.testing.assert_close(single_loss, loss[3, 2])
    torch.testing.assert_close(single_grad, grad[3, 2])


def test_quadratic_curvatures_are_one_and_kappa():
    loss, grad = quadratic(torch.tensor([2.0, 3.0]), condition_number=10.0)
    assert loss.item() == pytest.approx(0.5 * (4 + 10 * 9))
    assert grad.tolist() == pytest.approx([2.0, 30.0])


def test_rosenbrock_minimum_is_zero_at_a_a_squared():
    loss, grad = rosenbrock(torch.tensor([1.5, 2.25], dtype=torch.float64), a=1.5)
    assert loss.item() == 0.0 and grad.abs().max().item() == 0.0
    assert rosenbrock(torch.tensor([0.0, 0.0]))[0].item() == pytest.approx(1.0)


def test_linear_regression_least_squares_solution_is_the_stationary_point_near_the_truth():
    problem = make_linear_regression(n=500, slope=2.0, intercept=-1.0, noise=0.5, seed=1)
    solution = problem.least_squares_solution()
    _, grad = problem(solution)
    assert grad.abs().max().item() < 1e-12
    # Standard errors of slope and intercept are about noise / sqrt(n) = 0.022.
    torch.testing.assert_close(solution, torch.tensor([2.0, -1.0], dtype=torch.float64), rtol=0, atol=0.1)
    assert problem(solution)[0] < problem(solution + torch.tensor([0.01, -0.01], dtype=torch.float64))[0]


def test_logistic_regression_newton_minimizer_has_zero_gradient_near_the_truth():
    problem = make_logistic_regression(n=2000, true_w=(2.0, -1.0), seed=1)
    w = problem.minimizer()
    _, grad = problem(w)
    assert grad.abs().max().item() < 1e-12
    torch.testing.assert_close(w, torch.tensor([2.0, -1.0], dtype=torch.float64), rtol=0, atol=0.3)
    assert set(problem.labels.unique().tolist()) == {0.0, 1.0}


def test_newton_solves_a_quadratic_in_one_step_and_refuses_to_fake_convergence():
    A = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    w = newton_minimize(lambda w: A @ w - b, lambda w: A, torch.zeros(2, dtype=torch.float64))
    torch.testing.assert_close(w, torch.linalg.solve(A, b), rtol=1e-14, atol=1e-15)
    # f(w) = √(1 + ‖w‖²) is convex but not strongly: Newton's step overshoots and diverges from here.
    with pytest.raises(RuntimeError, match="did not converge"):
        newton_minimize(lambda w: w / (1 + w @ w).sqrt(),
                        lambda w: (torch.eye(2, dtype=w.dtype) * (1 + w @ w) - torch.outer(w, w)) / (1 + w @ w) ** 1.5,
                        torch.tensor([2.0, 0.0], dtype=torch.float64))
