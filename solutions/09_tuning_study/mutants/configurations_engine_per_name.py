"""Draws each name from its own 1-dimensional Sobol engine with the same seed: every name gets the same u, so the
configurations lie on one curve instead of filling the space."""
# %% configurations
def configurations(space, budget, seed):
    columns = {}
    for name, (low, high, scale) in space.items():
        u = torch.quasirandom.SobolEngine(dimension=1, scramble=True, seed=seed).draw(budget, dtype=torch.float64)[:, 0]
        if scale == "log":
            columns[name] = (10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)).tolist()
        else:
            columns[name] = (low + (high - low) * u).tolist()
    return [{name: columns[name][i] for name in space} for i in range(budget)]
