"""Draws each trial's seed at random from torch's global random state: seeded and recorded, but not from the seed
it is given, so the search cannot be reproduced."""
# %% search
def search(loss, space, budget, seed):
    trials = []
    for params in configurations(space, budget, seed):
        trial_seed = int(torch.randint(0, 2**31 - 1, ()))
        trials.append({"params": params, "seed": trial_seed,
                       "validation": float(loss(params, "validation", trial_seed))})
    return trials
