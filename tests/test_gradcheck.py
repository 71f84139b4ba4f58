"""Gradient checking: it passes correct backward passes and catches wrong ones."""

import pytest
import torch

from sgdcourse.autodiff import (
    MLP,
    MSE,
    Linear,
    ReLU,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
    check_gradient,
    check_layer,
    compare_gradients,
    numerical_gradient,
)

F64 = torch.float64
CORRECT = 1e-7  # a right gradient in float64 with h = 1e-6 (measured: ≤ 2e-9 here)
WRONG = 1e-2  # a wrong one


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def test_numerical_gradient_of_a_known_function():
    x = torch.randn(4, 3, generator=gen(0), dtype=F64)
    before = x.clone()
    numeric = numerical_gradient(lambda t: (t**3).sum() + t[0, 0] * t[1, 2], x)
    expected = 3 * x**2
    expected[0, 0] += x[1, 2]
    expected[1, 2] += x[0, 0]
    torch.testing.assert_close(numeric, expected, rtol=1e-8, atol=1e-9)
    assert torch.equal(x, before)  # every perturbation was undone


def test_check_gradient_on_a_function():
    x = torch.rand(6, generator=gen(1), dtype=F64) + 0.5
    right = check_gradient(lambda t: t.log().sum(), x, 1 / x)
    wrong = check_gradient(lambda t: t.log().sum(), x, 1 / x**2)
    assert right.rel_error < CORRECT
    assert wrong.rel_error > WRONG


LAYERS = {
    "linear": lambda: (Linear(5, 4, generator=gen(2), dtype=F64), ()),
    "relu": lambda: (ReLU(), ()),
    "sigmoid": lambda: (Sigmoid(), ()),
    "tanh": lambda: (Tanh(), ()),
    "softmax_ce": lambda: (SoftmaxCrossEntropy(), (torch.tensor([0, 4, 2, 2, 1, 3]),)),
    "mse": lambda: (MSE(), (torch.randn(6, 5, generator=gen(3), dtype=F64),)),
    "mlp": lambda: (MLP([5, 7, 3], generator=gen(4), dtype=F64), ()),
}


@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_passes_its_gradient_check(name):
    layer, forward_args = LAYERS[name]()
    x = 2 * torch.randn(6, 5, generator=gen(5), dtype=F64)
    results = check_layer(layer, x, *forward_args, generator=gen(6))
    assert list(results) == ["input", *layer.params]
    for result in results.values():
        assert result.rel_error < CORRECT, str(result)


class LinearForgetsTranspose(Linear):
    """∂L/∂X = ∂L/∂Y W instead of ∂L/∂Y Wᵀ: runs without error when W is square."""

    def backward(self, grad_out):
        super().backward(grad_out)
        return grad_out @ self.params["W"]


class ReLUMaskFromUpstream(ReLU):
    """Masks with the upstream gradient's sign instead of the input's."""

    def backward(self, grad_out):
        return grad_out * (grad_out > 0)


class ReLUAtLeastZero(ReLU):
    """Computes the mask 1(y ≥ 0) from the output y = max(0, x): every unit passes gradient."""

    def backward(self, grad_out):
        return grad_out * (self.x.clamp(min=0) >= 0)


@pytest.mark.parametrize("broken", [LinearForgetsTranspose, ReLUMaskFromUpstream, ReLUAtLeastZero])
def test_gradient_check_catches_a_wrong_backward(broken):
    layer = broken(4, 4, generator=gen(7), dtype=F64) if broken is LinearForgetsTranspose else broken()
    x = torch.randn(3, 4, generator=gen(8), dtype=F64)
    result = check_layer(layer, x, generator=gen(9))["input"]
    assert result.rel_error > WRONG, str(result)
    assert result.analytic != pytest.approx(result.numeric, rel=WRONG)


def test_result_reports_the_worst_coordinate_readably():
    numeric = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=F64)
    analytic = numeric.clone()
    analytic[0, 2] += 1e-9  # a tiny disagreement
    analytic[1, 0] = 5.0  # the largest: |5 − 4| = 1
    result = compare_gradients(analytic, numeric, name="W")
    assert result.index == (1, 0)
    assert (result.analytic, result.numeric) == (5.0, 4.0)
    largest_entries = analytic.abs().max() + numeric.abs().max()  # 6 + 6
    assert result.rel_error == pytest.approx(1 / largest_entries.item(), rel=1e-12)
    assert str(result) == ("W: relative error 8.33e-02; largest difference at index (1, 0): "
                           "analytic 5, numeric 4")


def test_both_zero_is_agreement():
    zeros = torch.zeros(3, dtype=F64)
    assert compare_gradients(zeros, zeros).rel_error == 0.0


def test_bad_input_says_what_was_wrong():
    with pytest.raises(TypeError, match="need float64 tensors, got torch.float32"):
        numerical_gradient(lambda t: t.sum(), torch.ones(3))
    with pytest.raises(ValueError, match=r"same shape, got analytic \(3,\) and numeric \(3, 1\)"):
        compare_gradients(torch.ones(3, dtype=F64), torch.ones(3, 1, dtype=F64))
    with pytest.raises(ValueError, match="contiguous"):
        numerical_gradient(lambda t: t.sum(), torch.ones(3, 4, dtype=F64).T)
