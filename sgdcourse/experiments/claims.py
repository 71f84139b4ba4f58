"""The CPU-sized studies behind the chapter "Claims, measured", each ≥ 3 seeds.

Data, the same for every study: the lecture's split of the CIFAR-10 training set (40,000
train / 10,000 validation, seed 0), of which the first TRAIN_SIZE = 10,000 training images
train (what 2 shared CPU cores afford), validated on all 10,000 validation images; the
10,000 TEST images are scored only by the final runs of the tuning-budget study. Model: the
lecture's MLP (one hidden layer of 512, pixels / 255). A seed sets the initialisation and
the batch order; the data split is fixed.

    eta-beta        momentum SGD's validation loss over an (η, β) grid (Tuning Playbook)
    budget-tuning   random search on η, same budget for six optimizers (Schmidt et al. 2021)
    budget-final    the best η after 4 and after all trials, rerun over seeds, scored on TEST once
    schedules       constant / step / cosine / one-cycle at the tuned η; Adam at a large η ± warm-up
    batch-size      epochs and steps to a validation accuracy vs |B|, linear scaling + warm-up (Goyal et al. 2017)
"""

from __future__ import annotations

import math
from functools import cache, partial

import torch

from .. import hyperparameters, schedules
from ..data import load_cifar10, train_val_split
from ..trials import Trial
from .mlp_study import VAL_SIZE
from .studies import (
    RESULTS_DIR, OPTIMIZERS, RunConfig, Splits, Study, epochs_to_accuracy, load_study, run_study, spread, summarise,
)

TRAIN_SIZE = 10_000
DATA_NOTE = (f"CIFAR-10: the first {TRAIN_SIZE:,} images of the lecture's 40,000-image training split "
             f"(seed 0), validated on its {VAL_SIZE:,} held-out images; test: the official 10,000")


def cifar10_splits(data_root=None) -> Splits:
    data = load_cifar10(data_root)
    train, val = train_val_split(data.train_images, data.train_labels, n_val=VAL_SIZE, seed=0)
    return Splits(train, val, (data.test_images, data.test_labels), DATA_NOTE)


# --- η × β ---------------------------------------------------------------------------------
ETA_BETA_LRS = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)
ETA_BETA_BETAS = (0.0, 0.5, 0.9, 0.99)
ETA_BETA_EPOCHS = 5


def _eta_beta_grid() -> dict[str, RunConfig]:
    return {f"lr{lr:g}-beta{beta:g}": RunConfig("momentum", lr, beta=beta, epochs=ETA_BETA_EPOCHS,
                                                train_size=TRAIN_SIZE)
            for beta in ETA_BETA_BETAS for lr in ETA_BETA_LRS}


ETA_BETA = Study("eta-beta", f"momentum SGD, best validation loss in {ETA_BETA_EPOCHS} epochs over η × β",
                 _eta_beta_grid)


# --- equal tuning budget -------------------------------------------------------------------
# Each optimizer's η range spans the same three decades around its usual default; momentum
# and Nesterov's sit one decade below SGD's because their effective step is η / (1 − β) = 10 η.
BUDGET_RANGES = {"sgd": (1e-3, 1.0), "momentum": (1e-4, 1e-1), "nesterov": (1e-4, 1e-1),
                 "rmsprop": (1e-5, 1e-2), "adam": (1e-5, 1e-2), "adamw": (1e-5, 1e-2)}
BUDGET_TRIALS, BUDGET_SMALL = 6, 3
BUDGET_EPOCHS, BUDGET_PATIENCE = 10, 3
ADAMW_DECAY = 1e-2  # torch's default λ; the others have none


def _tuning_config(optimizer: str, lr: float, evaluate_test: bool = False) -> RunConfig:
    return RunConfig(optimizer, lr, weight_decay=ADAMW_DECAY if optimizer == "adamw" else 0.0,
                     epochs=BUDGET_EPOCHS, patience=BUDGET_PATIENCE, train_size=TRAIN_SIZE,
                     evaluate_test=evaluate_test)


def budget_draws(optimizer: str) -> list[float]:
    """The random search's η draws, log-uniform on the optimizer's range; the same generator
    seed for every optimizer, so all six see the same quantiles of their ranges."""
    sample = hyperparameters.log_uniform(*BUDGET_RANGES[optimizer])
    generator = torch.Generator().manual_seed(0)
    return [sample(generator) for _ in range(BUDGET_TRIALS)]


