"""Right, written with loops: rows drawn one at a time from one engine, the log scale by natural logarithms
(low · (high/low)^u), the trial seed counted up, the choice by an explicit scan, the sample std by its formula."""
# %% configurations
def configurations(space, budget, seed):
    engine = torch.quasirandom.SobolEngine(len(space), True, seed)
    result = []
    for _ in range(budget):
        row = engine.draw(1, dtype=torch.float64)[0]
        params = {}
        for j, name in enumerate(space):
            low, high, scale = space[name]
            u = row[j].item()
            if scale == "log":
                params[name] = math.exp(math.log(low) + u * math.log(high / low))
            else:
                params[name] = low * (1 - u) + high * u
        result.append(params)
    return result

# %% search
def search(loss, space, budget, seed):
    trials, trial_seed = [], seed
    for params in configurations(space, budget, seed):
        value = loss(params, split="validation", seed=trial_seed)
        trials.append({"params": params, "seed": trial_seed, "validation": float(value)})
        trial_seed += 1
    return trials

# %% final_report
def final_report(loss, trials, final_seeds):
    chosen = trials[0]
    for trial in trials[1:]:
        if trial["validation"] < chosen["validation"]:
            chosen = trial
    test = []
    for seed in final_seeds:
        test.append(float(loss(chosen["params"], split="test", seed=seed)))
    n = len(test)
    mean = sum(test) / n
    spread = math.sqrt(sum((x - mean) ** 2 for x in test) / (n - 1))
    return {"params": dict(chosen["params"]), "validation": chosen["validation"], "test": test,
            "test_mean": mean, "test_std": spread}

# %% study
def study(loss, space, budget, seed, final_seeds):
    trials = search(loss, space, budget, seed)
    report = final_report(loss, trials, final_seeds)
    return (trials, report)
