"""Gives every fold ⌊n/k⌋ indices: the n mod k leftover indices are never validated."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator)
    size = n // k
    folds = [order[i * size:(i + 1) * size] for i in range(k)]
    return [(torch.cat(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
