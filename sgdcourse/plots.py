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
