"""The lecture's CIFAR-10 study: Keras-equivalent set-up, stored results, reproducibility."""

import math

import pytest
import torch

from sgdcourse.experiments import REGISTRY, build_optimizer, load_result
from sgdcourse.models import build_mlp
from sgdcourse.experiments.store import run, time_to_accuracy_table


def test_mlp_has_the_lecture_shape_and_keras_glorot_init():
    torch.manual_seed(0)
    model = build_mlp(hidden_layers=3)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert [(l.in_features, l.out_features) for l in linears] == [(3072, 512), (512, 512), (512, 512), (512, 10)]
    for layer in linears:
        bound = math.sqrt(6 / (layer.in_features + layer.out_features))
        assert layer.weight.abs().max() <= bound
        assert layer.weight.abs().max() > 0.95 * bound  # uniform on [-bound, bound], not narrower
        assert torch.count_nonzero(layer.bias) == 0


@pytest.mark.parametrize("name, group_settings", [
    ("adagrad-1hidden", {"initial_accumulator_value": 0.1, "eps": 1e-7}),
    ("rmsprop-3hidden-lr1e-5", {"alpha": 0.9, "eps": 1e-7, "lr": 1e-5}),
    ("adam-3hidden-lr1e-5", {"eps": 1e-7, "betas": (0.9, 0.999)}),
    ("momentum-b128", {"momentum": 0.9, "lr": 1e-2}),
])
def test_optimizers_use_keras_defaults(name, group_settings):
    optimizer = build_optimizer(REGISTRY[name], [torch.nn.Parameter(torch.zeros(2))])
    group = optimizer.param_groups[0]
    assert {key: group[key] for key in group_settings} == group_settings


def test_stored_results_cover_every_run_with_provenance():
    for name, experiment in REGISTRY.items():
        record = load_result(name)
        history = record["history"]
        assert record["version"] == experiment.version
        assert record["epochs_run"] == len(history) > 0
        best = min(history, key=lambda r: r["val_loss"])
        assert record["best_epoch"] == best["epoch"]
        assert record["best_val_accuracy"] == best["val_accuracy"]
        assert record["complete"] or "cut short" in record["note"]
        assert {"device", "torch", "date", "git"} <= set(record["provenance"])


def test_time_to_accuracy_table_lists_every_stored_run():
    records = [load_result(name) for name in REGISTRY]
    table = time_to_accuracy_table(records, accuracy=0.40)
    assert all(name in table for name in REGISTRY)


def test_rerun_reproduces_the_stored_first_epochs(cifar10_root):
    """Same seed, same code: the first two epochs of sgd-b128 match the stored run within 1.5 points."""
    stored = load_result("sgd-b128")["history"][:2]
    rerun = run(REGISTRY["sgd-b128"], data_root=cifar10_root, device="cpu", progress=False, epochs=2)["history"]
    for old, new in zip(stored, rerun):
        assert abs(old["val_accuracy"] - new["val_accuracy"]) <= 0.015
        assert new["val_loss"] == pytest.approx(old["val_loss"], rel=0.02)
