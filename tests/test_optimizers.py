"""Update rules (sgdcourse.optimizers.rules), their composition (transforms) and sgdcourse.averages."""

import pytest
import torch

from sgdcourse import averages
from sgdcourse.optimizers import rules, transforms

DTYPE = torch.float64


def quadratic(seed=0, dim=5):
    """L(w) = ½ wᵀAw − bᵀw with A symmetric positive definite; returns (∇L, w₀)."""
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(dim, dim, generator=g, dtype=DTYPE)
    a = q @ q.T / dim + 0.1 * torch.eye(dim, dtype=DTYPE)
    b = torch.randn(dim, generator=g, dtype=DTYPE)
    return (lambda w: a @ w - b), torch.randn(dim, generator=g, dtype=DTYPE)


def relative_error(x, y):
    return ((x - y).norm() / y.norm()).item()


# --- momentum: torch's form vs the textbook velocity form ---------------------------------


def run_both_momentum_forms(lrs, beta=0.9):
    grad, w0 = quadratic()
    w_torch, w_text = w0.clone(), w0.clone()
    torch_state, textbook_state = rules.init(rules.momentum_torch_, w0), rules.init(rules.momentum_textbook_, w0)
    history = []
    for lr in lrs:
        rules.momentum_torch_(w_torch, grad(w_torch), torch_state, lr=lr, momentum=beta)
        rules.momentum_textbook_(w_text, grad(w_text), textbook_state, lr=lr, beta=beta)
        history.append((w_torch.clone(), w_text.clone(), torch_state["momentum_buffer"].clone(),
                        textbook_state["velocity"].clone()))
    return history


def test_momentum_forms_coincide_for_constant_lr():
    lr = 0.05
    for w_torch, w_text, buf, velocity in run_both_momentum_forms([lr] * 200):
        assert relative_error(w_text, w_torch) < 1e-12
        assert (velocity + lr * buf).norm() < 1e-12 * w_torch.norm()  # v → 0: use the scale of w


def test_momentum_forms_differ_once_lr_changes():
    history = run_both_momentum_forms([0.05] * 20 + [0.005] * 20)
    before, after = history[19], history[20]
    assert relative_error(before[1], before[0]) < 1e-12
    # torch's form multiplies the whole buffer by the new lr; the velocity keeps the old steps.
    w_torch_prev, w_text_prev = before[0], before[1]
    step_torch, step_text = after[0] - w_torch_prev, after[1] - w_text_prev
    assert relative_error(step_text, step_torch) > 1.0
    assert relative_error(after[1], after[0]) > 1e-3


def test_nesterov_lookahead_is_torch_nesterov_after_change_of_variables():
    grad, w0 = quadratic(seed=1)
    lr, beta = 0.05, 0.9
    w, lookahead = w0.clone(), rules.init(rules.nesterov_lookahead_, w0)
    u, torch_form = w0.clone(), rules.init(rules.momentum_torch_, w0)  # on the look-ahead point u = w + βv
    for _ in range(300):
        point = rules.nesterov_lookahead_.gradient_point(w, lookahead, beta=beta)
        rules.nesterov_lookahead_(w, grad(point), lookahead, lr=lr, beta=beta)
        rules.momentum_torch_(u, grad(u), torch_form, lr=lr, momentum=beta, nesterov=True)
        v, b = lookahead["velocity"], torch_form["momentum_buffer"]
        assert relative_error(u, w + beta * v) < 1e-10
        assert (-lr * b - v).norm() < 1e-12 * w0.norm()  # v → 0, so measure on the scale of w
    assert grad(w).norm() < 1e-6  # and both actually reached the minimum


def test_momentum_torch_with_dampening_and_nesterov_matches_definition():
    g, w, v = torch.tensor([2.0], dtype=DTYPE), torch.tensor([1.0], dtype=DTYPE), torch.tensor([3.0], dtype=DTYPE)
    rules.momentum_torch_(w, g, {"momentum_buffer": v}, lr=0.1, momentum=0.9, dampening=0.5, nesterov=True)
    assert v.item() == pytest.approx(0.9 * 3 + 0.5 * 2)
    assert w.item() == pytest.approx(1 - 0.1 * (2 + 0.9 * v.item()))


def test_rules_leave_the_gradient_untouched():
    g = torch.randn(4, dtype=DTYPE)
    g_before = g.clone()
    w = torch.randn(4, dtype=DTYPE)
    rules.adam_l2_(w, g, rules.init(rules.adam_l2_, w), weight_decay=0.1)
    rules.rmsprop_(w, g, rules.init(rules.rmsprop_, w, centered=True), centered=True)
    assert torch.equal(g, g_before)


# --- closed forms after a first step from zero state ---------------------------------------


