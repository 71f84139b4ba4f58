"""Optimizer update rules, one small function per rule, with named state.

The update contract, the same for every rule::

    state = init(rule, w, **hyper)          # the rule's memory: a dict of named tensors
    rule(w, g, state, **hyper)              # one step: w and state change in place; returns w
    iterates = run(rule, w0, grad, steps, **hyper)   # w_0, …, w_steps

``w`` is one parameter tensor (any shape) and ``g`` the gradient ∇L at
``rule.gradient_point(w, state, **hyper)``: at ``w`` itself for every rule except
look-ahead Nesterov, which evaluates it at w + βv. ``state`` uses ``torch.optim``'s names
(``momentum_buffer``, ``sum``, ``square_avg``, ``exp_avg``, ``exp_avg_sq``, …: what
``optimizer.state[p]`` holds in torch), with the dtype and device of ``w``. A rule whose
update depends on the step number counts it itself: ``state["step"]`` is the number of
steps taken, incremented first, so the first update sees t = 1. Hyperparameters are
keyword-only and named as in ``torch.optim``'s parameter groups; the few that shape the
state (AdaGrad's ``initial_accumulator_value``, RMSProp's ``momentum`` and ``centered``,
Adam's ``amsgrad``) are read by ``init``, which takes the same keywords as the rule, so
``run`` passes one set to both. A rule updates ``w`` and ``state`` in place (the trailing
underscore, as in torch's ``add_``: that is what keeps torch's own optimizers fast) and
never modifies ``g``. The exercises ask for each rule's non-mutating twin, with the same
arguments: ``adam_step(w, g, state, **hyper) -> (w_new, state_new)``.

Adding a rule means writing its update and its initial state here, nothing else::

    @with_state(lambda w, **hyper: {"exp_avg": torch.zeros_like(w)})
    def lion_(w, g, state, *, lr, betas, weight_decay): ...

Where a textbook writes a rule differently from PyTorch, both are here and the name or an
argument says which: ``momentum_torch_`` / ``momentum_textbook_``, ``nesterov_lookahead_``
(torch's Nesterov is ``momentum_torch_(..., nesterov=True)``), and
``eps_placement="outside_sqrt"`` (√s + ε: torch, Kingma & Ba) / ``"inside_sqrt"``
(√(s + ε): e.g. RMSProp in Goodfellow, Bengio & Courville).

``sgdcourse.optim`` wraps these rules in ``torch.optim.Optimizer`` classes (its
``optimizer.state[p]`` is the rule's state dict); ``sgdcourse.optimizers.transforms``
rebuilds Adam & co. by composing smaller pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

EPS_PLACEMENTS = ("outside_sqrt", "inside_sqrt")

State = dict[str, "Tensor | int | None"]


# ------------------------------------------------------------------ the contract


def _gradient_at_w(w: Tensor, state: State, **hyperparameters) -> Tensor:
    return w


def with_state(initial_state: Callable[..., State],
               gradient_point: Callable[..., Tensor] = _gradient_at_w) -> Callable:
    """Attach a rule's ``initial_state(w, **hyper)`` and, if it is not w, where it takes ``g``."""

    def attach(rule: Callable) -> Callable:
        rule.initial_state = initial_state
        rule.gradient_point = gradient_point
        return rule

    return attach


def init(rule: Callable, w: Tensor, **hyperparameters) -> State:
    """The state ``rule`` starts from for the parameter ``w`` (zeros, unless its docstring says otherwise)."""
    return rule.initial_state(w, **hyperparameters)


def run(rule: Callable, w0: Tensor, grad: Callable[[Tensor], Tensor], steps: int, *,
        state: State | None = None, **hyperparameters) -> Tensor:
    """The iterates w_0, …, w_steps of ``rule`` from ``w0`` on the gradient function ``grad``.

    Starts from ``init(rule, w0, **hyper)`` unless a ``state`` is given; a given state is
    updated in place, so the caller can read it (or continue the run) afterwards.
    """
    w = w0.clone()
    state = init(rule, w, **hyperparameters) if state is None else state
    iterates = [w.clone()]
    for _ in range(steps):
        rule(w, grad(rule.gradient_point(w, state, **hyperparameters)), state, **hyperparameters)
        iterates.append(w.clone())
    return torch.stack(iterates)


def _next_step(state: State) -> int:
    state["step"] += 1
    return state["step"]


_OPTIONAL_STATE = {"momentum": "momentum_buffer", "centered": "grad_avg", "amsgrad": "max_exp_avg_sq"}


def _require_state(state: State, rule: str, **options_on: bool) -> None:
    """A clear error when a state lacks what an option needs (it was made with other hyperparameters)."""
    for option, on in options_on.items():
        if on and _OPTIONAL_STATE[option] not in state:
            raise ValueError(f"{rule} with {option} on needs {_OPTIONAL_STATE[option]!r} in its state: "
                             f"start from init({rule}, w, {option}=...) with the same hyperparameters as the steps")


