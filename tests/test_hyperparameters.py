"""k-fold splits and the three searches, on deterministic toy objectives."""

import math

import pytest
import torch

from sgdcourse.hyperparameters import (
    best, coarse_to_fine, cross_validate, grid_search, kfold_splits, log_uniform, quasi_random_configurations,
    random_search, uniform,
)


@pytest.mark.parametrize("n, k", [(10, 5), (103, 4), (7, 7), (50, 2)])
def test_kfold_folds_are_disjoint_cover_everything_and_balanced(n, k):
    splits = kfold_splits(n, k, generator=torch.Generator().manual_seed(0))
    assert len(splits) == k
    validation = torch.cat([val for _, val in splits])
    assert sorted(validation.tolist()) == list(range(n))
    assert max(len(v) for _, v in splits) - min(len(v) for _, v in splits) <= 1
    for train, val in splits:
        assert set(train.tolist()).isdisjoint(val.tolist())
        assert len(train) + len(val) == n


def test_kfold_is_shuffled_and_reproducible():
    first = kfold_splits(100, 5, generator=torch.Generator().manual_seed(1))[0][1]
    again = kfold_splits(100, 5, generator=torch.Generator().manual_seed(1))[0][1]
    assert torch.equal(first, again) and not torch.equal(first, torch.arange(20))


def test_kfold_rejects_impossible_k():
    with pytest.raises(ValueError, match="k=11, n=10"):
        kfold_splits(10, 11)


def test_cross_validation_averages_the_fold_losses():
    mean, scores = cross_validate(lambda train, val: float(len(val)), 10, 3)
    assert scores == [4.0, 3.0, 3.0] and mean == pytest.approx(10 / 3)


def toy_loss(params):
    """Deterministic stand-in for a validation loss: best at lr = 10^-2.7, momentum = 0.9."""
    return (math.log10(params["lr"]) + 2.7) ** 2 + 0.01 * (params.get("momentum", 0.9) - 0.9) ** 2


def test_grid_search_tries_every_combination_and_best_picks_the_minimum():
    trials = grid_search(toy_loss, {"lr": [1e-1, 1e-2, 1e-3], "momentum": [0.0, 0.9]})
    assert len(trials) == 6
    assert {tuple(t.params.values()) for t in trials} == {(lr, m) for lr in [1e-1, 1e-2, 1e-3] for m in [0.0, 0.9]}
    assert best(trials).params == {"lr": 1e-3, "momentum": 0.9}


def test_random_search_is_reproducible_and_stays_in_bounds():
    space = {"lr": log_uniform(1e-5, 1e-1), "momentum": uniform(0.5, 0.99)}
    trials = random_search(toy_loss, space, 50, generator=torch.Generator().manual_seed(0))
    again = random_search(toy_loss, space, 50, generator=torch.Generator().manual_seed(0))
    assert [t.params for t in trials] == [t.params for t in again]
    assert all(1e-5 <= t.params["lr"] <= 1e-1 and 0.5 <= t.params["momentum"] <= 0.99 for t in trials)


def test_log_uniform_spends_equal_draws_per_decade():
    sample, generator = log_uniform(1e-4, 1e0), torch.Generator().manual_seed(0)
    decades = [math.floor(math.log10(sample(generator))) for _ in range(4000)]
    counts = [decades.count(d) for d in (-4, -3, -2, -1)]
    assert all(abs(c - 1000) < 100 for c in counts), counts  # ±3 binomial standard deviations


def test_random_search_explores_more_values_of_the_parameter_that_matters():
    """Bergstra & Bengio: same budget of 9, grid tries 3 learning rates, random search 9."""
    grid = grid_search(toy_loss, {"lr": [1e-4, 1e-3, 1e-2], "momentum": [0.5, 0.7, 0.9]})
    rand = random_search(toy_loss, {"lr": log_uniform(1e-4, 1e-2), "momentum": uniform(0.5, 0.9)}, 9,
                         generator=torch.Generator().manual_seed(0))
    assert len({t.params["lr"] for t in grid}) == 3 and len({t.params["lr"] for t in rand}) == 9


def rounds_of(trials, points):
    return [[t.params["lr"] for t in trials[start:start + points]] for start in range(0, len(trials), points)]


