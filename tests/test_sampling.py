"""The reference for assignment 1: shuffled epochs and mini-batch SGD on least squares."""

import math

import pytest
import torch

from sgdcourse.sampling import (
    least_squares_gradient, least_squares_loss, least_squares_sample_gradients, num_batches,
    polyak_ruppert_average, sgd_least_squares, sgd_least_squares_runs, shuffled_batches,
)


@pytest.mark.parametrize("n, batch_size", [(40_000, 128), (1000, 100), (7, 3), (5, 8), (1, 1)])
@pytest.mark.parametrize("drop_last", [False, True])
def test_epoch_covers_every_index_once_in_the_stated_batches(n, batch_size, drop_last):
    batches = shuffled_batches(n, batch_size, torch.Generator().manual_seed(0), drop_last)
    full, remainder = divmod(n, batch_size)
    expected_sizes = [batch_size] * full + ([remainder] if remainder and not drop_last else [])
    assert [len(b) for b in batches] == expected_sizes
    assert len(batches) == num_batches(n, batch_size, drop_last)
    indices = torch.cat(batches) if batches else torch.empty(0, dtype=torch.int64)
    assert len(set(indices.tolist())) == len(indices) == sum(expected_sizes)


def test_lecture_split_has_313_batches_the_last_of_64():
    batches = shuffled_batches(40_000, 128, torch.Generator().manual_seed(0))
    assert (len(batches), len(batches[-1])) == (math.ceil(40_000 / 128), 40_000 - 312 * 128) == (313, 64)


def test_each_epoch_is_a_fresh_order_and_a_seed_replays_them():
    generator = torch.Generator().manual_seed(5)
    epochs = [torch.cat(shuffled_batches(100, 10, generator)) for _ in range(3)]
    assert not torch.equal(epochs[0], epochs[1]) and not torch.equal(epochs[1], epochs[2])
    replay = torch.Generator().manual_seed(5)
    assert all(torch.equal(e, torch.cat(shuffled_batches(100, 10, replay))) for e in epochs)


def test_invalid_sizes_are_rejected_with_the_values():
    with pytest.raises(ValueError, match="batch_size=0"):
        shuffled_batches(10, 0, torch.Generator())


def test_gradient_matches_autograd():
    X, y, w = torch.randn(20, 3, dtype=torch.float64), torch.randn(20, dtype=torch.float64), torch.randn(3, dtype=torch.float64)
    leaf = w.clone().requires_grad_()
    least_squares_loss(leaf, X, y).backward()
    torch.testing.assert_close(least_squares_gradient(w, X, y), leaf.grad, rtol=1e-12, atol=1e-14)


def test_minibatch_gradient_is_unbiased_over_an_epoch():
    """The batch gradients of one epoch, weighted by batch size, average to the full gradient."""
    X, y, w = torch.randn(1000, 2, dtype=torch.float64), torch.randn(1000, dtype=torch.float64), torch.randn(2, dtype=torch.float64)
    batches = shuffled_batches(1000, 30, torch.Generator().manual_seed(0))
    weighted = sum(len(b) * least_squares_gradient(w, X[b], y[b]) for b in batches) / 1000
    torch.testing.assert_close(weighted, least_squares_gradient(w, X, y), rtol=1e-12, atol=1e-14)


def test_sgd_reaches_the_least_squares_solution():
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(2000, 3, dtype=torch.float64, generator=generator)
    y = X @ torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64) + 0.1 * torch.randn(2000, dtype=torch.float64, generator=generator)
    w_star = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    w, losses = sgd_least_squares(X, y, lr=0.01, batch_size=16, epochs=20, generator=generator)
    assert len(losses) == 20
    assert (w - w_star).norm() < 5e-3 * w_star.norm()
    # Within 1% of the optimal loss: the noise floor of a small constant step.
    assert losses[-1] < 1.01 * least_squares_loss(w_star, X, y).item()


def test_polyak_ruppert_average_is_the_running_mean_after_burn_in():
    iterates = torch.randn(50, 3, dtype=torch.float64)
    averages = polyak_ruppert_average(iterates, burn_in=10)
    assert averages.shape == (40, 3)
    torch.testing.assert_close(averages[0], iterates[10])
    torch.testing.assert_close(averages[-1], iterates[10:].mean(dim=0))
    torch.testing.assert_close(averages[14], iterates[10:25].mean(dim=0))


