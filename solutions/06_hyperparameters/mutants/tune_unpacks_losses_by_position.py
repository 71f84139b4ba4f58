"""Unpacks evaluate's dict by position (validation, test = losses.values()): right only when "validation" comes first and nothing else is in the dict."""
# %% tune
def tune(evaluate, grid):
    names = list(grid)
    chosen_params, chosen_validation, chosen_test = None, None, None
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        validation, test = evaluate(params).values()
        if chosen_params is None or validation < chosen_validation:
            chosen_params, chosen_validation, chosen_test = params, validation, test
    return chosen_params, float(chosen_test)
