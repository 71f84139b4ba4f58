"""Builds the combinations recursively with {**rest, name: value}: the order of the trials is right, but every params dict lists the hyperparameters backwards."""
# %% searches
def combinations(grid):
    if not grid:
        yield {}
        return
    name, *others = grid
    for value in grid[name]:
        for rest in combinations({other: grid[other] for other in others}):
            yield {**rest, name: value}


def grid_search(objective, grid):
    trials = []
    for params in combinations(grid):
        trials.append(Trial(params, float(objective(params))))
    return trials


def random_search(objective, space, budget, generator):
    trials = []
    for _ in range(budget):
        params = {}
        for name, (low, high, scale) in space.items():
            u = torch.rand((), generator=generator, dtype=torch.float64).item()
            if scale == "log":
                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