def l2_gradient(g: Tensor, w: Tensor, weight_decay: float) -> Tensor:
    """Coupled L2 regularisation (torch's ``weight_decay`` everywhere but AdamW).

        ∇[L(w) + (λ/2)‖w‖²] = g + λw

    Returns a new tensor (``g`` itself when λ = 0), so the caller's gradient is untouched.
    """
    return g.add(w, alpha=weight_decay) if weight_decay != 0 else g


# ------------------------------------------------------------------ the rules


@with_state(lambda w, **hyperparameters: {})
def sgd_(w: Tensor, g: Tensor, state: State, *, lr: float) -> Tensor:
    """Plain SGD:  w ← w − η g.  No state."""
    return w.add_(g, alpha=-lr)


@with_state(lambda w, **hyperparameters: {"momentum_buffer": None})
def momentum_torch_(
    w: Tensor,
    g: Tensor,
    state: State,
    *,
    lr: float,
    momentum: float,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> Tensor:
    """Heavy-ball momentum in PyTorch's form (``torch.optim.SGD``).  State: v = ``momentum_buffer``.

        v ← g                           at the first step (no dampening: torch's start)
        v ← μ v + (1 − τ) g             afterwards
        w ← w − η v                     (nesterov=False)
        w ← w − η (g + μ v)             (nesterov=True, with the new v)

    Here v is a running sum of gradients and η multiplies all of it at every step, so
    changing η rescales past gradients too. In the textbook velocity form
    (``momentum_textbook_``) each gradient keeps the η of its own step; the two coincide
    for constant η, with v_textbook = −η v_torch.
    """
    v = state["momentum_buffer"]
    if v is None:
        v = state["momentum_buffer"] = g.clone()
    else:
        v.mul_(momentum).add_(g, alpha=1 - dampening)
    direction = g.add(v, alpha=momentum) if nesterov else v
    return w.add_(direction, alpha=-lr)


def _velocity(w: Tensor, **hyperparameters) -> State:
    return {"velocity": torch.zeros_like(w)}


@with_state(_velocity)
def momentum_textbook_(w: Tensor, g: Tensor, state: State, *, lr: float, beta: float) -> Tensor:
    """Heavy-ball momentum in the textbook velocity form (Polyak 1964; Sutskever et al. 2013).

        v ← β v − η g
        w ← w + v

    State: the velocity v (``velocity``), in parameter units, from 0. See
    ``momentum_torch_`` for how the two forms differ when η changes during a run.
    """
    state["velocity"].mul_(beta).add_(g, alpha=-lr)
    return w.add_(state["velocity"])


def _lookahead_point(w: Tensor, state: State, *, beta: float, **hyperparameters) -> Tensor:
    return w + beta * state["velocity"]


@with_state(_velocity, gradient_point=_lookahead_point)
def nesterov_lookahead_(w: Tensor, g: Tensor, state: State, *, lr: float, beta: float) -> Tensor:
    """Nesterov momentum in the look-ahead form (Sutskever et al. 2013).

        v ← β v − η ∇L(w + β v)
        w ← w + v

    ``g`` is the gradient at the look-ahead point w + βv (``nesterov_lookahead_.gradient_point``),
    not at w. Tracking u = w + βv instead of w, and b = −v/η, turns this into torch's form
    ``momentum_torch_(u, ∇L(u), ..., nesterov=True)``, which needs the gradient only at its
    own parameters.
    """
    state["velocity"].mul_(beta).add_(g, alpha=-lr)
    return w.add_(state["velocity"])


def _adagrad_state(w: Tensor, *, initial_accumulator_value: float = 0.0, **hyperparameters) -> State:
    return {"step": 0, "sum": torch.full_like(w, initial_accumulator_value)}


@with_state(_adagrad_state)
def adagrad_(
    w: Tensor,
    g: Tensor,
    state: State,
    *,
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    eps: float = 1e-10,
    initial_accumulator_value: float = 0.0,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """AdaGrad (Duchi, Hazan & Singer 2011) as in ``torch.optim.Adagrad``.  State: t, s = ``sum``.

        s ← s + g²
        w ← w − η_t g / (√s + ε),    η_t = η / (1 + (t − 1) · lr_decay)

    ``lr_decay`` is torch's addition (the paper keeps η constant); s starts at
    ``initial_accumulator_value`` (torch: 0, Keras: 0.1), which only ``init`` reads.
    """
    t = _next_step(state)
    state["sum"].addcmul_(g, g)
    lr_t = lr / (1 + (t - 1) * lr_decay)
    return w.addcdiv_(g, _root_plus_eps(state["sum"], eps, eps_placement), value=-lr_t)


def _rmsprop_state(w: Tensor, *, momentum: float = 0.0, centered: bool = False, **hyperparameters) -> State:
    state = {"step": 0, "square_avg": torch.zeros_like(w)}
    if momentum > 0:
        state["momentum_buffer"] = torch.zeros_like(w)
    if centered:
        state["grad_avg"] = torch.zeros_like(w)
    return state


@with_state(_rmsprop_state)
def rmsprop_(
    w: Tensor,
    g: Tensor,
    state: State,
    *,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    momentum: float = 0.0,
    centered: bool = False,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """RMSProp (Tieleman & Hinton 2012) as in ``torch.optim.RMSprop``.  State: t, r = ``square_avg``.

        r ← α r + (1 − α) g²
        d = √r + ε                                    plain
        d = √(r − ḡ²) + ε,  ḡ ← α ḡ + (1 − α) g       centered (Graves 2013): ḡ = ``grad_avg``
        w ← w − η g / d                               momentum = 0
        b ← μ b + g / d,  w ← w − η b                 momentum > 0: b = ``momentum_buffer``

    The centered variant divides by an estimate of the gradient's standard deviation
    instead of its root mean square. Momentum is torch's: applied to the already scaled step.
    """
    _require_state(state, "rmsprop_", momentum=momentum > 0, centered=centered)
    _next_step(state)
    square_avg = state["square_avg"].mul_(alpha).addcmul_(g, g, value=1 - alpha)
    if centered:
        grad_avg = state["grad_avg"].lerp_(g, 1 - alpha)
        denom = _root_plus_eps(square_avg.addcmul(grad_avg, grad_avg, value=-1), eps, eps_placement)
    else:
        denom = _root_plus_eps(square_avg, eps, eps_placement)
    if momentum > 0:
        buffer = state["momentum_buffer"].mul_(momentum).addcdiv_(g, denom)
        return w.add_(buffer, alpha=-lr)
    return w.addcdiv_(g, denom, value=-lr)


def _adam_state(w: Tensor, *, amsgrad: bool = False, **hyperparameters) -> State:
    state = {"step": 0, "exp_avg": torch.zeros_like(w), "exp_avg_sq": torch.zeros_like(w)}
    if amsgrad:
        state["max_exp_avg_sq"] = torch.zeros_like(w)
    return state


@with_state(_adam_state)
def adam_(
    w: Tensor,
    g: Tensor,
    state: State,
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    amsgrad: bool = False,
    eps_placement: str = "outside_sqrt",
) -> Tensor:
    """Adam (Kingma & Ba 2015) as in ``torch.optim.Adam``.  State: t, m = ``exp_avg``, v = ``exp_avg_sq``.

        m ← β₁ m + (1 − β₁) g                   momentum's EMA of the gradients
        v ← β₂ v + (1 − β₂) g²                  RMSProp's EMA of the squared gradients
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    bias correction (m and v start at 0)
        w ← w − η m̂ / (√v̂ + ε)

    AMSGrad (Reddi, Kale & Kumar 2018, ``amsgrad=True``): v̂ uses
    v_max ← max(v_max, v) (``max_exp_avg_sq``), so no coordinate's denominator ever
    shrinks. This is torch's variant, which bias-corrects v_max (the paper does not).
    """
    _require_state(state, "adam_", amsgrad=amsgrad)
    t = _next_step(state)
    beta1, beta2 = betas
    m = state["exp_avg"].lerp_(g, 1 - beta1)
    v = state["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
    if amsgrad:
        v = torch.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
    denom = _root_plus_eps(v, eps, eps_placement, bias_correction=1 - beta2**t)
    return w.addcdiv_(m, denom, value=-lr / (1 - beta1**t))


@with_state(_adam_state)
def adam_l2_(w: Tensor, g: Tensor, state: State, *, weight_decay: float, **adam_hyperparameters) -> Tensor:
    """Adam + L2, coupled decay (``torch.optim.Adam``'s ``weight_decay``).

        g ← g + λw,  then the Adam step (``adam_``, whose hyperparameters it takes)

    The decay enters m and v, so it is divided by √v̂ like the loss gradient: weights with
    large gradients are barely decayed. Compare ``adamw_``.
    """
    return adam_(w, l2_gradient(g, w, weight_decay), state, **adam_hyperparameters)


@with_state(_adam_state)
def adamw_(w: Tensor, g: Tensor, state: State, *, weight_decay: float, lr: float = 1e-3,
           **adam_hyperparameters) -> Tensor:
    """AdamW, decoupled decay (Loshchilov & Hutter 2019; ``torch.optim.AdamW``).

        w ← w − η λ w,  then the Adam step (``adam_``, whose hyperparameters it takes) on g alone

    The decay bypasses m and v: every weight shrinks by the same factor 1 − ηλ per step,
    whatever its gradient history. Compare ``adam_l2_``.
    """
    w.mul_(1 - lr * weight_decay)
    return adam_(w, g, state, lr=lr, **adam_hyperparameters)


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
