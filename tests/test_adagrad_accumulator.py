"""The AdaGrad-accumulator experiment: what it records is what the optimizers did, and the stored result."""

import math

import pytest
import torch

from sgdcourse.experiments import load_result
from sgdcourse.experiments.adagrad_accumulator import (
    KERAS_INITIAL_ACCUMULATOR, NAME, VARIANTS, StepRecorder, build_variant, log_spaced_steps, rule_step,
    share_rounded_away, state_root,
)


def gradients(count, shape=(3, 4), seed=0):
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, dtype=torch.float64, generator=generator) * 1e-2 for _ in range(count)]


@pytest.mark.parametrize("key", list(VARIANTS.values()))
def test_rule_step_is_the_change_the_optimizer_made(key):
    # w starts at 0: steps of ~1e-5 taken from weights of ~1 would lose digits to cancellation.
    w = torch.nn.Parameter(torch.zeros(3, 4, dtype=torch.float64))
    optimizer, _ = build_variant(key, [w])
    for g in gradients(5):
        before = w.detach().clone()
        w.grad = g
        optimizer.step()
        torch.testing.assert_close(rule_step(optimizer, w), (w.detach() - before).abs(), rtol=1e-9, atol=0)


def test_adagrad_state_root_is_the_root_of_s0_plus_the_sum_of_squares():
    for key, s0 in [("adagrad-keras", KERAS_INITIAL_ACCUMULATOR), ("adagrad-zero", 0.0)]:
        w = torch.nn.Parameter(torch.zeros(3, 4, dtype=torch.float64))
        optimizer, initial = build_variant(key, [w])
        assert initial == s0 == optimizer.defaults["initial_accumulator_value"]
        for g in gradients(7):
            w.grad = g
            optimizer.step()
        expected = (s0 + sum(g**2 for g in gradients(7))).sqrt()
        torch.testing.assert_close(state_root(optimizer, w), expected, rtol=1e-12, atol=0)


def test_adam_state_root_is_bias_corrected():
    w = torch.nn.Parameter(torch.zeros(5, dtype=torch.float64))
    optimizer, _ = build_variant("adam-3hidden-lr1e-5", [w])
    w.grad = torch.full((5,), 0.3, dtype=torch.float64)
    optimizer.step()
    # After one step v̂_1 = g_1², whatever β₂.
    torch.testing.assert_close(state_root(optimizer, w), w.grad.abs(), rtol=1e-12, atol=0)


def test_recorder_records_only_the_asked_steps_and_the_accumulated_sum():
    w = torch.nn.Parameter(torch.zeros(6, 5, dtype=torch.float64))
    optimizer, s0 = build_variant("adagrad-keras", [w])
    recorder = StepRecorder(optimizer, {"W": w}, record_at=[1, 3], initial_accumulator=s0)
    for g in gradients(4, shape=(6, 5)):
        w.grad = g
        optimizer.step()
    assert [row["step"] for row in recorder.rows] == [1, 3]
    accumulated = sum(g**2 for g in gradients(3, shape=(6, 5))).flatten()
    assert recorder.rows[1]["W"]["accumulated"]["median"] == pytest.approx(accumulated.median().item(), rel=0.2)
    assert recorder.rows[1]["W"]["share_accumulated_above_keras_s0"] == 0.0  # squares of 1e-2 gradients
    assert recorder.rows[0]["W"]["state_root"]["median"] == pytest.approx(math.sqrt(s0), rel=1e-3)


def test_share_rounded_away_counts_only_weights_that_should_have_moved():
    before = torch.tensor([1.0, 1.0, 1.0, 1.0])
    step = torch.tensor([1e-9, 1e-2, 0.0, 0.0])  # 1e-9 is below float32's resolution at 1
    after = before - step
    assert share_rounded_away(before, after, step) == 0.5


def test_log_spaced_steps_cover_the_run():
    steps = log_spaced_steps(1565)
    assert steps[0] == 1 and steps[-1] == 1565
    assert steps == sorted(set(steps)) and 20 <= len(steps) <= 30


def test_stored_result_backs_the_chapter():
    study = load_result(NAME)
    assert set(study["runs"]) == set(VARIANTS)
    assert {"device", "torch", "date", "git"} <= set(study["provenance"])
    keras, zero = study["runs"]["AdaGrad, s0 = 0.1 (Keras)"], study["runs"]["AdaGrad, s0 = 0 (torch default)"]
    last = study["epochs"] * study["steps_per_epoch"]
    assert keras["recorded"][-1]["step"] == last and len(keras["history"]) == study["epochs"]
    # The s0 = 0.1 run repeats the stored 60-epoch run's first epochs (same seed, data and code).
    stored = load_result(study["base_run"])["history"]
    for old, new in zip(stored, keras["history"]):
        assert abs(old["val_accuracy"] - new["val_accuracy"]) <= 0.015
    # The chapter's claims: with s0 = 0.1 the denominator stays at √s0 and the steps are tens to hundreds of
    # times smaller than RMSProp's and Adam's; with s0 = 0 the first step is η in every coordinate.
    for matrix in keras["shapes"]:
        assert keras["recorded"][-1][matrix]["state_root"]["median"] < 1.05 * math.sqrt(KERAS_INITIAL_ACCUMULATOR)
        for other in ("RMSProp", "Adam"):
            other_step = study["runs"][other]["recorded"][-1][matrix]["step"]["median"]
            assert other_step > 30 * keras["recorded"][-1][matrix]["step"]["median"]
        assert zero["recorded"][0][matrix]["step"]["median"] == pytest.approx(study["lr"], rel=1e-2)
