"""Ranks only the round just evaluated, not all trials so far: a value that scored best in an earlier round is forgotten."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        this_round = []
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            params = {name: value}
            this_round.append(Trial(params, float(objective(params))))
        trials.extend(this_round)
        ranked = sorted(this_round, key=lambda trial: trial.score)
        best_value = ranked[0].params[name]
        runner_up = next(trial.params[name] for trial in ranked if trial.params[name] != best_value)
        low, high = sorted([best_value, runner_up])
    return trials