def _budget_tuning_grid() -> dict[str, RunConfig]:
    return {f"{optimizer}-trial{i}": _tuning_config(optimizer, lr)
            for optimizer in OPTIMIZERS for i, lr in enumerate(budget_draws(optimizer))}


BUDGET_TUNING = Study("budget-tuning", f"random search on η, {BUDGET_TRIALS} trials per optimizer, seed 0",
                      _budget_tuning_grid, seeds=(0,))


def budget_trials(optimizer: str) -> list[Trial]:
    """The optimizer's trials in search order, scored by best validation loss (diverged: inf)."""
    draws = budget_draws(optimizer)
    records = load_study(BUDGET_TUNING, labels={f"{optimizer}-trial{i}" for i in range(len(draws))})
    return [Trial({"lr": lr}, _finite_or_inf(records[f"{optimizer}-trial{i}"][0]["best_val_loss"]))
            for i, lr in enumerate(draws)]


def tuned_momentum_lr() -> float:
    """Momentum SGD's η (β = 0.9) chosen by the budget study's full random search."""
    return budget_choice("momentum", BUDGET_TRIALS)[1].params["lr"]


def budget_choice(optimizer: str, budget: int) -> tuple[str, Trial]:
    """The best of the optimizer's first `budget` trials, and the label of its final runs
    (one label per η: when 4 trials already found the best of 8, it is run once)."""
    chosen = hyperparameters.best(budget_trials(optimizer)[:budget])
    return f"{optimizer}-lr{chosen.params['lr']:.3e}", chosen


def _budget_final_grid() -> dict[str, RunConfig]:
    # The full budget's choice only: what 2 shared CPU cores afford. The smaller budget's
    # ranking is read from the search's validation losses (`search_ranking`).
    return {label: _tuning_config(optimizer, chosen.params["lr"], evaluate_test=True)
            for optimizer in OPTIMIZERS for label, chosen in [budget_choice(optimizer, BUDGET_TRIALS)]}


BUDGET_FINAL = Study("budget-final", f"the best η after {BUDGET_TRIALS} trials, three seeds, test scored once",
                     _budget_final_grid)


# --- schedules and warm-up -----------------------------------------------------------------
SCHEDULE_EPOCHS = 6
ADAM_LARGE_LR = 1e-2        # ten times Adam's usual default 1e-3
WARMUP_EPOCHS = 1


def _schedules_grid() -> dict[str, RunConfig]:
    lr = tuned_momentum_lr()
    steps = math.ceil(TRAIN_SIZE / 128)
    grid = {f"momentum-{name}": RunConfig("momentum", lr, schedule=name, epochs=SCHEDULE_EPOCHS,
                                          train_size=TRAIN_SIZE)
            for name in ("constant", "step", "cosine", "one_cycle")}
    for warmup in (0, WARMUP_EPOCHS * steps):
        grid[f"adam-large-lr-warmup{warmup}"] = RunConfig("adam", ADAM_LARGE_LR, warmup_steps=warmup,
                                                          epochs=SCHEDULE_EPOCHS, train_size=TRAIN_SIZE)
    return grid


SCHEDULES = Study("schedules", f"schedules at the tuned η (momentum 0.9), {SCHEDULE_EPOCHS} epochs; "
                  f"Adam at η = {ADAM_LARGE_LR:g} with and without {WARMUP_EPOCHS} epochs of warm-up",
                  _schedules_grid)


# --- batch size ----------------------------------------------------------------------------
BATCH_SIZES = (32, 64, 128, 256, 512, 1024)
BASE_BATCH = 128
BATCH_EPOCHS = 6
TARGET_ACCURACY = 0.35


def _batch_size_grid() -> dict[str, RunConfig]:
    base_lr = tuned_momentum_lr()
    return {f"batch{b}": RunConfig("momentum", schedules.linear_scaling_rule(base_lr, b, BASE_BATCH),
                                   batch_size=b, warmup_steps=math.ceil(TRAIN_SIZE / b), epochs=BATCH_EPOCHS,
                                   train_size=TRAIN_SIZE)
            for b in BATCH_SIZES}


