"""Breaks a tie of validation losses in favour of the later trial (<= instead of <)."""
# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = trials[0]
    for trial in trials[1:]:
        if trial["validation"] <= chosen["validation"]:
            chosen = trial
    test = [float(loss(chosen["params"], "test", seed)) for seed in final_seeds]
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test,
            "test_mean": statistics.mean(test), "test_std": statistics.stdev(test)}
