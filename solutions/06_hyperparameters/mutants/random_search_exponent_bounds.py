"""Treats low and high as exponents on a log scale, 10 ** (low + (high − low) u): values fall outside [low, high]."""
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
            if scale == "log":
                params[name] = 10 ** (low + (high - low) * u)
            else:
                params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