@pytest.mark.parametrize("placement", rules.EPS_PLACEMENTS)
def test_adam_first_step_closed_form(placement):
    g = torch.tensor([3.0, -1e-5, 0.5], dtype=DTYPE)
    w0 = torch.tensor([1.0, 2.0, -1.0], dtype=DTYPE)
    lr, eps = 0.1, 1e-4
    w = rules.adam_(w0.clone(), g, rules.init(rules.adam_, w0), lr=lr, eps=eps, eps_placement=placement)
    # after bias correction, m̂₁ = g and v̂₁ = g²
    denom = g.abs() + eps if placement == "outside_sqrt" else (g**2 + eps).sqrt()
    torch.testing.assert_close(w, w0 - lr * g / denom, rtol=1e-12, atol=0)


@pytest.mark.parametrize("placement", rules.EPS_PLACEMENTS)
def test_adagrad_with_lr_decay_closed_form_for_constant_gradient(placement):
    g, w0 = torch.tensor([0.5, -2.0], dtype=DTYPE), torch.tensor([1.0, 1.0], dtype=DTYPE)
    lr, lr_decay, eps, steps = 0.1, 0.05, 1e-3, 10
    w = rules.run(rules.adagrad_, w0, lambda w: g, steps, lr=lr, lr_decay=lr_decay, eps=eps,
                  eps_placement=placement)[-1]
    expected = w0.clone()
    for t in range(1, steps + 1):  # s_t = t g²
        root = (t * g**2).sqrt() + eps if placement == "outside_sqrt" else (t * g**2 + eps).sqrt()
        expected -= lr / (1 + (t - 1) * lr_decay) * g / root
    torch.testing.assert_close(w, expected, rtol=1e-12, atol=0)


def test_centered_rmsprop_divides_by_the_standard_deviation():
    alpha, lr, eps = 0.9, 0.01, 1e-8
    g, w0 = torch.tensor([2.0, -0.5], dtype=DTYPE), torch.zeros(2, dtype=DTYPE)
    w = rules.run(rules.rmsprop_, w0, lambda w: g, 1, lr=lr, alpha=alpha, eps=eps, centered=True)[-1]
    # r = (1−α)g², ḡ = (1−α)g  ⇒  r − ḡ² = α(1−α)g²
    std = (alpha * (1 - alpha)) ** 0.5 * g.abs()
    torch.testing.assert_close(w, -lr * g / (std + eps), rtol=1e-12, atol=0)


def test_amsgrad_denominator_never_shrinks():
    w = torch.zeros(1, dtype=DTYPE)
    state = rules.init(rules.adam_, w, amsgrad=True)
    for g in [10.0] * 2 + [0.1] * 6:
        rules.adam_(w, torch.tensor([g], dtype=DTYPE), state, betas=(0.9, 0.5), amsgrad=True)
        assert state["max_exp_avg_sq"].item() >= state["exp_avg_sq"].item()
    assert state["step"] == 8
    assert state["max_exp_avg_sq"].item() > 10 * state["exp_avg_sq"].item()  # v has forgotten the large gradients, max_v has not


def test_adamw_decays_every_weight_by_the_same_factor_adam_l2_does_not():
    """With a zero loss gradient, AdamW only shrinks w by (1 − ηλ); Adam + L2 normalises the
    decay term λw like a gradient and moves each weight by about η, whatever its size."""
    w0 = torch.tensor([10.0, 0.01], dtype=DTYPE)
    lr, wd = 1e-3, 0.1
    zero = torch.zeros(2, dtype=DTYPE)
    w_adamw = rules.adamw_(w0.clone(), zero, rules.init(rules.adamw_, w0), lr=lr, weight_decay=wd)
    w_l2 = rules.adam_l2_(w0.clone(), zero, rules.init(rules.adam_l2_, w0), lr=lr, weight_decay=wd)
    torch.testing.assert_close(w_adamw, w0 * (1 - lr * wd), rtol=1e-15, atol=0)
    torch.testing.assert_close(w0 - w_l2, torch.full((2,), lr, dtype=DTYPE), rtol=1e-4, atol=0)


def test_bad_arguments_say_what_to_do():
    w, g = torch.zeros(2), torch.ones(2)
    with pytest.raises(ValueError, match="outside_sqrt"):
        rules.adagrad_(w, g, rules.init(rules.adagrad_, w), eps_placement="outside")
    with pytest.raises(ValueError, match=r"init\(rmsprop_, w, momentum=...\)"):
        rules.rmsprop_(w, g, rules.init(rules.rmsprop_, w), momentum=0.9)
    with pytest.raises(ValueError, match=r"init\(adam_, w, amsgrad=...\)"):
        rules.adam_(w, g, rules.init(rules.adam_, w), amsgrad=True)
    with pytest.raises(ValueError, match="inside_sqrt"):
        transforms.divide_by_sqrt(transforms.identity(), transforms.square(), eps_placement="inside")


