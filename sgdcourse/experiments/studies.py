"""Studies: a named grid of run configurations × seeds, each run stored as its own JSON.

A single run is one seed of one configuration; a claim about optimizers needs the spread
over seeds beside the mean. A `Study` names its grid (label → `RunConfig`) and its seeds;
`run_study` trains every (label, seed) pair not already stored and writes

    results/<study>/<label>-seed<seed>.json

with the configuration, the per-epoch history, wall time and provenance. A run is skipped
when its stored record has the same configuration, seed and study version, so an
interrupted study resumes where it stopped, and bumping `version` reruns everything.
`summarise` reduces the stored runs to mean, std (over seeds, n − 1) and min/max per label.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import torch
from tqdm.auto import tqdm

from .. import provenance, schedules
from ..data import DeviceLoader, default_device
from ..models import build_cnn, build_mlp
from ..train import evaluate, fit
from .store import RESULTS_DIR, write_result

OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "step", "cosine", "one_cycle")


@dataclass(frozen=True)
class RunConfig:
    """What one run trains: model, optimizer, schedule, data size. The seed is not part of it."""

    optimizer: str                 # one of OPTIMIZERS
    lr: float                      # the base (peak, for a schedule) learning rate η
    beta: float = 0.9              # momentum β of "momentum" and "nesterov" (torch's v ← βv + g, w ← w − ηv),
    #                                β₁ of "adam" and "adamw"; "sgd" and "rmsprop" have none
    weight_decay: float = 0.0      # decoupled for "adamw", L2 added to the gradient otherwise
    batch_size: int = 128
    epochs: int = 5
    patience: int | None = None    # early stopping on the validation loss (restores the best weights)
    schedule: str = "constant"     # one of SCHEDULES, stepped once per batch
    warmup_steps: int = 0          # linear warm-up from 0 over this many steps (constant and cosine only)
    model: str = "mlp"             # "mlp": the lecture's (one hidden layer of 512, pixels / 255);
    #                                "cnn": build_cnn with normalised inputs, flips and 4-pixel crops
    train_size: int | None = None  # the first train_size training images (None: all of them)
    evaluate_test: bool = False    # score the TEST split once, after training (final runs only)


@dataclass(frozen=True)
class Splits:
    """uint8 images (N, C, H, W) and labels of train / validation / test, and what they are."""

    train: tuple[torch.Tensor, torch.Tensor]
    val: tuple[torch.Tensor, torch.Tensor]
    test: tuple[torch.Tensor, torch.Tensor]
    description: str               # e.g. "CIFAR-10, lecture split ..." or "synthetic ..."


@dataclass(frozen=True)
class Study:
    """A named grid of configurations, each run once per seed.

    `grid(directory)` is a callable so that a study can depend on another's stored results (a
    tuned η): it is evaluated when the study runs, reading them from the results `directory`
    the study itself is stored in. Bump `version` when a change alters results.
    """

    name: str
    description: str
    grid: Callable[[Path], dict[str, RunConfig]]
    seeds: tuple[int, ...] = (0, 1, 2)
    version: int = 1

    def runs(self, directory: Path = RESULTS_DIR) -> list[tuple[str, RunConfig, int]]:
        return [(label, config, seed) for label, config in self.grid(Path(directory)).items() for seed in self.seeds]


def run_key(label: str, seed: int) -> str:
    return f"{label}-seed{seed}"


def run_config(config: RunConfig, seed: int, data: Splits, *, device=None, progress: bool = False) -> dict:
    """Train `config` with `seed` (initialisation, batch order, augmentation); return its record."""
    device = torch.device(device) if device else default_device()
    train_x, train_y = data.train
    if config.train_size is not None:
        train_x, train_y = train_x[: config.train_size], train_y[: config.train_size]
    loader = partial(build_loader, config.model, device=device)
    train = loader(train_x, train_y, batch_size=config.batch_size, seed=seed, shuffle=True)
    val = loader(*data.val, batch_size=5000, shuffle=False)

    torch.manual_seed(seed)
    model = build_model(config.model, inputs=train_x[0].numel(), classes=int(data.train[1].max()) + 1).to(device)
    optimizer = build_optimizer(config, model.parameters())
    steps_per_epoch = len(train)
    schedule = build_schedule(config, steps_per_epoch)
    scheduler = schedules.as_lambda_lr(optimizer, schedule) if schedule else None
    result = fit(model, optimizer, train, val, epochs=config.epochs, scheduler=scheduler,
                 patience=config.patience, progress=progress)
    record = {
        "config": asdict(config),
        "seed": seed,
        "data": data.description,
        "train_size": len(train_x),
        "steps_per_epoch": steps_per_epoch,
        "best_val_loss": result.best.val_loss if result.best_epoch else math.nan,
        "best_val_accuracy": result.best.val_accuracy if result.best_epoch else math.nan,
        "wall_seconds": result.wall_seconds,
        **result.to_dict(),
        "provenance": provenance.record(device),
    }
    if config.evaluate_test:
        # The weights of the best validation epoch (restored by early stopping, else the last), scored
        # on the whole training subset as well, so that train − test is a gap between equal measurements.
        score = lambda x, y: evaluate(model, loader(x, y, batch_size=5000, shuffle=False))  # noqa: E731
        record["train_eval_loss"], record["train_eval_accuracy"] = score(train_x, train_y)
        record["test_loss"], record["test_accuracy"] = score(*data.test)
    return record


Runner = Callable[..., dict]


def run_study(study: Study, data: Splits | Callable[[], Splits], *, directory: Path = RESULTS_DIR,
              device=None, progress: bool = True, runner: Runner = run_config) -> dict[str, int]:
    """Run every (label, seed) of `study` not already stored; return counts of run and skipped.

    `data` may be a callable, so that a study with nothing left to run never loads it.
    """
    folder = Path(directory) / study.name
    runs = study.runs(directory)
    pending = [(label, config, seed) for label, config, seed in runs
               if not _is_stored(folder / f"{run_key(label, seed)}.json", study, config, seed)]
    skipped = len(runs) - len(pending)
    if pending and callable(data):
        data = data()
    bar = tqdm(pending, desc=study.name, unit="run", disable=not progress)
    for label, config, seed in bar:
        if _is_stored(folder / f"{run_key(label, seed)}.json", study, config, seed):
            continue  # stored meanwhile by another process running the same study
        bar.set_postfix_str(run_key(label, seed))
        record = runner(config, seed, data, device=device)
        record = {"study": study.name, "version": study.version, "label": label, **record}
        write_result(folder / f"{run_key(label, seed)}.json", record)
    return {"run": len(pending), "skipped": skipped}


def load_study(study: Study, directory: Path = RESULTS_DIR, labels=None) -> dict[str, list[dict]]:
    """The stored records of `study`'s current grid (or of its `labels` only), label → one record
    per seed (in seed order). Raises if a run is missing or stale (another version or configuration).
    """
    folder = Path(directory) / study.name
    records: dict[str, list[dict]] = {}
    for label, config, seed in study.runs(directory):
        if labels is not None and label not in labels:
            continue
        path = folder / f"{run_key(label, seed)}.json"
        if not _is_stored(path, study, config, seed):
            elsewhere = "" if Path(directory) == RESULTS_DIR else f" --results {directory}"
            raise FileNotFoundError(f"{path} is missing or stale: `sgdcourse experiments run {study.name}{elsewhere}` "
                                    "runs it")
        records.setdefault(label, []).append(json.loads(path.read_text()))
    return records


@dataclass(frozen=True)
class Spread:
    """A metric over seeds: mean, sample std (n − 1; 0 for one seed), min, max, n."""

    mean: float
    std: float
    min: float
    max: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.4f} ± {self.std:.4f} [{self.min:.4f}, {self.max:.4f}] (n={self.n})"


def spread(values: Iterable[float]) -> Spread:
    values = list(values)
    if not values:
        raise ValueError("no values to summarise")
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return Spread(statistics.fmean(values), std, min(values), max(values), len(values))


def summarise(records: dict[str, list[dict]], metric: str | Callable[[dict], float]) -> dict[str, Spread]:
    """label → the spread over seeds of `metric` (a record key, or a function of a record)."""
    read = metric if callable(metric) else (lambda record: record[metric])
    return {label: spread(read(record) for record in runs) for label, runs in records.items()}


def first_reaching(record: dict, accuracy: float) -> dict | None:
    """The first epoch's row of `record`'s history whose validation accuracy reaches `accuracy`."""
    return next((row for row in record["history"] if row["val_accuracy"] >= accuracy), None)


def epochs_to_accuracy(record: dict, accuracy: float) -> float:
    """The first epoch whose validation accuracy reaches `accuracy` (inf if none does)."""
    row = first_reaching(record, accuracy)
    return row["epoch"] if row is not None else math.inf


def build_optimizer(config: RunConfig, params) -> torch.optim.Optimizer:
    """torch's optimizers; the adaptive ones with the lecture's Keras ε = 1e-7 (RMSProp: ρ = 0.9)."""
    lr, decay = config.lr, config.weight_decay
    factories = {
        "sgd": lambda: torch.optim.SGD(params, lr=lr, weight_decay=decay),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=config.beta, weight_decay=decay),
        "nesterov": lambda: torch.optim.SGD(params, lr=lr, momentum=config.beta, nesterov=True, weight_decay=decay),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7, weight_decay=decay),
        "adam": lambda: torch.optim.Adam(params, lr=lr, betas=(config.beta, 0.999), eps=1e-7, weight_decay=decay),
        "adamw": lambda: torch.optim.AdamW(params, lr=lr, betas=(config.beta, 0.999), eps=1e-7, weight_decay=decay),
    }
    if config.optimizer not in factories:
        raise ValueError(f"unknown optimizer {config.optimizer!r}; choose one of {OPTIMIZERS}")
    return factories[config.optimizer]()


def build_schedule(config: RunConfig, steps_per_epoch: int) -> Callable[[int], float] | None:
    """The run's η_t from sgdcourse.schedules, or None for a constant η without warm-up.

    "step" divides η by 10 after each third of the run; "one_cycle" peaks at η after 30 %.
    """
    total, lr, warmup = config.epochs * steps_per_epoch, config.lr, config.warmup_steps
    if warmup and config.schedule not in ("constant", "cosine"):
        raise ValueError(f"warm-up goes with the constant or cosine schedule, not {config.schedule!r}")
    if config.schedule == "constant":
        return partial(schedules.linear_warmup, lr=lr, warmup_steps=warmup) if warmup else None
    if config.schedule == "step":
        return partial(schedules.step_decay, lr=lr, step_size=max(total // 3, 1))
    if config.schedule == "cosine":
        return partial(schedules.warmup_cosine, lr=lr, warmup_steps=warmup, total_steps=total)
    if config.schedule == "one_cycle":
        return partial(schedules.one_cycle, lr=lr, total_steps=total)
    raise ValueError(f"unknown schedule {config.schedule!r}; choose one of {SCHEDULES}")


def build_model(kind: str, *, inputs: int, classes: int) -> torch.nn.Module:
    if kind == "mlp":
        return build_mlp(1, inputs=inputs, classes=classes)
    if kind == "cnn":
        return build_cnn(classes=classes)
    raise ValueError(f"unknown model {kind!r}; choose 'mlp' or 'cnn'")


def build_loader(kind: str, images, labels, *, batch_size: int, shuffle: bool, seed: int = 0, device) -> DeviceLoader:
    if kind == "mlp":  # the lecture's preprocessing: pixels / 255, flattened
        return DeviceLoader(images, labels, batch_size=batch_size, shuffle=shuffle, seed=seed, mean=0.0, std=1.0,
                            flatten=True, device=device)
    augment = shuffle  # flips and crops for training only
    return DeviceLoader(images, labels, batch_size=batch_size, shuffle=shuffle, seed=seed, flip=augment,
                        translate=4 if augment else 0, device=device)


def _is_stored(path: Path, study: Study, config: RunConfig, seed: int) -> bool:
    if not path.is_file():
        return False
    record = json.loads(path.read_text())
    return record.get("version") == study.version and record.get("seed") == seed \
        and record.get("config") == asdict(config)