def test_coarse_to_fine_zooms_in_on_the_optimum():
    trials = coarse_to_fine(toy_loss, "lr", 1e-5, 1e-1, points=5, rounds=4)
    assert len(trials) == 20
    assert best(trials[:5]).params["lr"] == pytest.approx(1e-3)  # the grid 1e-5 ... 1e-1 has no 10^-2.7
    # round 4 spans half a decade in 4 steps; on this symmetric loss the best is the grid point nearest 10^-2.7
    assert abs(math.log10(best(trials).params["lr"]) + 2.7) <= 0.5 / 4 / 2 + 1e-12
    # round 2 lies between the neighbours of round 1's best (1e-3): 1e-4 and 1e-2, ends included
    assert rounds_of(trials, 5)[1] == pytest.approx(torch.logspace(-4, -2, 5, dtype=torch.float64).tolist(), rel=1e-12)


def asymmetric_loss(params, centre=-2.9):
    """Unimodal in u = log10 lr with its minimum at 10^-2.9: steep on the left, flat on the right."""
    u = math.log10(params["lr"])
    return 10 * (centre - u) if u < centre else 0.1 * (u - centre)


def test_coarse_to_fine_keeps_the_minimum_of_an_asymmetric_loss_inside_every_bracket():
    points = 5
    trials = coarse_to_fine(asymmetric_loss, "lr", 1e-5, 1e-1, points=points, rounds=6)
    first = trials[:points]
    two_best = sorted(t.params["lr"] for t in sorted(first, key=lambda t: t.score)[:2])
    assert not two_best[0] <= 10**-2.9 <= two_best[1]  # the old rule, "between the two best", loses it: [1e-2, 1e-1]
    widths = []
    for values in rounds_of(trials, points):
        assert values[0] <= 10**-2.9 <= values[-1], values
        widths.append(math.log10(values[-1] / values[0]))
    # an interior best halves the bracket (2 of 4 grid steps); at an edge it would be a quarter
    assert widths == pytest.approx([4 / 2**r for r in range(6)], rel=1e-9)
    assert abs(math.log10(best(trials).params["lr"]) + 2.9) < 4 / 2**5 / 4 + 1e-9  # within one last grid step


def test_coarse_to_fine_keeps_the_edge_when_the_best_value_is_at_the_edge_of_the_range():
    trials = coarse_to_fine(toy_loss, "lr", 1e-2, 1.0, points=5, rounds=3)  # the minimum, 10^-2.7, is below the range
    assert [values[0] for values in rounds_of(trials, 5)] == [1e-2] * 3
    assert rounds_of(trials, 5)[1][-1] == pytest.approx(10**-1.5)  # the edge and its one neighbour: a quarter of the range
    assert all(1e-2 <= t.params["lr"] <= 1.0 for t in trials)


def test_coarse_to_fine_always_runs_every_round_and_breaks_ties_by_the_smaller_value():
    trials = coarse_to_fine(lambda params: 1.0, "lr", 1e-3, 1e1, points=5, rounds=3)  # every score ties
    assert len(trials) == 15
    assert rounds_of(trials, 5)[1] == pytest.approx(torch.logspace(-3, -2, 5, dtype=torch.float64).tolist(), rel=1e-12)


@pytest.mark.parametrize("low, high, points, rounds", [(0.0, 1.0, 5, 3), (1.0, 0.1, 5, 3), (1e-3, 1.0, 3, 2),
                                                       (1e-3, 1.0, 5, 0)])
def test_coarse_to_fine_rejects_impossible_settings(low, high, points, rounds):
    with pytest.raises(ValueError, match=f"got low={low}, high={high}, points={points}, rounds={rounds}"):
        coarse_to_fine(toy_loss, "lr", low, high, points=points, rounds=rounds)


def test_quasi_random_configurations_fill_every_strip_on_each_scale():
    space = {"lr": (1e-3, 1.0, "log"), "momentum": (0.0, 0.99, "linear")}
    configurations = quasi_random_configurations(space, 16, seed=3)
    assert [list(c) for c in configurations] == [["lr", "momentum"]] * 16
    strips_lr = sorted(int((math.log10(c["lr"]) + 3) / 3 * 16) for c in configurations)
    strips_momentum = sorted(int(c["momentum"] / 0.99 * 16) for c in configurations)
    assert strips_lr == strips_momentum == list(range(16))  # one point in each sixteenth, on each axis
    assert configurations == quasi_random_configurations(space, 16, seed=3)
    assert configurations != quasi_random_configurations(space, 16, seed=4)
    swapped = quasi_random_configurations({"momentum": space["momentum"], "lr": space["lr"]}, 16, seed=3)
    assert [c["momentum"] / 0.99 for c in swapped] == pytest.approx([(math.log10(c["lr"]) + 3) / 3 for c in configurations])
    with pytest.raises(ValueError, match="low > 0"):
        quasi_random_configurations({"lr": (0.0, 1.0, "log")}, 4, seed=0)