# --- composition: the chains equal the monolithic rules and torch.optim ---------------------


def random_gradients(seed, steps, shapes):
    g = torch.Generator().manual_seed(seed)
    return [[torch.randn(s, generator=g, dtype=DTYPE) for s in shapes] for _ in range(steps)]


CHAINS = {
    "sgd": (lambda: transforms.sgd(0.01, momentum=0.9), torch.optim.SGD, dict(lr=0.01, momentum=0.9)),
    "adagrad": (lambda: transforms.adagrad(0.1), torch.optim.Adagrad, dict(lr=0.1)),
    "rmsprop": (lambda: transforms.rmsprop(0.01, alpha=0.9), torch.optim.RMSprop, dict(lr=0.01, alpha=0.9)),
    "adam": (lambda: transforms.adam(0.01, (0.8, 0.99)), torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99))),
    "adam_l2": (lambda: transforms.adam_l2(0.01, weight_decay=0.5), torch.optim.Adam,
                dict(lr=0.01, weight_decay=0.5)),
    "adamw": (lambda: transforms.adamw(0.01, weight_decay=0.5), torch.optim.AdamW,
              dict(lr=0.01, weight_decay=0.5)),
}


@pytest.mark.parametrize("name", CHAINS)
def test_chain_equals_torch_optimizer(name):
    make_chain, torch_class, kwargs = CHAINS[name]
    shapes = [(3, 4), (4,)]
    gradients = random_gradients(0, 300, shapes)
    generator = torch.Generator().manual_seed(7)
    params = [torch.randn(s, dtype=DTYPE, generator=generator) for s in shapes]
    start, reference = [p.clone() for p in params], [p.clone() for p in params]
    optimizer = torch_class(reference, **kwargs)
    chain = make_chain()
    state = chain.init(params)
    for grads in gradients:
        updates, state = chain.update(grads, state, params)
        params = transforms.apply_updates(params, updates)
        for p, g in zip(reference, grads):
            p.grad = g.clone()
        optimizer.step()
    for p, ref, p0 in zip(params, reference, start):
        assert relative_error(p, ref) < 1e-10
        assert relative_error(p, p0) > 1e-2  # it moved: agreement is not trivial


def test_adam_chain_equals_the_monolithic_rule_with_amsgrad_off_and_inside_sqrt():
    """Composition and the in-place rule agree for the textbook ε placement too."""
    beta1, beta2, lr, eps = 0.9, 0.999, 1e-2, 1e-6
    chain = transforms.chain(
        transforms.divide_by_sqrt(
            transforms.chain(transforms.ema(beta1), transforms.bias_correction(beta1)),
            transforms.chain(transforms.square(), transforms.ema(beta2), transforms.bias_correction(beta2)),
            eps, eps_placement="inside_sqrt",
        ),
        transforms.scale(-lr),
    )
    w = torch.randn(6, dtype=DTYPE)
    params, state = [w.clone()], chain.init([w])
    adam_state = rules.init(rules.adam_, w)
    for (g,) in random_gradients(3, 200, [(6,)]):
        updates, state = chain.update([g], state, params)
        params = transforms.apply_updates(params, updates)
        rules.adam_(w, g, adam_state, lr=lr, betas=(beta1, beta2), eps=eps, eps_placement="inside_sqrt")
    assert relative_error(params[0], w) < 1e-12


def test_transforms_do_not_modify_their_inputs():
    params, grads = [torch.ones(3, dtype=DTYPE)], [torch.full((3,), 2.0, dtype=DTYPE)]
    chain = transforms.adamw(0.1)
    state = chain.init(params)
    updates, _ = chain.update(grads, state, params)
    assert torch.equal(params[0], torch.ones(3, dtype=DTYPE))
    assert torch.equal(grads[0], torch.full((3,), 2.0, dtype=DTYPE))
    assert updates[0].norm() > 0


# --- averages -------------------------------------------------------------------------------


@pytest.mark.parametrize("beta", [0.9, 0.999])
def test_bias_correction_factor_undoes_the_zero_start_of_an_ema(beta):
    g = 1.7
    average = 0.0
    for t in range(1, 50):
        average = beta * average + (1 - beta) * g  # EMA of a constant gradient, started at 0
        assert averages.bias_correction_factor(beta, t) * average == pytest.approx(g, rel=1e-12)
    assert averages.bias_correction_factor(beta, 1) == pytest.approx(1 / (1 - beta))


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.99])
def test_momentum_multiplier_is_the_limit_of_the_momentum_step(beta):
    lr, g = 0.01, torch.tensor([1.0], dtype=DTYPE)
    w = torch.zeros(1, dtype=DTYPE)
    state = rules.init(rules.momentum_torch_, w)
    for _ in range(5000):
        before = w.clone()
        rules.momentum_torch_(w, g, state, lr=lr, momentum=beta)
    step = (before - w).item()
    assert step == pytest.approx(averages.momentum_lr_multiplier(beta) * lr, rel=1e-12)


