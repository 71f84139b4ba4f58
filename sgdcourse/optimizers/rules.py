"""Optimizer update rules, one small function per rule, with explicit state.

Update contract. A rule is called as ``rule_(w, g, *state, <keyword hyperparameters>)``:
``w`` is one parameter tensor (any shape), ``g`` its gradient ∇L(w), and ``state`` the
tensors the rule carries from step to step (velocity, sum of squares, moments), all with
the dtype and device of ``w``. The caller owns the state: it creates it (zeros unless a
docstring says otherwise) before the first step and passes the same tensors at every step;
a rule keeps nothing between calls, and where the update depends on the step number the
caller passes ``step`` = t, counted from 1. A rule updates ``w`` and its state tensors in
place (the trailing underscore, as in torch's ``add_``: that is what keeps torch's own
optimizers fast) and returns ``w``; ``g`` is never modified, and callers who need the old
values pass clones. Hyperparameters are keyword-only and named as in ``torch.optim``.

Where a textbook writes a rule differently from PyTorch, both are here and the name or an
argument says which: ``momentum_torch_`` / ``momentum_textbook_``, ``nesterov_lookahead_``
(torch's Nesterov is ``momentum_torch_(..., nesterov=True)``), and
``eps_placement="outside_sqrt"`` (√s + ε: torch, Kingma & Ba) / ``"inside_sqrt"``
(√(s + ε): e.g. RMSProp in Goodfellow, Bengio & Courville).

``sgdcourse.optim`` wraps these rules in ``torch.optim.Optimizer`` classes;
``sgdcourse.optimizers.transforms`` rebuilds Adam & co. by composing smaller pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

EPS_PLACEMENTS = ("outside_sqrt", "inside_sqrt")


def l2_gradient(g: Tensor, w: Tensor, weight_decay: float) -> Tensor:
    """Coupled L2 regularisation (torch's ``weight_decay`` everywhere but AdamW).

        ∇[L(w) + (λ/2)‖w‖²] = g + λw

    Returns a new tensor (``g`` itself when λ = 0), so the caller's gradient is untouched.
    """
    return g.add(w, alpha=weight_decay) if weight_decay != 0 else g


def sgd_(w: Tensor, g: Tensor, *, lr: float) -> Tensor:
    """Plain SGD:  w ← w − η g."""
    return w.add_(g, alpha=-lr)


def momentum_torch_(
    w: Tensor,
    g: Tensor,
    v: Tensor,
    *,
    lr: float,
    momentum: float,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> Tensor:
    """Heavy-ball momentum in PyTorch's form (``torch.optim.SGD``).

        v ← μ v + (1 − τ) g
        w ← w − η v                 (nesterov=False)
        w ← w − η (g + μ v)         (nesterov=True, with the new v)

    Here v is a running sum of gradients and η multiplies all of it at every step, so
    changing η rescales past gradients too. In the textbook velocity form
    (``momentum_textbook_``) each gradient keeps the η of its own step; the two coincide
    for constant η, with v_textbook = −η v_torch. torch.optim.SGD starts with v = g at
    the first step, i.e. v = 0 and τ = 0 for that step only.
    """
    v.mul_(momentum).add_(g, alpha=1 - dampening)
    direction = g.add(v, alpha=momentum) if nesterov else v
    return w.add_(direction, alpha=-lr)


def momentum_textbook_(w: Tensor, g: Tensor, v: Tensor, *, lr: float, beta: float) -> Tensor:
    """Heavy-ball momentum in the textbook velocity form (Polyak 1964; Sutskever et al. 2013).

        v ← β v − η g
        w ← w + v

    v is a velocity in parameter units. See ``momentum_torch_`` for how the two forms
    differ when η changes during a run.
    """
    v.mul_(beta).add_(g, alpha=-lr)
    return w.add_(v)


def nesterov_lookahead_(
    w: Tensor, grad_fn: Callable[[Tensor], Tensor], v: Tensor, *, lr: float, beta: float
) -> Tensor:
    """Nesterov momentum in the look-ahead form (Sutskever et al. 2013).

        v ← β v − η ∇L(w + β v)
        w ← w + v

    ``grad_fn(x)`` returns ∇L(x). Tracking the look-ahead point u = w + βv instead of w,
    and b = −v/η, turns this into torch's form ``momentum_torch_(u, ∇L(u), b,
    nesterov=True)``, which needs the gradient only at its own parameters.
    """
    lookahead_gradient = grad_fn(w + beta * v)  # before v changes in place
    v.mul_(beta).add_(lookahead_gradient, alpha=-lr)
    return w.add_(v)


def adagrad_(
    w: Tensor,
    g: Tensor,
    sum_sq: Tensor,
    *,
    step: int,
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    eps: float = 1e-10,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """AdaGrad (Duchi, Hazan & Singer 2011) as in ``torch.optim.Adagrad``.

        s ← s + g²
        w ← w − η_t g / (√s + ε),    η_t = η / (1 + (t − 1) · lr_decay)

    ``lr_decay`` is torch's addition (the paper keeps η constant); torch starts s at
    ``initial_accumulator_value`` rather than 0.
    """
    sum_sq.addcmul_(g, g)
    lr_t = lr / (1 + (step - 1) * lr_decay)
    return w.addcdiv_(g, _root_plus_eps(sum_sq, eps, eps_placement), value=-lr_t)


def rmsprop_(
    w: Tensor,
    g: Tensor,
    square_avg: Tensor,
    *,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    momentum: float = 0.0,
    momentum_buffer: Tensor | None = None,
    grad_avg: Tensor | None = None,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """RMSProp (Tieleman & Hinton 2012) as in ``torch.optim.RMSprop``.

        r ← α r + (1 − α) g²
        d = √r + ε                                    plain
        d = √(r − ḡ²) + ε,  ḡ ← α ḡ + (1 − α) g       centered (Graves 2013): pass grad_avg
        w ← w − η g / d                               momentum = 0
        b ← μ b + g / d,  w ← w − η b                 momentum > 0: pass momentum_buffer

    The centered variant divides by an estimate of the gradient's standard deviation
    instead of its root mean square. Momentum is torch's: applied to the already scaled step.
    """
    if momentum > 0 and momentum_buffer is None:
        raise ValueError("rmsprop_ with momentum > 0 needs momentum_buffer=torch.zeros_like(w)")
    square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
    if grad_avg is None:
        denom = _root_plus_eps(square_avg, eps, eps_placement)
    else:
        grad_avg.lerp_(g, 1 - alpha)
        variance = square_avg.addcmul(grad_avg, grad_avg, value=-1)
        denom = _root_plus_eps(variance, eps, eps_placement)
    if momentum > 0:
        momentum_buffer.mul_(momentum).addcdiv_(g, denom)
        return w.add_(momentum_buffer, alpha=-lr)
    return w.addcdiv_(g, denom, value=-lr)


def adam_(
    w: Tensor,
    g: Tensor,
    m: Tensor,
    v: Tensor,
    *,
    step: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    max_v: Tensor | None = None,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """Adam (Kingma & Ba 2015) as in ``torch.optim.Adam``.

        m ← β₁ m + (1 − β₁) g                   momentum's EMA of the gradients
        v ← β₂ v + (1 − β₂) g²                  RMSProp's EMA of the squared gradients
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    bias correction (m and v start at 0)
        w ← w − η m̂ / (√v̂ + ε)

    AMSGrad (Reddi, Kale & Kumar 2018): pass ``max_v``; then v̂ uses
    v_max ← max(v_max, v), so no coordinate's denominator ever shrinks. This is torch's
    variant, which bias-corrects v_max (the paper does not).
    """
    beta1, beta2 = betas
    m.lerp_(g, 1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    if max_v is not None:
        v = torch.maximum(max_v, v, out=max_v)
    denom = _root_plus_eps(v, eps, eps_placement, bias_correction=1 - beta2**step)
    return w.addcdiv_(m, denom, value=-lr / (1 - beta1**step))


def adam_l2_(
    w: Tensor,
    g: Tensor,
    m: Tensor,
    v: Tensor,
    *,
    step: int,
    weight_decay: float,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    max_v: Tensor | None = None,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """Adam + L2, coupled decay (``torch.optim.Adam``'s ``weight_decay``).

        g ← g + λw,  then the Adam step (``adam_``)

    The decay enters m and v, so it is divided by √v̂ like the loss gradient: weights with
    large gradients are barely decayed. Compare ``adamw_``.
    """
    return adam_(
        w, l2_gradient(g, w, weight_decay), m, v,
        step=step, lr=lr, betas=betas, eps=eps, max_v=max_v, eps_placement=eps_placement,
    )


def adamw_(
    w: Tensor,
    g: Tensor,
    m: Tensor,
    v: Tensor,
    *,
    step: int,
    weight_decay: float,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    max_v: Tensor | None = None,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """AdamW, decoupled decay (Loshchilov & Hutter 2019; ``torch.optim.AdamW``).

        w ← w − η λ w,  then the Adam step (``adam_``) on g alone

    The decay bypasses m and v: every weight shrinks by the same factor 1 − ηλ per step,
    whatever its gradient history. Compare ``adam_l2_``.
    """
    w.mul_(1 - lr * weight_decay)
    return adam_(
        w, g, m, v,
        step=step, lr=lr, betas=betas, eps=eps, max_v=max_v, eps_placement=eps_placement,
    )


def _root_plus_eps(
    second_moment: Tensor, eps: float, eps_placement: str, bias_correction: float = 1.0
) -> Tensor:
    """The denominator √(s/c) + ε ("outside_sqrt") or √(s/c + ε) ("inside_sqrt"), as a new tensor.

    c is Adam's bias correction 1 − β₂ᵗ (1 for AdaGrad and RMSProp).
    """
    if eps_placement == "outside_sqrt":
        root = second_moment.sqrt()
        if bias_correction != 1.0:  # skip a full pass over the tensor when there is nothing to correct
            root.div_(math.sqrt(bias_correction))
        return root.add_(eps)
    if eps_placement == "inside_sqrt":
        return second_moment.div(bias_correction).add_(eps).sqrt_()
    raise ValueError(f"eps_placement must be one of {EPS_PLACEMENTS}, got {eps_placement!r}")
