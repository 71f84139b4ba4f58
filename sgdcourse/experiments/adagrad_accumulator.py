"""What AdaGrad's denominator and step look like on the lecture's MLP at η = 1e-5.

The stored run ``adagrad-3hidden-lr1e-5`` barely learns. This experiment measures why: it
trains the same three-hidden-layer MLP (same split, seed and Keras settings) for a few
epochs with

- AdaGrad with Keras' initial accumulator s₀ = 0.1 (as the stored run),
- AdaGrad with PyTorch's default s₀ = 0,
- RMSProp and Adam as in the stored runs,

all at η = 1e-5, and records for every weight matrix, at log-spaced steps, the median and
90th percentile of

- the root of the denominator's state (AdaGrad √s_t, RMSProp √r_t, Adam √v̂_t),
- the step the rule takes, |Δw| = η |g_t| / (√s_t + ε) (Adam: η |m̂_t| / (√v̂_t + ε)),
- the gradient |g_t|, and, for AdaGrad, the accumulated sum Σ g² = s_t − s₀,

plus the share of weights whose step was non-zero but that the float32 addition w + Δw left
unchanged (rounded away).

    python -m sgdcourse.experiments.adagrad_accumulator [--epochs 5] [--data-root DIR]

writes ``results/adagrad-accumulator.json``, which the adaptive-methods chapter reads.
"""

from __future__ import annotations

import argparse
import math

import torch

from .. import provenance
from ..models import build_mlp
from ..train import fit
from .mlp_study import KERAS_SETTINGS, REGISTRY, build_optimizer
from .store import lecture_loaders, store_named

NAME, VERSION = "adagrad-accumulator", 1
KERAS_INITIAL_ACCUMULATOR = 0.1
# The stored η = 1e-5 runs this experiment dissects; their split, seed, model and optimizer settings.
BASE_RUN = REGISTRY["adagrad-3hidden-lr1e-5"]
VARIANTS = {
    "AdaGrad, s0 = 0.1 (Keras)": "adagrad-keras",
    "AdaGrad, s0 = 0 (torch default)": "adagrad-zero",
    "RMSProp": "rmsprop-3hidden-lr1e-5",
    "Adam": "adam-3hidden-lr1e-5",
}


def state_root(optimizer: torch.optim.Optimizer, p: torch.Tensor) -> torch.Tensor:
    """The root in the rule's denominator, without ε: AdaGrad √s_t, RMSProp √r_t, Adam √v̂_t = √(v_t / (1 − β₂ᵗ))."""
    state = optimizer.state[p]
    if isinstance(optimizer, torch.optim.Adagrad):
        return state["sum"].sqrt()
    if isinstance(optimizer, torch.optim.RMSprop):
        return state["square_avg"].sqrt()
    if isinstance(optimizer, torch.optim.Adam):
        beta2 = optimizer.param_groups[0]["betas"][1]
        return (state["exp_avg_sq"] / (1 - beta2 ** float(state["step"]))).sqrt()
    raise TypeError(f"expected an Adagrad, RMSprop or Adam optimizer, got {type(optimizer).__name__}")


def rule_step(optimizer: torch.optim.Optimizer, p: torch.Tensor) -> torch.Tensor:
    """|Δw| the rule asks for after its step: η |g_t| / (√s_t + ε), and η |m̂_t| / (√v̂_t + ε) for Adam.

    Computed from the state rather than as the difference of the weights, because in float32
    a step of 1e-8 on a weight of 0.03 is a few units in the last place and rounds.
    """
    group = optimizer.param_groups[0]
    numerator = p.grad
    if isinstance(optimizer, torch.optim.Adam):
        beta1 = group["betas"][0]
        numerator = optimizer.state[p]["exp_avg"] / (1 - beta1 ** float(optimizer.state[p]["step"]))
    return group["lr"] * numerator.abs() / (state_root(optimizer, p) + group["eps"])


def median_and_p90(x: torch.Tensor) -> dict[str, float]:
    median, p90 = torch.quantile(x.detach().flatten(), torch.tensor([0.5, 0.9], dtype=x.dtype)).tolist()
    return {"median": median, "p90": p90}


def share_rounded_away(before: torch.Tensor, after: torch.Tensor, step: torch.Tensor) -> float:
    """Among the weights whose step is non-zero, the share that w + Δw left unchanged."""
    moving = step > 0
    return ((before == after) & moving).sum().item() / max(moving.sum().item(), 1)