@pytest.mark.parametrize("beta", [0.5, 0.8, 0.9, 0.95, 0.999])
@pytest.mark.parametrize("threshold", [0.35, 0.12, 0.04, 0.5, 0.25, 1e-3])
def test_age_when_weight_below_is_the_first_age_under_the_threshold(beta, threshold):
    age = averages.age_when_weight_below(beta, threshold)
    assert beta**age < threshold <= beta ** (age - 1)


def test_age_when_weight_below_handles_exact_powers():
    for k in range(1, 60):
        assert averages.age_when_weight_below(0.9, 0.9**k) == k + 1


def test_averages_reject_bad_arguments():
    with pytest.raises(ValueError, match="beta"):
        averages.momentum_lr_multiplier(1.0)
    with pytest.raises(ValueError, match="step counts from 1"):
        averages.bias_correction_factor(0.9, 0)
    with pytest.raises(ValueError, match="threshold"):
        averages.age_when_weight_below(0.9, 1.5)


# --- the update contract: init / rule / run, against torch.optim over many steps -----------------

CONTRACT_CASES = [
    (rules.sgd_, dict(lr=0.05), torch.optim.SGD, dict(lr=0.05)),
    (rules.momentum_torch_, dict(lr=0.05, momentum=0.9, dampening=0.3), torch.optim.SGD,
     dict(lr=0.05, momentum=0.9, dampening=0.3)),
    (rules.momentum_torch_, dict(lr=0.05, momentum=0.9, nesterov=True), torch.optim.SGD,
     dict(lr=0.05, momentum=0.9, nesterov=True)),
    (rules.adagrad_, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6), torch.optim.Adagrad,
     dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6)),
    (rules.rmsprop_, dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True), torch.optim.RMSprop,
     dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True)),
    (rules.adam_, dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True), torch.optim.Adam,
     dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True)),
    (rules.adam_l2_, dict(lr=0.01, weight_decay=0.1), torch.optim.Adam, dict(lr=0.01, weight_decay=0.1)),
    (rules.adamw_, dict(lr=0.01, weight_decay=0.1), torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
]


@pytest.mark.parametrize("rule, hyper, optimizer_class, torch_kwargs", CONTRACT_CASES,
                         ids=[f"{case[0].__name__}{sorted(case[1])}" for case in CONTRACT_CASES])
def test_run_equals_torch_optim_and_the_state_has_torchs_keys(rule, hyper, optimizer_class, torch_kwargs):
    grad, w0 = quadratic(seed=4)
    state = rules.init(rule, w0, **hyper)
    iterates = rules.run(rule, w0, grad, 300, state=state, **hyper)
    p = w0.clone().requires_grad_()
    optimizer = optimizer_class([p], **torch_kwargs)
    for t in range(1, 301):
        p.grad = grad(p.detach())
        optimizer.step()
        if t in (1, 10, 300):
            torch.testing.assert_close(iterates[t], p.detach(), rtol=1e-12, atol=1e-14)
    assert iterates.shape == (301, *w0.shape) and torch.equal(iterates[0], w0)
    torch_state = {key: value for key, value in optimizer.state[p].items() if value is not None}
    assert set(state) == set(torch_state)  # the same named state as torch.optim keeps
    if "step" in state:
        assert state["step"] == 300 == int(torch_state["step"])


def test_run_takes_nesterovs_gradient_at_the_look_ahead_point():
    grad, w0 = quadratic(seed=5)
    points = []
    recording = lambda x: points.append(x.clone()) or grad(x)
    iterates = rules.run(rules.nesterov_lookahead_, w0, recording, 3, lr=0.05, beta=0.9)
    velocity = iterates[1] - iterates[0]
    torch.testing.assert_close(points[0], w0)                        # v₀ = 0
    torch.testing.assert_close(points[1], iterates[1] + 0.9 * velocity)  # w₁ + βv₁


def test_run_continues_from_a_given_state_and_leaves_w0_alone():
    grad, w0 = quadratic(seed=6)
    w0_before = w0.clone()
    state = rules.init(rules.adam_, w0)
    first = rules.run(rules.adam_, w0, grad, 5, state=state, lr=0.01)
    second = rules.run(rules.adam_, first[-1], grad, 5, state=state, lr=0.01)
    whole = rules.run(rules.adam_, w0, grad, 10, lr=0.01)
    torch.testing.assert_close(second[-1], whole[-1], rtol=1e-14, atol=0)
    assert state["step"] == 10 and torch.equal(w0, w0_before)
