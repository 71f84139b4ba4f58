"""Returns the test loss as evaluate gave it: a tensor or an int when evaluate returns one, not a float."""
# %% tune
def tune(evaluate, grid):
    names = list(grid)
    chosen_params, chosen_losses = None, None
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        losses = evaluate(params)
        if chosen_losses is None or losses["validation"] < chosen_losses["validation"]:
            chosen_params, chosen_losses = params, losses
    return chosen_params, chosen_losses["test"]
