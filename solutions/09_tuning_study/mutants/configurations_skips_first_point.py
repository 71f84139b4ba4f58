"""Skips the first Sobol point (a habit from the unscrambled sequence, whose first point is the corner 0): every
configuration is the next one of the specification's."""
# %% configurations
def configurations(space, budget, seed):
    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True, seed=seed)
    points = engine.draw(budget + 1, dtype=torch.float64)[1:].tolist()
    result = []
    for row in points:
        params = {}
        for (name, (low, high, scale)), u in zip(space.items(), row):
            if scale == "log":
                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                params[name] = low + (high - low) * u
        result.append(params)
    return result
