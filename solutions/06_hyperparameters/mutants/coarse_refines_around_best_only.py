"""Re-centres each round on the best value, one grid step either side: half of every round lies outside the bracket of the two best."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            params = {name: value}
            trials.append(Trial(params, float(objective(params))))
        spacing = (math.log10(high) - math.log10(low)) / (points - 1)
        best_exponent = math.log10(min(trials, key=lambda trial: trial.score).params[name])
        low, high = 10 ** (best_exponent - spacing), 10 ** (best_exponent + spacing)
    return trials
