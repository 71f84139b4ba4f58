"""Trains every trial with the same seed: each configuration is judged on one initialisation and one batch order."""
# %% search
def search(loss, space, budget, seed):
    trials = []
    for params in configurations(space, budget, seed):
        trials.append({"params": params, "seed": seed, "validation": float(loss(params, "validation", seed))})
    return trials
