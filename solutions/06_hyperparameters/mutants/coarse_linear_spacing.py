"""Spaces the values evenly on a linear scale: round 1 on [1e-5, 1] never tries anything below 0.2."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        values = torch.linspace(low, high, points, dtype=torch.float64).tolist()
        this_round = [Trial({name: value}, float(objective({name: value}))) for value in values]
        trials.extend(this_round)
        best = min(range(points), key=lambda index: this_round[index].score)
        low, high = values[max(best - 1, 0)], values[min(best + 1, points - 1)]
    return trials
