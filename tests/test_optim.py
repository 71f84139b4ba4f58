"""sgdcourse.optim against torch.optim: 500-step trajectories, schedulers, param groups, state_dict."""

import io

import pytest
import torch

from sgdcourse import optim

DTYPE = torch.float64
STEPS = 500

CASES = [
    ("SGD", dict(lr=0.05)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-6)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.5, weight_decay=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.005, centered=True, momentum=0.5, eps=1e-6)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.05)),
    ("Adam", dict(lr=0.01, amsgrad=True, eps=1e-6)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
]


class TinyRegression:
    """SYNTHETIC least squares y ≈ W x + b, mini-batches of 8 drawn per step, gradients by formula."""

    def __init__(self, seed=0):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(64, 4, generator=g, dtype=DTYPE)
        self.y = self.x @ torch.randn(4, 3, generator=g, dtype=DTYPE) + 0.3 * torch.randn(64, 3, generator=g, dtype=DTYPE)
        self.batches = torch.randint(64, (STEPS, 8), generator=g)
        self.start = [torch.randn(3, 4, generator=g, dtype=DTYPE), torch.randn(3, generator=g, dtype=DTYPE)]

    def parameters(self):
        return [p.clone().requires_grad_() for p in self.start]

    def set_gradients(self, params, step):
        """∇ of the mean squared error ‖W x + b − y‖² over mini-batch ``step``."""
        weight, bias = params
        x, y = self.x[self.batches[step]], self.y[self.batches[step]]
        residual = x @ weight.detach().T + bias.detach() - y
        weight.grad = 2 * residual.T @ x / len(x)
        bias.grad = 2 * residual.mean(0)


def train(optimizer, params, problem, steps, scheduler=None, first_step=0):
    """Take ``steps`` steps; return the parameters after each one (copies)."""
    trajectory = []
    for t in range(first_step, first_step + steps):
        problem.set_gradients(params, t)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        trajectory.append([p.detach().clone() for p in params])
    return trajectory


def relative_error(x, y):
    return ((x - y).norm() / y.norm()).item()


def assert_same_trajectory(ours, reference, start):
    """Agreement at every step (a convex problem would let a wrong start be forgotten by
    the end), and a last step far from the start (so agreement is not trivial)."""
    worst = max(relative_error(p, q) for step, ref in zip(ours, reference, strict=True) for p, q in zip(step, ref))
    assert worst <= 1e-6
    for p, p0 in zip(ours[-1], start):
        assert relative_error(p, p0) > 1e-2


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=[f"{n}{k}" for n, k in CASES])
def test_matches_torch_for_500_steps_with_two_param_groups_and_a_scheduler(name, kwargs):
    problem = TinyRegression()
    runs = []
    for module in (optim, torch.optim):
        params = problem.parameters()
        # the bias's group runs at a third of the lr; StepLR halves both every 150 steps
        groups = [{"params": params[:1]}, {"params": params[1:], "lr": kwargs["lr"] / 3}]
        optimizer = getattr(module, name)(groups, **kwargs)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=150, gamma=0.5)
        runs.append(train(optimizer, params, problem, STEPS, scheduler))
    assert_same_trajectory(*runs, problem.start)


@pytest.mark.parametrize(("name", "kwargs"), [("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
                                              ("Adam", dict(lr=0.01))])
def test_matches_torch_under_one_cycle_which_also_cycles_momentum(name, kwargs):
    problem = TinyRegression()
    runs = []
    for module in (optim, torch.optim):
        params = problem.parameters()
        optimizer = getattr(module, name)(params, **kwargs)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=kwargs["lr"], total_steps=STEPS)
        runs.append(train(optimizer, params, problem, STEPS, scheduler))
    assert_same_trajectory(*runs, problem.start)


# One case per class that keeps every kind of state the class has.
STATEFUL = [
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)),
    ("RMSprop", dict(lr=0.005, centered=True, momentum=0.5)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("AdamW", dict(lr=0.01, amsgrad=True)),
]


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL, ids=[f"{n}{k}" for n, k in STATEFUL])
def test_state_dict_round_trip_resumes_exactly(name, kwargs):
    problem, cls, half = TinyRegression(), getattr(optim, name), 40

    params = problem.parameters()
    uninterrupted = train(cls(params, **kwargs), params, problem, 2 * half)[-1]

    params = problem.parameters()
    optimizer = cls(params, **kwargs)
    train(optimizer, params, problem, half)
    buffer = io.BytesIO()
    torch.save({"params": [p.detach() for p in params], "optimizer": optimizer.state_dict()}, buffer)
    buffer.seek(0)
    saved = torch.load(buffer)

    resumed_params = [p.clone().requires_grad_() for p in saved["params"]]
    resumed = cls(resumed_params, **kwargs)
    resumed.load_state_dict(saved["optimizer"])
    assert set(resumed.state[resumed_params[0]]) == set(optimizer.state[params[0]])
    train(resumed, resumed_params, problem, half, first_step=half)
    for p, q in zip(resumed_params, uninterrupted):
        assert torch.equal(p, q)


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_defaults_are_torchs(name):
    ours = getattr(optim, name)([torch.zeros(1, requires_grad=True)]).defaults
    theirs = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)]).defaults
    assert ours == {k: theirs[k] for k in ours}


def test_step_evaluates_the_closure_and_skips_parameters_without_gradients():
    used, unused = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    optimizer = optim.Adam([used, unused], lr=0.1)

    def closure():
        optimizer.zero_grad()
        loss = (used**2).sum()
        loss.backward()
        return loss

    assert optimizer.step(closure).item() == pytest.approx(2.0)
    assert torch.all(used < 1) and torch.equal(unused, torch.ones(2))
    assert unused not in optimizer.state


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: optim.SGD(p, lr=-1), "lr must be >= 0"),
    (lambda p: optim.SGD(p, lr=0.1, nesterov=True), "Nesterov momentum needs momentum > 0"),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), r"betas\[1\] must be in \[0, 1\)"),
    (lambda p: optim.RMSprop(p, alpha=-0.5), "alpha must be >= 0"),
    (lambda p: optim.Adagrad(p, eps=-1), "eps must be >= 0"),
])
def test_bad_hyperparameters_raise_clear_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make([torch.zeros(1, requires_grad=True)])


def test_sparse_gradients_are_refused_with_a_pointer():
    embedding = torch.nn.Embedding(5, 2, sparse=True)
    embedding(torch.tensor([1])).sum().backward()
    with pytest.raises(RuntimeError, match="SparseAdam"):
        optim.SGD(embedding.parameters(), lr=0.1).step()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize(("name", "kwargs"), CASES[::2], ids=[f"{n}{k}" for n, k in CASES[::2]])
def test_matches_torch_on_cuda(name, kwargs):
    params = [torch.randn(64, 32, device="cuda", dtype=DTYPE, requires_grad=True) for _ in range(2)]
    runs = []
    for module in (optim, torch.optim):
        copies = [p.detach().clone().requires_grad_() for p in params]
        optimizer = getattr(module, name)(copies, **kwargs)
        for step in range(50):
            generator = torch.Generator(device="cuda").manual_seed(step)
            for p in copies:
                p.grad = torch.randn(p.shape, device="cuda", dtype=DTYPE, generator=generator)
            optimizer.step()
        runs.append(copies)
    for p, q in zip(*runs):
        assert relative_error(p, q) <= 1e-6
