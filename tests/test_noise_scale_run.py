"""The noise-scale-run experiment: its window leaves the run untouched, and the stored result backs the chapter."""

import pytest
import torch
import torch.nn.functional as F

from sgdcourse.data import DeviceLoader
from sgdcourse.experiments import load_result
from sgdcourse.experiments.noise_scale_run import (
    BASE_RUN, CHECKPOINTS, NAME, SAMPLE_SEED, SAMPLES, WINDOW, flatten, gradient_norm_window,
)
from sgdcourse.models import build_mlp
from sgdcourse.noise import full_gradient, gradient_noise_scale


def test_window_measures_a_copy_and_rewinds_the_loader():
    generator = torch.Generator().manual_seed(0)  # SYNTHETIC images: only the mechanics are tested
    images = torch.randint(0, 256, (300, 3, 4, 4), dtype=torch.uint8, generator=generator)
    labels = torch.randint(0, 10, (300,), generator=generator)
    train = DeviceLoader(images, labels, batch_size=4, mean=0.0, std=1.0, flatten=True, device="cpu")
    torch.manual_seed(0)
    model = build_mlp(1, width=8, inputs=48)
    before = [p.detach().clone() for p in model.parameters()]
    train.set_epoch(3)
    norms = gradient_norm_window(model, train)
    assert len(norms) == WINDOW and len(set(norms)) == WINDOW  # the copy moved between measurements
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    gradient = full_gradient(model, F.cross_entropy, train.images, train.labels, transform=flatten)
    assert norms[0] == pytest.approx(gradient.dot(gradient).item(), rel=1e-6)
    assert train.epoch == 3
    replay = DeviceLoader(images, labels, batch_size=4, mean=0.0, std=1.0, flatten=True, device="cpu")
    replay.set_epoch(3)
    assert all(torch.equal(a[0], b[0]) for a, b in zip(train, replay))  # the run's next epoch is unchanged


def test_stored_result_backs_the_chapter():
    study = load_result(NAME)
    assert {"device", "torch", "date", "git"} <= set(study["provenance"])
    points = study["checkpoints"]
    assert [p["epoch"] for p in points] == list(CHECKPOINTS) and study["samples"] == SAMPLES
    for p in points:
        assert p["b_simple"] == pytest.approx(p["trace_covariance"] / p["gradient_squared_norm"])
        assert p["window"]["gradient_squared_norms"][0] == pytest.approx(p["gradient_squared_norm"], rel=1e-4)
    # The same seed, data and code as the stored sgd-b128: the same learning curve.
    stored = load_result(BASE_RUN.name)["history"]
    for old, new in zip(stored, study["history"]):
        assert abs(old["val_accuracy"] - new["val_accuracy"]) <= 0.01
    # The chapter's claims: tr Σ barely moves; B_simple starts below |B| = 128 and, once training has
    # started, the window's B_simple is above it.
    traces = [p["trace_covariance"] for p in points]
    assert max(traces) < 1.2 * min(traces)
    assert points[0]["b_simple"] < study["batch_size"] / 5
    assert all(p["window"]["b_simple"] > study["batch_size"] for p in points[1:])


def test_first_checkpoint_repeats_the_chapters_measurement(cifar10):
    from sgdcourse.data import train_val_split
    from sgdcourse.experiments.mlp_study import VAL_SIZE

    (train_x, train_y), _ = train_val_split(cifar10.train_images, cifar10.train_labels, n_val=VAL_SIZE,
                                            seed=BASE_RUN.seed)
    torch.manual_seed(BASE_RUN.seed)
    model = build_mlp(BASE_RUN.hidden_layers, BASE_RUN.width)
    scale = gradient_noise_scale(model, F.cross_entropy, train_x, train_y, samples=200,
                                 generator=torch.Generator().manual_seed(SAMPLE_SEED),
                                 transform=lambda images: images.flatten(1).float() / 255)
    stored = load_result(NAME)["checkpoints"][0]
    assert scale.gradient_squared_norm == pytest.approx(stored["gradient_squared_norm"], rel=1e-4)
    # 200 of the stored 1,000 images (the same first 200): within a few of their standard errors.
    assert abs(scale.b_simple - stored["b_simple"]) < 4 * scale.b_simple_error
