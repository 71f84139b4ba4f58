"""The training loop: history, early stopping with best-weight restore, stop reasons."""

import copy
import math

import pytest
import torch
from torch import nn

from sgdcourse.train import evaluate, fit, train_steps


def synthetic_classification(n=512, seed=0):
    """Synthetic, linearly separable 2-class data (unit tests only)."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=generator)
    y = (x @ torch.tensor([1.0, -2.0, 0.5, 1.0]) > 0).long()
    return list(zip(x.split(64), y.split(64)))


def test_history_has_one_record_per_epoch_and_learning_shows():
    torch.manual_seed(0)
    batches = synthetic_classification()
    model = nn.Linear(4, 2)
    result = fit(model, torch.optim.SGD(model.parameters(), lr=0.5), batches, batches, epochs=5, progress=False)
    assert [r.epoch for r in result.history] == [1, 2, 3, 4, 5]
    assert result.stop_reason == "max_epochs"
    assert result.history[-1].val_loss < 0.7 * result.history[0].val_loss
    assert result.history[-1].val_accuracy > 0.95
    assert all(a.seconds < b.seconds for a, b in zip(result.history, result.history[1:]))
    assert result.history[0].lr == 0.5


def test_evaluate_averages_over_samples_not_batches():
    model = nn.Linear(4, 2)
    x, y = torch.randn(10, 4), torch.randint(0, 2, (10,))
    uneven = [(x[:7], y[:7]), (x[7:], y[7:])]
    loss, accuracy = evaluate(model, uneven)
    with torch.no_grad():
        logits = model(x)
    assert loss == pytest.approx(nn.functional.cross_entropy(logits, y).item(), rel=1e-6)
    assert accuracy == pytest.approx((logits.argmax(1) == y).float().mean().item())


def test_early_stopping_restores_the_best_weights():
    """Training on flipped labels makes validation loss rise from the first epoch on."""
    torch.manual_seed(0)
    val = synthetic_classification()
    train = [(x, 1 - y) for x, y in val]
    model = nn.Linear(4, 2)
    result = fit(model, torch.optim.SGD(model.parameters(), lr=0.5), train, val, epochs=50, patience=3, progress=False)
    assert result.stop_reason == "early_stopping"
    assert len(result.history) == result.best_epoch + 3
    restored_loss, _ = evaluate(model, val)
    assert restored_loss == pytest.approx(result.best.val_loss, rel=1e-6)
    assert result.best.val_loss < result.history[-1].val_loss


def test_divergence_stops_training():
    torch.manual_seed(0)
    batches = [(x * 1e20, y) for x, y in synthetic_classification()]
    model = nn.Linear(4, 2)
    result = fit(model, torch.optim.SGD(model.parameters(), lr=1e30), batches, batches, epochs=20, progress=False)
    assert result.stop_reason == "diverged"
    assert not math.isfinite(result.history[-1].train_loss)


def test_scheduler_steps_once_per_batch():
    batches = synthetic_classification()  # 8 batches per epoch
    model = nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1 / (1 + step))
    result = fit(model, optimizer, batches, batches, epochs=2, scheduler=scheduler, progress=False)
    assert result.history[1].lr == pytest.approx(1 / 9)


def test_train_steps_counts_steps_across_epochs_and_reports_the_rate_each_step_used():
    torch.manual_seed(0)
    x, y = torch.randn(40, 5), torch.randint(0, 3, (40,))
    batches = [(x[i:i + 16], y[i:i + 16]) for i in range(0, 40, 16)]  # 3 batches per pass
    model = torch.nn.Linear(5, 3)
    reference = copy.deepcopy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 / (step + 1))
    seen = []
    losses = train_steps(model, optimizer, batches, 7, scheduler=scheduler,
                         after_step=lambda step, lr: seen.append((step, lr)))
    assert len(losses) == 7  # more steps than one pass: it goes around again
    assert seen == [(t, pytest.approx(0.1 / t)) for t in range(1, 8)]
    # the same updates by hand give the same losses
    by_hand = torch.optim.SGD(reference.parameters(), lr=0.1)
    expected = []
    for t in range(7):
        bx, by = batches[t % 3]
        loss = torch.nn.functional.cross_entropy(reference(bx), by)
        expected.append(loss.item())
        by_hand.zero_grad()
        loss.backward()
        for group in by_hand.param_groups:
            group["lr"] = 0.1 / (t + 1)
        by_hand.step()
    assert losses == pytest.approx(expected, rel=1e-6)


def test_train_steps_stops_at_a_blow_up():
    x, y = torch.randn(32, 4), torch.randint(0, 2, (32,))
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e4)
    losses = train_steps(model, optimizer, [(x, y)], 100, max_loss=50.0)
    assert len(losses) < 100 and (losses[-1] > 50 or not math.isfinite(losses[-1]))
    assert all(loss <= 50 for loss in losses[:-1])


class Interrupt(Exception):
    pass


def test_an_interrupted_fit_resumes_from_its_checkpoint_to_the_same_weights_and_history(tmp_path):
    """Kill a run after 3 of 8 epochs (shuffled batches, momentum, a scheduler, early stopping
    armed), start it again with the same checkpoint: weights and history equal an uninterrupted run."""
    from sgdcourse.data import DeviceLoader

    generator = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (300, 3, 4, 4), dtype=torch.uint8, generator=generator)  # synthetic
    labels = (images.float().mean(dim=(1, 2, 3)) > 127.5).long()

    def setup():
        torch.manual_seed(0)
        model = nn.Linear(48, 2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.5)
        train = DeviceLoader(images, labels, batch_size=32, flatten=True, seed=3, device="cpu")
        val = DeviceLoader(images[:100], labels[:100], batch_size=50, shuffle=False, flatten=True, device="cpu")
        return model, optimizer, scheduler, train, val

    model, optimizer, scheduler, train, val = setup()
    straight = fit(model, optimizer, train, val, epochs=8, scheduler=scheduler, patience=20, progress=False)
    expected = copy.deepcopy(model.state_dict())

    checkpoint = tmp_path / "run.pt"
    model, optimizer, scheduler, train, val = setup()
    real_evaluate = fit.__globals__["evaluate"]
    calls = []

    def evaluate_then_die_in_epoch_4(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise Interrupt
        return real_evaluate(*args, **kwargs)

    fit.__globals__["evaluate"] = evaluate_then_die_in_epoch_4
    try:
        with pytest.raises(Interrupt):
            fit(model, optimizer, train, val, epochs=8, scheduler=scheduler, patience=20, progress=False,
                checkpoint=checkpoint)
    finally:
        fit.__globals__["evaluate"] = real_evaluate
    assert checkpoint.is_file() and not list(tmp_path.glob("*.partial"))

    model, optimizer, scheduler, train, val = setup()  # a new process: fresh objects
    resumed = fit(model, optimizer, train, val, epochs=8, scheduler=scheduler, patience=20, progress=False,
                  checkpoint=checkpoint)
    assert [r.epoch for r in resumed.history] == list(range(1, 9))
    for a, b in zip(straight.history, resumed.history):
        assert (a.train_loss, a.val_loss, a.lr) == (b.train_loss, b.val_loss, b.lr)
    assert resumed.best_epoch == straight.best_epoch
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, expected[name]), name
    assert not checkpoint.exists(), "a finished run removes its checkpoint"


@pytest.mark.parametrize("batches", [5, 20])
def test_fit_reads_back_from_the_device_per_epoch_not_per_step(monkeypatch, batches):
    """On a GPU every .item() waits for the device. fit's epoch reads the training loss and
    accuracy back once each (and the evaluation twice per validation batch), however many
    steps it takes: the count of reads here does not grow with the number of batches."""
    from sgdcourse.data import DeviceLoader

    images = torch.randint(0, 256, (16 * batches, 3, 4, 4), dtype=torch.uint8)  # synthetic
    labels = torch.randint(0, 2, (16 * batches,))
    train = DeviceLoader(images, labels, batch_size=16, flatten=True, seed=0, device="cpu")
    val = DeviceLoader(images[:16], labels[:16], batch_size=16, shuffle=False, flatten=True, device="cpu")
    model = nn.Linear(48, 2)
    reads = []
    real_item = torch.Tensor.item
    monkeypatch.setattr(torch.Tensor, "item", lambda self: reads.append(1) or real_item(self))
    for conversion in ("__float__", "__int__", "__bool__", "tolist"):
        real = getattr(torch.Tensor, conversion)
        monkeypatch.setattr(torch.Tensor, conversion,
                            lambda self, *a, _real=real: reads.append(1) or _real(self, *a))
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), train, val, epochs=1, progress=False)
    assert len(reads) == 2 + 2 * 1
