"""Trains and tests each final seed twice, once for the mean and once for the spread: the test split is touched
twice per seed."""
# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = min(trials, key=lambda trial: trial["validation"])
    test = [float(loss(chosen["params"], "test", seed)) for seed in final_seeds]
    mean = sum(test) / len(test)
    spread = math.sqrt(sum((float(loss(chosen["params"], "test", seed)) - mean) ** 2 for seed in final_seeds)
                       / (len(final_seeds) - 1))
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test,
            "test_mean": mean, "test_std": spread}
