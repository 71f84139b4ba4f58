"""One training loop for chapters and experiments.

``fit``: each epoch, one pass of mini-batch updates over ``train``, then an evaluation on
``val``. Early stopping watches the validation loss: after ``patience`` epochs without a
new best, training stops and the weights of the best epoch are restored.

``train_steps``: the same updates counted in steps rather than epochs, with every step's
loss, for the chapters that watch single steps (learning-rate range test, warm-up).
Both take each step with ``train_step``.

A long ``fit`` can be interrupted and resumed: with ``checkpoint=PATH`` it writes its whole
state (weights, optimizer, scheduler, history, best weights, the loader's epoch) after every
epoch and, called again with the same path, continues where it stopped.
"""

from __future__ import annotations

import copy
import math
import os
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn
from tqdm.auto import tqdm

Batches = Iterable[tuple[torch.Tensor, torch.Tensor]]


@dataclass
class EpochRecord:
    epoch: int
    train_loss: float      # mean over the epoch's batches, as the weights changed (Keras' convention)
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float              # of the first parameter group, during this epoch
    seconds: float         # wall time since training started, at the end of this epoch
    cpu_seconds: float     # this process's CPU time since training started (robust to a busy machine)


@dataclass
class TrainResult:
    history: list[EpochRecord] = field(default_factory=list)
    best_epoch: int = 0
    stop_reason: str = "max_epochs"  # "max_epochs", "early_stopping", "time_budget" or "diverged"

    @property
    def best(self) -> EpochRecord:
        return self.history[self.best_epoch - 1]

    @property
    def wall_seconds(self) -> float:
        return self.history[-1].seconds if self.history else 0.0

    def to_dict(self) -> dict:
        return {"best_epoch": self.best_epoch, "stop_reason": self.stop_reason,
                "history": [asdict(record) for record in self.history]}


@torch.no_grad()
def evaluate(model: nn.Module, batches: Batches, loss_fn=nn.functional.cross_entropy) -> tuple[float, float]:
    """Mean loss and accuracy over all samples of `batches`."""
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    for x, y in batches:
        logits = model(x)
        total_loss += loss_fn(logits, y, reduction="sum").item()
        correct += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, correct / count


def fit(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    train: Batches,
    val: Batches,
    *,
    epochs: int,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    patience: int | None = None,
    max_seconds: float | None = None,
    loss_fn=nn.functional.cross_entropy,
    progress: bool = True,
    checkpoint: str | os.PathLike | None = None,
) -> TrainResult:
    """Train for up to `epochs` epochs; return the per-epoch history.

    `scheduler` (if any) steps once per batch. `patience`: early stopping on the
    validation loss, restoring the best weights. `max_seconds`: stop after the first
    epoch that ends past this wall-time budget (the result says so). `checkpoint`: a file
    to resume from if it exists and to save the state to after every epoch (removed when
    the run ends); `train` must then have ``set_epoch`` (as ``DeviceLoader`` has) so that a
    resumed run sees the same batches as an uninterrupted one. Times in the history count
    only the time spent training, across interruptions.
    """
    result, best_state, best_loss = TrainResult(), None, math.inf
    elapsed, cpu_elapsed = 0.0, 0.0
    if checkpoint is not None and Path(checkpoint).is_file():
        saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        if scheduler is not None:
            scheduler.load_state_dict(saved["scheduler"])
        result = TrainResult([EpochRecord(**record) for record in saved["history"]], saved["best_epoch"])
        best_state, best_loss = saved["best_state"], saved["best_loss"]
        elapsed, cpu_elapsed = saved["seconds"], saved["cpu_seconds"]
        train.set_epoch(len(result.history))
    start, cpu_start = time.perf_counter() - elapsed, time.process_time() - cpu_elapsed
    bar = tqdm(range(len(result.history) + 1, epochs + 1), desc="epochs", disable=not progress, leave=False)
    for epoch in bar:
        lr = optimizer.param_groups[0]["lr"]
        train_loss, train_accuracy = _train_epoch(model, optimizer, train, loss_fn, scheduler)
        val_loss, val_accuracy = evaluate(model, val, loss_fn)
        result.history.append(EpochRecord(epoch, train_loss, train_accuracy, val_loss, val_accuracy,
                                          lr, time.perf_counter() - start, time.process_time() - cpu_start))
        bar.set_postfix(train_loss=f"{train_loss:.3f}", val_loss=f"{val_loss:.3f}", val_acc=f"{val_accuracy:.3f}")
        if not math.isfinite(train_loss):
            result.stop_reason = "diverged"
            break
        if val_loss < best_loss:
            best_loss, result.best_epoch = val_loss, epoch
            best_state = copy.deepcopy(model.state_dict()) if patience is not None else None
        elif patience is not None and epoch - result.best_epoch >= patience:
            result.stop_reason = "early_stopping"
            break
        if max_seconds is not None and time.perf_counter() - start > max_seconds:
            result.stop_reason = "time_budget"
            break
        if checkpoint is not None:
            _save_checkpoint(checkpoint, model, optimizer, scheduler, result, best_state, best_loss)
    if checkpoint is not None:
        Path(checkpoint).unlink(missing_ok=True)
    if best_state is not None:
        model.load_state_dict(best_state)
    return result


