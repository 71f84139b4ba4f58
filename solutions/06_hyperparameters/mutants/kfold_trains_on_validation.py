"""Trains every fold on all n indices, its own validation fold included: validation leaks into training."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator)
    sizes = [n // k + 1 if fold < n % k else n // k for fold in range(k)]
    return [(order, fold) for fold in order.split(sizes)]
