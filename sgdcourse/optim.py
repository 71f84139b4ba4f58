"""The update rules of ``sgdcourse.optimizers.rules`` as ``torch.optim.Optimizer`` classes.

``SGD``, ``Adagrad``, ``RMSprop``, ``Adam`` and ``AdamW`` take torch's constructor
arguments with torch's defaults, accept parameter groups, work with every
``torch.optim.lr_scheduler`` (they read ``lr``, ``momentum`` and ``betas`` from the param
group at every step), round-trip through ``state_dict()`` / ``load_state_dict()`` (state
keys are torch's: ``momentum_buffer``, ``sum``, ``square_avg``, ``exp_avg``, ...), and run
on any device. Each ``step()`` calls the rule function on ``self.state[p]``, which is the
rule's own state dict, so each rule is written once.
torch's ``maximize``, ``foreach``, ``fused``, ``capturable`` and ``differentiable``
options are not offered, nor sparse gradients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import Tensor
from torch.optim import Optimizer

from sgdcourse.optimizers import rules

Params = Iterable[Tensor] | Iterable[dict[str, Any]]


class _RuleOptimizer(Optimizer):
    """Shared ``step()``: each parameter's ``self.state[p]`` is its rule's state dict.

    A subclass names, for a parameter group, the rule its parameters follow and which of
    the group's entries are that rule's hyperparameters (``_rule``); coupled L2 decay
    (``weight_decay`` of SGD, Adagrad, RMSprop) is added to the gradient here.
    """

    _coupled_weight_decay = True

    @torch.no_grad()
    def step(self, closure: Callable[[], Tensor] | None = None) -> Tensor | None:
        """Update every parameter with a gradient; ``closure`` re-evaluates and returns the loss."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            rule, names = self._rule(group)
            hyperparameters = {name: group[name] for name in names}
            for p in group["params"]:
                if p.grad is None:
                    continue
                if p.grad.is_sparse:
                    raise RuntimeError(
                        f"{type(self).__name__} does not support sparse gradients; "
                        "use torch.optim.SparseAdam, or dense embeddings (sparse=False)"
                    )
                state = self.state[p]
                if not state:
                    state.update(rules.init(rule, p, **hyperparameters))
                g = rules.l2_gradient(p.grad, p, group["weight_decay"]) if self._coupled_weight_decay else p.grad
                rule(p, g, state, **hyperparameters)
        return loss

    def _rule(self, group: dict[str, Any]) -> tuple[Callable, tuple[str, ...]]:
        """The ``sgdcourse.optimizers.rules`` function this group follows, and its hyperparameters' names."""
        raise NotImplementedError


class SGD(_RuleOptimizer):
    """SGD with optional heavy-ball or Nesterov momentum, torch's form (``rules.momentum_torch_``)."""

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        _require_non_negative(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening = 0")
        defaults = dict(
            lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov
        )
        super().__init__(params, defaults)

    def _rule(self, group):
        if group["momentum"] == 0:
            return rules.sgd_, ("lr",)  # no buffer, as torch keeps none
        return rules.momentum_torch_, ("lr", "momentum", "dampening", "nesterov")


class Adagrad(_RuleOptimizer):
    """AdaGrad with torch's ``lr_decay`` and ``initial_accumulator_value`` (``rules.adagrad_``)."""

    def __init__(
        self,
        params: Params,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
    ) -> None:
        _require_non_negative(
            lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value, eps=eps,
        )
        defaults = dict(
            lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value, eps=eps,
        )
        super().__init__(params, defaults)

    def _rule(self, group):
        return rules.adagrad_, ("lr", "lr_decay", "eps", "initial_accumulator_value")


class RMSprop(_RuleOptimizer):
    """RMSProp, plain, with momentum, or centered (``rules.rmsprop_``)."""

    def __init__(
        self,
        params: Params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ) -> None:
        _require_non_negative(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum)
        defaults = dict(
            lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered
        )
        super().__init__(params, defaults)

    def _rule(self, group):
        return rules.rmsprop_, ("lr", "alpha", "eps", "momentum", "centered")


_ADAM_HYPERPARAMETERS = ("lr", "betas", "eps", "weight_decay", "amsgrad")


class Adam(_RuleOptimizer):
    """Adam with coupled L2 ``weight_decay`` and optional AMSGrad (``rules.adam_l2_``)."""

    _coupled_weight_decay = False  # the rule itself adds the decay: coupled here, decoupled in AdamW

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
    ) -> None:
        _require_non_negative(lr=lr, eps=eps, weight_decay=weight_decay)
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"betas[{i}] must be in [0, 1), got {beta}")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
        super().__init__(params, defaults)

    def _rule(self, group):
        return rules.adam_l2_, _ADAM_HYPERPARAMETERS


class AdamW(Adam):
    """Adam with decoupled weight decay, default λ = 0.01 (``rules.adamw_``)."""

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)

    def _rule(self, group):
        return rules.adamw_, _ADAM_HYPERPARAMETERS


def _require_non_negative(**hyperparameters: float) -> None:
    for name, value in hyperparameters.items():
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