def log_spaced_steps(last: int, count: int = 30) -> list[int]:
    """About `count` distinct steps from 1 to `last`, evenly spaced in log t."""
    return sorted({round(math.exp(k * math.log(last) / (count - 1))) for k in range(count)})


class StepRecorder:
    """Optimizer hooks that record per-matrix statistics (see the module docstring) at `record_at` steps."""

    def __init__(self, optimizer: torch.optim.Optimizer, weights: dict[str, torch.Tensor], record_at,
                 initial_accumulator: float = 0.0):
        self.optimizer, self.weights, self.record_at = optimizer, weights, set(record_at)
        self.initial_accumulator = initial_accumulator
        self.step, self.rows, self._before = 0, [], None
        optimizer.register_step_pre_hook(self._pre_step)
        optimizer.register_step_post_hook(self._post_step)

    def _pre_step(self, optimizer, args, kwargs):
        self.step += 1
        self._before = ({name: w.detach().clone() for name, w in self.weights.items()}
                        if self.step in self.record_at else None)

    def _post_step(self, optimizer, args, kwargs):
        if self._before is None:
            return
        row = {"step": self.step}
        for name, w in self.weights.items():
            stats = {
                "state_root": median_and_p90(state_root(optimizer, w)),
                "step": median_and_p90(rule_step(optimizer, w)),
                "grad": median_and_p90(w.grad.abs()),
                "share_rounded_away": share_rounded_away(self._before[name], w.detach(), rule_step(optimizer, w)),
            }
            if isinstance(optimizer, torch.optim.Adagrad):
                accumulated = optimizer.state[w]["sum"] - self.initial_accumulator
                stats["accumulated"] = median_and_p90(accumulated)
                stats["share_accumulated_above_keras_s0"] = (
                    (accumulated > KERAS_INITIAL_ACCUMULATOR).double().mean().item())
            row[name] = stats
        self.rows.append(row)


def build_variant(key: str, params) -> tuple[torch.optim.Optimizer, float]:
    """The optimizer of a variant (see VARIANTS) and its initial accumulator (0 if not AdaGrad)."""
    if key in ("adagrad-keras", "adagrad-zero"):
        s0 = KERAS_INITIAL_ACCUMULATOR if key == "adagrad-keras" else 0.0
        # Keras' ε as in the stored run; only the initial accumulator differs between the two.
        return torch.optim.Adagrad(params, lr=BASE_RUN.lr, initial_accumulator_value=s0, eps=1e-7), s0
    return build_optimizer(REGISTRY[key], params), 0.0


def run_variant(key: str, train, val, *, epochs: int, record_at) -> dict:
    """Train the stored runs' MLP with one variant for `epochs` epochs, recording its steps."""
    train.set_epoch(0)  # every variant sees the same batches, in the stored runs' order
    torch.manual_seed(BASE_RUN.seed)
    model = build_mlp(BASE_RUN.hidden_layers, BASE_RUN.width)
    optimizer, s0 = build_variant(key, model.parameters())
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    weights = {f"W{k}": layer.weight for k, layer in enumerate(linears, start=1)}
    recorder = StepRecorder(optimizer, weights, record_at, initial_accumulator=s0)
    result = fit(model, optimizer, train, val, epochs=epochs, progress=False)
    return {"optimizer": type(optimizer).__name__, "settings": {k: v for k, v in optimizer.defaults.items()
                                                               if isinstance(v, (int, float, tuple))},
            "initial_accumulator": s0, "shapes": {name: list(w.shape) for name, w in weights.items()},
            "recorded": recorder.rows, **result.to_dict()}


def run(*, epochs: int = 5, data_root=None) -> dict:
    """Every variant on CIFAR-10 (CPU, the stored runs' split, seed and loader), `epochs` epochs each."""
    train, val = lecture_loaders(BASE_RUN, data_root=data_root)
    record_at = log_spaced_steps(epochs * len(train))
    runs = {label: run_variant(key, train, val, epochs=epochs, record_at=record_at)
            for label, key in VARIANTS.items()}
    return {"name": NAME, "version": VERSION, "base_run": BASE_RUN.name, "lr": BASE_RUN.lr,
            "epochs": epochs, "steps_per_epoch": len(train), "settings": KERAS_SETTINGS,
            "runs": runs, "provenance": provenance.record(torch.device("cpu"))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--data-root", default=None)
    options = parser.parse_args(argv)
    torch.set_num_threads(1)  # as the stored runs, and fair to a shared machine
    print(store_named(run(epochs=options.epochs, data_root=options.data_root)))


if __name__ == "__main__":
    main()
