"""Right, with tensors: the whole draw mapped at once (torch.where between the log and linear scales), the choice
by a stable argsort, mean and std by torch (its default std is the sample one)."""
# %% configurations
def configurations(space, budget, seed):
    names = list(space)
    u = torch.quasirandom.SobolEngine(dimension=len(names), scramble=True, seed=seed).draw(budget, dtype=torch.float64)
    low = torch.tensor([space[name][0] for name in names], dtype=torch.float64)
    high = torch.tensor([space[name][1] for name in names], dtype=torch.float64)
    is_log = torch.tensor([space[name][2] == "log" for name in names])
    log_low, log_high = torch.where(is_log, low, 1.0).log10(), torch.where(is_log, high, 1.0).log10()
    values = torch.where(is_log, 10 ** (log_low + (log_high - log_low) * u), low + (high - low) * u)
    return [dict(zip(names, row)) for row in values.tolist()]

# %% search
def search(loss, space, budget, seed):
    found = configurations(space, budget, seed)
    seeds = [seed + i for i in range(budget)]
    scores = [loss(params, "validation", s) for params, s in zip(found, seeds)]
    return [{"params": p, "seed": s, "validation": float(v)} for p, s, v in zip(found, seeds, scores)]

# %% final_report
def final_report(loss, trials, final_seeds):
    validation = torch.tensor([trial["validation"] for trial in trials], dtype=torch.float64)
    chosen = trials[int(torch.argsort(validation, stable=True)[0])]
    test = torch.tensor([loss(chosen["params"], "test", seed) for seed in final_seeds], dtype=torch.float64)
    return {"params": chosen["params"], "validation": chosen["validation"], "test": test.tolist(),
            "test_mean": test.mean().item(), "test_std": test.std().item()}
