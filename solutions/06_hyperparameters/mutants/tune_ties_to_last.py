"""Keeps a later configuration on a validation tie (<= instead of <): the choice depends on the grid's tail."""
# %% tune
def tune(evaluate, grid):
    names = list(grid)
    chosen_params, chosen_losses = None, None
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        losses = evaluate(params)
        if chosen_losses is None or losses["validation"] <= chosen_losses["validation"]:
            chosen_params, chosen_losses = params, losses
    return chosen_params, float(chosen_losses["test"])
