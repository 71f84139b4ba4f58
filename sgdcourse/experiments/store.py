"""Running a registered experiment and storing its result with provenance."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import torch

from .. import provenance
from ..data import DeviceLoader, default_device, load_cifar10, train_val_split
from ..data.cifar10 import user_cache_dir
from ..models import build_mlp
from ..train import fit
from .mlp_study import KERAS_SETTINGS, VAL_SIZE, MLPRun, build_optimizer

RESULTS_DIR = Path(__file__).parent / "results"


def run(experiment: MLPRun, *, data_root=None, device=None, progress: bool = True,
        epochs: int | None = None, checkpoint_dir: Path | None = None) -> dict:
    """Train `experiment` on real CIFAR-10 and return its result record.

    `epochs` caps the run below the experiment's own epochs (e.g. to spot-check a stored
    result's first epochs); such a record is marked incomplete. The run checkpoints every
    epoch to `checkpoint_dir` (default: ``checkpoints/`` in the user cache), so an
    interrupted run, started again, continues where it stopped.
    """
    device = torch.device(device) if device else default_device()
    train, val = lecture_loaders(experiment, data_root=data_root, device=device)

    torch.manual_seed(experiment.seed)
    model = build_mlp(experiment.hidden_layers, experiment.width).to(device)
    optimizer = build_optimizer(experiment, model.parameters())
    epochs = min(experiment.max_epochs, epochs or experiment.max_epochs)
    checkpoint = Path(checkpoint_dir or user_cache_dir() / "checkpoints") / (
        f"{experiment.name}-v{experiment.version}-{epochs}epochs-{device.type}.pt")
    result = fit(model, optimizer, train, val, epochs=epochs, patience=experiment.patience, progress=progress,
                 checkpoint=checkpoint)
    best = result.best
    cut_short = result.stop_reason == "max_epochs" and epochs < experiment.max_epochs
    return {
        "name": experiment.name,
        "version": experiment.version,
        "config": asdict(experiment),
        "settings": KERAS_SETTINGS,
        "complete": not cut_short,
        "note": f"cut short: ran {epochs} of the lecture's {experiment.max_epochs} epochs" if cut_short else "",
        "epochs_run": len(result.history),
        "best_epoch": result.best_epoch,
        "best_val_loss": best.val_loss,
        "best_val_accuracy": best.val_accuracy,
        "wall_seconds": result.wall_seconds,
        **result.to_dict(),
        "provenance": provenance.record(device),
    }


def lecture_loaders(experiment: MLPRun, *, data_root=None, device=None) -> tuple[DeviceLoader, DeviceLoader]:
    """The lecture's data for `experiment`: its seeded 40,000 / 10,000 split of the CIFAR-10
    training set, pixels / 255 and flattened (no mean subtraction, as the lecture), training
    batches in the order its seed gives."""
    data = load_cifar10(data_root)
    (train_x, train_y), (val_x, val_y) = train_val_split(data.train_images, data.train_labels,
                                                         n_val=VAL_SIZE, seed=experiment.seed)
    scale_only = dict(mean=0.0, std=1.0, flatten=True, device=device or torch.device("cpu"))
    train = DeviceLoader(train_x, train_y, batch_size=experiment.batch_size, seed=experiment.seed, **scale_only)
    return train, DeviceLoader(val_x, val_y, batch_size=5000, shuffle=False, **scale_only)


def run_and_store(experiment: MLPRun, directory: Path = RESULTS_DIR, **options) -> Path:
    return store_named(run(experiment, **options), directory)


def store_named(record: dict, directory: Path = RESULTS_DIR) -> Path:
    """`record` as ``<directory>/<record["name"]>.json``, where `load_result` finds it."""
    return write_result(Path(directory) / f"{record['name']}.json", record)


def write_result(path: Path, record: dict) -> Path:
    """`record` as JSON at `path`, written to a temporary file and renamed: an interrupted run never
    leaves half a result, and readers never see one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as handle:
        json.dump(record, handle, indent=1)
    os.chmod(handle.name, 0o644)  # a temporary file is private; a stored result is not
    os.replace(handle.name, path)
    return path


def is_stored(experiment: MLPRun, directory: Path = RESULTS_DIR) -> bool:
    """Whether `experiment`'s complete result is stored at its current version."""
    path = Path(directory) / f"{experiment.name}.json"
    if not path.is_file():
        return False
    record = json.loads(path.read_text())
    return record.get("version") == experiment.version and record.get("complete", False)


def load_result(name: str, directory: Path = RESULTS_DIR) -> dict:
    path = Path(directory) / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(
            f"no stored result {path}: the stored results ship with the package, so reinstall it "
            f"(`pip install --force-reinstall sgdcourse`); in a clone, `sgdcourse experiments run {name}` "
            "trains it again")
    return json.loads(path.read_text())


def time_to_accuracy_table(results: list[dict], accuracy: float) -> str:
    """Run, epochs, best val loss/acc, wall time, time to `accuracy`, device: one line each."""
    header = (f"{'run':<24} {'epochs':>6} {'best val loss':>13} {'best val acc':>12} "
              f"{'wall s':>8} {f't→{accuracy:.0%} s':>9}  device")
    lines = [header]
    for record in results:
        reached = next((r["seconds"] for r in record["history"] if r["val_accuracy"] >= accuracy), None)
        epochs = f"{record['epochs_run']}{'' if record['complete'] else '*'}"
        lines.append(
            f"{record['name']:<24} {epochs:>6} {record['best_val_loss']:>13.4f} "
            f"{record['best_val_accuracy']:>12.4f} {record['wall_seconds']:>8.0f} "
            f"{'never' if reached is None else f'{reached:.0f}':>9}  {record['provenance']['device']}"
        )
    if any(not record["complete"] for record in results):
        lines.append("* cut short: fewer epochs than the lecture's (see the result's note)")
    return "\n".join(lines)
