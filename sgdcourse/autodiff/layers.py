"""Layer-level backpropagation by hand, on batches of torch tensors.

Each layer has a ``forward`` that caches what its ``backward`` will need, and a
``backward(grad_out)`` that maps the upstream gradient ∂L/∂out to ∂L/∂in (returned) and,
for layers with parameters, stores ∂L/∂param in ``layer.grads`` under the names used in
``layer.params``. No torch autograd is involved; tensors may have any float dtype.

Two shapes of Jacobian cover everything here:

* element-wise maps (ReLU, sigmoid, tanh) have a *diagonal* Jacobian, so multiplying by it
  is an element-wise product: ∂L/∂x = ∂L/∂y ⊙ f'(x);
* a matrix product has a *dense* Jacobian, so multiplying by it is again a matrix product:
  for Y = XW, ∂L/∂X = ∂L/∂Y Wᵀ and ∂L/∂W = Xᵀ ∂L/∂Y.

Batches are rows: an input has shape (N, features). The arithmetic is the plain functions of
``functional.py`` (what assignment 2 asks for); a layer adds its parameters, the cache and
the shape checks.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from .functional import linear_backward, linear_forward, relu_backward, relu_forward, softmax_cross_entropy


class Layer:
    """What every layer has: ``params`` and ``grads``, dicts of tensors with the same keys
    (both empty for parameter-free layers). Each subclass defines ``forward(x, ...) -> out``
    and ``backward(grad_out) -> grad_in``.
    """

    def __init__(self):
        self.params: dict[str, Tensor] = {}
        self.grads: dict[str, Tensor] = {}

    def parameters(self) -> list[Tensor]:
        return list(self.params.values())

    def gradients(self) -> list[Tensor]:
        """∂L/∂param for each of :meth:`parameters`, in the same order (after ``backward``)."""
        missing = [name for name in self.params if name not in self.grads]
        if missing:
            raise RuntimeError(f"no gradient yet for {missing}: call backward after forward")
        return [self.grads[name] for name in self.params]

    def _cached(self, name: str):
        """What ``forward`` stored for ``backward``; a clear error if forward never ran."""
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        return value


def _check_grad_shape(layer: Layer, grad_out: Tensor, expected: torch.Size) -> None:
    if grad_out.shape != expected:
        raise ValueError(
            f"{type(layer).__name__}.backward expected an upstream gradient of shape "
            f"{tuple(expected)} (the forward output's), got {tuple(grad_out.shape)}"
        )


class Linear(Layer):
    """Y = X W + b with X: (N, in), W: (in, out), b: (out,).

    Backward:  ∂L/∂X = ∂L/∂Y Wᵀ,  ∂L/∂W = Xᵀ ∂L/∂Y,  ∂L/∂b = Σ_n ∂L/∂Y[n].
    (torch.nn.Linear stores W transposed, as (out, in), and computes X Wᵀ + b.)

    W starts as N(0, 2/in) (He initialisation: keeps activations' scale through ReLUs),
    b as zeros.
    """

    def __init__(self, in_features: int, out_features: int, *, generator=None,
                 dtype=torch.float32, device=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        W = torch.randn(in_features, out_features, generator=generator, dtype=dtype, device=device)
        self.params = {
            "W": W * math.sqrt(2.0 / in_features),
            "b": torch.zeros(out_features, dtype=dtype, device=device),
        }
        self.x = None

    def forward(self, x: Tensor) -> Tensor:
        W, b = self.params["W"], self.params["b"]
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"Linear({self.in_features}, {self.out_features}) expected input of shape "
                f"(N, {self.in_features}), got {tuple(x.shape)}"
            )
        if x.dtype != W.dtype:
            raise TypeError(f"Linear has {W.dtype} parameters but got a {x.dtype} input")
        self.x = x
        return linear_forward(x, W, b)

    def backward(self, grad_out: Tensor) -> Tensor:
        x = self._cached("x")
        _check_grad_shape(self, grad_out, torch.Size((x.shape[0], self.out_features)))
        grad_in, grad_W, grad_b = linear_backward(grad_out, x, self.params["W"])
        self.grads = {"W": grad_W, "b": grad_b}
        return grad_in


class ReLU(Layer):
    """y = max(0, x) element-wise;  ∂L/∂x = ∂L/∂y ⊙ 1(x > 0)."""

    def __init__(self):
        super().__init__()
        self.x = None

    def forward(self, x: Tensor) -> Tensor:
        self.x = x
        return relu_forward(x)

    def backward(self, grad_out: Tensor) -> Tensor:
        x = self._cached("x")
        _check_grad_shape(self, grad_out, x.shape)
        return relu_backward(grad_out, x)


class Sigmoid(Layer):
    """y = σ(x) = 1 / (1 + e^(−x)) element-wise;  ∂L/∂x = ∂L/∂y ⊙ y(1 − y)."""

    def __init__(self):
        super().__init__()
        self.y = None

    def forward(self, x: Tensor) -> Tensor:
        self.y = torch.sigmoid(x)  # the derivative needs only the output
        return self.y

    def backward(self, grad_out: Tensor) -> Tensor:
        y = self._cached("y")
        _check_grad_shape(self, grad_out, y.shape)
        return grad_out * y * (1 - y)


class Tanh(Layer):
    """y = tanh x element-wise;  ∂L/∂x = ∂L/∂y ⊙ (1 − y²)."""

    def __init__(self):
        super().__init__()
        self.y = None

    def forward(self, x: Tensor) -> Tensor:
        self.y = torch.tanh(x)
        return self.y

    def backward(self, grad_out: Tensor) -> Tensor:
        y = self._cached("y")
        _check_grad_shape(self, grad_out, y.shape)
        return grad_out * (1 - y * y)


class SoftmaxCrossEntropy(Layer):
    """Mean cross-entropy of softmax(logits) against integer labels, fused
    (functional.softmax_cross_entropy): L = (1/N) Σ_n [ log Σ_k e^(z_nk) − z_{n,y_n} ].

    Backward:  ∂L/∂z = (softmax(z) − onehot(y)) / N, times the upstream scalar ∂(·)/∂L.
    """

    def __init__(self):
        super().__init__()
        self.grad_logits = None

    def forward(self, logits: Tensor, labels: Tensor) -> Tensor:
        if logits.ndim != 2:
            raise ValueError(f"SoftmaxCrossEntropy expected logits of shape (N, classes), "
                             f"got {tuple(logits.shape)}")
        n, classes = logits.shape
        if labels.shape != (n,) or labels.dtype.is_floating_point:
            raise ValueError(f"SoftmaxCrossEntropy expected integer labels of shape ({n},), "
                             f"got {labels.dtype} of shape {tuple(labels.shape)}")
        if n and (labels.min() < 0 or labels.max() >= classes):
            raise ValueError(f"labels must lie in [0, {classes}), got values in "
                             f"[{labels.min().item()}, {labels.max().item()}]")
        loss, self.grad_logits = softmax_cross_entropy(logits, labels)
        return loss

    def backward(self, grad_out: Tensor | float = 1.0) -> Tensor:
        grad_logits = self._cached("grad_logits")
        _check_grad_shape(self, torch.as_tensor(grad_out), torch.Size([]))
        return grad_logits * grad_out


class MSE(Layer):
    """Mean squared error over all elements, as torch.nn.functional.mse_loss:

    L = (1/M) Σ_i (ŷ_i − y_i)², M = number of elements;  ∂L/∂ŷ = 2(ŷ − y)/M.
    """

    def __init__(self):
        super().__init__()
        self.diff = None

    def forward(self, prediction: Tensor, target: Tensor) -> Tensor:
        if prediction.shape != target.shape:
            raise ValueError(f"MSE expected target of the prediction's shape "
                             f"{tuple(prediction.shape)}, got {tuple(target.shape)}")
        self.diff = prediction - target
        return (self.diff**2).mean()

    def backward(self, grad_out: Tensor | float = 1.0) -> Tensor:
        diff = self._cached("diff")
        _check_grad_shape(self, torch.as_tensor(grad_out), torch.Size([]))
        return 2 * diff / diff.numel() * grad_out


class Sequential(Layer):
    """Layers applied in order; backward runs them in reverse (the chain rule, layer-wise).

    Parameters and gradients are exposed under ``"<index>.<name>"`` (e.g. ``"0.W"``).
    """

    def __init__(self, *layers: Layer):
        # No Layer.__init__: params and grads are read-only views onto the layers' own.
        self.layers = list(layers)

    @property
    def params(self) -> dict[str, Tensor]:
        return {f"{i}.{k}": p for i, layer in enumerate(self.layers) for k, p in layer.params.items()}

    @property
    def grads(self) -> dict[str, Tensor]:
        return {f"{i}.{k}": g for i, layer in enumerate(self.layers) for k, g in layer.grads.items()}

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out: Tensor) -> Tensor:
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out


class MLP(Sequential):
    """Linear → ReLU → … → Linear, with layer widths ``sizes``: MLP([3072, 512, 10]).

    The output is the logits; pair it with :class:`SoftmaxCrossEntropy`:

        logits = model.forward(x)
        loss = loss_fn.forward(logits, labels)
        model.backward(loss_fn.backward())
        for p, g in zip(model.parameters(), model.gradients()):
            p -= lr * g
    """

    def __init__(self, sizes: list[int], *, generator=None, dtype=torch.float32, device=None):
        if len(sizes) < 2:
            raise ValueError(f"MLP needs at least input and output sizes, got sizes={sizes}")
        layers: list[Layer] = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            layers += [Linear(fan_in, fan_out, generator=generator, dtype=dtype, device=device),
                       ReLU()]
        super().__init__(*layers[:-1])  # no ReLU on the logits
        self.sizes = list(sizes)
