"""Confirms the best configuration with one more validation run after the search: budget + 1 training runs."""
# %% search
def search(loss, space, budget, seed):
    trials = []
    for i, params in enumerate(configurations(space, budget, seed)):
        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation", seed + i))})
    best = min(trials, key=lambda trial: trial["validation"])
    confirmation = float(loss(best["params"], "validation", seed + budget))
    best["validation"] = (best["validation"] + confirmation) / 2
    return trials
