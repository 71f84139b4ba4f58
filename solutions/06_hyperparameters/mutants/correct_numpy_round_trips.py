"""Right, through numpy: np.array_split for the folds, a low · (high/low)^u log scale, a stable sort for tune, np.logspace, np.argmin and np.clip for coarse_to_fine."""
# %% kfold_splits
import numpy as np


def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator).numpy()
    folds = np.array_split(order, k)  # the first n mod k pieces are one longer
    return [(torch.from_numpy(np.concatenate(folds[:i] + folds[i + 1:])), torch.from_numpy(folds[i]))
            for i in range(k)]

# %% searches
def grid_search(objective, grid):
    return [Trial(params, float(objective(params)))
            for params in (dict(zip(grid.keys(), values)) for values in itertools.product(*grid.values()))]


def random_search(objective, space, budget, generator):
    trials = []
    for _ in range(budget):
        params = {}
        for name in space:
            low, high, scale = space[name]
            u = torch.rand((), generator=generator, dtype=torch.float64).item()
            params[name] = low * (high / low) ** u if scale == "log" else low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials

# %% tune
def tune(evaluate, grid):
    results = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(grid, values))
        results.append((params, evaluate(params)))
    params, losses = sorted(results, key=lambda result: float(result[1]["validation"]))[0]  # sorted is stable
    return params, float(losses["test"])

# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        values = np.logspace(np.log10(low), np.log10(high), points)
        scores = np.array([float(objective({name: value})) for value in values.tolist()])
        trials += [Trial({name: value}, score) for value, score in zip(values.tolist(), scores.tolist())]
        best = int(np.argmin(scores))  # the first of the lowest
        low, high = values[np.clip([best - 1, best + 1], 0, points - 1)].tolist()
    return trials
