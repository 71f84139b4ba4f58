"""Draws the hyperparameters in alphabetical order of their names, not in the space's key order: right only when the space happens to be sorted."""
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
        for name in sorted(space):
            low, high, scale = space[name]
            u = torch.rand((), generator=generator, dtype=torch.float64).item()
            if scale == "log":
                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
