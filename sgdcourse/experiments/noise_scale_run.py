"""The gradient noise scale B_simple along a training run of the course's MLP (McCandlish et al. 2018).

Trains the stored run ``sgd-b128`` again (its split, seed, model, loader and optimizer: plain SGD,
η = 1e-2, |B| = 128) and, before training and after each epoch in ``CHECKPOINTS``, measures at the
current weights

    B_simple = tr Σ / ‖∇L‖²

with ``sgdcourse.noise.gradient_noise_scale``: ∇L exact over all N training images, tr Σ from the
per-sample gradients of the same 1,000 training images at every checkpoint (so that the
checkpoints differ by the weights, not by the sample). ‖∇L‖² of a single iterate is noisy: SGD
bounces, and the full gradient with it. So each checkpoint also records ‖∇L‖² at ``WINDOW``
iterates, ``SPACING`` SGD steps apart, of a copy that continues from it (the run itself is
untouched), and B_simple with the window's mean ‖∇L‖² (tr Σ varies much less; McCandlish et al.
average both over steps).

    python -m sgdcourse.experiments.noise_scale_run [--data-root DIR]

writes ``results/noise-scale-run.json``, which the CIFAR-10 chapter reads.
"""

from __future__ import annotations

import argparse
import copy
import statistics
from dataclasses import asdict

import torch
import torch.nn.functional as F

from .. import provenance
from ..data import DeviceLoader
from ..models import build_mlp
from ..noise import full_gradient, gradient_noise_scale
from ..train import fit
from .mlp_study import KERAS_SETTINGS, REGISTRY, build_optimizer
from .store import lecture_loaders, store_named

NAME, VERSION = "noise-scale-run", 1
BASE_RUN = REGISTRY["sgd-b128"]
CHECKPOINTS = (0, 1, 2, 4, 8, 16)  # epochs after which B_simple is measured
SAMPLES, SAMPLE_SEED = 1000, 0     # the chapter's σ² sample: randperm(N, seed 0)[:1000]
WINDOW, SPACING = 8, 10            # ‖∇L‖² at 8 iterates 10 steps apart: 70 steps, under a quarter epoch


def flatten(images: torch.Tensor) -> torch.Tensor:
    return images.flatten(1)


def measure(model: torch.nn.Module, train: DeviceLoader) -> dict:
    """B_simple and its parts at the model's current weights, on the loader's (prepared) images."""
    scale = gradient_noise_scale(model, F.cross_entropy, train.images, train.labels, samples=SAMPLES,
                                 generator=torch.Generator().manual_seed(SAMPLE_SEED), transform=flatten)
    return asdict(scale)


def gradient_norm_window(model: torch.nn.Module, train: DeviceLoader) -> list[float]:
    """‖∇L‖² at the current weights and after every SPACING further SGD steps, WINDOW values in all,
    on a copy that takes the next epoch's batches; the loader is rewound, so the run is untouched."""
    model = copy.deepcopy(model)
    optimizer = build_optimizer(BASE_RUN, model.parameters())  # plain SGD: no state to carry over
    epoch, batches, norms = train.epoch, iter(train), []
    for point in range(WINDOW):
        gradient = full_gradient(model, F.cross_entropy, train.images, train.labels, transform=flatten)
        norms.append(gradient.dot(gradient).item())
        for _ in range(SPACING if point < WINDOW - 1 else 0):
            x, y = next(batches)
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
    train.set_epoch(epoch)
    return norms


def run(*, data_root=None, checkpoints=CHECKPOINTS) -> dict:
    """Train ``sgd-b128`` on CIFAR-10 (CPU) to the last checkpoint, measuring B_simple at each."""
    train, val = lecture_loaders(BASE_RUN, data_root=data_root)
    torch.manual_seed(BASE_RUN.seed)
    model = build_mlp(BASE_RUN.hidden_layers, BASE_RUN.width)
    optimizer = build_optimizer(BASE_RUN, model.parameters())
    history, points = [], []
    for epoch in range(max(checkpoints) + 1):
        if epoch:
            # One epoch per call: the loader's epoch counter carries on, so the batches are the stored run's.
            record = fit(model, optimizer, train, val, epochs=1, progress=False).history[0]
            history.append({**asdict(record), "epoch": epoch})
        if epoch in checkpoints:
            point = {"epoch": epoch, "step": epoch * len(train), **measure(model, train)}
            norms = gradient_norm_window(model, train)
            point["window"] = {"spacing": SPACING, "gradient_squared_norms": norms,
                               "b_simple": point["trace_covariance"] / statistics.fmean(norms)}
            points.append(point)
    return {"name": NAME, "version": VERSION, "base_run": BASE_RUN.name, "batch_size": BASE_RUN.batch_size,
            "lr": BASE_RUN.lr, "steps_per_epoch": len(train), "train_size": train.num_samples,
            "samples": SAMPLES, "settings": KERAS_SETTINGS, "checkpoints": points, "history": history,
            "provenance": provenance.record(torch.device("cpu"))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", default=None)
    options = parser.parse_args(argv)
    torch.set_num_threads(1)  # as the stored runs, and fair to a shared machine
    print(store_named(run(data_root=options.data_root)))


if __name__ == "__main__":
    main()
