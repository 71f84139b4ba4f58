"""Right, written with loops: fold boundaries by running offsets and a boolean mask for training, the grid by a recursive generator, all random numbers drawn in one torch.rand call, tune and coarse_to_fine by explicit scans."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator)
    splits, start = [], 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        in_fold = torch.zeros(n, dtype=torch.bool)
        in_fold[start:start + size] = True
        splits.append((order[~in_fold], order[in_fold]))
        start += size
    return splits

# %% searches
def _combinations(names, values_per_name):
    if not names:
        yield []
        return
    for value in values_per_name[0]:
        for rest in _combinations(names[1:], values_per_name[1:]):
            yield [(names[0], value)] + rest


def grid_search(objective, grid):
    names = list(grid.keys())
    trials = []
    for pairs in _combinations(names, [grid[name] for name in names]):
        params = {}
        for name, value in pairs:
            params[name] = value
        score = objective(params)
        trials.append(Trial(params, float(score)))
    return trials


def random_search(objective, space, budget, generator):
    names = list(space)
    draws = torch.rand(budget, len(names), generator=generator, dtype=torch.float64)  # the same stream, row by row
    trials = []
    for row in draws.tolist():
        params = {}
        for name, u in zip(names, row):
            low, high, scale = space[name]
            if scale == "log":
                params[name] = math.exp(math.log(low) + (math.log(high) - math.log(low)) * u)
            else:
                params[name] = low * (1 - u) + high * u
        trials.append(Trial(params, float(objective(params))))
    return trials

# %% tune
def tune(evaluate, grid):
    configurations = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    results = [evaluate(params) for params in configurations]
    chosen = 0
    for index in range(1, len(results)):
        if results[index]["validation"] < results[chosen]["validation"]:
            chosen = index
    return configurations[chosen], float(results[chosen]["test"])

# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        a, b = math.log10(low), math.log10(high)
        values = []
        for i in range(points):
            value = 10 ** (a + (b - a) * i / (points - 1)) if 0 < i < points - 1 else 10 ** (a if i == 0 else b)
            values.append(value)
            trials.append(Trial({name: value}, float(objective({name: value}))))
        best = 0
        for i in range(1, points):  # the first of the lowest scores of this round
            if trials[-points + i].score < trials[-points + best].score:
                best = i
        low = values[best - 1] if best > 0 else values[0]
        high = values[best + 1] if best < points - 1 else values[-1]
    return trials
