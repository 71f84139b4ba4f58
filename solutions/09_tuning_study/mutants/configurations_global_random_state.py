"""Scrambles the Sobol sequence without the seed: the engine draws its scrambling from torch's global random state."""
# %% configurations
def configurations(space, budget, seed):
    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True)
    points = engine.draw(budget, dtype=torch.float64).tolist()
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
