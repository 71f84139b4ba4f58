"""Builds the grid with torch.cartesian_prod over float64 tensors: the order is right, but every value comes back a float (batch_size 32.0), and a grid of strings cannot be built at all."""
# %% searches
def grid_search(objective, grid):
    names = list(grid)
    columns = [torch.tensor(values, dtype=torch.float64) for values in grid.values()]
    rows = torch.cartesian_prod(*columns).reshape(-1, len(names)).tolist()
    trials = []
    for values in rows:
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
                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                params[name] = low + (high - low) * u
        trials.append(Trial(params, float(objective(params))))
    return trials
