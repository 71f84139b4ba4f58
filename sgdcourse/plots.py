"""Figures the chapters share."""

from __future__ import annotations

from typing import Callable

import matplotlib.pyplot as plt
import torch


def loss_contours(
    ax: plt.Axes,
    loss: Callable[[torch.Tensor], torch.Tensor],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int = 25,
    resolution: int = 200,
) -> None:
    """Contours of a loss of two parameters, L(w) for w = (w₁, w₂) on a grid.

    `loss` takes a (..., 2) tensor of parameter pairs and returns (...) losses.
    Levels are spaced on a log scale so both the basin and the walls show.
    """
    w1 = torch.linspace(*xlim, resolution, dtype=torch.float64)
    w2 = torch.linspace(*ylim, resolution, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(w1, w2, indexing="xy"), dim=-1)
    values = loss(grid)
    floor = values.min().item()
    spaced = torch.logspace(0, torch.log10(values.max() - floor + 1).item(), levels) - 1 + floor
    ax.contour(w1, w2, values, levels=spaced.tolist(), cmap="viridis", linewidths=0.8)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def trajectory(ax: plt.Axes, path: torch.Tensor, label: str, **style) -> None:
    """A path of parameter pairs, shape (steps, 2), from its start (○) to its end (●)."""
    path = torch.as_tensor(path).detach().cpu()
    (line,) = ax.plot(path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1, label=label, **style)
    ax.plot(*path[0], "o", markerfacecolor="none", color=line.get_color())
    ax.plot(*path[-1], "o", color=line.get_color())


_METRIC_LABELS = {
    "val_loss": "validation loss",
    "train_loss": "training loss",
    "val_accuracy": "validation accuracy",
    "train_accuracy": "training accuracy",
}
_X_LABELS = {
    "epoch": "epoch",
    "seconds": "wall-clock seconds since the start of training",
    "cpu_seconds": "CPU seconds since the start of training",
}


def learning_curves(
    ax: plt.Axes,
    results: list[dict],
    metric: str = "val_loss",
    *,
    x: str = "epoch",
    with_training: bool = False,
    mark_best: bool = False,
) -> None:
    """One curve per stored run (``sgdcourse.experiments.load_result`` records): ``metric``
    ("val_loss", "val_accuracy", "train_loss", "train_accuracy") against ``x`` ("epoch",
    "seconds" or "cpu_seconds") from each record's per-epoch ``history``.

    ``with_training`` adds the matching training metric, dashed, for a "val_…" metric;
    ``mark_best`` puts a dot at the run's best epoch (by validation loss, as stored).
    """
    if metric not in _METRIC_LABELS:
        raise ValueError(f"metric must be one of {sorted(_METRIC_LABELS)}, got {metric!r}")
    if x not in _X_LABELS:
        raise ValueError(f"x must be one of {sorted(_X_LABELS)}, got {x!r}")
    for result in results:
        history = result["history"]
        xs = [row[x] for row in history]
        (line,) = ax.plot(xs, [row[metric] for row in history], label=result["name"])
        if with_training and metric.startswith("val_"):
            training = metric.replace("val_", "train_", 1)
            ax.plot(xs, [row[training] for row in history], "--", linewidth=1, color=line.get_color(),
                    label=f"{result['name']} (training)")
        if mark_best:
            best = next(row for row in history if row["epoch"] == result["best_epoch"])
            ax.plot(best[x], best[metric], "o", color=line.get_color())
    ax.set_xlabel(_X_LABELS[x])
    ylabel = _METRIC_LABELS[metric]
    if with_training and metric.startswith("val_"):
        ylabel = ylabel.replace("validation ", "") + " (dashed: training)"
    ax.set_ylabel(ylabel + (" (●: best epoch)" if mark_best else ""))
    ax.legend(fontsize=8)