BATCH_SIZE = Study("batch-size", f"momentum SGD, η = η*·|B|/{BASE_BATCH} with one epoch of linear warm-up, "
                   f"{BATCH_EPOCHS} epochs", _batch_size_grid)


# --- what the chapter reads ----------------------------------------------------------------
def eta_beta_table() -> dict[str, torch.Tensor]:
    """(β, η) grids of the best validation loss's mean and std over seeds, and how many seeds diverged."""
    records = load_study(ETA_BETA)
    def grid(read):
        return torch.tensor([[read(records[f"lr{lr:g}-beta{beta:g}"]) for lr in ETA_BETA_LRS]
                             for beta in ETA_BETA_BETAS], dtype=torch.float64)
    losses = summarise(records, "best_val_loss")
    return {"mean": grid(lambda runs: losses[runs[0]["label"]].mean),
            "std": grid(lambda runs: losses[runs[0]["label"]].std),
            "diverged": grid(lambda runs: sum(r["stop_reason"] == "diverged" for r in runs))}


def budget_table() -> dict[str, dict]:
    """Per optimizer: the η chosen by the full search, its validation loss there, and over the
    final seeds the test accuracy, the (evaluated) train accuracy and the gap train − test."""
    final = load_study(BUDGET_FINAL)
    table = {}
    for optimizer in OPTIMIZERS:
        label, chosen = budget_choice(optimizer, BUDGET_TRIALS)
        runs = final[label]
        table[optimizer] = {
            "lr": chosen.params["lr"], "search_val_loss": chosen.score,
            "test_accuracy": spread(r["test_accuracy"] for r in runs),
            "train_accuracy": spread(r["train_eval_accuracy"] for r in runs),
            "gap": spread(r["train_eval_accuracy"] - r["test_accuracy"] for r in runs),
        }
    return table


def search_ranking(budget: int) -> list[tuple[str, float]]:
    """(optimizer, best validation loss of its first `budget` trials), best first."""
    scores = [(optimizer, budget_choice(optimizer, budget)[1].score) for optimizer in OPTIMIZERS]
    return sorted(scores, key=lambda pair: pair[1])


def batch_size_table(accuracy: float = TARGET_ACCURACY) -> dict[int, dict]:
    """Per |B|: η, steps per epoch, how many seeds reached `accuracy`, and over those seeds the
    epochs and steps it took (None when no seed reached it)."""
    records = load_study(BATCH_SIZE)
    table = {}
    for b in BATCH_SIZES:
        runs = records[f"batch{b}"]
        steps_per_epoch = runs[0]["steps_per_epoch"]
        epochs = [e for e in (epochs_to_accuracy(r, accuracy) for r in runs) if math.isfinite(e)]
        table[b] = {"lr": runs[0]["config"]["lr"], "steps_per_epoch": steps_per_epoch,
                    "reached": len(epochs), "seeds": len(runs),
                    "epochs": spread(epochs) if epochs else None,
                    "steps": spread(e * steps_per_epoch for e in epochs) if epochs else None}
    return table


STUDIES: dict[str, Study] = {s.name: s for s in [ETA_BETA, BUDGET_TUNING, BUDGET_FINAL, SCHEDULES, BATCH_SIZE]}
# A study whose grid reads another's stored results runs after it.
REQUIRES = {"budget-final": ("budget-tuning",), "schedules": ("budget-tuning",), "batch-size": ("budget-tuning",)}


def with_requirements(names: list[str]) -> list[str]:
    """`names` in a runnable order, each preceded by the studies its grid reads."""
    ordered: list[str] = []
    for name in names:
        for needed in (*REQUIRES.get(name, ()), name):
            if needed not in ordered:
                ordered.append(needed)
    return ordered


def run_claims(names: list[str], *, data_root=None, device=None, directory=RESULTS_DIR, progress=True) -> None:
    data = cache(partial(cifar10_splits, data_root))  # loaded once, and only if a study has runs left
    for name in with_requirements(names):
        counts = run_study(STUDIES[name], data, directory=directory, device=device, progress=progress)
        print(f"{name}: ran {counts['run']}, already stored {counts['skipped']}")


def _finite_or_inf(x: float) -> float:
    return x if math.isfinite(x) else math.inf
