"""Runs a grid search on the validation loss, then calls evaluate again for the test loss: every training run twice."""
# %% tune
def tune(evaluate, grid):
    trials = grid_search(lambda params: evaluate(params)["validation"], grid)
    chosen = min(trials, key=lambda trial: trial.score)
    return chosen.params, float(evaluate(chosen.params)["test"])
