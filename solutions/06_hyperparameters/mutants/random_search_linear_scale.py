"""Draws the learning rate uniformly on a linear scale even when the space says "log": 99% of draws land above 1e-2."""
# %% searches
def grid_search(objective, grid):
    names = list(grid)
    trials = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        trials.append(Trial(params, float(objective(params))))
    return trials


def random_search(objective, space, budget, generator):
    trials = []
    for _ in range(budget):
        params = {}
        for name, (low, high, scale) in space.items():
            u = torch.rand((), generator=generator, dtype=torch.float64).item()
            params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
