"""The plain backprop functions (what assignment 2 asks for) against torch.autograd."""

import pytest
import torch
import torch.nn.functional as F

from sgdcourse.autodiff import functional as fn
from sgdcourse.autodiff.layers import Linear, ReLU, SoftmaxCrossEntropy

F64 = torch.float64


def gen(seed):
    return torch.Generator().manual_seed(seed)


def leaves(*tensors):
    return [t.clone().requires_grad_() for t in tensors]


@pytest.mark.parametrize("n, d_in, d_out", [(1, 1, 1), (5, 3, 4), (32, 17, 9)])
def test_linear_backward_is_autograds(n, d_in, d_out):
    g = gen(n + d_in + d_out)
    X, W, b, dY = (torch.randn(*s, dtype=F64, generator=g) for s in [(n, d_in), (d_in, d_out), (d_out,), (n, d_out)])
    X_, W_, b_ = leaves(X, W, b)
    (X_ @ W_ + b_).backward(dY)
    assert torch.equal(fn.linear_forward(X, W, b), X @ W + b)
    for got, expected in zip(fn.linear_backward(dY, X, W), (X_.grad, W_.grad, b_.grad)):
        torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


def test_relu_backward_is_zero_at_zero_like_torch():
    X = torch.tensor([[-1.0, 0.0, 2.0]], dtype=F64)
    X_, = leaves(X)
    torch.relu(X_).backward(torch.ones_like(X))
    assert torch.equal(fn.relu_backward(torch.ones_like(X), X), X_.grad)
    assert torch.equal(fn.relu_forward(X), torch.relu(X))


@pytest.mark.parametrize("scale", [1.0, 1e4])  # 1e4: exp would overflow without the max shift
def test_softmax_cross_entropy_is_stable_and_autograds(scale):
    g = gen(3)
    logits = scale * torch.randn(7, 5, dtype=F64, generator=g)
    labels = torch.randint(0, 5, (7,), generator=g)
    logits_, = leaves(logits)
    expected = F.cross_entropy(logits_, labels)
    expected.backward()
    loss, dlogits = fn.softmax_cross_entropy(logits, labels)
    assert torch.isfinite(loss) and torch.isfinite(dlogits).all()
    torch.testing.assert_close(loss, expected.detach(), rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(dlogits, logits_.grad, rtol=1e-10, atol=1e-12)


def test_mlp_gradients_are_autograds():
    g = gen(4)
    X = torch.randn(16, 6, dtype=F64, generator=g)
    labels = torch.randint(0, 3, (16,), generator=g)
    params = {"W1": torch.randn(6, 8, dtype=F64, generator=g), "b1": torch.randn(8, dtype=F64, generator=g),
              "W2": torch.randn(8, 3, dtype=F64, generator=g), "b2": torch.randn(3, dtype=F64, generator=g)}
    tracked = {name: p.clone().requires_grad_() for name, p in params.items()}
    expected = F.cross_entropy(torch.relu(X @ tracked["W1"] + tracked["b1"]) @ tracked["W2"] + tracked["b2"], labels)
    expected.backward()
    loss, grads = fn.mlp_gradients(X, labels, **params)
    torch.testing.assert_close(loss, expected.detach(), rtol=1e-12, atol=1e-12)
    for name in params:
        torch.testing.assert_close(grads[name], tracked[name].grad, rtol=1e-10, atol=1e-12)


def test_layers_compute_exactly_what_the_functions_do():
    g = gen(5)
    linear, relu, loss_layer = Linear(4, 3, generator=g, dtype=F64), ReLU(), SoftmaxCrossEntropy()
    X, labels = torch.randn(6, 4, dtype=F64, generator=g), torch.randint(0, 3, (6,), generator=g)
    W, b = linear.params["W"], linear.params["b"]
    A = linear.forward(X)
    loss = loss_layer.forward(relu.forward(A), labels)
    expected_loss, dlogits = fn.softmax_cross_entropy(fn.relu_forward(fn.linear_forward(X, W, b)), labels)
    assert torch.equal(loss, expected_loss)
    dA = relu.backward(loss_layer.backward())
    assert torch.equal(dA, fn.relu_backward(dlogits, A))
    dX = linear.backward(dA)
    assert all(torch.equal(x, y) for x, y in zip((dX, linear.grads["W"], linear.grads["b"]),
                                                 fn.linear_backward(dA, X, W)))
