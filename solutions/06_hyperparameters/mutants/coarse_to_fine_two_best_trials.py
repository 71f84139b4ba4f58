"""Zooms in between the two best trials (an older rule still): when a re-evaluated value holds both places the bracket collapses to one point, and a lopsided loss's minimum drops out."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            params = {name: value}
            trials.append(Trial(params, float(objective(params))))
        first, second = sorted(trials, key=lambda trial: trial.score)[:2]
        low, high = sorted([first.params[name], second.params[name]])
    return trials
