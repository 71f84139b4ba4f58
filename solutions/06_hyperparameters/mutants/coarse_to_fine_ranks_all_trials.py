"""Takes the best of all trials so far and its neighbours among all values tried, not the last round's best in the last round's grid: a re-evaluated value that differs in its last digit becomes its own neighbour."""
# %% coarse_to_fine
def coarse_to_fine(objective, name, low, high, points=5, rounds=3):
    trials = []
    for _ in range(rounds):
        for value in torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist():
            trials.append(Trial({name: value}, float(objective({name: value}))))
        best = min(trials, key=lambda trial: trial.score).params[name]
        tried = sorted({trial.params[name] for trial in trials})
        below = [value for value in tried if value < best]
        above = [value for value in tried if value > best]
        low, high = (below[-1] if below else best), (above[0] if above else best)
    return trials
