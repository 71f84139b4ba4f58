"""The CPU-sized studies behind the chapter "Claims, measured", each ≥ 3 seeds.

Data, the same for every study: the lecture's split of the CIFAR-10 training set (40,000
train / 10,000 validation, seed 0), of which the first TRAIN_SIZE = 10,000 training images
train (what 2 shared CPU cores afford), validated on all 10,000 validation images; the
10,000 TEST images are scored only by the final runs of the tuning-budget study. Model: the
lecture's MLP (one hidden layer of 512, pixels / 255). A seed sets the initialisation and
the batch order; the data split is fixed.

    eta-beta        momentum SGD's validation loss over an (η, β) grid (Tuning Playbook)
    budget-tuning   random search on η, same budget for six optimizers (Schmidt et al. 2021)
    budget-final    the best η after all trials, rerun over seeds, scored on TEST once
    budget-wide-*   the same with η, β and weight decay searched together (Choi et al. 2019)
    cnn-*           the CNN testbed: η from a small grid per optimizer, then three seeds
    schedules       constant / step / cosine / one-cycle at the tuned η; Adam at a large η ± warm-up
    batch-size      epochs and steps to a validation accuracy vs |B|, linear scaling + warm-up (Goyal et al. 2017)
"""

from __future__ import annotations

import math
from functools import cache, partial
from pathlib import Path

import torch