@pytest.mark.parametrize("shape, burn_in", [((5, 2), 5), ((5, 2), -1), ((5,), 0)])
def test_polyak_ruppert_average_rejects_bad_input_with_the_values(shape, burn_in):
    with pytest.raises(ValueError, match=f"burn_in={burn_in}"):
        polyak_ruppert_average(torch.zeros(shape), burn_in=burn_in)


def test_averaged_iterate_goes_below_the_constant_step_noise_floor():
    """Constant-step SGD stalls at a noise floor; the tail average of its iterates does not."""
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(4000, 2, dtype=torch.float64, generator=generator)
    y = X @ torch.tensor([1.0, -2.0], dtype=torch.float64) + torch.randn(4000, dtype=torch.float64, generator=generator)
    w_star = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    optimum = least_squares_loss(w_star, X, y)
    w, iterates = torch.zeros(2, dtype=torch.float64), []
    for _ in range(5):
        for batch in shuffled_batches(4000, 4, generator):
            w = w - 0.1 * least_squares_gradient(w, X[batch], y[batch])
            iterates.append(w)
    iterates = torch.stack(iterates)
    last_excess = torch.stack([least_squares_loss(v, X, y) for v in iterates[-1000:]]) - optimum
    averaged_excess = least_squares_loss(polyak_ruppert_average(iterates, burn_in=1000)[-1], X, y) - optimum
    # The floor: the last 1000 iterates' median excess loss. The average ends 100× below it (about 2,500× for this seed).
    assert averaged_excess < last_excess.median() / 100


def small_problem(n=50, d=3, seed=0):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, dtype=torch.float64, generator=generator)
    return X, X @ torch.arange(1.0, d + 1, dtype=torch.float64) + torch.randn(n, dtype=torch.float64, generator=generator)


def test_sample_gradients_are_each_samples_autograd_gradient_and_average_to_the_full_one():
    X, y = small_problem()
    w = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    rows = least_squares_sample_gradients(w.detach(), X, y)
    for i in (0, 17, 49):
        (expected,) = torch.autograd.grad((X[i] @ w - y[i]) ** 2 / 2, w)
        torch.testing.assert_close(rows[i], expected)
    torch.testing.assert_close(rows.mean(dim=0), least_squares_gradient(w.detach(), X, y))


def test_sgd_runs_replay_a_plain_loop_with_the_same_draws():
    X, y = small_problem()
    w0, steps, runs, size = torch.zeros(3, dtype=torch.float64), 30, 4, 5

    def schedule(k):  # a step-size schedule, as the chapter passes
        return 0.1 / (1 + k / 10)

    got = sgd_least_squares_runs(X, y, lr=schedule, batch_size=size, steps=steps, runs=runs,
                                 generator=torch.Generator().manual_seed(7), w0=w0)
    assert got.shape == (steps + 1, runs, 3) and torch.equal(got[0], w0.expand(runs, -1))
    generator, w = torch.Generator().manual_seed(7), w0.expand(runs, -1)
    for k in range(steps):
        batches = torch.randint(len(y), (runs * size,), generator=generator).view(runs, size)
        w = torch.stack([w[r] - schedule(k) * least_squares_gradient(w[r], X[b], y[b]) for r, b in enumerate(batches)])
        torch.testing.assert_close(got[k + 1], w, rtol=1e-12, atol=1e-12)
    assert not torch.allclose(got[-1, 0], got[-1, 1])  # the runs draw different batches


def test_sgd_runs_with_a_constant_step_reach_the_solution_on_average():
    X, y = small_problem(n=400)
    w_star = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    final = sgd_least_squares_runs(X, y, lr=0.05, batch_size=8, steps=600, runs=200,
                                   generator=torch.Generator().manual_seed(0), w0=torch.zeros(3, dtype=torch.float64))[-1]
    spread = final.std(dim=0) / math.sqrt(len(final))
    assert ((final.mean(dim=0) - w_star).abs() < 4 * spread).all()
    assert (final.std(dim=0) > 0).all()  # but every run still scatters around it: the floor
