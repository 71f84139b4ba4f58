"""Shuffles with torch's global random state instead of the generator: the split cannot be reproduced from a seed."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n)
    sizes = [n // k + 1 if fold < n % k else n // k for fold in range(k)]
    folds = order.split(sizes)
    return [(torch.cat(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