from .. import hyperparameters, schedules
from ..data import load_cifar10, train_val_split
from ..trials import Trial
from .mlp_study import VAL_SIZE
from .studies import (
    RESULTS_DIR, OPTIMIZERS, RunConfig, Splits, Study, epochs_to_accuracy, first_reaching, load_study, run_study,
    spread, summarise,
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


def _eta_beta_grid(directory: Path) -> dict[str, RunConfig]:
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


def _budget_tuning_grid(directory: Path) -> dict[str, RunConfig]:
    return {f"{optimizer}-trial{i}": _tuning_config(optimizer, lr)
            for optimizer in OPTIMIZERS for i, lr in enumerate(budget_draws(optimizer))}


BUDGET_TUNING = Study("budget-tuning", f"random search on η, {BUDGET_TRIALS} trials per optimizer, seed 0",
                      _budget_tuning_grid, seeds=(0,))


def search_trials(tuning: Study, optimizer: str, draws: list[dict[str, float]], directory: Path,
                  label=None) -> list[Trial]:
    """The optimizer's trials of the search `tuning` in search order, scored by best validation
    loss (diverged: inf); trial i is stored as `label(i)` (default "<optimizer>-trial<i>")."""
    label = label or (lambda i: f"{optimizer}-trial{i}")
    records = load_study(tuning, directory, labels={label(i) for i in range(len(draws))})
    return [Trial(params, _finite_or_inf(records[label(i)][0]["best_val_loss"])) for i, params in enumerate(draws)]


def budget_trials(optimizer: str, directory: Path = RESULTS_DIR) -> list[Trial]:
    return search_trials(BUDGET_TUNING, optimizer, [{"lr": lr} for lr in budget_draws(optimizer)], directory)


def tuned_momentum_lr(directory: Path = RESULTS_DIR) -> float:
    """Momentum SGD's η (β = 0.9) chosen by the budget study's full random search."""
    return budget_choice("momentum", BUDGET_TRIALS, directory)[1].params["lr"]


def budget_choice(optimizer: str, budget: int, directory: Path = RESULTS_DIR) -> tuple[str, Trial]:
    """The best of the optimizer's first `budget` trials, and the label of its final runs
    (one label per η: when 4 trials already found the best of 8, it is run once)."""
    chosen = hyperparameters.best(budget_trials(optimizer, directory)[:budget])
    return f"{optimizer}-lr{chosen.params['lr']:.3e}", chosen


def _budget_final_grid(directory: Path) -> dict[str, RunConfig]:
    # The full budget's choice only: what 2 shared CPU cores afford. The smaller budget's
    # ranking is read from the search's validation losses (`search_ranking`).
    return {label: _tuning_config(optimizer, chosen.params["lr"], evaluate_test=True)
            for optimizer in OPTIMIZERS for label, chosen in [budget_choice(optimizer, BUDGET_TRIALS, directory)]}


BUDGET_FINAL = Study("budget-final", f"the best η after {BUDGET_TRIALS} trials, three seeds, test scored once",
                     _budget_final_grid)


# --- equal budget, all hyperparameters (Choi et al. 2019) ---------------------------------
# η, β (momentum's β, or Adam's β₁) and the weight decay λ drawn together: for every optimizer
# the same WIDE_TRIALS points of one scrambled Sobol sequence, mapped onto its own ranges.
WIDE_TRIALS, WIDE_SMALL = 16, 4
ONE_MINUS_BETA = (0.01, 0.5)   # log-uniform 1 − β: β from 0.5 to 0.99
COUPLED_DECAY = (1e-6, 1e-2)   # λ added to the gradient (SGD, momentum, Nesterov, RMSProp, Adam)
DECOUPLED_DECAY = (1e-4, 1.0)  # AdamW's λ, applied as w ← w − ηλw: η ~ 1e-3 makes it ~1000× weaker per step
WITH_BETA = ("momentum", "nesterov", "adam", "adamw")


def wide_space(optimizer: str) -> dict[str, tuple[float, float, str]]:
    """The optimizer's search space for `quasi_random_configurations` (name → (low, high, scale))."""
    return {"lr": (*BUDGET_RANGES[optimizer], "log"), "one_minus_beta": (*ONE_MINUS_BETA, "log"),
            "weight_decay": (*(DECOUPLED_DECAY if optimizer == "adamw" else COUPLED_DECAY), "log")}


def wide_draws(optimizer: str) -> list[dict[str, float]]:
    """The search's trials in order. Every optimizer draws the same three-dimensional points (so
    the same quantiles of η and λ); those without a β (SGD, RMSProp) leave that coordinate out."""
    draws = hyperparameters.quasi_random_configurations(wide_space(optimizer), WIDE_TRIALS, seed=0)
    if optimizer not in WITH_BETA:
        draws = [{name: value for name, value in params.items() if name != "one_minus_beta"} for params in draws]
    return draws


def _wide_config(optimizer: str, params: dict[str, float], evaluate_test: bool = False) -> RunConfig:
    beta = 1 - params["one_minus_beta"] if "one_minus_beta" in params else 0.9
    return RunConfig(optimizer, params["lr"], beta=beta, weight_decay=params["weight_decay"],
                     epochs=BUDGET_EPOCHS, patience=BUDGET_PATIENCE, train_size=TRAIN_SIZE,
                     evaluate_test=evaluate_test)


def _wide_tuning_grid(directory: Path) -> dict[str, RunConfig]:
    return {f"{optimizer}-trial{i}": _wide_config(optimizer, params)
            for optimizer in OPTIMIZERS for i, params in enumerate(wide_draws(optimizer))}


WIDE_TUNING = Study("budget-wide-tuning", f"quasi-random search on η, β and weight decay, {WIDE_TRIALS} trials "
                    "per optimizer, seed 0", _wide_tuning_grid, seeds=(0,))


def wide_choice(optimizer: str, budget: int, directory: Path = RESULTS_DIR) -> tuple[str, Trial]:
    """The best of the optimizer's first `budget` trials of the wide search, labelled by its trial."""
    trials = search_trials(WIDE_TUNING, optimizer, wide_draws(optimizer), directory)[:budget]
    chosen = hyperparameters.best(trials)
    return f"{optimizer}-trial{trials.index(chosen)}", chosen


def _wide_final_grid(directory: Path) -> dict[str, RunConfig]:
    return {label: _wide_config(optimizer, chosen.params, evaluate_test=True)
            for optimizer in OPTIMIZERS for label, chosen in [wide_choice(optimizer, WIDE_TRIALS, directory)]}


WIDE_FINAL = Study("budget-wide-final", f"the best (η, β, λ) after {WIDE_TRIALS} trials, three seeds, "
                   "test scored once", _wide_final_grid)


# --- the CNN testbed -----------------------------------------------------------------------
# build_cnn (normalised inputs, flips and 4-pixel crops) on the same 10,000 images. η from a
# three-point grid around each optimizer's usual value, 1 seed × CNN_TUNING_EPOCHS; the best
# rerun over three seeds for CNN_EPOCHS, test scored once. 12 s per CNN epoch on one CPU
# core (results/testbed) is what keeps this small.
CNN_LRS = {"sgd": (0.03, 0.1, 0.3), "momentum": (3e-3, 1e-2, 3e-2), "adam": (3e-4, 1e-3, 3e-3)}
CNN_TUNING_EPOCHS, CNN_EPOCHS = 3, 6


def _cnn_config(optimizer: str, lr: float, epochs: int, evaluate_test: bool = False) -> RunConfig:
    return RunConfig(optimizer, lr, model="cnn", epochs=epochs, train_size=TRAIN_SIZE, evaluate_test=evaluate_test)


CNN_TUNING = Study("cnn-tuning", f"the CNN: η from a 3-point grid per optimizer, {CNN_TUNING_EPOCHS} epochs, "
                   "seed 0", lambda directory: {f"{optimizer}-lr{lr:g}": _cnn_config(optimizer, lr, CNN_TUNING_EPOCHS)
                                      for optimizer, lrs in CNN_LRS.items() for lr in lrs}, seeds=(0,))


def cnn_choice(optimizer: str, directory: Path = RESULTS_DIR) -> tuple[str, Trial]:
    lrs = CNN_LRS[optimizer]
    trials = search_trials(CNN_TUNING, optimizer, [{"lr": lr} for lr in lrs], directory,
                           label=lambda i: f"{optimizer}-lr{lrs[i]:g}")
    chosen = hyperparameters.best(trials)
    return f"{optimizer}-lr{chosen.params['lr']:g}", chosen


CNN_FINAL = Study("cnn-final", f"the CNN at each optimizer's best η, {CNN_EPOCHS} epochs, three seeds, test "
                  "scored once", lambda directory: {label: _cnn_config(optimizer, chosen.params["lr"], CNN_EPOCHS, True)
                                                    for optimizer in CNN_LRS
                                                    for label, chosen in [cnn_choice(optimizer, directory)]})


# --- schedules and warm-up -----------------------------------------------------------------
SCHEDULE_EPOCHS = 6
ADAM_LARGE_LR = 1e-2        # ten times Adam's usual default 1e-3
WARMUP_EPOCHS = 1


def _schedules_grid(directory: Path) -> dict[str, RunConfig]:
    lr = tuned_momentum_lr(directory)
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


def _batch_size_grid(directory: Path) -> dict[str, RunConfig]:
    base_lr = tuned_momentum_lr(directory)
    return {f"batch{b}": RunConfig("momentum", schedules.linear_scaling_rule(base_lr, b, BASE_BATCH),
                                   batch_size=b, warmup_steps=math.ceil(TRAIN_SIZE / b), epochs=BATCH_EPOCHS,
                                   train_size=TRAIN_SIZE)
            for b in BATCH_SIZES}


BATCH_SIZE = Study("batch-size", f"momentum SGD, η = η*·|B|/{BASE_BATCH} with one epoch of linear warm-up, "
                   f"{BATCH_EPOCHS} epochs", _batch_size_grid)


# --- what the chapter reads ----------------------------------------------------------------
def eta_beta_table(directory: Path = RESULTS_DIR) -> dict[str, torch.Tensor]:
    """(β, η) grids of the best validation loss's mean and std over seeds, and how many seeds diverged."""
    records = load_study(ETA_BETA, directory)
    def grid(read):
        return torch.tensor([[read(records[f"lr{lr:g}-beta{beta:g}"]) for lr in ETA_BETA_LRS]
                             for beta in ETA_BETA_BETAS], dtype=torch.float64)
    losses = summarise(records, "best_val_loss")
    return {"mean": grid(lambda runs: losses[runs[0]["label"]].mean),
            "std": grid(lambda runs: losses[runs[0]["label"]].std),
            "diverged": grid(lambda runs: sum(r["stop_reason"] == "diverged" for r in runs))}


def budget_table(final: Study = BUDGET_FINAL, directory: Path = RESULTS_DIR) -> dict[str, dict]:
    """Per optimizer: the hyperparameters chosen by the full search (η only for BUDGET_FINAL,
    η, β, λ for WIDE_FINAL, η for CNN_FINAL), its validation loss there, and over the final
    seeds the test accuracy, the (evaluated) train accuracy and the gap train − test."""
    choose = {BUDGET_FINAL.name: lambda optimizer: budget_choice(optimizer, BUDGET_TRIALS, directory),
              WIDE_FINAL.name: lambda optimizer: wide_choice(optimizer, WIDE_TRIALS, directory),
              CNN_FINAL.name: lambda optimizer: cnn_choice(optimizer, directory)}[final.name]
    records = load_study(final, directory)
    table = {}
    for optimizer in (CNN_LRS if final is CNN_FINAL else OPTIMIZERS):
        label, chosen = choose(optimizer)
        runs = records[label]
        table[optimizer] = {
            "lr": chosen.params["lr"], "params": chosen.params, "search_val_loss": chosen.score,
            "test_accuracy": spread(r["test_accuracy"] for r in runs),
            "train_accuracy": spread(r["train_eval_accuracy"] for r in runs),
            "gap": spread(r["train_eval_accuracy"] - r["test_accuracy"] for r in runs),
        }
    return table


def search_ranking(budget: int, choose=budget_choice, directory: Path = RESULTS_DIR) -> list[tuple[str, float]]:
    """(optimizer, best validation loss of its first `budget` trials), best first; `choose`:
    budget_choice (η only) or wide_choice (η, β, λ)."""
    scores = [(optimizer, choose(optimizer, budget, directory)[1].score) for optimizer in OPTIMIZERS]
    return sorted(scores, key=lambda pair: pair[1])


def batch_size_table(accuracy: float = TARGET_ACCURACY, directory: Path = RESULTS_DIR) -> dict[int, dict]:
    """Per |B|: η, steps per epoch, how many seeds reached `accuracy`, and over those seeds the
    epochs and steps it took (None when no seed reached it)."""
    records = load_study(BATCH_SIZE, directory)
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


def time_to_accuracy(final: Study, accuracy: float, directory: Path = RESULTS_DIR) -> dict[str, dict]:
    """Per label of `final`: how many seeds reached `accuracy` on the validation split and, over
    those, the epochs, wall seconds and CPU seconds it took, with the device the runs used."""
    table = {}
    for label, runs in load_study(final, directory).items():
        reached = [row for row in (first_reaching(r, accuracy) for r in runs) if row is not None]
        table[label] = {"reached": len(reached), "seeds": len(runs),
                        "device": runs[0]["provenance"]["device"],
                        **{key: spread(row[key] for row in reached) if reached else None
                           for key in ("epoch", "seconds", "cpu_seconds")}}
    return table


STUDIES: dict[str, Study] = {s.name: s for s in [ETA_BETA, BUDGET_TUNING, BUDGET_FINAL, WIDE_TUNING, WIDE_FINAL,
                                                 CNN_TUNING, CNN_FINAL, SCHEDULES, BATCH_SIZE]}
# A study whose grid reads another's stored results runs after it.
REQUIRES = {"budget-final": ("budget-tuning",), "schedules": ("budget-tuning",), "batch-size": ("budget-tuning",),
            "budget-wide-final": ("budget-wide-tuning",), "cnn-final": ("cnn-tuning",)}


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