def _save_checkpoint(path, model, optimizer, scheduler, result: TrainResult, best_state, best_loss) -> None:
    """Everything `fit` needs to continue, written to a temporary file and renamed (never half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    last = result.history[-1]
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "scheduler": scheduler.state_dict() if scheduler is not None else None,
             "history": [asdict(record) for record in result.history], "best_epoch": result.best_epoch,
             "best_state": best_state, "best_loss": best_loss,
             "seconds": last.seconds, "cpu_seconds": last.cpu_seconds}
    partial = path.with_name(path.name + ".partial")
    torch.save(state, partial)
    os.replace(partial, path)


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor, *,
               loss_fn=nn.functional.cross_entropy,
               scheduler: torch.optim.lr_scheduler.LRScheduler | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """One mini-batch update: w ← optimizer step on ∇ loss_fn(model(x), y), then the scheduler's step.

    Returns the batch's (loss, logits), detached, computed with the weights before the update.
    """
    logits = model(x)
    loss = loss_fn(logits, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    if scheduler is not None:
        scheduler.step()
    return loss.detach(), logits.detach()


def train_steps(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    train: Batches,
    steps: int,
    *,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    loss_fn=nn.functional.cross_entropy,
    after_step=None,
    max_loss: float = math.inf,
) -> list[float]:
    """Train for `steps` updates, passing over `train` as many times as needed; the loss of every step.

    `after_step(step, lr)` runs after each update (step = 1, 2, …; lr: the first parameter
    group's rate that update used). Training stops early, after the step whose loss is not
    finite or above `max_loss` (a blow-up; that loss is the last one returned). Every step's
    loss is read back from the device, so on a GPU each step waits for the last: this loop
    is for watching steps, ``fit`` for training fast.
    """
    losses: list[float] = []
    while len(losses) < steps:
        for x, y in train:
            model.train()  # after_step may have evaluated the model
            lr = optimizer.param_groups[0]["lr"]
            loss, _ = train_step(model, optimizer, x, y, loss_fn=loss_fn, scheduler=scheduler)
            losses.append(loss.item())
            if after_step is not None:
                after_step(len(losses), lr)
            if len(losses) == steps or not math.isfinite(losses[-1]) or losses[-1] > max_loss:
                return losses
        if not losses:
            raise ValueError("train_steps: `train` yielded no batches")
    return losses


def _train_epoch(model, optimizer, batches: Batches, loss_fn, scheduler) -> tuple[float, float]:
    model.train()
    total_loss, correct, count = torch.zeros(()), torch.zeros((), dtype=torch.int64), 0
    for x, y in batches:
        loss, logits = train_step(model, optimizer, x, y, loss_fn=loss_fn, scheduler=scheduler)
        # Accumulate on the device: a .item() per batch would synchronise a GPU every step.
        total_loss = total_loss.to(loss.device) + loss * len(y)
        correct = correct.to(y.device) + (logits.argmax(dim=1) == y).sum()
        count += len(y)
    return total_loss.item() / count, correct.item() / count
