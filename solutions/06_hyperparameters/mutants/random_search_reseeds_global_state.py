"""Seeds torch's global random state with generator.initial_seed() and draws from it: matches a freshly seeded generator, not one already drawn from, and never advances the caller's generator."""
# %% searches
def grid_search(objective, grid):
    names = list(grid)
    trials = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        trials.append(Trial(params, float(objective(params))))
    return trials


def random_search(objective, space, budget, generator):
    torch.manual_seed(generator.initial_seed())
    trials = []
    for _ in range(budget):
        params = {}
        for name, (low, high, scale) in space.items():
            u = torch.rand((), dtype=torch.float64).item()
            if scale == "log":
                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
