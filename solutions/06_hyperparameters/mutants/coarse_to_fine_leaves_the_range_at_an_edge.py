"""Re-centres each round on the best value one grid step either side, also at an end of the grid: the search leaves [low, high] instead of keeping the end."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        values = torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist()
        this_round = [Trial({name: value}, float(objective({name: value}))) for value in values]
        trials.extend(this_round)
        spacing = (math.log10(high) - math.log10(low)) / (points - 1)
        best = math.log10(min(this_round, key=lambda trial: trial.score).params[name])
        low, high = 10 ** (best - spacing), 10 ** (best + spacing)
    return trials
