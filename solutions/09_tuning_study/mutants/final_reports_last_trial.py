"""Reports the last trial of the search, not the best one."""
# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = trials[-1]
    test = [float(loss(chosen["params"], "test", seed)) for seed in final_seeds]
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test,
            "test_mean": statistics.mean(test), "test_std": statistics.stdev(test)}
