"""Schedules against torch.optim.lr_scheduler at every step, and closed forms where torch has none."""

import math
from functools import partial

import pytest
import torch
from torch.optim import lr_scheduler

from sgdcourse import schedules

LR = 0.1


def torch_lrs(make_scheduler, steps, lr=LR):
    """The lr torch's scheduler sets for steps 0 … steps − 1."""
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    lrs = [optimizer.param_groups[0]["lr"]]
    for _ in range(steps - 1):
        optimizer.step()
        scheduler.step()
        lrs.append(optimizer.param_groups[0]["lr"])
    return lrs


def assert_schedule_matches(schedule, reference):
    for t, expected in enumerate(reference):
        assert schedule(t) == pytest.approx(expected, rel=1e-12, abs=1e-15), f"step {t}"


def test_step_decay_is_step_lr():
    reference = torch_lrs(lambda o: lr_scheduler.StepLR(o, step_size=7, gamma=0.3), 50)
    assert_schedule_matches(partial(schedules.step_decay, lr=LR, step_size=7, gamma=0.3), reference)


def test_exponential_decay_is_exponential_lr_with_rate_minus_log_gamma():
    gamma = 0.93
    reference = torch_lrs(lambda o: lr_scheduler.ExponentialLR(o, gamma=gamma), 100)
    assert_schedule_matches(partial(schedules.exponential_decay, lr=LR, rate=-math.log(gamma)), reference)


def test_cosine_annealing_is_cosine_annealing_lr_then_holds_its_floor():
    total, floor = 60, 0.004
    reference = torch_lrs(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=total, eta_min=floor), total + 1)
    schedule = partial(schedules.cosine_annealing, lr=LR, total_steps=total, min_lr=floor)
    assert_schedule_matches(schedule, reference)
    assert schedule(total + 25) == floor


def test_linear_is_linear_lr_in_absolute_rates():
    start_factor, end_factor, total = 0.25, 0.8, 40
    reference = torch_lrs(
        lambda o: lr_scheduler.LinearLR(o, start_factor=start_factor, end_factor=end_factor, total_iters=total),
        total + 20,
    )
    schedule = partial(schedules.linear, lr=LR * start_factor, final_lr=LR * end_factor, total_steps=total)
    assert_schedule_matches(schedule, reference)


def test_linear_warmup_is_linear_lr_up_to_the_peak():
    warmup, start_factor = 10, 0.1
    reference = torch_lrs(lambda o: lr_scheduler.LinearLR(o, start_factor=start_factor, total_iters=warmup), 30)
    schedule = partial(schedules.linear_warmup, lr=LR, warmup_steps=warmup, start_lr=LR * start_factor)
    assert_schedule_matches(schedule, reference)


@pytest.mark.parametrize("total_steps", [100, 37, 10])
@pytest.mark.parametrize("pct_start", [0.3, 0.25, 0.5])
def test_one_cycle_is_one_cycle_lr_at_every_step_including_phase_boundaries(total_steps, pct_start):
    max_lr = 0.4
    reference = torch_lrs(
        lambda o: lr_scheduler.OneCycleLR(o, max_lr=max_lr, total_steps=total_steps, pct_start=pct_start),
        total_steps + 1,  # the scheduler's last step() reaches t = total_steps
    )
    schedule = partial(schedules.one_cycle, lr=max_lr, total_steps=total_steps, pct_start=pct_start)
    assert_schedule_matches(schedule, reference)


def test_one_cycle_peaks_at_step_pct_start_times_total_minus_one_and_ends_at_its_div_factors():
    schedule = partial(schedules.one_cycle, lr=1.0, total_steps=200, div_factor=10.0, final_div_factor=100.0)
    assert schedule(0) == pytest.approx(1.0 / 10)
    assert schedule(59) == pytest.approx(1.0, rel=1e-12)  # 0.3 · 200 − 1
    assert schedule(58) < 1.0 and schedule(60) < 1.0
    assert schedule(199) == pytest.approx(1.0 / 10 / 100)
    with pytest.raises(ValueError, match="steps 0..200"):
        schedule(201)


def test_inverse_time_decay_closed_form():
    schedule = partial(schedules.inverse_time_decay, lr=LR, rate=0.5)
    assert schedule(0) == LR
    for t in range(1, 50):
        # η_t (1 + k t) = η₀ and the decrease ratio is (1 + k(t−1)) / (1 + k t)
        assert schedule(t) * (1 + 0.5 * t) == pytest.approx(LR, rel=1e-14)
        assert schedule(t) / schedule(t - 1) == pytest.approx((1 + 0.5 * (t - 1)) / (1 + 0.5 * t), rel=1e-14)


def test_warmup_cosine_joins_a_linear_ramp_to_a_cosine():
    warmup, total, floor = 10, 110, 1e-3
    schedule = partial(schedules.warmup_cosine, lr=LR, warmup_steps=warmup, total_steps=total, min_lr=floor)
    assert schedule(0) == 0.0
    ramp = [schedule(t) for t in range(warmup + 1)]
    assert all(b - a == pytest.approx(LR / warmup, rel=1e-12) for a, b in zip(ramp, ramp[1:]))
    assert schedule(warmup) == pytest.approx(LR, rel=1e-15)
    assert schedule(warmup + (total - warmup) // 2) == pytest.approx((LR + floor) / 2, rel=1e-12)
    assert schedule(total) == pytest.approx(floor, rel=1e-12)
    decay = [schedule(t) for t in range(warmup, total + 1)]
    assert all(b < a for a, b in zip(decay, decay[1:]))


def test_linear_scaling_rule():
    assert schedules.linear_scaling_rule(0.1, batch_size=1024, base_batch_size=256) == pytest.approx(0.4)
    assert schedules.linear_scaling_rule(0.1, batch_size=64, base_batch_size=256) == pytest.approx(0.025)
    with pytest.raises(ValueError, match="positive"):
        schedules.linear_scaling_rule(0.1, batch_size=0, base_batch_size=256)


@pytest.mark.parametrize("schedule", [
    partial(schedules.cosine_annealing, lr=LR, total_steps=0),
    partial(schedules.linear_warmup, lr=LR, warmup_steps=0),
    partial(schedules.step_decay, lr=LR, step_size=0),
])
def test_empty_schedules_are_refused(schedule):
    with pytest.raises(ValueError, match="positive number of steps"):
        schedule(0)


def test_as_lambda_lr_sets_exactly_the_schedule_for_each_group():
    params = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    optimizer = torch.optim.SGD([{"params": params[:1]}, {"params": params[1:], "lr": 0.5}], lr=1.0)
    warmup = partial(schedules.warmup_cosine, lr=0.3, warmup_steps=5, total_steps=30)
    decay = partial(schedules.exponential_decay, lr=0.05, rate=0.1)
    scheduler = schedules.as_lambda_lr(optimizer, [warmup, decay])
    for t in range(31):
        first, second = (group["lr"] for group in optimizer.param_groups)
        assert first == pytest.approx(warmup(t), rel=1e-14, abs=1e-16)
        assert second == pytest.approx(decay(t), rel=1e-14)
        optimizer.step()
        scheduler.step()


def test_as_lambda_lr_explains_what_it_needs():
    params = [torch.zeros(1, requires_grad=True)]
    with pytest.raises(ValueError, match="nonzero lr"):
        schedules.as_lambda_lr(torch.optim.SGD(params, lr=0.0), partial(schedules.exponential_decay, lr=0.1, rate=1))
    with pytest.raises(ValueError, match="one per group"):
        schedules.as_lambda_lr(torch.optim.SGD(params, lr=0.1), [lambda t: 0.1, lambda t: 0.2])
