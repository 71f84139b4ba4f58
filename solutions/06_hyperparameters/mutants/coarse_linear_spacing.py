"""Spaces the values evenly on a linear scale: round 1 on [1e-5, 1] never tries anything below 0.2."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.linspace(low, high, points, dtype=torch.float64).tolist():
            params = {name: value}
            trials.append(Trial(params, float(objective(params))))
        ranked = sorted(trials, key=lambda trial: trial.score)
        best_value = ranked[0].params[name]
        runner_up = next(trial.params[name] for trial in ranked if trial.params[name] != best_value)
        low, high = sorted([best_value, runner_up])
    return trials
