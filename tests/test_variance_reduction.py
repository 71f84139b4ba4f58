"""SVRG and SAGA converge linearly on a strongly convex finite sum; constant-step SGD stalls."""

import pytest
import torch

from sgdcourse import variance_reduction as vr

EPOCHS = 25
ROUNDING_LEVEL = 1e-13  # f(w*) ≈ 0.47 in float64: differences below this are rounding


@pytest.fixture(scope="module")
def problem():
    return vr.LogisticRegression.synthetic(n_samples=200, n_features=10, l2=5e-2, seed=0)


def test_gradients_and_hessian_match_autograd(problem):
    w = torch.randn(10, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    x = w.clone().requires_grad_()
    margins = problem.labels * (problem.features @ x)
    loss = torch.nn.functional.softplus(-margins).mean() + problem.l2 / 2 * x.dot(x)
    (autograd_gradient,) = torch.autograd.grad(loss, x)
    assert loss.item() == pytest.approx(problem.loss(w), rel=1e-14)
    torch.testing.assert_close(problem.gradient(w), autograd_gradient, rtol=1e-12, atol=1e-15)
    hessian = torch.autograd.functional.hessian(
        lambda v: torch.nn.functional.softplus(-problem.labels * (problem.features @ v)).mean()
        + problem.l2 / 2 * v.dot(v), w)
    torch.testing.assert_close(problem.hessian(w), hessian, rtol=1e-12, atol=1e-15)
    # one sample's gradient equals its row in the batched form
    torch.testing.assert_close(problem.sample_gradient(w, 3), problem.sample_gradient(w, slice(None))[3])


def test_minimizer_is_stationary(problem):
    assert problem.gradient(problem.minimizer).norm() < 1e-14
    assert problem.suboptimality(torch.zeros(1, 10, dtype=torch.float64)).item() > 0.1


@pytest.mark.parametrize(("method", "steps_per_smoothness"), [(vr.svrg, 1 / 4), (vr.saga, 1 / 3)])
def test_variance_reduction_converges_linearly(problem, method, steps_per_smoothness):
    lr = steps_per_smoothness / problem.smoothness
    gaps = problem.suboptimality(method(problem, lr, EPOCHS, torch.Generator().manual_seed(0)))
    assert gaps[-1] < 1e-10
    # Linear convergence: log10(gap) falls along every 5-epoch window until rounding level.
    log_gaps = gaps.clamp_min(ROUNDING_LEVEL).log10()
    above_rounding = int((gaps > ROUNDING_LEVEL).sum())
    for start in range(above_rounding - 5):
        window = log_gaps[start:start + 6]
        slope = torch.linalg.lstsq(
            torch.stack([torch.arange(6.0, dtype=torch.float64), torch.ones(6, dtype=torch.float64)], 1),
            window[:, None],
        ).solution[0].item()
        assert slope < -0.1, f"epochs {start}..{start + 5}: log10 gap slope {slope:.3f} per epoch"


def test_constant_step_sgd_stalls_at_its_noise_floor(problem):
    lr = 1 / (4 * problem.smoothness)  # SVRG's step
    gaps = problem.suboptimality(vr.sgd(problem, lr, EPOCHS, torch.Generator().manual_seed(0)))
    assert gaps[0] > 0.1
    assert gaps[EPOCHS // 2:].min() > 1e-3  # far above where SVRG and SAGA end (< 1e-10)


def test_bad_problems_are_refused_with_what_to_fix():
    x = torch.randn(5, 2, dtype=torch.float64)
    with pytest.raises(ValueError, match="2 \\* y - 1"):
        vr.LogisticRegression(x, torch.tensor([0.0, 1, 1, 0, 1], dtype=torch.float64), l2=0.1)
    with pytest.raises(ValueError, match="strongly convex"):
        vr.LogisticRegression(x, torch.ones(5, dtype=torch.float64), l2=0.0)
    with pytest.raises(ValueError, match="shape"):
        vr.LogisticRegression(x, torch.ones(4, dtype=torch.float64), l2=0.1)
