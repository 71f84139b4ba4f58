"""Gives the columns of the draw to the names in sorted order, not in the space's key order."""
# %% configurations
def configurations(space, budget, seed):
    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True, seed=seed)
    points = engine.draw(budget, dtype=torch.float64).tolist()
    result = []
    for row in points:
        values = {}
        for name, u in zip(sorted(space), row):
            low, high, scale = space[name]
            if scale == "log":
                values[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
            else:
                values[name] = low + (high - low) * u
        result.append({name: values[name] for name in space})
    return result
