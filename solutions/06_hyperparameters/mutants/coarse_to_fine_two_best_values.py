"""Zooms in between the two best distinct values so far (the old rule): on a lopsided loss the runner-up lies on the wrong side of the best and the minimum drops out of the bracket."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            params = {name: value}
            trials.append(Trial(params, float(objective(params))))
        ranked = sorted(trials, key=lambda trial: trial.score)
        best_value = ranked[0].params[name]
        runner_up = next(trial.params[name] for trial in ranked if trial.params[name] != best_value)
        low, high = sorted([best_value, runner_up])
    return trials
