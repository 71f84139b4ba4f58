"""Finds the best trial in a loop, then evaluates `trial` (the loop variable: the LAST trial) on the test split:
it reports the best params with the mean over seeds of another configuration."""
# %% final_report
def final_report(loss, trials, final_seeds):
    best_params, best_validation = None, math.inf
    for trial in trials:
        if best_params is None or trial["validation"] < best_validation:
            best_params, best_validation = trial["params"], trial["validation"]
    test = [float(loss(trial["params"], "test", seed)) for seed in final_seeds]
    return {"params": best_params, "validation": best_validation, "test": test,
            "test_mean": sum(test) / len(test), "test_std": statistics.stdev(test)}
