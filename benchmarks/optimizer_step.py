"""One optimizer step on a 3072-512-10 MLP: sgdcourse.optim vs torch.optim, side by side.

    python benchmarks/optimizer_step.py [--device cpu|cuda] [--steps 100]

Both optimizers get the same gradients; their steps alternate so that machine load hits
both alike. Prints the median time per step and the ratio ours / torch (goal: <= 1.5).
torch's default implementation is the per-tensor loop on CPU and foreach on CUDA; ours is
always per tensor.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from sgdcourse import optim as ours

CONFIGS = [
    ("SGD", dict(lr=0.01)),
    ("SGD", dict(lr=0.01, momentum=0.9, weight_decay=5e-4)),
    ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True)),
    ("Adagrad", dict()),
    ("RMSprop", dict()),
    ("RMSprop", dict(momentum=0.9, centered=True)),
    ("Adam", dict()),
    ("Adam", dict(amsgrad=True, weight_decay=1e-4)),
    ("AdamW", dict()),
]


def mlp(device: str) -> nn.Module:
    return nn.Sequential(nn.Linear(3072, 512), nn.ReLU(), nn.Linear(512, 10)).to(device)


def timed_step(optimizer: torch.optim.Optimizer, device: str) -> float:
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    optimizer.step()
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def compare(name: str, kwargs: dict, device: str, steps: int, warmup: int = 5) -> tuple[float, float]:
    """Median seconds per step for (ours, torch)."""
    torch.manual_seed(0)
    models = [mlp(device), mlp(device)]
    # A few gradient sets, cycled: constant gradients would drive centered RMSprop's
    # variance estimate to rounding noise and time NaN arithmetic instead.
    gradient_sets = [[torch.randn_like(p) * 1e-2 for p in models[0].parameters()] for _ in range(4)]
    optimizers = [getattr(ours, name)(models[0].parameters(), **kwargs),
                  getattr(torch.optim, name)(models[1].parameters(), **kwargs)]
    times: list[list[float]] = [[], []]
    for i in range(warmup + steps):
        for k, (model, optimizer) in enumerate(zip(models, optimizers)):
            for p, g in zip(model.parameters(), gradient_sets[i % len(gradient_sets)]):
                p.grad = g.clone() if p.grad is None else p.grad.copy_(g)
            seconds = timed_step(optimizer, device)
            if i >= warmup:
                times[k].append(seconds)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    print(f"torch {torch.__version__}, device {args.device}, {torch.get_num_threads()} threads, "
          f"3072-512-10 MLP (1,578,506 parameters, float32), median of {args.steps} steps")
    print(f"{'optimizer':52s} {'ours ms':>8s} {'torch ms':>8s} {'ratio':>6s}")
    for name, kwargs in CONFIGS:
        ours_s, torch_s = compare(name, kwargs, args.device, args.steps)
        label = f"{name}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
        print(f"{label:52s} {ours_s * 1e3:8.3f} {torch_s * 1e3:8.3f} {ours_s / torch_s:6.2f}")


if __name__ == "__main__":
    main()
