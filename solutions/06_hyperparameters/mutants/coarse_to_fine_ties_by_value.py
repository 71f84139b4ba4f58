"""Breaks ties between equal scores by the smaller value (sorts by (score, value)) instead of by evaluation order."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            params = {name: value}
            trials.append(Trial(params, float(objective(params))))
        ranked = sorted(trials, key=lambda trial: (trial.score, trial.params[name]))
        best_value = ranked[0].params[name]
        runner_up = next(trial.params[name] for trial in ranked if trial.params[name] != best_value)
        low, high = sorted([best_value, runner_up])
    return trials
