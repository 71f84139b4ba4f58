"""Evaluates the test split of every trial "just to see": the records are right, but the test split has been
looked at by the search."""
# %% search
def search(loss, space, budget, seed):
    trials = []
    for i, params in enumerate(configurations(space, budget, seed)):
        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation", seed + i))})
        print(f"trial {i}: test loss {loss(params, 'test', seed + i):.4f}")
    return trials
