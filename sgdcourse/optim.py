"""The update rules of ``sgdcourse.optimizers.rules`` as ``torch.optim.Optimizer`` classes.

``SGD``, ``Adagrad``, ``RMSprop``, ``Adam`` and ``AdamW`` take torch's constructor
arguments with torch's defaults, accept parameter groups, work with every
``torch.optim.lr_scheduler`` (they read ``lr``, ``momentum`` and ``betas`` from the param
group at every step), round-trip through ``state_dict()`` / ``load_state_dict()`` (state
keys are torch's: ``momentum_buffer``, ``sum``, ``square_avg``, ``exp_avg``, ...), and run
on any device. Each ``step()`` calls the rule function, so each rule is written once.
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
    """Shared ``step()``: hand every parameter that has a gradient to ``_update``."""

    @torch.no_grad()
    def step(self, closure: Callable[[], Tensor] | None = None) -> Tensor | None:
        """Update every parameter with a gradient; ``closure`` re-evaluates and returns the loss."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if p.grad.is_sparse:
                    raise RuntimeError(
                        f"{type(self).__name__} does not support sparse gradients; "
                        "use torch.optim.SparseAdam, or dense embeddings (sparse=False)"
                    )
                self._update(p, p.grad, self.state[p], group)
        return loss

    def _update(self, p: Tensor, g: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        """Apply the subclass's rule to one parameter, creating its state on the first call."""
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

    def _update(self, p, g, state, group):
        g = rules.l2_gradient(g, p, group["weight_decay"])
        if group["momentum"] == 0:
            rules.sgd_(p, g, lr=group["lr"])
            return
        first_step = "momentum_buffer" not in state
        if first_step:
            state["momentum_buffer"] = torch.zeros_like(p)
        rules.momentum_torch_(
            p, g, state["momentum_buffer"],
            lr=group["lr"],
            momentum=group["momentum"],
            dampening=0.0 if first_step else group["dampening"],  # torch starts with v = g
            nesterov=group["nesterov"],
        )


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

    def _update(self, p, g, state, group):
        if not state:
            state["step"] = 0
            state["sum"] = torch.full_like(p, group["initial_accumulator_value"])
        state["step"] += 1
        rules.adagrad_(
            p, rules.l2_gradient(g, p, group["weight_decay"]), state["sum"],
            step=state["step"], lr=group["lr"], lr_decay=group["lr_decay"], eps=group["eps"],
        )


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

    def _update(self, p, g, state, group):
        if not state:
            state["step"] = 0
            state["square_avg"] = torch.zeros_like(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = torch.zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = torch.zeros_like(p)
        state["step"] += 1
        rules.rmsprop_(
            p, rules.l2_gradient(g, p, group["weight_decay"]), state["square_avg"],
            lr=group["lr"],
            alpha=group["alpha"],
            eps=group["eps"],
            momentum=group["momentum"],
            momentum_buffer=state.get("momentum_buffer"),
            grad_avg=state["grad_avg"] if group["centered"] else None,
        )


class Adam(_RuleOptimizer):
    """Adam with coupled L2 ``weight_decay`` and optional AMSGrad (``rules.adam_l2_``)."""

    _rule = staticmethod(rules.adam_l2_)  # AdamW swaps in the decoupled rule

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

    def _update(self, p, g, state, group):
        if not state:
            state["step"] = 0
            state["exp_avg"] = torch.zeros_like(p)
            state["exp_avg_sq"] = torch.zeros_like(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = torch.zeros_like(p)
        state["step"] += 1
        self._rule(
            p, g, state["exp_avg"], state["exp_avg_sq"],
            step=state["step"],
            weight_decay=group["weight_decay"],
            lr=group["lr"],
            betas=group["betas"],
            eps=group["eps"],
            max_v=state["max_exp_avg_sq"] if group["amsgrad"] else None,
        )


class AdamW(Adam):
    """Adam with decoupled weight decay, default λ = 0.01 (``rules.adamw_``)."""

    _rule = staticmethod(rules.adamw_)

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


def _require_non_negative(**hyperparameters: float) -> None:
    for name, value in hyperparameters.items():
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
