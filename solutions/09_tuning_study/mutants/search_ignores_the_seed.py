"""Records seed + i but never passes it to loss: every run trains from torch's global random state, and no trial
can be rerun from its record."""
# %% search
def search(loss, space, budget, seed):
    trials = []
    for i, params in enumerate(configurations(space, budget, seed)):
        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation"))})
    return trials
