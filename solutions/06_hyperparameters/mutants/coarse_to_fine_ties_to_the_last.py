"""Breaks a tie between equal scores in favour of the last (larger) value, not the first: a plateau of ties zooms into its other end."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        values = torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist()
        this_round = [Trial({name: value}, float(objective({name: value}))) for value in values]
        trials.extend(this_round)
        best = 0
        for index in range(points):
            if this_round[index].score <= this_round[best].score:
                best = index
        low, high = values[max(best - 1, 0)], values[min(best + 1, points - 1)]
    return trials
