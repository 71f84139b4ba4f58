"""Wilson et al.'s construction: gradient descent from 0 reaches the minimum-norm solution and
classifies new points; AdaGrad, RMSProp and Adam from 0 reach sign(Xᵀy)/c and label them all +1."""

import pytest
import torch

from sgdcourse import implicit_bias as ib

N, P, FRESH = 60, 0.6, 400
TOLERANCE = 1e-10  # on ‖∇f(w)‖; f's curvature on the residual's span is ~1, so ‖w − w*‖ is of the same order
ADAPTIVE = {
    "Adagrad": lambda params: torch.optim.Adagrad(params, lr=0.1),
    "RMSprop": lambda params: torch.optim.RMSprop(params, lr=1e-2),
    "Adam": lambda params: torch.optim.Adam(params, lr=1e-2),
}


@pytest.fixture(scope="module")
def data():
    generator = torch.Generator().manual_seed(0)
    X, y = ib.separable_data(N, P, generator)
    X_new, y_new = ib.separable_data(FRESH, P, generator, first=N)
    assert y.sum() > 0 and (y_new < 0).any()  # the lemma's b > 0, and fresh points of both classes
    return X, y, X_new, y_new


def cosine(a, b):
    return (a @ b / (a.norm() * b.norm())).item()


def test_feature_layout_is_the_papers(data):
    X, y, X_new, y_new = data
    assert X.shape == (N, 3 + 5 * N) and X_new.shape == (FRESH, 3 + 5 * (N + FRESH))
    torch.testing.assert_close(X[:, 0], y)
    assert (X[:, 1:3] == 1).all()
    own = X[:, 3:].reshape(N, N, 5)  # own[i, k] is point k's block as seen by point i
    torch.testing.assert_close(own.sum(-1), torch.diag(torch.where(y > 0, 1.0, 5.0).double()))
    assert (own[y > 0, :, 1:] == 0).all()  # a positive point uses the first coordinate of its block only
    assert (X_new[:, : 3 + 5 * N][:, 3:] == 0).all()  # fresh points own none of the training columns
    torch.testing.assert_close(X_new.sum(1), torch.where(y_new > 0, 1.0 + 2 + 1, -1.0 + 2 + 5).double())
    with pytest.raises(ValueError):
        ib.separable_data(3, 0.5, torch.Generator())


def test_minimum_norm_solution_matches_the_closed_form(data):
    X, y, _, _ = data
    w = ib.minimum_norm_solution(X, y)
    alpha_plus, alpha_minus = ib.minimum_norm_coefficients(int((y > 0).sum()), int((y < 0).sum()))
    alpha = torch.where(y > 0, torch.tensor(alpha_plus, dtype=torch.float64), alpha_minus)
    torch.testing.assert_close(w, X.T @ alpha, rtol=0, atol=1e-13)
    torch.testing.assert_close(X @ w, y, rtol=0, atol=1e-12)


def test_lemma_condition_holds_with_c_4_and_fails_without_a_positive_majority(data):
    X, y, _, _ = data
    assert ib.lemma_constant(X, y) == 4
    w = ib.adaptive_solution(X, y)
    torch.testing.assert_close(X @ w, y, rtol=0, atol=1e-14)
    torch.testing.assert_close(w.abs()[w != 0], torch.full_like(w[w != 0], 0.25))
    generator = torch.Generator().manual_seed(0)
    while (sample := ib.separable_data(7, P, generator))[1].sum() >= 0:
        pass
    assert ib.lemma_constant(*sample) is None  # b < 0: X sign(Xᵀy) = y − 2 + k y, not a multiple of y
    with pytest.raises(ValueError):
        ib.adaptive_solution(*sample)


def test_gradient_descent_from_zero_converges_to_the_minimum_norm_solution(data):
    X, y, X_new, y_new = data
    w, epochs = ib.fit(lambda params: torch.optim.SGD(params, lr=0.5), X, y, epochs=1000,
                       gradient_tolerance=TOLERANCE)
    assert epochs < 1000
    torch.testing.assert_close(w, ib.minimum_norm_solution(X, y), rtol=0, atol=1e-9)
    assert ib.error_rate(w, X, y) == 0 and ib.error_rate(w, X_new, y_new) == 0


def test_minibatch_sgd_from_zero_also_converges_to_the_minimum_norm_solution(data):
    X, y, X_new, y_new = data
    w, epochs = ib.fit(lambda params: torch.optim.SGD(params, lr=0.5), X, y, epochs=2000,
                       gradient_tolerance=1e-7, batch_size=10, generator=torch.Generator().manual_seed(1))
    assert epochs < 2000
    torch.testing.assert_close(w, ib.minimum_norm_solution(X, y), rtol=0, atol=1e-5)
    assert ib.error_rate(w, X_new, y_new) == 0


@pytest.mark.parametrize("name", ADAPTIVE)
def test_adaptive_methods_from_zero_converge_to_sign_of_xty(data, name):
    X, y, X_new, y_new = data
    w, epochs = ib.fit(ADAPTIVE[name], X, y, epochs=3000, gradient_tolerance=TOLERANCE)
    assert epochs < 3000
    sign_direction = torch.sign(X.T @ y)
    assert cosine(w, sign_direction) > 1 - 1e-9
    assert cosine(ib.minimum_norm_solution(X, y), sign_direction) < 0.5  # so the cosine above discriminates
    torch.testing.assert_close(w, ib.adaptive_solution(X, y), rtol=0, atol=1e-4)  # ε's share, see the module
    assert ib.error_rate(w, X, y) == 0
    assert (ib.predict(w, X_new) == 1).all()  # every fresh point labelled +1 ...
    assert ib.error_rate(w, X_new, y_new) == pytest.approx((y_new < 0).double().mean().item())  # ... wrong on all −1s
    assert 0.3 < ib.error_rate(w, X_new, y_new) < 0.5  # 1 − p = 0.4, up to sampling


def test_coordinates_only_fresh_points_use_stay_at_zero(data):
    X, y, X_new, _ = data
    padded = torch.cat([X, X.new_zeros(N, X_new.shape[1] - X.shape[1])], dim=1)
    w, _ = ib.fit(ADAPTIVE["Adam"], padded, y, epochs=50, gradient_tolerance=0.0)
    assert (w[X.shape[1]:] == 0).all()
    torch.testing.assert_close(ib.predict(w[: X.shape[1]], X_new), torch.sign(X_new @ w))
